import { DomainError } from '../../errors';
import { BILLING_PERIOD_YEAR_MAX, BILLING_PERIOD_YEAR_MIN } from '../../limits';

/**
 * A billing period is a calendar month in UTC, written `YYYY-MM`: `[start, end)`.
 */
const PERIOD_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

export interface Period {
  readonly id: string;
  readonly startMs: number;
  readonly endMs: number;
}

const periodFromParts = (year: number, monthIndex: number): Period => {
  const startMs = Date.UTC(year, monthIndex, 1);
  const endMs = Date.UTC(year, monthIndex + 1, 1);
  const start = new Date(startMs);
  const id = `${String(start.getUTCFullYear()).padStart(4, '0')}-${String(start.getUTCMonth() + 1).padStart(2, '0')}`;
  return { id, startMs, endMs };
};

export const isPeriodId = (value: string): boolean => {
  const match = PERIOD_PATTERN.exec(value);
  if (match === null) return false;
  const year = Number(match[1]);
  return year >= BILLING_PERIOD_YEAR_MIN && year <= BILLING_PERIOD_YEAR_MAX;
};

/** VALIDATION_FAILED naming `field` unless `value` is a period. */
export const parsePeriod = (value: string, field = 'period'): Period => {
  if (!isPeriodId(value)) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `The ${field} must be a month written YYYY-MM (${BILLING_PERIOD_YEAR_MIN}-01 to ${BILLING_PERIOD_YEAR_MAX}-12).`,
      [
        {
          field,
          message: `must be a month written YYYY-MM, from ${BILLING_PERIOD_YEAR_MIN}-01 to ${BILLING_PERIOD_YEAR_MAX}-12`,
        },
      ],
    );
  }
  return periodFromParts(Number(value.slice(0, 4)), Number(value.slice(5, 7)) - 1);
};

/** The period an instant falls in. */
export const periodOf = (instantMs: number): Period => {
  const instant = new Date(instantMs);
  return periodFromParts(instant.getUTCFullYear(), instant.getUTCMonth());
};

export const previousPeriod = (period: Period): Period => periodOf(period.startMs - 1);
export const nextPeriod = (period: Period): Period => periodOf(period.endMs);

/** Periods compare as strings (fixed width). */
export const comparePeriods = (left: string, right: string): number => (left < right ? -1 : left > right ? 1 : 0);
