import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { RetryLimits } from '../../limits';

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

export type BackoffLimits = Pick<RetryLimits, 'baseMilliseconds' | 'capMilliseconds'>;

/**
 * Full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"): a uniformly random
 * wait below min(cap, base × 2^attempt), so that racers spread out instead of colliding again.
 */
export const fullJitterMilliseconds = (attempt: number, limits: BackoffLimits, random: () => number = Math.random): number =>
  Math.floor(random() * Math.min(limits.capMilliseconds, limits.baseMilliseconds * 2 ** attempt));

export type Sleep = (milliseconds: number) => Promise<void>;

export const realSleep: Sleep = (milliseconds) =>
  new Promise((resolve) => {
    setTimeout(resolve, milliseconds);
  });

/** Waits the full-jitter delay of `attempt`. */
export const backoff = (attempt: number, limits: BackoffLimits, sleep: Sleep = realSleep): Promise<void> =>
  sleep(fullJitterMilliseconds(attempt, limits));
