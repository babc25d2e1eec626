import { z } from 'zod';
import { isDomainError, type ErrorCode } from '../../errors';
import { errorFields } from '../../logger';
import type { BillingDeps } from './deps';
import type { StatementMessage } from './ports';
import { finalizeIfDone } from './reconcile';
import { billParty, type StatementJobDeps } from './statement-job';
import type { PartyFailure } from './types';

export type StatementWorkerDeps = StatementJobDeps & Pick<BillingDeps, 'logger' | 'maxReceiveCount'>;

/** One SQS record as the domain sees it. */
export interface StatementDelivery {
  readonly messageId: string;
  readonly body: string;
  readonly receiveCount: number;
}

const StatementMessageSchema = z.strictObject({
  runId: z.string().min(1),
  kind: z.enum(['customer', 'provider']),
  partyId: z.string().min(1),
  currency: z.string().regex(/^[A-Z]{3}$/),
});

export const parseStatementMessage = (body: string): StatementMessage | undefined => {
  try {
    const parsed = StatementMessageSchema.safeParse(JSON.parse(body));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
};

/** Failures that are about the statement, not the moment: retrying cannot help. */
const PERMANENT_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'STATEMENT_TOO_LARGE',
  'TRANSFER_EXISTS_WITH_DIFFERENT_FIELDS',
  'CUSTOMER_NOT_FOUND',
  'ACCOUNT_NOT_FOUND',
  'CURRENCY_MISMATCH',
]);

const failureOf = (message: StatementMessage, code: string, detail: string): PartyFailure => ({
  kind: message.kind,
  partyId: message.partyId,
  currency: message.currency,
  code,
  detail: detail.slice(0, 500),
});

/**
 * One statement message: bill the party, record its outcome in the run once, and finalize the
 * run if it was the last. Returns false when SQS should deliver it again.
 *
 * A failure about the statement itself (too large, a payout that exists with another amount)
 * is recorded at once. Anything else is retried; on the last receive before the dead-letter
 * queue the party is recorded failed, so the run ends (failed) instead of waiting forever.
 */
const processOne = async (deps: StatementWorkerDeps, delivery: StatementDelivery): Promise<boolean> => {
  const message = parseStatementMessage(delivery.body);
  if (message === undefined) {
    deps.logger.error('malformed statement message; only the dead-letter queue has it', { messageId: delivery.messageId });
    return false;
  }
  const run = await deps.runs.getRun(message.runId);
  if (run === undefined) {
    deps.logger.error('statement message for an unknown run; dropped', { messageId: delivery.messageId, runId: message.runId });
    return true;
  }
  let failure: PartyFailure | undefined;
  let billed: Awaited<ReturnType<typeof billParty>> | undefined;
  try {
    billed = await billParty(deps, run, message);
  } catch (error) {
    const permanent = isDomainError(error) && PERMANENT_CODES.has(error.code);
    deps.logger.error('billing a party failed', { ...message, messageId: delivery.messageId, permanent, ...errorFields(error) });
    if (!permanent && delivery.receiveCount < deps.maxReceiveCount) return false;
    failure = isDomainError(error)
      ? failureOf(message, error.code, error.detail)
      : failureOf(message, 'BILLING_RETRIES_EXHAUSTED', error instanceof Error ? error.message : String(error));
  }
  await deps.runs.recordOutcome({
    runId: run.id,
    kind: message.kind,
    partyId: message.partyId,
    currency: message.currency,
    ...(failure === undefined
      ? {
          result: 'done',
          ...(billed?.statementId === undefined ? {} : { statementId: billed.statementId }),
          ...(billed?.reconciliation === undefined ? {} : { reconciliation: billed.reconciliation }),
        }
      : { result: 'failed', failure }),
  });
  await finalizeIfDone(deps, run.id);
  return true;
};

/**
 * A batch from the statement queue: records are independent (a few in parallel); the ids of
 * those to deliver again are returned as batch item failures.
 */
export const processStatementBatch = async (
  deps: StatementWorkerDeps,
  deliveries: readonly StatementDelivery[],
): Promise<string[]> => {
  const results = await Promise.all(
    deliveries.map(async (delivery) => {
      try {
        return (await processOne(deps, delivery)) ? undefined : delivery.messageId;
      } catch (error) {
        deps.logger.error('statement message failed; it will be retried', {
          messageId: delivery.messageId,
          ...errorFields(error),
        });
        return delivery.messageId;
      }
    }),
  );
  return results.filter((messageId): messageId is string => messageId !== undefined);
};
