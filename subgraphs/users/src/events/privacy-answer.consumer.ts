import type { EventHandlers } from '@paygraph/platform/events';
import type { PrivacyService } from '../services/privacy.service.js';

/** The other subgraphs' answers to privacy requests: each recorded once; the last one completes its request. */
export function privacyAnswerHandlers(privacy: PrivacyService): EventHandlers {
  return {
    PrivacyExportPart: async ({ data }, em) => {
      await privacy.recordPart(em, 'EXPORT', data);
    },
    PrivacyErasureDone: async ({ data }, em) => {
      await privacy.recordPart(em, 'ERASURE', { ...data, data: { erased: data.erased, kept: data.kept }, truncated: [] });
    },
  };
}
