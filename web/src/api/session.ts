/**
 * The signed-in user's tokens, kept in localStorage so a reload stays signed in. Access tokens live 15 minutes; the
 * refresh token rotates on every use, so whoever refreshes must store the new pair at once (another tab reads it here).
 */
export interface Tokens {
  userId: string;
  accessToken: string;
  refreshToken: string;
  /** Epoch milliseconds at which the access token expires, by this browser's clock. */
  expiresAt: number;
  /** When to renew it ahead of expiry: a minute before, or at three quarters of its life if that is shorter. */
  refreshAt: number;
}

const KEY = 'paygraph.session';

type Listener = (tokens: Tokens | null) => void;

export class SessionStore {
  private listeners = new Set<Listener>();

  constructor(private readonly storage: Storage = window.localStorage) {
    window.addEventListener('storage', (e) => {
      if (e.key === KEY) this.emit();
    });
  }

  get(): Tokens | null {
    const raw = this.storage.getItem(KEY);
    if (!raw) return null;
    try {
      const t = JSON.parse(raw) as Tokens;
      return t.accessToken && t.refreshToken && t.userId ? t : null;
    } catch {
      return null;
    }
  }

  set(userId: string, accessToken: string, refreshToken: string, expiresInSeconds: number): void {
    const now = Date.now();
    const life = expiresInSeconds * 1000;
    const tokens: Tokens = { userId, accessToken, refreshToken, expiresAt: now + life, refreshAt: now + life - Math.min(60_000, life / 4) };
    this.storage.setItem(KEY, JSON.stringify(tokens));
    this.emit();
  }

  clear(): void {
    this.storage.removeItem(KEY);
    this.emit();
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit() {
    const tokens = this.get();
    for (const l of this.listeners) l(tokens);
  }
}

