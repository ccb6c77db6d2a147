import { catalog } from '@paygraph/events';
import type { MikroORM } from '@paygraph/platform/db';
import { failpoint } from '@paygraph/platform/failpoints';
import { plainSql } from '@paygraph/platform/plain-sql';
import { internalCommand, type InternalCommand } from '@paygraph/platform/internal-commands';
import type { AssessmentService } from './services/assessment.service.js';

/** What fraud answers synchronously for other services (internal-commands.ts): the decision of DESIGN.md §4. */
export function fraudCommands(orm: MikroORM, assessments: AssessmentService): Record<string, InternalCommand> {
  return {
    decide: internalCommand({
      callers: ['payments'],
      // The same request the saga sends as RiskAssessmentRequested.
      input: catalog.RiskAssessmentRequested.data,
      handle: async (req) => {
        // Plain SQL, no transaction: each of decide's writes is one statement (the party seen, the assessment with its case).
        const decision = await assessments.decide(plainSql(orm).query, () => orm.em.fork(), req);
        // Crash tests: the assessment committed, its answer not yet sent.
        failpoint('fraud.decide.after-commit');
        return decision;
      },
    }),
  };
}
