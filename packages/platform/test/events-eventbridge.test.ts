import { describe, expect, it } from '@jest/globals';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { PutEventsCommand, PutEventsCommandOutput, PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { uuidv7 } from '../src/ids.js';
import { createPublisher, PublishError, type EventEnvelope, type PutEventsClient } from '../src/events/index.js';

/**
 * EventBridge cannot run here, so the publisher is checked against a client double that records what it is asked to
 * send (the only double in the backbone's tests). In AWS the bus's rules route to the consumer queues.
 */
class RecordingEventBridge implements PutEventsClient {
  readonly calls: PutEventsRequestEntry[][] = [];
  constructor(private readonly failWhen: (entry: PutEventsRequestEntry) => string | undefined = () => undefined) {}

  async send(command: PutEventsCommand): Promise<PutEventsCommandOutput> {
    const entries = command.input.Entries ?? [];
    this.calls.push(entries);
    const results = entries.map((entry) => {
      const error = this.failWhen(entry);
      return error ? { ErrorCode: error, ErrorMessage: 'rejected by the double' } : { EventId: uuidv7() };
    });
    return { FailedEntryCount: results.filter((e) => 'ErrorCode' in e).length, Entries: results, $metadata: {} };
  }
}

function event(aggregateId: string, n: number): EventEnvelope<'UserRegistered'> {
  return {
    id: uuidv7(),
    type: 'UserRegistered',
    version: 1,
    source: 'users',
    occurredAt: new Date().toISOString(),
    aggregateId,
    correlationId: 'corr',
    causationId: null,
    trace: {},
    data: { userId: aggregateId, email: 'ada@example.com', displayName: `${n}`, registeredAt: new Date().toISOString() },
  };
}

const noSqs = {} as SQSClient; // never touched when a bus is configured

describe('EventBridge publisher', () => {
  it('when events are published, then they go to the bus as paygraph.<source> / type / envelope, at most 10 per PutEvents and one per aggregate per call', async () => {
    const client = new RecordingEventBridge();
    const publisher = createPublisher({ sqs: noSqs, queuePrefix: 'x-', eventBridge: { busName: 'paygraph-bus', region: 'eu-west-1', client } });
    const aggregates = Array.from({ length: 12 }, (_, i) => `usr_${String(i).padStart(32, '0')}`);
    const events = Array.from({ length: 23 }, (_, i) => event(aggregates[i % 12]!, i));

    await publisher.publish(events);

    // Two rounds (each aggregate's first events, then its second ones), each in calls of at most 10.
    expect(client.calls.map((c) => c.length)).toEqual([10, 2, 10, 1]);
    for (const call of client.calls) {
      const ids = call.map((e) => (JSON.parse(e.Detail!) as EventEnvelope).aggregateId);
      expect(new Set(ids).size).toBe(ids.length);
    }
    const sent = client.calls.flat().map((e) => JSON.parse(e.Detail!) as EventEnvelope);
    expect(sent.map((e) => e.id).sort()).toEqual(events.map((e) => e.id).sort());
    for (const aggregate of aggregates) {
      expect(sent.filter((e) => e.aggregateId === aggregate)).toEqual(events.filter((e) => e.aggregateId === aggregate));
    }
    expect(client.calls[0]![0]).toEqual({
      EventBusName: 'paygraph-bus',
      Source: 'paygraph.users',
      DetailType: 'UserRegistered',
      Detail: JSON.stringify(events[0]),
      Time: new Date(events[0]!.occurredAt),
    });
  });

  it('when an entry is rejected, then it and the later events of its aggregate are reported failed and the latter are not sent', async () => {
    const a = `usr_${'a'.repeat(32)}`;
    const b = `usr_${'b'.repeat(32)}`;
    const events = Array.from({ length: 14 }, (_, i) => event(i % 2 === 0 ? a : b, i));
    const rejected = events[2]!; // the second event of a
    const client = new RecordingEventBridge((entry) => (JSON.parse(entry.Detail!).id === rejected.id ? 'ThrottlingException' : undefined));
    const publisher = createPublisher({ sqs: noSqs, queuePrefix: 'x-', eventBridge: { busName: 'bus', region: 'eu-west-1', client } });

    const error = await publisher.publish(events).then(
      () => null,
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(PublishError);
    const failures = (error as PublishError).failures;
    const laterOfA = events.filter((e, i) => e.aggregateId === a && i > 2).map((e) => e.id);
    expect([...failures.keys()].sort()).toEqual([rejected.id, ...laterOfA].sort());
    expect(failures.get(rejected.id)).toMatch(/ThrottlingException/);
    const sentIds = client.calls.flat().map((e) => (JSON.parse(e.Detail!) as EventEnvelope).id);
    expect(sentIds.filter((id) => laterOfA.includes(id))).toEqual([]);
    expect(events.filter((e) => e.aggregateId === b).every((e) => sentIds.includes(e.id))).toBe(true);
  });

  it('when one PutEvents call itself fails, then its events are reported failed and the other aggregates are sent', async () => {
    let calls = 0;
    const client: PutEventsClient = {
      async send(command) {
        calls++;
        if (calls === 2) throw new Error('network down');
        return { FailedEntryCount: 0, Entries: (command.input.Entries ?? []).map(() => ({ EventId: 'x' })), $metadata: {} };
      },
    };
    const publisher = createPublisher({ sqs: noSqs, queuePrefix: 'x-', eventBridge: { busName: 'bus', region: 'eu-west-1', client } });
    const events = Array.from({ length: 25 }, (_, i) => event(`usr_${String(i).padStart(32, '0')}`, i));

    const error = (await publisher.publish(events).catch((e: unknown) => e)) as PublishError;

    expect(error).toBeInstanceOf(PublishError);
    // 25 aggregates with one event each: three calls side by side, the second of which fails.
    expect([...error.failures.keys()]).toEqual(events.slice(10, 20).map((e) => e.id));
    expect(calls).toBe(3);
  });
});
