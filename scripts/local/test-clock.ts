import { LOCAL_TEST_CLOCK_SYMBOL, type ClockOffsetSource } from '../../shared/clock';
import { ConfigError } from '../../shared/config';

/**
 * The local test clock (as payment platforms offer for testing billing): an offset added to
 * the wall clock that every handler, worker and scheduled job of the local process sees
 * through `systemClock`. It only moves forward. It exists only in the local runtime: this
 * module is the only place that installs an offset, and no function bundle contains it.
 */
export const ADVANCE_SECONDS_MAX = 20 * 366 * 86_400;

export interface LocalTestClock {
  /** Epoch milliseconds, offset included. */
  now(): number;
  offsetSeconds(): number;
  /** Moves the clock forward by a whole number of seconds (0 is allowed and changes nothing). */
  advance(seconds: number): void;
}

class OffsetSource implements ClockOffsetSource {
  private offsetSecondsTotal = 0;
  offsetMs(): number {
    return this.offsetSecondsTotal * 1000;
  }
  offsetSeconds(): number {
    return this.offsetSecondsTotal;
  }
  advance(seconds: number): void {
    if (!Number.isSafeInteger(seconds) || seconds < 0 || seconds > ADVANCE_SECONDS_MAX) {
      throw new RangeError(`the test clock moves forward by 0..${ADVANCE_SECONDS_MAX} whole seconds`);
    }
    this.offsetSecondsTotal += seconds;
  }
}

/** Installs the test clock in this process once (later calls return the same one). */
export const installLocalTestClock = (): LocalTestClock => {
  if (process.env.AWS_LAMBDA_FUNCTION_NAME !== undefined) {
    throw new Error('the local test clock never runs inside a Lambda function');
  }
  const slots = globalThis as Record<symbol, OffsetSource | undefined>;
  // Only this module installs a source, so what is there is one of ours (from this or an
  // earlier load of the module).
  const installed = slots[LOCAL_TEST_CLOCK_SYMBOL] ?? new OffsetSource();
  slots[LOCAL_TEST_CLOCK_SYMBOL] = installed;
  return {
    now: () => Date.now() + installed.offsetMs(),
    offsetSeconds: () => installed.offsetSeconds(),
    advance: (seconds) => installed.advance(seconds),
  };
};

/** The variable that starts the local process with its test clock at a given instant (README, docs/billing.md). */
export const CLOCK_AT_VARIABLE = 'KIPPU_LOCAL_CLOCK_AT';

/** A UTC or offset ISO 8601 date-time with seconds: what `GET /local/clock` answers as `now`. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The instant `KIPPU_LOCAL_CLOCK_AT` names (epoch milliseconds), undefined when it is not set:
 * a value that is not an ISO 8601 instant, or lies more than ADVANCE_SECONDS_MAX ahead of
 * `nowMs`, is a ConfigError naming the variable (exit code 2, like every other setting).
 */
export const clockStartOf = (env: NodeJS.ProcessEnv, nowMs: number): number | undefined => {
  const value = env[CLOCK_AT_VARIABLE];
  if (value === undefined || value === '') return undefined;
  const atMs = ISO_INSTANT.test(value) ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(atMs)) {
    throw new ConfigError(
      `invalid configuration: ${CLOCK_AT_VARIABLE}: must be an ISO 8601 instant such as 2026-12-01T00:00:00Z, got ${value}`,
    );
  }
  if (atMs - nowMs > ADVANCE_SECONDS_MAX * 1000) {
    throw new ConfigError(
      `invalid configuration: ${CLOCK_AT_VARIABLE}: must be at most ${ADVANCE_SECONDS_MAX} seconds ahead of now, got ${value}`,
    );
  }
  return atMs;
};

/**
 * Starts the test clock at `atMs` (clockStartOf): advances it by the whole seconds from the
 * wall clock up to that instant, rounded up. An instant the wall clock has already reached
 * leaves the offset where it is (the clock only moves forward). Answers the clock.
 */
export const startLocalTestClockAt = (atMs: number): LocalTestClock => {
  const clock = installLocalTestClock();
  const behindMs = atMs - clock.now();
  if (behindMs > 0) clock.advance(Math.ceil(behindMs / 1000));
  return clock;
};
