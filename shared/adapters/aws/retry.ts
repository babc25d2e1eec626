import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { fullJitterMilliseconds, realSleep, type BackoffLimits, type Sleep } from '../../contention';

/**
 * Retrying DynamoDB writes that lost a race: which cancellations mean "someone else was
 * writing the same items" and how long to wait before the next attempt. Every adapter that
 * retries contention uses these, each with its own named attempts and backoff limits.
 */

/** Cancellation reasons that mean contention: back off and try again (anything else is an answer or a bug). */
const CONTENTION_REASONS: ReadonlySet<string> = /* @__PURE__ */ new Set([
  'TransactionConflict',
  'ThrottlingError',
  'ProvisionedThroughputExceeded',
]);

/** The cancellation reason of each item of a cancelled transaction, in item order (`None` for the ones that were fine). */
export const cancellationReasons = (error: TransactionCanceledException): string[] =>
  (error.CancellationReasons ?? []).map((reason) => reason.Code ?? 'None');

/** The reasons of a cancelled transaction, or undefined for any other error. */
export const reasonsOfCancellation = (error: unknown): string[] | undefined =>
  error instanceof TransactionCanceledException ? cancellationReasons(error) : undefined;

export const isContention = (reasons: readonly string[]): boolean => reasons.some((reason) => CONTENTION_REASONS.has(reason));

/**
 * Waits the full-jitter delay of `attempt`, whatever time is left: for loops that must finish
 * (unprocessed batch items, a billing run's bookkeeping). Contended writes that may give up
 * wait through backoffWithinBudget (shared/contention.ts).
 */
export const backoff = (attempt: number, limits: BackoffLimits, sleep: Sleep = realSleep): Promise<void> =>
  sleep(fullJitterMilliseconds(attempt, limits));
