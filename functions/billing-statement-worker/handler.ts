import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { statementWorkerDeps } from '../../shared/adapters/aws/billing-wiring';
import { processStatementBatch, type StatementWorkerDeps } from '../../shared/domain/billing/statement-worker';
import { baseDeps } from '../../shared/http/base';
import { lazyHandler } from '../../shared/http/lazy';

/**
 * The billing-statements queue's consumer (ReportBatchItemFailures): each record bills one
 * party; the records to deliver again go back as batch item failures.
 */
export const makeHandler =
  (deps: StatementWorkerDeps) =>
  async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const failed = await processStatementBatch(
      deps,
      event.Records.map((record) => {
        const receiveCount = Number.parseInt(record.attributes.ApproximateReceiveCount, 10);
        return { messageId: record.messageId, body: record.body, receiveCount: Number.isFinite(receiveCount) ? receiveCount : 1 };
      }),
    );
    return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
  };

export const handler = lazyHandler(() => {
  const base = baseDeps(process.env);
  return makeHandler(statementWorkerDeps(process.env, base.config, base.logger));
});
