import { randomBytes } from 'node:crypto';

/**
 * Where card and bank details go to be tokenised: a PSP's vault in production. We keep only the token it returns;
 * payments later charges or pays out through the PSP with that token.
 */
export interface PspVault {
  tokenizeCard(card: { pan: string; expMonth: number; expYear: number; cvc: string }): Promise<string>;
  tokenizeBankAccount(account: { identifier: string; holderName: string }): Promise<string>;
}

/**
 * The sandbox vault: every card and account tokenises. It remembers nothing, so the sandbox PSP in payments decides a
 * charge's outcome from the instrument's last4 (0002 declines, 0259 approves late, the rest approve), as test cards do.
 */
export class SandboxPspVault implements PspVault {
  async tokenizeCard(): Promise<string> {
    return `tok_${randomBytes(16).toString('hex')}`;
  }

  async tokenizeBankAccount(): Promise<string> {
    return `tok_${randomBytes(16).toString('hex')}`;
  }
}
