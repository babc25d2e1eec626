import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { makeHandler } from '../../../functions/billing-coordinator/handler';
import { makeHandler as makeStatementWorker } from '../../../functions/billing-statement-worker/handler';
import type { CoordinatorDeps } from '../../../shared/domain/billing/coordinator';
import type { StatementWorkerDeps } from '../../../shared/domain/billing/statement-worker';
import { recordingLogger } from '../../fixtures/handlers';

describe('the billing-runs queue consumer', () => {
  it('answers malformed records as batch item failures, logged, without throwing even when the whole batch failed', async () => {
    // Prepare: no record names a run, so nothing but the logger is reached.
    const logger = recordingLogger();
    const handler = makeHandler({ logger } as unknown as CoordinatorDeps);
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
    const handler = makeStatementWorker({ logger, runs } as unknown as StatementWorkerDeps);
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
});
