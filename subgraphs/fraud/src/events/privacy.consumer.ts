import { privacyHandlers } from '@paygraph/platform/privacy';
import type { FraudPrivacy } from '../services/privacy.service.js';

/** fraud's answers to privacy requests: its part of an export, or its (empty) erasure (services/privacy.service.ts). */
export const fraudPrivacyHandlers = (privacy: FraudPrivacy) => privacyHandlers('fraud', privacy);
