import { errors, UserErrors } from '@paygraph/platform/errors';
import { inTransaction, type EntityManager, type MikroORM } from '@paygraph/platform/db';
import { isId, newId } from '@paygraph/platform/ids';
import type { Outbox } from '@paygraph/platform/events';
import { FundingInstrument, type InstrumentKind } from '../entities/funding-instrument.entity.js';
import { validateCard, type CardInput } from './card-validation.js';
import { validateBankAccount, type BankAccountInput } from './bank-validation.js';
import type { Fingerprinter } from './fingerprint.js';
import type { PspVault } from './psp-vault.js';
import { lockUser } from './locks.js';

type NewInstrument = Omit<
  FundingInstrument,
  'id' | 'userId' | 'kind' | 'status' | 'pspToken' | 'createdAt' | 'removedAt' | 'fingerprint' | 'last4'
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
