import type { SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { partialBatchResponse } from '../../../shared/adapters/lambda/batch';

const record = (messageId: string): SQSRecord =>
  ({ messageId, body: messageId, attributes: { ApproximateReceiveCount: '1' }, messageAttributes: {} }) as unknown as SQSRecord;

describe('partialBatchResponse (shared/adapters/lambda/batch.ts)', () => {
  it('answers the records whose handler threw as batch item failures, in the batch order, and handles every record', async () => {
    // Prepare
    const handled: string[] = [];
    const records = ['m1', 'm2', 'm3', 'm4'].map(record);

    // Act
    const answer = await partialBatchResponse(
      records,
      async ({ messageId }) => {
        handled.push(messageId);
        if (messageId === 'm4' || messageId === 'm2') throw new Error(`retry ${messageId}`);
      },
      { inParallel: true },
    );

    // Assess
    expect(answer).toEqual({ batchItemFailures: [{ itemIdentifier: 'm2' }, { itemIdentifier: 'm4' }] });
    expect(handled.sort()).toEqual(['m1', 'm2', 'm3', 'm4']);
  });

  it('answers a batch whose every record failed instead of throwing, and an empty batch with no failures', async () => {
    // Act
    const allFailed = await partialBatchResponse(
      [record('m1'), record('m2')],
      async () => {
        throw new Error('down');
      },
      { inParallel: false },
    );
    const empty = await partialBatchResponse([], async () => undefined, { inParallel: true });

    // Assess
    expect(allFailed.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }, { itemIdentifier: 'm2' }]);
    expect(empty).toEqual({ batchItemFailures: [] });
  });

  it('starts a record only when the previous one is done when not in parallel, and all at once when in parallel', async () => {
    // Prepare: each handler records when it starts and ends, and yields in between.
    const trace = async (inParallel: boolean): Promise<string[]> => {
      const events: string[] = [];
      await partialBatchResponse(
        [record('a'), record('b')],
        async ({ messageId }) => {
          events.push(`start ${messageId}`);
          await new Promise<void>((resolve) => setImmediate(resolve));
          events.push(`end ${messageId}`);
        },
        { inParallel },
      );
      return events;
    };

    // Act
    const sequential = await trace(false);
    const parallel = await trace(true);

    // Assess
    expect(sequential).toEqual(['start a', 'end a', 'start b', 'end b']);
    expect(parallel).toEqual(['start a', 'start b', 'end a', 'end b']);
  });
});
