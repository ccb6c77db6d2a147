import {
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type MessageAttributeValue,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { consumerQueueName, deadLetterQueueName } from './queues.js';

/**
 * What follows a dead-lettered event (dead-letter-alert.ts): once its cause is fixed, the messages go back to the
 * consumer's own queue and are applied as if they had just arrived. Safe to repeat and to race with the consumer:
 * the inbox applies an event id once. Each message keeps its group (its aggregate), so an aggregate's events
 * return in the order they left; its deduplication id is new, or SQS would drop a copy sent within five minutes of
 * the original.
 */
export interface RedriveOptions {
  queuePrefix: string;
  consumer: string;
  /** Stop after this many (default: all that are there). */
  max?: number;
}

export async function deadLetterCount(sqs: SQSClient, opts: { queuePrefix: string; consumer: string }): Promise<number> {
  const dlqUrl = await queueUrl(sqs, deadLetterQueueName(opts.queuePrefix, opts.consumer));
  const res = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
  );
  return Number(res.Attributes?.ApproximateNumberOfMessages ?? 0) + Number(res.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
}

export async function redriveDeadLetters(sqs: SQSClient, opts: RedriveOptions): Promise<{ moved: number }> {
  const dlqUrl = await queueUrl(sqs, deadLetterQueueName(opts.queuePrefix, opts.consumer));
  const targetUrl = await queueUrl(sqs, consumerQueueName(opts.queuePrefix, opts.consumer));
  const max = opts.max ?? Number.POSITIVE_INFINITY;
  const stamp = Date.now().toString(36);
  let moved = 0;
  while (moved < max) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: dlqUrl,
        MaxNumberOfMessages: Math.min(10, max - moved),
        WaitTimeSeconds: 1,
        VisibilityTimeout: 60,
        MessageSystemAttributeNames: ['MessageGroupId', 'MessageDeduplicationId'],
        MessageAttributeNames: ['All'],
      }),
    );
    if (Messages.length === 0) break;
    // One at a time: a message is deleted from the DLQ only once its copy is in the queue, and a group's order holds.
    for (const message of Messages) {
      const original = message.Attributes?.MessageDeduplicationId ?? message.MessageId!;
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: targetUrl,
          MessageBody: message.Body!,
          MessageGroupId: message.Attributes?.MessageGroupId ?? 'redriven',
          MessageDeduplicationId: `${original.slice(0, 100)}.redrive-${stamp}`,
          MessageAttributes: sendable(message.MessageAttributes),
        }),
      );
      await sqs.send(new DeleteMessageCommand({ QueueUrl: dlqUrl, ReceiptHandle: message.ReceiptHandle! }));
      moved++;
    }
  }
  return { moved };
}

async function queueUrl(sqs: SQSClient, name: string): Promise<string> {
  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: name }));
  if (!QueueUrl) throw new Error(`No queue ${name}`);
  return QueueUrl;
}

/** Received attributes carry list fields SendMessage refuses; the trace context is all String values. */
function sendable(attributes: Record<string, MessageAttributeValue> | undefined): Record<string, MessageAttributeValue> | undefined {
  if (!attributes) return undefined;
  const out: Record<string, MessageAttributeValue> = {};
  for (const [name, value] of Object.entries(attributes)) {
    if (value.StringValue !== undefined) out[name] = { DataType: value.DataType ?? 'String', StringValue: value.StringValue };
    else if (value.BinaryValue !== undefined) out[name] = { DataType: value.DataType ?? 'Binary', BinaryValue: value.BinaryValue };
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
