import { parseConfig, type Env } from '@paygraph/platform/config';
import { inTransaction, openDatabase, type MikroORM } from '@paygraph/platform/db';
import { Outbox } from '@paygraph/platform/events';
import { newId } from '@paygraph/platform/ids';
import { testEnv } from '@paygraph/platform/testing';
import { fraudConfigSchema, thresholdsFrom } from '../src/config.js';
import { entities, migrations } from '../src/database.js';
import type { RiskAssessment } from '../src/entities/risk-assessment.entity.js';
import { AssessmentService } from '../src/services/assessment.service.js';
import { BlocklistService, type BlockInput } from '../src/services/blocklist.service.js';
import { HistoryService } from '../src/services/history.service.js';
import type { VelocityStore } from '../src/services/velocity-store.js';
import type { RequestData } from './support.js';

/**
 * The assessment service on a real database without the server and the queue, for timelines of many movements: each
 * call is one handler transaction, exactly what the consumer runs, in the order the test chooses.
 */
export interface Engine {
  env: Env;
  orm: MikroORM;
  assess(req: RequestData): Promise<RiskAssessment | null>;
  /** Records the movement as completed (the TransactionCompleted handler). */
  complete(req: RequestData): Promise<boolean>;
  /** Records a received batch of completed movements in one transaction (the batch handler); how many were new. */
  completeAll(reqs: RequestData[]): Promise<number>;
  block(input: BlockInput): Promise<void>;
  unblock(input: Omit<BlockInput, 'reason'>): Promise<void>;
  close(): Promise<void>;
}

export async function startEngine(velocity: VelocityStore, env: Env = testEnv()): Promise<Engine> {
  const config = parseConfig(fraudConfigSchema, env);
  const orm = await openDatabase({ serverUrl: config.DATABASE_URL, dbName: `${config.DATABASE_PREFIX}fraud`, entities, migrations });
  const history = new HistoryService();
  const blocklist = new BlocklistService(orm);
  const assessments = new AssessmentService(new Outbox('fraud'), velocity, thresholdsFrom(config));
  return {
    env,
    orm,
    assess: (req) => inTransaction(orm, (em) => assessments.assess(em, req)),
      complete: (req) => inTransaction(orm, (em) => history.recordCompleted(em, req)),
    completeAll: (reqs) => inTransaction(orm, (em) => history.recordAllCompleted(em, reqs)),
    block: async (input) => {
      await blocklist.block(newId('usr'), input);
    },
    unblock: async (input) => {
      await blocklist.unblock(input);
    },
    close: () => orm.close(),
  };
}
