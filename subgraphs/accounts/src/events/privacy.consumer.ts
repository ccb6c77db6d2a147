import { privacyHandlers } from '@paygraph/platform/privacy';
import type { AccountsPrivacy } from '../services/privacy.service.js';

/** accounts' answers to privacy requests: its part of an export, or its erasure (services/privacy.service.ts). */
export const accountsPrivacyHandlers = (privacy: AccountsPrivacy) => privacyHandlers('accounts', privacy);
