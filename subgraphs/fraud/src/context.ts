import DataLoader from 'dataloader';
import type { BaseRequestContext } from '@paygraph/platform/server';
import type { EntityManager } from '@paygraph/platform/db';
import type { ReviewCase } from './entities/review-case.entity.js';
import type { RiskAssessment } from './entities/risk-assessment.entity.js';
import type { AssessmentService } from './services/assessment.service.js';
import type { BlocklistService } from './services/blocklist.service.js';
import type { HistoryService } from './services/history.service.js';
import type { ReviewService } from './services/review.service.js';

export interface FraudServices {
  assessments: AssessmentService;
  reviews: ReviewService;
  blocklist: BlocklistService;
  history: HistoryService;
}

/** Per-request batching: every key asked for in one tick of one request becomes a single query. */
export interface FraudLoaders {
  assessmentById: DataLoader<string, RiskAssessment | null>;
  assessmentByPayment: DataLoader<string, RiskAssessment | null>;
  assessmentByTransaction: DataLoader<string, RiskAssessment | null>;
  caseByAssessment: DataLoader<string, ReviewCase | null>;
}

export interface FraudContext extends BaseRequestContext {
  em: EntityManager;
  services: FraudServices;
  loaders: FraudLoaders;
}

function loader<V>(load: (keys: readonly string[]) => Promise<Map<string, V>>): DataLoader<string, V | null> {
  return new DataLoader<string, V | null>(async (keys) => {
    const found = await load(keys);
    return keys.map((k) => found.get(k) ?? null);
  });
}

export function createLoaders(em: EntityManager, services: FraudServices): FraudLoaders {
  return {
    assessmentById: loader((ids) => services.assessments.byIds(em, ids)),
    assessmentByPayment: loader((ids) => services.assessments.byPaymentIds(em, ids)),
    assessmentByTransaction: loader((ids) => services.assessments.byTransactionIds(em, ids)),
    caseByAssessment: loader((ids) => services.reviews.byAssessmentIds(em, ids)),
  };
}
