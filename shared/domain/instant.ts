/**
 * An instant exactly as a request names it. `Date.parse` keeps whole milliseconds and drops
 * the digits below (`…16:00:00.0009Z` parses as `…16:00:00.000Z`), so a rule that judges an
 * instant in milliseconds alone (that it lies on a slot boundary, the slot a range ends in)
 * would judge another instant than the one named. Requests may write any number of fraction
 * digits (clients such as Python send microseconds), so the digits below the millisecond are
 * kept beside the milliseconds, for the rules that need them.
 */
export interface ExactInstant {
  /** Whole milliseconds since the epoch, the digits below dropped (rounded down: requests name instants from 1970 on). */
  readonly ms: number;
  /** The fraction of a millisecond, as its decimal digits without trailing zeros: '' when the instant is `ms` exactly. */
  readonly belowMs: string;
}

/** The fraction of a second of an ISO 8601 date-time (`.` and digits after the seconds). */
const SECOND_FRACTION = /T\d{2}:\d{2}:\d{2}\.(\d+)/;

/** The instant an ISO 8601 date-time names (a `Timestamp`/`Instant` the request schema accepted). */
export const exactInstant = (dateTime: string): ExactInstant => ({
  ms: Date.parse(dateTime),
  belowMs: (SECOND_FRACTION.exec(dateTime)?.[1] ?? '').slice(3).replace(/0+$/, ''),
});

/** An instant in whole milliseconds. */
export const wholeMs = (ms: number): ExactInstant => ({ ms, belowMs: '' });

/** The first whole millisecond at or after the instant. */
export const msAtOrAfter = (instant: ExactInstant): number => (instant.belowMs === '' ? instant.ms : instant.ms + 1);

/** Whether `later` is strictly after `earlier`, to the last digit named. */
export const isAfter = (later: ExactInstant, earlier: ExactInstant): boolean => {
  if (later.ms !== earlier.ms) return later.ms > earlier.ms;
  const digits = Math.max(later.belowMs.length, earlier.belowMs.length);
  return later.belowMs.padEnd(digits, '0') > earlier.belowMs.padEnd(digits, '0');
};
