import { UserSchema } from './user.entity.js';
import { SessionSchema } from './session.entity.js';
import { RefreshTokenSchema } from './refresh-token.entity.js';
import { SigningKeySchema } from './signing-key.entity.js';

export { User } from './user.entity.js';
export { Session } from './session.entity.js';
export { RefreshToken } from './refresh-token.entity.js';
export { SigningKey } from './signing-key.entity.js';

/** The schemas (not the classes) are what MikroORM discovers. */
export const usersEntities = [UserSchema, SessionSchema, RefreshTokenSchema, SigningKeySchema];
