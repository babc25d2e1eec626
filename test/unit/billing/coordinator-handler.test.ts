import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { makeHandler, type BillingCoordinatorDeps } from '../../../functions/billing-coordinator/handler';
import {
  makeHandler as makeStatementWorker,
  type BillingStatementWorkerDeps,
} from '../../../functions/billing-statement-worker/handler';
import { coordinateRun } from '../../../shared/domain/billing/coordinator';
import { startRun } from '../../../shared/domain/billing/runs';
import { noMetrics } from '../../../shared/ports';
import { OCTOBER_RUN_MS, october, setUpParties } from '../../fixtures/billing-scenario';
import { dyingAt, makeBillingWorld } from '../../fixtures/billing-world';
import { recordingLogger } from '../../fixtures/handlers';
import { recordingMetrics } from '../../fixtures/metrics';

/** An SQS event of these bodies, each received `receiveCount` times so far (this receive included). */
const sqsEvent = (records: readonly { readonly body: string; readonly receiveCount: number }[]): SQSEvent =>
  ({
    Records: records.map(({ body, receiveCount }, index) => ({
      messageId: `m-${index + 1}`,
      body,
      attributes: { ApproximateReceiveCount: String(receiveCount) },
      eventSource: 'aws:sqs',
    })),
  }) as unknown as SQSEvent;

describe('the billing-runs queue consumer', () => {
  it('answers malformed records as batch item failures, logged, without throwing even when the whole batch failed', async () => {
    // Prepare: no record names a run, so nothing but the logger is reached.
    const logger = recordingLogger();
    const handler = makeHandler({ logger, metrics: noMetrics } as unknown as BillingCoordinatorDeps);
    const event = {
      Records: [
        { messageId: 'm-1', body: 'not json', attributes: { ApproximateReceiveCount: '1' }, eventSource: 'aws:sqs' },
        { messageId: 'm-2', body: '{"runId":7}', attributes: { ApproximateReceiveCount: '1' }, eventSource: 'aws:sqs' },
      ],
    } as unknown as SQSEvent;

    // Act
    const answer = await handler(event);

    // Assess
    expect(answer).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }, { itemIdentifier: 'm-2' }] });
    expect(logger.lines.map((line) => [line.level, line.fields.messageId])).toEqual([
      ['error', 'm-1'],
      ['error', 'm-2'],
    ]);
  });

  it('counts the records it hands back on their last receive as dead-letter arrivals of the billing-runs queue', async () => {
    // Prepare: run_down's read fails; any other run is unknown (done, nothing to list).
    const metrics = recordingMetrics();
    const runs = {
      getRun: async (runId: string) => {
        if (runId === 'run_down') throw new Error('injected: the billing table is unavailable');
        return undefined;
      },
    };
    const handler = makeHandler({ logger: recordingLogger(), runs, metrics } as unknown as BillingCoordinatorDeps);
    const event = sqsEvent([
      { body: '{"runId":"run_down"}', receiveCount: 4 },
      { body: '{"runId":"run_down"}', receiveCount: 5 },
      { body: '{"runId":"run_gone"}', receiveCount: 5 },
      { body: 'not json', receiveCount: 5 },
    ]);

    // Act
    const answer = await handler(event);
    const quiet = await handler(sqsEvent([{ body: '{"runId":"run_down"}', receiveCount: 1 }]));

    // Assess
    expect(answer.batchItemFailures.map((failure) => failure.itemIdentifier)).toEqual(['m-1', 'm-2', 'm-4']);
    expect(quiet.batchItemFailures).toHaveLength(1);
    expect(metrics.points).toEqual([{ name: 'DeadLetterArrivals', value: 2, dimensions: { queue: 'billing-runs' } }]);
  });
});

describe('the billing-statements queue consumer', () => {
  it('answers a malformed record as a batch item failure and drops the records of a run that does not exist, logging both', async () => {
    // Prepare: the only store reached is the runs store, which knows no run.
    const logger = recordingLogger();
    const asked: string[] = [];
    const runs = {
      getRun: async (runId: string) => {
        asked.push(runId);
        return undefined;
      },
    };
    const handler = makeStatementWorker({ logger, runs, metrics: noMetrics } as unknown as BillingStatementWorkerDeps);
    const message = { runId: 'run_gone', kind: 'customer', partyId: 'cus_1', currency: 'JPY' };
    const event = {
      Records: [
        { messageId: 'm-1', body: '{"runId":', attributes: { ApproximateReceiveCount: '1' }, eventSource: 'aws:sqs' },
        { messageId: 'm-2', body: JSON.stringify(message), attributes: { ApproximateReceiveCount: '2' }, eventSource: 'aws:sqs' },
      ],
    } as unknown as SQSEvent;

    // Act
    const answer = await handler(event);

    // Assess
    expect(answer).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
    expect(asked).toEqual(['run_gone']);
    expect(logger.lines.map((line) => line.level)).toEqual(['error', 'error']);
  });

  it('counts a record handed back on its last receive as a dead-letter arrival, but not a party recorded failed on it', async () => {
    // Prepare: October's parties listed for a run; billing any of them fails (the charge catalog is down).
    const world = makeBillingWorld();
    await october(world, await setUpParties(world));
    world.clock.set(OCTOBER_RUN_MS);
    await startRun(world.billing, { period: '2026-10', runId: 'run-dlq', trigger: 'operator', requestedBy: 'test' });
    await coordinateRun(world.billing, 'run-dlq');
    const bodies = [...world.queue.statements.splice(0).map((message) => JSON.stringify(message)), '{"runId":'];
    const metrics = recordingMetrics();
    const handler = makeStatementWorker({ ...world.billing, catalog: dyingAt(world.billing.catalog, 'describe'), metrics });
    const delivered = (receiveCount: number) => sqsEvent(bodies.map((body) => ({ body, receiveCount })));

    // Act
    const beforeLast = await handler(delivered(world.billing.maxReceiveCount - 1));
    const last = await handler(delivered(world.billing.maxReceiveCount));

    // Assess
    expect(bodies).toHaveLength(5);
    expect(beforeLast.batchItemFailures).toHaveLength(5);
    expect(last.batchItemFailures).toEqual([{ itemIdentifier: 'm-5' }]);
    expect((await world.billing.runs.getRun('run-dlq'))?.progress).toMatchObject({ partiesTotal: 4, partiesFailed: 4 });
    expect(metrics.points).toEqual([{ name: 'DeadLetterArrivals', value: 1, dimensions: { queue: 'billing-statements' } }]);
  });
});
