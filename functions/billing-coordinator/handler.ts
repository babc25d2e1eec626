import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { coordinatorDeps } from '../../shared/adapters/aws/billing-wiring';
import { functionMetrics } from '../../shared/adapters/powertools/metrics';
import { coordinateRun, type CoordinatorDeps } from '../../shared/domain/billing/coordinator';
import { baseDeps, type MetricsDeps } from '../../shared/http/base';
import { errorFields } from '../../shared/logger';
import { lazyHandler } from '../../shared/http/lazy';
import { countDeadLetterArrivals } from '../../shared/http/sqs-batch';
import { billingRunsQueue } from '../../shared/resources/queues';

export type BillingCoordinatorDeps = CoordinatorDeps & MetricsDeps;

/** A record to deliver again (the reason is logged). */
class BillingRunRetry extends Error {
  override readonly name = 'BillingRunRetry';
}

const runIdOf = (body: string): unknown => {
  try {
    return (JSON.parse(body) as { runId?: unknown }).runId;
  } catch {
    return undefined;
  }
};

/**
 * The billing-runs queue's consumer, on Powertools batch processing: each record `{ runId }`
 * lists (part of) a run's parties and sends their statement messages, one record after the
 * other (two records of one run must not list it at once). A record that fails goes back to
 * SQS as a batch item failure; listing resumes at the run's stored cursor. A batch whose every
 * record failed is answered the same way, not thrown (a throw would count as a function error).
 * The records handed back on their last receive (for the dead-letter queue) are counted.
 */
export const makeHandler =
  (deps: BillingCoordinatorDeps) =>
  async (event: SQSEvent, context?: Context): Promise<SQSBatchResponse> => {
    const answer = await processPartialResponse(
      event,
      async (record: SQSRecord) => {
        const runId = runIdOf(record.body);
        if (typeof runId !== 'string') {
          deps.logger.error('malformed billing run message; only the dead-letter queue has it', { messageId: record.messageId });
          throw new BillingRunRetry(`malformed ${record.messageId}`);
        }
        try {
          const outcome = await coordinateRun(deps, runId);
          deps.logger.info('billing run listed', { runId, outcome });
        } catch (error) {
          deps.logger.error('billing run listing failed; it will be retried', { runId, ...errorFields(error) });
          throw new BillingRunRetry(`retry ${record.messageId}`);
        }
      },
      new BatchProcessor(EventType.SQS),
      { ...(context === undefined ? {} : { context }), processInParallel: false, throwOnFullBatchFailure: false },
    );
    countDeadLetterArrivals(
      deps.metrics,
      billingRunsQueue,
      event.Records,
      answer.batchItemFailures.map((failure) => failure.itemIdentifier),
    );
    return answer;
  };

export const handler = lazyHandler((env) =>
  makeHandler({ ...coordinatorDeps(env, baseDeps(env).logger), metrics: functionMetrics(env) }),
);
