import { LOCAL_TEST_CLOCK_SYMBOL, type ClockOffsetSource } from '../../shared/clock';

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
