import { privacyHandlers } from '@paygraph/platform/privacy';
import type { TransactionsPrivacy } from '../services/privacy.service.js';

/** transactions' answers to privacy requests: its part of an export, or its (empty) erasure (services/privacy.service.ts). */
export const transactionsPrivacyHandlers = (privacy: TransactionsPrivacy) => privacyHandlers('transactions', privacy);
