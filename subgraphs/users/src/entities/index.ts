import { UserSchema } from './user.entity.js';
import { SessionSchema } from './session.entity.js';
import { RefreshTokenSchema } from './refresh-token.entity.js';
import { SigningKeySchema } from './signing-key.entity.js';
import { PartnerApplicationSchema } from './partner-application.entity.js';
import { ApiKeySchema } from './api-key.entity.js';
import { TrustedDocumentSchema } from './trusted-document.entity.js';
import { UserTokenSchema } from './user-token.entity.js';
import { RecoveryCodeSchema } from './recovery-code.entity.js';
import { PrivacyRequestSchema } from './privacy-request.entity.js';
import { PrivacyRequestPartSchema } from './privacy-request-part.entity.js';

export { User } from './user.entity.js';
export { Session } from './session.entity.js';
export { RefreshToken } from './refresh-token.entity.js';
export { SigningKey } from './signing-key.entity.js';
export { PartnerApplication } from './partner-application.entity.js';
export { ApiKey } from './api-key.entity.js';
export { TrustedDocument } from './trusted-document.entity.js';
export { UserToken } from './user-token.entity.js';
export { RecoveryCode } from './recovery-code.entity.js';
export { PrivacyRequest } from './privacy-request.entity.js';
export { PrivacyRequestPart } from './privacy-request-part.entity.js';

/** The schemas (not the classes) are what MikroORM discovers. */
export const usersEntities = [UserSchema, SessionSchema, RefreshTokenSchema, SigningKeySchema, PartnerApplicationSchema, ApiKeySchema, TrustedDocumentSchema, UserTokenSchema, RecoveryCodeSchema, PrivacyRequestSchema, PrivacyRequestPartSchema];
