import { defineEntity, p } from '@mikro-orm/core';
import { User } from './user.entity.js';

/**
 * A TOTP recovery code (docs/security.md, "TOTP two-factor"): only the SHA-256 of the normalised code is stored, and
 * a code is deleted when it is used, so it works once. confirmTotp replaces the set; disableTotp removes it.
 */
const RecoveryCodeSchema = defineEntity({
  name: 'RecoveryCode',
  tableName: 'recovery_code',
  uniques: [{ properties: ['user', 'codeHash'] }],
  properties: {
    id: p.text().primary(),
    user: () => p.manyToOne(User),
    codeHash: p.text(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

export class RecoveryCode extends RecoveryCodeSchema.class {}
RecoveryCodeSchema.setClass(RecoveryCode);
export { RecoveryCodeSchema };
