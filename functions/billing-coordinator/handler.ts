import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { coordinatorDeps } from '../../shared/adapters/aws/billing-wiring';
import { coordinateRun, type CoordinatorDeps } from '../../shared/domain/billing/coordinator';
import { baseDeps } from '../../shared/http/base';
import { errorFields } from '../../shared/logger';
import { lazyHandler } from '../../shared/http/lazy';

/**
 * The billing-runs queue's consumer: each record `{ runId }` lists (part of) a run's parties
 * and sends their statement messages. A record that fails goes back to SQS (partial batch
 * failure); listing resumes at the run's stored cursor.
 */
export const makeHandler =
  (deps: CoordinatorDeps) =>
  async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const failed: string[] = [];
    for (const record of event.Records) {
      let runId: unknown;
      try {
        runId = (JSON.parse(record.body) as { runId?: unknown }).runId;
      } catch {
        runId = undefined;
      }
      if (typeof runId !== 'string') {
        deps.logger.error('malformed billing run message; only the dead-letter queue has it', { messageId: record.messageId });
        failed.push(record.messageId);
        continue;
      }
      try {
        const outcome = await coordinateRun(deps, runId);
        deps.logger.info('billing run listed', { runId, outcome });
      } catch (error) {
        deps.logger.error('billing run listing failed; it will be retried', { runId, ...errorFields(error) });
        failed.push(record.messageId);
      }
    }
    return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
  };

export const handler = lazyHandler(() => makeHandler(coordinatorDeps(process.env, baseDeps(process.env).logger)));
