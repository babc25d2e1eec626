import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { makeHandler, type BillingCoordinatorDeps } from '../../../functions/billing-coordinator/handler';
import { makeHandler as makeSettlementWorker } from '../../../functions/settlement-worker/handler';
import type { SettlementDeps } from '../../../shared/domain/purchases/settle';
import { noMetrics } from '../../../shared/ports';
import { recordingLogger } from '../../fixtures/handlers';

const sqsBatch = (bodies: readonly object[]): SQSEvent =>
  ({
    Records: bodies.map((body, index) => ({
      messageId: `m-${index + 1}`,
      body: JSON.stringify(body),
      attributes: { ApproximateReceiveCount: '1' },
      messageAttributes: {},
      eventSource: 'aws:sqs',
    })),
  }) as unknown as SQSEvent;

const runsBatch = (runIds: readonly string[]): SQSEvent => sqsBatch(runIds.map((runId) => ({ runId })));

/**
 * The billing coordinator on Powertools batch processing, with a runs store that knows no run
 * (the record is done: nothing to list) except `run_down`, whose read fails (the record goes
 * back to the queue). Every read is traced, and yields in between, so the order shows.
 */
const coordinator = () => {
  const trace: string[] = [];
  const runs = {
    getRun: async (runId: string) => {
      trace.push(`start ${runId}`);
      await new Promise<void>((resolve) => setImmediate(resolve));
      trace.push(`end ${runId}`);
      if (runId === 'run_down') throw new Error('table unavailable');
      return undefined;
    },
  };
  const logger = recordingLogger();
  return { handler: makeHandler({ logger, runs, metrics: noMetrics } as unknown as BillingCoordinatorDeps), trace, logger };
};

describe('the queue workers’ partial batch answers (Powertools BatchProcessor and processPartialResponse)', () => {
  it('answers the records that failed as batch item failures, in the batch order, after handling every record', async () => {
    // Prepare
    const { handler, trace, logger } = coordinator();

    // Act
    const answer = await handler(runsBatch(['run_1', 'run_down', 'run_2', 'run_down']));

    // Assess
    expect(answer).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-2' }, { itemIdentifier: 'm-4' }] });
    expect(trace.filter((step) => step.startsWith('end'))).toHaveLength(4);
    expect(logger.lines.filter((line) => line.level === 'error').map((line) => line.fields.runId)).toEqual([
      'run_down',
      'run_down',
    ]);
  });

  it('answers a batch in which nothing failed with no failures, and an empty batch likewise', async () => {
    // Prepare
    const { handler } = coordinator();

    // Act
    const none = await handler(runsBatch(['run_1', 'run_2']));
    const empty = await handler(runsBatch([]));

    // Assess
    expect(none).toEqual({ batchItemFailures: [] });
    expect(empty).toEqual({ batchItemFailures: [] });
  });

  it('answers a batch whose every record failed instead of throwing', async () => {
    // Prepare
    const { handler } = coordinator();

    // Act
    const answer = await handler(runsBatch(['run_down', 'run_down']));

    // Assess
    expect(answer).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }, { itemIdentifier: 'm-2' }] });
  });

  it('the coordinator starts a record only when the previous one is done', async () => {
    // Prepare
    const { handler, trace } = coordinator();

    // Act
    await handler(runsBatch(['run_a', 'run_b', 'run_down']));

    // Assess
    expect(trace).toEqual(['start run_a', 'end run_a', 'start run_b', 'end run_b', 'start run_down', 'end run_down']);
  });

  it('the settlement worker finishes the records of a batch in parallel, after its batch-wide reads', async () => {
    // Prepare: a purchases store that knows neither purchase, tracing each read; both records
    // fail (nothing to settle yet, so they come back) and are answered, not thrown.
    const trace: string[] = [];
    const purchases = {
      get: async (purchaseId: string) => {
        trace.push(`start ${purchaseId}`);
        await new Promise<void>((resolve) => setImmediate(resolve));
        trace.push(`end ${purchaseId}`);
        return undefined;
      },
    };
    const logger = recordingLogger();
    const deps = { purchases, logger, metrics: noMetrics, maxReceiveCount: 5 } as unknown as SettlementDeps;

    // Act
    const answer = await makeSettlementWorker(deps)(sqsBatch([{ purchaseId: 'pur_a' }, { purchaseId: 'pur_b' }]));

    // Assess: the batch's reads (prepareSettlements), then the two records side by side.
    expect(answer).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }, { itemIdentifier: 'm-2' }] });
    expect(trace).toEqual([
      'start pur_a',
      'start pur_b',
      'end pur_a',
      'end pur_b',
      'start pur_a',
      'start pur_b',
      'end pur_a',
      'end pur_b',
    ]);
    expect(logger.lines.map((line) => [line.level, line.fields.purchaseId])).toEqual([
      ['error', 'pur_a'],
      ['error', 'pur_b'],
    ]);
  });
});
