import { defineEntity, p } from '@mikro-orm/core';

export const ACCOUNT_TYPES = ['PERSONAL', 'BUSINESS'] as const;
export const ACCOUNT_STATUSES = ['ACTIVE', 'FROZEN', 'CLOSED'] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

/** The partial unique index that makes "one PERSONAL account per user" a database fact (and the ON CONFLICT target). */
export const PERSONAL_ACCOUNT_UNIQUE = 'account_personal_user_id_unique';

export const AccountSchema = defineEntity({
  name: 'Account',
  tableName: 'account',
  properties: {
    id: p.text().primary(),
    userId: p.text().index(),
    type: p.enum(ACCOUNT_TYPES),
    status: p.enum(ACCOUNT_STATUSES).default('ACTIVE'),
    businessName: p.string().length(100).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  uniques: [{ name: PERSONAL_ACCOUNT_UNIQUE, properties: ['userId'], where: { type: 'PERSONAL' } }],
});

export class Account extends AccountSchema.class {}
AccountSchema.setClass(Account);
