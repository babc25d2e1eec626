import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { makeHandler } from '../../../functions/settlement-worker/handler';
import { powertoolsMetrics } from '../../../shared/adapters/powertools/metrics';
import { metrics } from '../../../shared/resources/metrics';
import { makeWorld } from '../../fixtures/purchases-world';
import { captureStdout, emfLines } from '../../fixtures/stdout';

/** A settlement queue batch as the Lambda event source hands it over. */
const sqsEvent = (records: readonly { messageId: string; body: string; receiveCount: number }[]): SQSEvent =>
  ({
    Records: records.map((record) => ({
      messageId: record.messageId,
      receiptHandle: `handle-${record.messageId}`,
      body: record.body,
      attributes: { ApproximateReceiveCount: String(record.receiveCount) },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:local:000000000000:kippu-test-settlement',
      awsRegion: 'local',
    })),
  }) as unknown as SQSEvent;

const scene = async () => {
  const world = makeWorld();
  const provider = await world.provider({ trusted: false, platformFeeBps: 1_000 });
  const kiosk = await world.agent(300);
  const customer = await world.customer();
  await world.topUp(customer.id, kiosk.id, 5_000);
  const offer = await world.offer(provider.id, 1_000);
  return { world, customer, offer };
};

describe('the metrics of a settlement', () => {
  it('a settled purchase emits PurchasesSettled, AmountPostedMinor by currency and SettlementLatency as EMF lines with exactly the declared dimensions', async () => {
    // Prepare
    const { world, customer, offer } = await scene();
    const { purchase } = await world.buy(customer.id, { offerId: offer.id });
    world.clock.advanceSeconds(2);
    const handler = makeHandler({ ...world.settlementDeps, metrics: powertoolsMetrics('test') });

    // Act
    let answer: unknown;
    const lines = await captureStdout(async () => {
      answer = await handler(
        sqsEvent([{ messageId: 'm-1', body: JSON.stringify({ purchaseId: purchase.id }), receiveCount: 1 }]),
      );
    });

    // Assess
    expect(answer).toEqual({ batchItemFailures: [] });
    const emitted = emfLines(lines);
    expect(emitted.map((line) => line.name).sort()).toEqual(['AmountPostedMinor', 'PurchasesSettled', 'SettlementLatency']);
    for (const line of emitted) {
      const declared = Object.values(metrics).find((definition) => definition.name === line.name);
      expect(line.namespace).toBe('kippu');
      expect(line.unit).toBe(declared?.unit);
      expect(line.dimensionNames).toEqual(['service', 'stage', ...(declared?.dimensions ?? [])]);
      expect(line.fields).toMatchObject({ service: 'kippu', stage: 'test' });
    }
    const valueOf = (name: string) => emitted.find((line) => line.name === name)?.fields[name];
    expect(valueOf('PurchasesSettled')).toBe(1);
    expect(valueOf('AmountPostedMinor')).toBe(1_000);
    expect(emitted.find((line) => line.name === 'AmountPostedMinor')?.fields.currency).toBe('JPY');
    expect(valueOf('SettlementLatency')).toBe(2_000);
  });

  it('a redelivered message of a settled purchase counts nothing again', async () => {
    // Prepare
    const { world, customer, offer } = await scene();
    const { purchase } = await world.buy(customer.id, { offerId: offer.id });
    const handler = makeHandler({ ...world.settlementDeps, metrics: powertoolsMetrics('test') });
    const body = JSON.stringify({ purchaseId: purchase.id });
    await captureStdout(() => handler(sqsEvent([{ messageId: 'm-1', body, receiveCount: 1 }])));

    // Act
    const lines = await captureStdout(() => handler(sqsEvent([{ messageId: 'm-2', body, receiveCount: 1 }])));

    // Assess
    expect(emfLines(lines)).toEqual([]);
  });

  it('buying counts the authorization, the hold by currency and the purchase ticket', async () => {
    // Prepare
    const { world, customer, offer } = await scene();

    // Act
    await world.buy(customer.id, { offerId: offer.id }, 'key-1');
    await world.buy(customer.id, { offerId: offer.id }, 'key-1');

    // Assess
    expect(world.metrics.points).toEqual([
      { name: 'PurchasesAuthorized', value: 1, dimensions: {} },
      { name: 'AmountHeldMinor', value: 1_000, dimensions: { currency: 'JPY' } },
      { name: 'TicketsIssued', value: 1, dimensions: { kind: 'purchase' } },
    ]);
  });

  it('a malformed message failing its last receive is retried, counted as a dead-letter arrival of the settlement queue', async () => {
    // Prepare
    const { world } = await scene();
    const handler = makeHandler(world.settlementDeps);

    // Act
    const early = await handler(sqsEvent([{ messageId: 'm-4', body: 'not json', receiveCount: 4 }]));
    const last = await handler(sqsEvent([{ messageId: 'm-5', body: '{"purchase":1}', receiveCount: 5 }]));

    // Assess
    expect(early).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-4' }] });
    expect(last).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-5' }] });
    expect(world.metrics.points.filter((point) => point.name === 'DeadLetterArrivals')).toEqual([
      { name: 'DeadLetterArrivals', value: 1, dimensions: { queue: 'settlement' } },
    ]);
  });
});
