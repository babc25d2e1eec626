import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { statementWorkerDeps } from '../../shared/adapters/aws/billing-wiring';
import { functionMetrics } from '../../shared/adapters/powertools/metrics';
import { processStatementBatch, type StatementWorkerDeps } from '../../shared/domain/billing/statement-worker';
import { baseDeps, type MetricsDeps } from '../../shared/http/base';
import { lazyHandler } from '../../shared/http/lazy';
import { countDeadLetterArrivals, receiveCountOf } from '../../shared/http/sqs-batch';
import { billingStatementsQueue } from '../../shared/resources/queues';

export type BillingStatementWorkerDeps = StatementWorkerDeps & MetricsDeps;

/**
 * The billing-statements queue's consumer (ReportBatchItemFailures): each record bills one
 * party; the records to deliver again go back as batch item failures, and those on their last
 * receive (for the dead-letter queue) are counted. A party that keeps failing is recorded
 * failed on its last receive and its record is done, so it is no dead-letter arrival.
 */
export const makeHandler =
  (deps: BillingStatementWorkerDeps) =>
  async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const failed = await processStatementBatch(
      deps,
      event.Records.map((record) => ({ messageId: record.messageId, body: record.body, receiveCount: receiveCountOf(record) })),
    );
    countDeadLetterArrivals(
      deps.metrics,
      { id: billingStatementsQueue.id, maxReceiveCount: deps.maxReceiveCount },
      event.Records,
      failed,
    );
    return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
  };

export const handler = lazyHandler((env) => {
  const base = baseDeps(env);
  const metrics = functionMetrics(env);
  return makeHandler({ ...statementWorkerDeps(env, base.config, base.logger, metrics), metrics });
});
