import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  SetQueueAttributesCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';

/** Every consumer owns one FIFO queue (ordering per aggregate) and its dead-letter queue. */
export function consumerQueueName(queuePrefix: string, consumer: string): string {
  return `${queuePrefix}${consumer}.fifo`;
}

export function deadLetterQueueName(queuePrefix: string, consumer: string): string {
  return `${queuePrefix}${consumer}-dlq.fifo`;
}

export interface ConsumerQueueOptions {
  queuePrefix: string;
  consumer: string;
  /** Receives before SQS moves a message to the DLQ. */
  maxReceiveCount?: number;
  visibilityTimeoutSeconds?: number;
}

const FOURTEEN_DAYS = String(14 * 24 * 3600);

/**
 * Creates (or brings up to date) the consumer's queue and DLQ and returns their URLs. Idempotent: replicas starting
 * together all call it. When the queue exists with other settings (changed configuration, or created early by a
 * relay) the settings given here win: the consumer owns its queue.
 */
export async function ensureConsumerQueue(
  sqs: SQSClient,
  opts: ConsumerQueueOptions,
): Promise<{ queueUrl: string; dlqUrl: string }> {
  return ensureQueues(sqs, opts, true);
}

/** @internal Shared with the publisher, which creates missing queues without overriding their owner's settings. */
export async function ensureQueues(
  sqs: SQSClient,
  opts: ConsumerQueueOptions,
  converge: boolean,
): Promise<{ queueUrl: string; dlqUrl: string }> {
  const maxReceiveCount = opts.maxReceiveCount ?? 5;
  const visibility = opts.visibilityTimeoutSeconds ?? 30;
  if (!Number.isInteger(maxReceiveCount) || maxReceiveCount < 1 || maxReceiveCount > 1000) {
    throw new Error(`maxReceiveCount must be an integer in 1..1000, got ${maxReceiveCount}`);
  }
  if (!Number.isInteger(visibility) || visibility < 0 || visibility > 43200) {
    throw new Error(`visibilityTimeoutSeconds must be an integer in 0..43200, got ${visibility}`);
  }
  const dlqUrl = await createQueue(sqs, deadLetterQueueName(opts.queuePrefix, opts.consumer), { MessageRetentionPeriod: FOURTEEN_DAYS }, converge);
  const arn = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }));
  const dlqArn = arn.Attributes?.QueueArn;
  if (!dlqArn) throw new Error(`No ARN for the dead-letter queue ${dlqUrl}`);
  const queueUrl = await createQueue(
    sqs,
    consumerQueueName(opts.queuePrefix, opts.consumer),
    {
      VisibilityTimeout: String(visibility),
      MessageRetentionPeriod: FOURTEEN_DAYS,
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount }),
    },
    converge,
  );
  return { queueUrl, dlqUrl };
}

async function createQueue(sqs: SQSClient, name: string, attributes: Record<string, string>, converge: boolean): Promise<string> {
  try {
    // Deduplication ids are always given (the event id), so content-based deduplication stays off.
    const res = await sqs.send(
      new CreateQueueCommand({
        QueueName: name,
        Attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'false', ...attributes },
      }),
    );
    if (!res.QueueUrl) throw new Error(`CreateQueue returned no URL for ${name}`);
    return res.QueueUrl;
  } catch (error) {
    if (!isAwsError(error, 'QueueNameExists', 'QueueAlreadyExists')) throw error;
    // Same name, different attributes.
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: name }));
    if (!QueueUrl) throw new Error(`GetQueueUrl returned no URL for ${name}`);
    if (converge) await sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: attributes }));
    return QueueUrl;
  }
}

export function isAwsError(error: unknown, ...names: string[]): boolean {
  if (!error || typeof error !== 'object') return false;
  const e = error as { name?: unknown; Code?: unknown; __type?: unknown };
  return names.some(
    (n) => e.name === n || e.Code === n || (typeof e.__type === 'string' && e.__type.endsWith(n)) || (typeof e.name === 'string' && e.name.endsWith(`.${n}`)),
  );
}
