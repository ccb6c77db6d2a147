import { AppError, UserErrors, type UserError } from '@paygraph/platform/errors';
import { isId } from '@paygraph/platform/ids';
import { parseMoney, type Money } from '@paygraph/platform/money';
import { isValidIdempotencyKey, type CanonicalRequest } from './idempotency.js';

/**
 * The checks that need nothing but the input: every failure is collected, so one response lists them all. What they
 * return is the normalized request, the idempotency key's canonical form included.
 */
export const NOTE_MAX = 280;
const EMAIL_MAX = 254;
/** C0/C1 controls other than tab and newline, line/paragraph separators, bidi overrides and isolates. */
const FORBIDDEN_IN_NOTES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

interface MoneyInput {
  amount: string;
  currency: string;
}

export interface SendMoneyInput {
  recipientEmail?: string | null;
  recipientId?: string | null;
  amount: MoneyInput;
  note?: string | null;
  idempotencyKey: string;
  awaitCompletion?: boolean | null;
}

export interface AddFundsInput {
  fundingInstrumentId: string;
  walletId?: string | null;
  amount: MoneyInput;
  idempotencyKey: string;
  awaitCompletion?: boolean | null;
}

export interface ConvertCurrencyInput {
  quoteId: string;
  idempotencyKey: string;
  awaitCompletion?: boolean | null;
}

export interface WithdrawInput {
  walletId: string;
  bankAccountId: string;
  amount: MoneyInput;
  idempotencyKey: string;
}

export interface ValidWithdraw {
  walletId: string;
  bankAccountId: string;
  money: Money;
  key: string;
  canonical: CanonicalRequest;
}

export type Recipient = { email: string } | { id: string };

export interface ValidSendMoney {
  recipient: Recipient;
  /** Where an error about the recipient points. */
  recipientField: 'input.recipientEmail' | 'input.recipientId';
  money: Money;
  note: string | null;
  key: string;
  canonical: CanonicalRequest;
  /** Whether the caller waits for the payment to settle (shapes the answer, not the request: not in `canonical`). */
  awaitCompletion: boolean;
}

export interface ValidAddFunds {
  fundingInstrumentId: string;
  walletId: string | null;
  money: Money;
  key: string;
  canonical: CanonicalRequest;
  /** Whether the caller waits for the payment to settle (shapes the answer, not the request: not in `canonical`). */
  awaitCompletion: boolean;
}

export interface ValidConvertCurrency {
  quoteId: string;
  key: string;
  canonical: CanonicalRequest;
  /** Whether the caller waits for the payment to settle (shapes the answer, not the request: not in `canonical`). */
  awaitCompletion: boolean;
}

export class Collector {
  readonly errors: UserError[] = [];
  add(code: string, field: string[], message: string): void {
    this.errors.push({ code, field, message });
  }
  /** Runs a check that throws a user AppError (parseMoney) and keeps its error. */
  attempt<T>(fn: () => T): T | undefined {
    try {
      return fn();
    } catch (error) {
      if (error instanceof AppError && error.kind === 'user') {
        this.errors.push(error.toUserError());
        return undefined;
      }
      throw error;
    }
  }
  done(): void {
    if (this.errors.length > 0) throw new UserErrors(this.errors);
  }
}

export const present = (v: string | null | undefined): v is string => v !== null && v !== undefined;

export function checkKey(c: Collector, key: string): void {
  if (!isValidIdempotencyKey(key)) {
    c.add('INVALID_IDEMPOTENCY_KEY', ['input', 'idempotencyKey'], 'Idempotency key must be 1-255 printable ASCII characters');
  }
}

function parseAmount(c: Collector, input: MoneyInput): Money | undefined {
  return c.attempt(() => parseMoney(input, 'input.amount'));
}

/** A free text (a payment's note, a refund's reason): trimmed, at most NOTE_MAX characters, no control characters. */
export function parseNote(c: Collector, value: string | null | undefined, field: string, code: string): string | null {
  if (!present(value)) return null;
  const trimmed = value.trim();
  if ([...trimmed].length > NOTE_MAX) c.add(code, ['input', field], `At most ${NOTE_MAX} characters`);
  else if (FORBIDDEN_IN_NOTES.test(trimmed)) c.add(code, ['input', field], 'It contains characters that are not allowed');
  else return trimmed.length > 0 ? trimmed : null;
  return null;
}

