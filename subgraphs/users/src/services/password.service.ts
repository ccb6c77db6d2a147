import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Password hashing with scrypt (memory-hard, in node:crypto, no native add-on). Encoded as
 * `scrypt$<log2 N>$<r>$<p>$<salt b64url>$<hash b64url>` so the parameters travel with each hash: raising the cost
 * later keeps old hashes verifiable, and `needsRehash` tells the login path to upgrade them.
 */
const SALT_BYTES = 16;
const KEY_BYTES = 32;
const R = 8;
const P = 1;
/** Bounds on what a stored hash may ask for, so a corrupt row cannot make verification allocate gigabytes. */
const LOG_N_RANGE = [10, 20] as const;

function scrypt(password: string, salt: Buffer, logN: number, r: number, p: number): Promise<Buffer> {
  const N = 2 ** logN;
  // scrypt needs 128·N·r bytes; Node refuses above maxmem (32 MiB by default, exactly N=2^15 r=8), so leave room.
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r + 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scryptCb(password.normalize('NFKC'), salt, KEY_BYTES, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

interface Parsed {
  logN: number;
  r: number;
  p: number;
  salt: Buffer;
  hash: Buffer;
}

function parse(encoded: string): Parsed | null {
  const parts = encoded.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [logN, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (![logN, r, p].every(Number.isInteger)) return null;
  if (logN < LOG_N_RANGE[0] || logN > LOG_N_RANGE[1] || r < 1 || r > 32 || p < 1 || p > 16) return null;
  const salt = Buffer.from(parts[4]!, 'base64url');
  const hash = Buffer.from(parts[5]!, 'base64url');
  if (salt.length < 16 || hash.length < 16) return null;
  return { logN, r, p, salt, hash };
}

export class PasswordService {
  private dummy: Promise<string> | undefined;

  constructor(private readonly logN = 15) {
    if (logN < LOG_N_RANGE[0] || logN > LOG_N_RANGE[1]) throw new RangeError(`scrypt log2 N out of range: ${logN}`);
  }

  async hash(password: string): Promise<string> {
    const salt = randomBytes(SALT_BYTES);
    const key = await scrypt(password, salt, this.logN, R, P);
    return ['scrypt', this.logN, R, P, salt.toString('base64url'), key.toString('base64url')].join('$');
  }

  /** Constant-time comparison; a malformed stored hash never matches. */
  async verify(password: string, encoded: string): Promise<boolean> {
    const parsed = parse(encoded);
    if (!parsed) return false;
    const key = await scrypt(password, parsed.salt, parsed.logN, parsed.r, parsed.p);
    return key.length === parsed.hash.length && timingSafeEqual(key, parsed.hash);
  }

  /**
   * For a login with an unknown email: spends the same scrypt work as a real check against a hash with the current
   * parameters, so response time does not reveal whether the account exists. Always false.
   */
  async verifyDummy(password: string): Promise<false> {
    this.dummy ??= this.hash(randomBytes(16).toString('hex'));
    await this.verify(password, await this.dummy);
    return false;
  }

  /** The stored hash uses weaker (or different) parameters than we now hash with. */
  needsRehash(encoded: string): boolean {
    const parsed = parse(encoded);
    return !parsed || parsed.logN !== this.logN || parsed.r !== R || parsed.p !== P || parsed.hash.length !== KEY_BYTES;
  }
}
