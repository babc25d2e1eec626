import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { coordinatorDeps } from '../../shared/adapters/aws/billing-wiring';
import { functionMetrics } from '../../shared/adapters/powertools/metrics';
import { coordinateRun, type CoordinatorDeps } from '../../shared/domain/billing/coordinator';
import type { RemittanceMessage } from '../../shared/domain/billing/ports';
import { continueRemittance, type RemittanceWorkerDeps } from '../../shared/domain/billing/remittance';
import { baseDeps, type MetricsDeps } from '../../shared/http/base';
import { errorFields } from '../../shared/logger';
import { lazyHandler } from '../../shared/http/lazy';
import { countDeadLetterArrivals } from '../../shared/http/sqs-batch';
import { billingRunsQueue } from '../../shared/resources/queues';

export type BillingCoordinatorDeps = CoordinatorDeps & RemittanceWorkerDeps & MetricsDeps;

/** A record to deliver again (the reason is logged). */
class BillingRunRetry extends Error {
  override readonly name = 'BillingRunRetry';
}

/** A record's body: `{ runId }` (a run to list) or `{ remittance: { period, agentId } }` (an import's next chunk). */
const messageOf = (body: string): { runId: string } | { remittance: RemittanceMessage } | undefined => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { runId, remittance } = parsed as { runId?: unknown; remittance?: unknown };
  if (typeof runId === 'string') return { runId };
  if (typeof remittance !== 'object' || remittance === null) return undefined;
  const { period, agentId } = remittance as { period?: unknown; agentId?: unknown };
  return typeof period === 'string' && typeof agentId === 'string' ? { remittance: { period, agentId } } : undefined;
};

/**
 * The billing-runs queue's consumer, on Powertools batch processing: each record `{ runId }`
 * lists (part of) a run's parties and sends their statement messages, one record after the
 * other (two records of one run must not list it at once); a record `{ remittance: { period,
 * agentId } }` posts the next chunk of a remittance import (continueRemittance). A record that fails goes back to
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
        const message = messageOf(record.body);
        if (message === undefined) {
          deps.logger.error('malformed billing run message; only the dead-letter queue has it', { messageId: record.messageId });
          throw new BillingRunRetry(`malformed ${record.messageId}`);
        }
        if ('remittance' in message) {
          try {
            const outcome = await continueRemittance(deps, message.remittance);
            deps.logger.info('remittance import chunk', { ...message.remittance, outcome });
          } catch (error) {
            deps.logger.error('remittance import chunk failed; it will be retried', {
              ...message.remittance,
              ...errorFields(error),
            });
            throw new BillingRunRetry(`retry ${record.messageId}`);
          }
          return;
        }
        const { runId } = message;
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
