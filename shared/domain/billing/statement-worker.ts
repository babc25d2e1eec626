import { isDomainError, type ErrorCode } from '../../errors';
import { isLedgerRefusal } from '../ledger/refusals';
import { matching, nonEmptyString, oneOf, readShape } from '../../shapes';
import { errorFields } from '../../logger';
import type { BillingDeps } from './deps';
import type { BillingQueue, StatementMessage } from './ports';
import { finalizeIfDone, type FinalizeDeps } from './reconcile';
import { billParty, type StatementJobDeps } from './statement-job';
import type { PartyFailure, RunRecord } from './types';

export type StatementWorkerDeps = StatementJobDeps &
  FinalizeDeps &
  Pick<BillingDeps, 'maxReceiveCount'> & {
    /** A statement built across messages sends its next step to the statement queue. */
    readonly queue: Pick<BillingQueue, 'sendStatements'>;
  };

/** One SQS record as the domain sees it. */
export interface StatementDelivery {
  readonly messageId: string;
  readonly body: string;
  readonly receiveCount: number;
}

const STATEMENT_MESSAGE = {
  runId: nonEmptyString,
  kind: /* @__PURE__ */ oneOf(['customer', 'provider', 'agent']),
  partyId: nonEmptyString,
  currency: /* @__PURE__ */ matching(/^[A-Z]{3}$/, 'a currency code'),
};

/**
 * A statement message's body (what the coordinator sends): exactly runId, kind, partyId and
 * currency, or undefined. Checked by a plain shape (shared/shapes.ts) rather than by a schema
 * built at every cold start of the worker; test/unit/billing/statement-message.test.ts compares
 * it with the strict object schema it replaced.
 */
export const parseStatementMessage = (body: string): StatementMessage | undefined => {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return undefined;
  }
  return readShape(STATEMENT_MESSAGE, value);
};

/**
 * Failures that are about the statement, not the moment: retrying cannot help. So is every
 * refusal of the ledger (isLedgerRefusal; contention, TRANSACTION_CONFLICT, is none): billing's
 * only writes are the payouts account's opening and the settlement, a transfer whose id, amount
 * and accounts the statement fixes, so a refusal of it is refused again (BALANCE_OVERFLOW never
 * comes here: statement-job.ts withholds that settlement).
 */
const PERMANENT_CODES: ReadonlySet<ErrorCode> = /* @__PURE__ */ new Set<ErrorCode>([
  'STATEMENT_TOO_LARGE',
  'STATEMENT_AMOUNT_TOO_LARGE',
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
 * One statement message of a known run: bill the party and record its outcome in the run
 * once. Returns false when SQS should deliver it again.
 *
 * A statement too large for one message is built one step per message (statement-build.ts):
 * each step sends the next, and only the last records the party's outcome.
 *
 * A failure about the statement itself (too large, a payout that exists with another amount)
 * is recorded at once. Anything else is retried; on the last receive before the dead-letter
 * queue the party is recorded failed, so the run ends (failed) instead of waiting forever.
 */
const processOne = async (
  deps: StatementWorkerDeps,
  run: RunRecord,
  delivery: StatementDelivery,
  message: StatementMessage,
): Promise<boolean> => {
  let failure: PartyFailure | undefined;
  let billed: Awaited<ReturnType<typeof billParty>> | undefined;
  try {
    billed = await billParty(deps, run, message);
    // A statement built across messages: this message did one step. The party's outcome waits
    // for the last step; the next one is sent (a send that fails retries this message, whose
    // redelivery finds the step done and does the next), or another worker carries on.
    if (billed.building === 'continue') await deps.queue.sendStatements([message]);
    if (billed.building !== undefined) return true;
  } catch (error) {
    const permanent = isLedgerRefusal(error) || (isDomainError(error) && PERMANENT_CODES.has(error.code));
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
  return true;
};

const attempt = async (deps: StatementWorkerDeps, work: () => Promise<boolean>, messageId: string): Promise<boolean> => {
  try {
    return await work();
  } catch (error) {
    deps.logger.error('statement message failed; it will be retried', { messageId, ...errorFields(error) });
    return false;
  }
};

/**
 * A batch from the statement queue. Each run it names is read once; its records are billed
 * independently (in parallel), and the run is finalized once after them if they were its
 * last (finalizeIfDone decides). The ids of the records to deliver again are returned as
 * batch item failures; a malformed record is one of them (the dead-letter queue keeps it).
 */
export const processStatementBatch = async (
  deps: StatementWorkerDeps,
  deliveries: readonly StatementDelivery[],
): Promise<string[]> => {
  const failed: string[] = [];
  const byRun = new Map<string, { delivery: StatementDelivery; message: StatementMessage }[]>();
  for (const delivery of deliveries) {
    const message = parseStatementMessage(delivery.body);
    if (message === undefined) {
      deps.logger.error('malformed statement message; only the dead-letter queue has it', { messageId: delivery.messageId });
      failed.push(delivery.messageId);
      continue;
    }
    byRun.set(message.runId, [...(byRun.get(message.runId) ?? []), { delivery, message }]);
  }
  for (const [runId, records] of byRun) {
    const ids = records.map(({ delivery }) => delivery.messageId);
    let run: RunRecord | undefined;
    try {
      run = await deps.runs.getRun(runId);
    } catch (error) {
      deps.logger.error('could not read the run; its messages will be retried', { runId, ...errorFields(error) });
      failed.push(...ids);
      continue;
    }
    if (run === undefined) {
      deps.logger.error('statement messages for an unknown run; dropped', { runId, messageIds: ids });
      continue;
    }
    const known = run;
    const outcomes = await Promise.all(
      records.map(({ delivery, message }) => attempt(deps, () => processOne(deps, known, delivery, message), delivery.messageId)),
    );
    records.forEach(({ delivery }, index) => {
      if (outcomes[index] !== true) failed.push(delivery.messageId);
    });
    if (outcomes.some((outcome) => outcome)) {
      // A failure here leaves the run for the next finalizer; the last records are delivered again.
      const finalized = await attempt(
        deps,
        async () => {
          await finalizeIfDone(deps, runId);
          return true;
        },
        runId,
      );
      if (!finalized) failed.push(...ids.filter((id) => !failed.includes(id)));
    }
  }
  return failed;
};
