import { privacyHandlers } from '@paygraph/platform/privacy';
import type { WalletsPrivacy } from '../services/privacy.service.js';

/** wallets' answers to privacy requests: its part of an export, or its (empty) erasure (services/privacy.service.ts). */
export const walletsPrivacyHandlers = (privacy: WalletsPrivacy) => privacyHandlers('wallets', privacy);
