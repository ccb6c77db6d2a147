import type { FundingInstrumentResolvers } from '../__generated__/resolvers-types.js';
import { visibleTo } from '../services/authorization.js';
import { bankAccountCurrency } from '../services/bank-validation.js';

export const FundingInstrument: FundingInstrumentResolvers = {
  __resolveReference: async (ref, ctx) => visibleTo(ctx.identity, await ctx.loaders.instrumentById.load(ref.id)),
  owner: (fi) => ({ id: fi.userId }),
  createdAt: (fi) => fi.createdAt.toISOString(),
  card: (fi) =>
    fi.kind === 'CARD'
      ? {
          brand: fi.cardBrand ?? 'UNKNOWN',
          expMonth: fi.cardExpMonth ?? 0,
          expYear: fi.cardExpYear ?? 0,
          holderName: fi.holderName ?? null,
          fingerprint: fi.fingerprint,
        }
      : null,
  bankAccount: (fi) =>
    fi.kind === 'BANK_ACCOUNT'
      ? {
          country: fi.bankCountry ?? '',
          holderName: fi.holderName ?? '',
          bankCode: fi.bankCode ?? null,
          currency: bankAccountCurrency(fi.bankCountry ?? ''),
          verificationStatus: fi.bankVerification ?? 'PENDING',
        }
      : null,
};
