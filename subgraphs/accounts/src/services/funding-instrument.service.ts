import { LockMode } from '@mikro-orm/core';
import { errors, UserErrors } from '@paygraph/platform/errors';
import { inTransaction, type EntityManager, type MikroORM } from '@paygraph/platform/db';
import { isId, newId } from '@paygraph/platform/ids';
import type { Outbox } from '@paygraph/platform/events';
import { FundingInstrument, type InstrumentKind } from '../entities/funding-instrument.entity.js';
import { validateCard, type CardInput } from './card-validation.js';
import { MAX_VERIFICATION_ATTEMPTS, microDepositsMatch, validateBankAccount, type BankAccountInput } from './bank-validation.js';
import type { Fingerprinter } from './fingerprint.js';
import type { PspVault } from './psp-vault.js';
import { lockUser } from './locks.js';

type NewInstrument = Omit<
  FundingInstrument,
  'id' | 'userId' | 'kind' | 'status' | 'pspToken' | 'createdAt' | 'removedAt' | 'fingerprint' | 'last4' | 'bankVerificationAttempts'
>;

export class FundingInstrumentService {
  constructor(
    private readonly orm: MikroORM,
    private readonly outbox: Outbox,
    private readonly vault: PspVault,
    private readonly fingerprints: Fingerprinter,
    private readonly opts: { maxActive: number },
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Validates, tokenises and stores a card. The PAN and CVC go to the vault and nowhere else. */
  async linkCard(userId: string, input: CardInput): Promise<FundingInstrument> {
    const checked = validateCard(input, this.clock());
    if (!checked.ok) throw new UserErrors(checked.errors);
    const card = checked.value;
    return this.link(userId, 'CARD', this.fingerprints.card(card.pan), card.last4, card.brand, {
      cardBrand: card.brand,
      cardExpMonth: card.expMonth,
      cardExpYear: card.expYear,
      holderName: card.holderName,
      bankCountry: null,
      bankCode: null,
      bankVerification: null,
    }, () => this.vault.tokenizeCard({ pan: card.pan, expMonth: card.expMonth, expYear: card.expYear, cvc: input.cvc }));
  }

  async linkBankAccount(userId: string, input: BankAccountInput): Promise<FundingInstrument> {
    const checked = validateBankAccount(input);
    if (!checked.ok) throw new UserErrors(checked.errors);
    const account = checked.value;
    return this.link(userId, 'BANK_ACCOUNT', this.fingerprints.bankAccount(account.identifier), account.last4, null, {
      cardBrand: null,
      cardExpMonth: null,
      cardExpYear: null,
      holderName: account.holderName,
      bankCountry: account.country,
      bankCode: account.bankCode,
      bankVerification: 'PENDING',
    }, () => this.vault.tokenizeBankAccount({ identifier: account.identifier, holderName: account.holderName }));
  }

  /**
   * Linking is idempotent per user and number: the same card (fingerprint) still ACTIVE comes back as it is. The
   * per-user lock makes the duplicate check and the cap exact; the partial unique index backs the former up.
   */
  private async link(
    userId: string,
    kind: InstrumentKind,
    fingerprint: string,
    last4: string,
    brand: string | null,
    details: NewInstrument,
    tokenize: () => Promise<string>,
  ): Promise<FundingInstrument> {
    return inTransaction(this.orm, async (em) => {
      await lockUser(em, 'instruments', userId);
      const existing = await em.findOne(FundingInstrument, { userId, kind, fingerprint, status: 'ACTIVE' });
      if (existing) return existing;
      const active = await em.count(FundingInstrument, { userId, status: 'ACTIVE' });
      if (active >= this.opts.maxActive) {
        throw errors.user(
          'FUNDING_INSTRUMENT_LIMIT',
          `At most ${this.opts.maxActive} funding instruments can be linked; remove one first`,
        );
      }
      // A real vault call would sit before the transaction; the sandbox one is local and instant.
      const pspToken = await tokenize();
      const now = this.clock();
      const instrument = em.create(FundingInstrument, {
        id: newId('fi'),
        userId,
        kind,
        status: 'ACTIVE',
        last4,
        fingerprint,
        pspToken,
        ...details,
        bankVerificationAttempts: 0,
        createdAt: now,
        removedAt: null,
      });
      this.outbox.emit(em, 'FundingInstrumentLinked', instrument.id, {
        instrumentId: instrument.id,
        userId,
        kind,
        last4,
        brand,
        at: now.toISOString(),
      });
      await em.flush();
      return instrument;
    });
  }

  /**
   * Confirms a PENDING bank account with its two micro-deposits (bank-validation.ts). Someone else's id reads as an
   * unknown one. A wrong answer counts (that is the point: the deposits cannot be guessed in a few tries) and is
   * answered BANK_VERIFICATION_FAILED; the last allowed wrong answer leaves the account FAILED for good. Verifying a
   * VERIFIED account again answers it as it is, so a retried call is harmless.
   */
  async verifyBankAccount(userId: string, id: string, amounts: readonly string[]): Promise<FundingInstrument> {
    const notFound = () => errors.user('NOT_FOUND', 'Bank account not found', 'input.fundingInstrumentId');
    if (!isId('fi', id)) throw notFound();
    const outcome = await inTransaction(this.orm, async (em) => {
      const instrument = await em.findOne(FundingInstrument, { id, userId, kind: 'BANK_ACCOUNT', status: 'ACTIVE' }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!instrument) throw notFound();
      if (instrument.bankVerification === 'VERIFIED') return { instrument, wrong: false };
      if (instrument.bankVerification === 'FAILED') {
        throw errors.user('BANK_VERIFICATION_FAILED', 'This bank account could not be verified; remove it and link it again', 'input.fundingInstrumentId');
      }
      if (microDepositsMatch(amounts)) {
        instrument.bankVerification = 'VERIFIED';
        this.outbox.emit(em, 'BankAccountVerified', id, { instrumentId: id, userId, last4: instrument.last4, at: this.clock().toISOString() });
      } else {
        instrument.bankVerificationAttempts += 1;
        if (instrument.bankVerificationAttempts >= MAX_VERIFICATION_ATTEMPTS) instrument.bankVerification = 'FAILED';
      }
      await em.flush();
      return { instrument, wrong: instrument.bankVerification !== 'VERIFIED' };
    });
    if (outcome.wrong) {
      const left = MAX_VERIFICATION_ATTEMPTS - outcome.instrument.bankVerificationAttempts;
      throw errors.user(
        'BANK_VERIFICATION_FAILED',
        left > 0 ? `Those are not the deposits we sent; ${left} attempt${left === 1 ? '' : 's'} left` : 'Those are not the deposits we sent; this bank account could not be verified',
        'input.amounts',
      );
    }
    return outcome.instrument;
  }

  /**
   * Only the owner removes; someone else's id and an unknown id read the same (NOT_FOUND), so ids cannot be probed.
   * Removing an instrument already removed succeeds again without a second event, so a retried call is harmless.
   */
  async remove(userId: string, id: string): Promise<string> {
    const notFound = () => errors.user('NOT_FOUND', 'Funding instrument not found', 'input.id');
    if (!isId('fi', id)) throw notFound();
    return inTransaction(this.orm, async (em) => {
      const now = this.clock();
      const changed = await em.nativeUpdate(FundingInstrument, { id, userId, status: 'ACTIVE' }, { status: 'REMOVED', removedAt: now });
      if (changed === 0) {
        const owned = await em.count(FundingInstrument, { id, userId });
        if (owned === 0) throw notFound();
        return id;
      }
      this.outbox.emit(em, 'FundingInstrumentRemoved', id, { instrumentId: id, userId, at: now.toISOString() });
      await em.flush();
      return id;
    });
  }

  async byIds(em: EntityManager, ids: readonly string[]): Promise<Map<string, FundingInstrument>> {
    const rows = ids.length === 0 ? [] : await em.find(FundingInstrument, { id: { $in: [...ids] } });
    return new Map(rows.map((i) => [i.id, i]));
  }

  /** Each user's ACTIVE instruments, newest first. */
  async activeByUsers(em: EntityManager, userIds: readonly string[]): Promise<Map<string, FundingInstrument[]>> {
    const result = new Map<string, FundingInstrument[]>(userIds.map((id) => [id, []]));
    if (userIds.length === 0) return result;
    const rows = await em.find(
      FundingInstrument,
      { userId: { $in: [...userIds] }, status: 'ACTIVE' },
      { orderBy: { createdAt: 'desc', id: 'desc' } },
    );
    for (const row of rows) result.get(row.userId)?.push(row);
    return result;
  }
}
