import { privacyHandlers } from '@paygraph/platform/privacy';
import type { PaymentsPrivacy } from '../services/privacy.service.js';

/** payments' answers to privacy requests: its part of an export, or its erasure (services/privacy.service.ts). */
export const paymentsPrivacyHandlers = (privacy: PaymentsPrivacy) => privacyHandlers('payments', privacy);