export function validateSendMoney(senderId: string, input: SendMoneyInput): ValidSendMoney {
  const c = new Collector();
  const money = parseAmount(c, input.amount);

  let recipient: Recipient | undefined;
  const hasEmail = present(input.recipientEmail);
  const hasId = present(input.recipientId);
  if (hasEmail === hasId) {
    c.add('INVALID_RECIPIENT', ['input'], 'Give exactly one of recipientEmail and recipientId');
  } else if (hasEmail) {
    const email = input.recipientEmail!.trim().toLowerCase();
    if (email.length === 0 || email.length > EMAIL_MAX || !/^[^\s@]+@[^\s@]+$/.test(email)) {
      c.add('INVALID_RECIPIENT', ['input', 'recipientEmail'], 'Enter a valid email address');
    } else {
      recipient = { email };
    }
  } else {
    const id = input.recipientId!;
    if (!isId('usr', id)) c.add('RECIPIENT_NOT_FOUND', ['input', 'recipientId'], 'No such recipient');
    else if (id === senderId) c.add('CANNOT_PAY_SELF', ['input', 'recipientId'], 'You cannot send money to yourself');
    else recipient = { id };
  }

  const note = parseNote(c, input.note, 'note', 'INVALID_NOTE');
  checkKey(c, input.idempotencyKey);
  c.done();

  return {
    recipient: recipient!,
    recipientField: hasEmail ? 'input.recipientEmail' : 'input.recipientId',
    money: money!,
    note,
    key: input.idempotencyKey,
    awaitCompletion: input.awaitCompletion === true,
    canonical: {
      operation: 'sendMoney',
      fields: {
        recipientEmail: 'email' in recipient! ? recipient.email : null,
        recipientId: 'id' in recipient! ? recipient.id : null,
        amount: money!.amount.toString(),
        currency: money!.currency,
        note,
      },
    },
  };
}

export function validateAddFunds(input: AddFundsInput): ValidAddFunds {
  const c = new Collector();
  const money = parseAmount(c, input.amount);
  if (!isId('fi', input.fundingInstrumentId)) {
    c.add('FUNDING_INSTRUMENT_NOT_FOUND', ['input', 'fundingInstrumentId'], 'No such funding instrument');
  }
  const walletId = present(input.walletId) ? input.walletId : null;
  if (walletId !== null && !isId('wal', walletId)) c.add('WALLET_NOT_FOUND', ['input', 'walletId'], 'No such wallet');
  checkKey(c, input.idempotencyKey);
  c.done();
  return {
    fundingInstrumentId: input.fundingInstrumentId,
    walletId,
    money: money!,
    key: input.idempotencyKey,
    awaitCompletion: input.awaitCompletion === true,
    canonical: {
      operation: 'addFunds',
      fields: {
        fundingInstrumentId: input.fundingInstrumentId,
        walletId,
        amount: money!.amount.toString(),
        currency: money!.currency,
      },
    },
  };
}

export function validateConvertCurrency(input: ConvertCurrencyInput): ValidConvertCurrency {
  const c = new Collector();
  if (!isId('fxq', input.quoteId)) c.add('QUOTE_NOT_FOUND', ['input', 'quoteId'], 'No such quote');
  checkKey(c, input.idempotencyKey);
  c.done();
  return {
    quoteId: input.quoteId,
    key: input.idempotencyKey,
    awaitCompletion: input.awaitCompletion === true,
    canonical: { operation: 'convertCurrency', fields: { quoteId: input.quoteId } },
  };
}

export function validateWithdraw(input: WithdrawInput): ValidWithdraw {
  const c = new Collector();
  const money = parseAmount(c, input.amount);
  if (!isId('wal', input.walletId)) c.add('WALLET_NOT_FOUND', ['input', 'walletId'], 'No such wallet');
  if (!isId('fi', input.bankAccountId)) c.add('BANK_ACCOUNT_NOT_FOUND', ['input', 'bankAccountId'], 'No such bank account');
  checkKey(c, input.idempotencyKey);
  c.done();
  return {
    walletId: input.walletId,
    bankAccountId: input.bankAccountId,
    money: money!,
    key: input.idempotencyKey,
    canonical: {
      operation: 'withdraw',
      fields: { walletId: input.walletId, bankAccountId: input.bankAccountId, amount: money!.amount.toString(), currency: money!.currency },
    },
  };
}
