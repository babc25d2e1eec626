import type { SQSBatchResponse, SQSRecord } from 'aws-lambda';

export interface PartialBatchOptions {
  /** Handle the records all at once, or one after the other (when two records must not run together). */
  readonly inParallel: boolean;
}

/**
 * An SQS consumer with ReportBatchItemFailures: handles each record, and answers the ids of
 * the records whose handler threw as batch item failures (in the batch's order), so that SQS
 * deletes the others and delivers those again (up to the queue's receive limit, then its
 * dead-letter queue). A handler logs what it knows before it throws. A batch whose every
 * record failed is answered the same way rather than thrown: the records come back either
 * way, and a throw would count as a function error, which means a bug.
 */
export const partialBatchResponse = async (
  records: readonly SQSRecord[],
  handle: (record: SQSRecord) => Promise<void>,
  options: PartialBatchOptions,
): Promise<SQSBatchResponse> => {
  const failed = new Set<string>();
  const attempt = async (record: SQSRecord): Promise<void> => {
    try {
      await handle(record);
    } catch {
      failed.add(record.messageId);
    }
  };
  if (options.inParallel) await Promise.all(records.map(attempt));
  else for (const record of records) await attempt(record);
  return {
    batchItemFailures: records
      .filter((record) => failed.has(record.messageId))
      .map((record) => ({ itemIdentifier: record.messageId })),
  };
};
