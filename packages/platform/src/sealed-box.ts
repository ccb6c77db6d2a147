import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Authenticated encryption (AES-256-GCM) of short secrets that must be read back, under a key derived (HKDF-SHA256)
 * from a service secret and a purpose label: one secret yields unrelated keys per purpose, so a value sealed for one
 * use never opens as another. `context` is bound as associated data (a user or row id), so a sealed value copied onto
 * another row does not open. Format `v1:<iv>:<tag>:<ciphertext>`; the version leaves room for a key rotation.
 */
export class SealedBox {
  private readonly key: Buffer;

  constructor(secret: string, purpose: string) {
    this.key = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), `paygraph ${purpose} v1`, 32));
  }

  seal(plain: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join(':');
  }

  /** Throws on anything not sealed by this box for this context (tampered, another key, another context). */
  open(sealed: string, context: string): string {
    const [version, iv, tag, body] = sealed.split(':');
    if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('not a sealed value');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  }
}

/**
 * The box for identity links (email verification, password reset) on their way from users to the email channel: users
 * seals, notifications opens at send time, and the event backbone, audit's copy of every event and notifications'
 * delivery rows only ever hold the sealed form. Both sides derive it from INTERNAL_AUTH_SECRET, which they share.
 */
export const identityMailBox = (internalAuthSecret: string) => new SealedBox(internalAuthSecret, 'identity mail');
