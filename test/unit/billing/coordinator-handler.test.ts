import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { makeHandler } from '../../../functions/billing-coordinator/handler';
import type { CoordinatorDeps } from '../../../shared/domain/billing/coordinator';
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
