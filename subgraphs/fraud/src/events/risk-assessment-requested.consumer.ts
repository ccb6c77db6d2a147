import type { EventHandler } from '@paygraph/platform/events';
import type { AssessmentService } from '../services/assessment.service.js';

/** The saga asks for a screening before funds move; the answer goes back as RiskAssessed (once per transaction). */
export function riskAssessmentRequestedHandler(assessments: AssessmentService): EventHandler<'RiskAssessmentRequested'> {
  return async (event, em) => {
    await assessments.assess(em, event.data);
  };
}
