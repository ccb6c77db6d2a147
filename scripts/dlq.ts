/**
 * `npm run dlq`: the dead-letter queues, for the operator an EVENT_DEAD_LETTERED alert woke up.
 *   npm run dlq                      messages waiting in each consumer's DLQ
 *   npm run dlq -- redrive <consumer>   after the fix: moves them back to the consumer's queue (in order per
 *                                    aggregate); the inbox applies each event once, so a repeat is harmless
 * Same SQS settings as the services (SQS_ENDPOINT, SQS_QUEUE_PREFIX, AWS_*). Exit 0 done, 1 failed, 2 usage.
 */
import { routing } from '@paygraph/events';
import { baseSchema, parseConfig, readEnv, z } from '@paygraph/platform/config';
import { createSqsClient, deadLetterCount, redriveDeadLetters } from '@paygraph/platform/events';

const config = parseConfig(baseSchema.extend({ INTERNAL_AUTH_SECRET: z.string().default('') }), readEnv());
const sqs = createSqsClient({
  endpoint: config.SQS_ENDPOINT,
  region: config.AWS_REGION,
  accessKeyId: config.AWS_ACCESS_KEY_ID,
  secretAccessKey: config.AWS_SECRET_ACCESS_KEY,
  queuePrefix: config.SQS_QUEUE_PREFIX,
});
const consumers = Object.keys(routing);
const [command, consumer, ...rest] = process.argv.slice(2);
const queuePrefix = config.SQS_QUEUE_PREFIX;

try {
  if (command === undefined || (command === 'list' && consumer === undefined)) {
    for (const name of consumers) {
      const waiting = await deadLetterCount(sqs, { queuePrefix, consumer: name }).catch((err: unknown) => `unavailable (${(err as Error).message})`);
      process.stdout.write(`${name.padEnd(14)} ${waiting}\n`);
    }
  } else if (command === 'redrive' && consumer !== undefined && consumers.includes(consumer) && rest.length === 0) {
    const { moved } = await redriveDeadLetters(sqs, { queuePrefix, consumer });
    process.stdout.write(`${consumer}: ${moved} message(s) moved back to its queue\n`);
  } else {
    process.stderr.write(`usage: npm run dlq [-- list]\n       npm run dlq -- redrive <${consumers.join('|')}>\n`);
    process.exitCode = 2;
  }
} catch (error) {
  process.stderr.write(`failed: ${(error as Error).message}\n`);
  process.exitCode = 1;
} finally {
  sqs.destroy();
}
