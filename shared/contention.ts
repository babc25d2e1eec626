import { AsyncLocalStorage } from 'node:async_hooks';
import { CONTENTION_ANSWER_RESERVE_MILLISECONDS, type RetryLimits } from './limits';

/**
 * Contended writes are retried within the time the invocation has left. The API middleware
 * runs every request body under its invocation's time left (Lambda's
 * context.getRemainingTimeInMillis); every retry loop on a version or transaction conflict
 * asks `timeForAnotherAttempt` (or waits through `backoffWithinBudget`) before it tries again,
 * and answers its declared conflict when the answer's reserve
 * (CONTENTION_ANSWER_RESERVE_MILLISECONDS) would be touched. So a request that loses races
 * answers 409 TRANSACTION_CONFLICT (nothing written, send it again) while it still can,
 * instead of running into the timeout guard, whose 503 cannot say whether it took effect.
 * Outside a request (workers, sweeps, tests that set none) only the loops' attempt counts bound them.
 */

/** How much time the running invocation has left, in milliseconds. */
export interface TimeLeft {
  remainingMs(): number;
}

const running = /* @__PURE__ */ new AsyncLocalStorage<TimeLeft>();

/** Runs `body` (and everything it awaits) with `timeLeft` as the invocation's time left. */
export const withTimeLeft = <T>(timeLeft: TimeLeft, body: () => Promise<T>): Promise<T> => running.run(timeLeft, body);

/**
 * Whether the invocation can wait `waitMilliseconds` and then start one more attempt while
 * keeping the answer's reserve. Always true outside an invocation with a deadline.
 */
export const timeForAnotherAttempt = (waitMilliseconds = 0): boolean => {
  const timeLeft = running.getStore();
  return timeLeft === undefined || timeLeft.remainingMs() - waitMilliseconds >= CONTENTION_ANSWER_RESERVE_MILLISECONDS;
};

export type Sleep = (milliseconds: number) => Promise<void>;

export const realSleep: Sleep = (milliseconds) =>
  new Promise((resolve) => {
    setTimeout(resolve, milliseconds);
  });

export type BackoffLimits = Pick<RetryLimits, 'baseMilliseconds' | 'capMilliseconds'>;

/**
 * Full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"): a uniformly random
 * wait below min(cap, base × 2^attempt), so that racers spread out instead of colliding again.
 */
export const fullJitterMilliseconds = (attempt: number, limits: BackoffLimits, random: () => number = Math.random): number =>
  Math.floor(random() * Math.min(limits.capMilliseconds, limits.baseMilliseconds * 2 ** attempt));

/**
 * Before another attempt of a contended write: waits the full-jitter delay of `attempt` and
 * answers true, or answers false at once (no wait) when the invocation has no time for the
 * wait and one more attempt: the caller then gives up with its conflict.
 */
export const backoffWithinBudget = async (
  attempt: number,
  limits: BackoffLimits,
  sleep: Sleep = realSleep,
  random: () => number = Math.random,
): Promise<boolean> => {
  const waitMilliseconds = fullJitterMilliseconds(attempt, limits, random);
  if (!timeForAnotherAttempt(waitMilliseconds)) return false;
  await sleep(waitMilliseconds);
  return true;
};
