/**
 * EventBridge Scheduler cron expressions, `cron(minutes hours day-of-month month day-of-week
 * year)` in UTC, parsed once so that the CDK app refuses a bad one at synth and the local
 * scheduler fires the same times AWS would. Supported: numbers, `*`, `?`, lists (`,`),
 * ranges (`-`), increments (`/`), month and weekday names; day-of-month or day-of-week must
 * be `?` (as in AWS). `L`, `W` and `#` are refused: nothing in kippu needs them.
 */
export interface CronSchedule {
  readonly expression: string;
  readonly minutes: ReadonlySet<number>;
  readonly hours: ReadonlySet<number>;
  /** Undefined when `?` or `*`: any day. */
  readonly daysOfMonth?: ReadonlySet<number>;
  readonly months: ReadonlySet<number>;
  /** 1 = Sunday … 7 = Saturday, as in AWS. Undefined when `?` or `*`. */
  readonly daysOfWeek?: ReadonlySet<number>;
  /** Undefined when `*`. */
  readonly years?: ReadonlySet<number>;
}

const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** How far back `latestCronTime` looks: far more than any jump of the local test clock needs. */
export const CRON_SEARCH_DAYS_MAX = 20 * 366;

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const FIELDS: readonly FieldSpec[] = [
  { name: 'minutes', min: 0, max: 59 },
  { name: 'hours', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTH_NAMES },
  { name: 'day-of-week', min: 1, max: 7, names: DAY_NAMES },
  { name: 'year', min: 1970, max: 2199 },
];

export class CronExpressionError extends Error {
  override readonly name = 'CronExpressionError';
}

const valueOf = (text: string, spec: FieldSpec): number => {
  const named = spec.names?.indexOf(text.toUpperCase()) ?? -1;
  const value = named >= 0 ? named + 1 : /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(value) || value < spec.min || value > spec.max) {
    throw new CronExpressionError(`${spec.name} value ${text} is not in ${spec.min}..${spec.max}`);
  }
  return value;
};

/** One field; undefined for `*` or `?` (every value). */
const parseField = (text: string, spec: FieldSpec): Set<number> | undefined => {
  if (text === '*' || text === '?') return undefined;
  const values = new Set<number>();
  for (const part of text.split(',')) {
    const [range = '', stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1)
      throw new CronExpressionError(`${spec.name} increment ${stepText} is not a positive integer`);
    let from: number;
    let to: number;
    if (range === '*') {
      from = spec.min;
      to = spec.max;
    } else if (range.includes('-')) {
      const [low = '', high = ''] = range.split('-');
      from = valueOf(low, spec);
      to = valueOf(high, spec);
      if (from > to) throw new CronExpressionError(`${spec.name} range ${range} runs backwards`);
    } else {
      from = valueOf(range, spec);
      to = stepText === undefined ? from : spec.max;
    }
    for (let value = from; value <= to; value += step) values.add(value);
  }
  return values;
};

export const parseCron = (expression: string): CronSchedule => {
  const match = /^cron\((.+)\)$/.exec(expression.trim());
  const fields = match?.[1]?.trim().split(/\s+/) ?? [];
  if (fields.length !== FIELDS.length) {
    throw new CronExpressionError(`${expression} is not cron(minutes hours day-of-month month day-of-week year)`);
  }
  if (/[LW#]/i.test(`${fields[2]} ${fields[4]}`.replace(/[A-Z]{3}/gi, ''))) {
    throw new CronExpressionError(`${expression}: L, W and # are not supported`);
  }
  const [minutes, hours, daysOfMonth, months, daysOfWeek, years] = fields.map((field, index) =>
    parseField(field, FIELDS[index] as FieldSpec),
  );
  if ((fields[2] === '?') === (fields[4] === '?')) {
    throw new CronExpressionError(`${expression}: exactly one of day-of-month and day-of-week must be ?`);
  }
  const every = (spec: FieldSpec) => new Set(Array.from({ length: spec.max - spec.min + 1 }, (_, index) => spec.min + index));
  return {
    expression,
    minutes: minutes ?? every(FIELDS[0] as FieldSpec),
    hours: hours ?? every(FIELDS[1] as FieldSpec),
    ...(daysOfMonth === undefined ? {} : { daysOfMonth }),
    months: months ?? every(FIELDS[3] as FieldSpec),
    ...(daysOfWeek === undefined ? {} : { daysOfWeek }),
    ...(years === undefined ? {} : { years }),
  };
};

const dayMatches = (cron: CronSchedule, dayStartMs: number): boolean => {
  const day = new Date(dayStartMs);
  return (
    cron.months.has(day.getUTCMonth() + 1) &&
    (cron.years?.has(day.getUTCFullYear()) ?? true) &&
    (cron.daysOfMonth?.has(day.getUTCDate()) ?? true) &&
    (cron.daysOfWeek?.has(day.getUTCDay() + 1) ?? true)
  );
};

/**
 * The latest time the schedule fires in `(afterMs, upToMs]`, if any: what a scheduler that
 * last looked at `afterMs` has to fire now (one firing, however many it missed).
 */
export const latestCronTime = (cron: CronSchedule, afterMs: number, upToMs: number): number | undefined => {
  const firstDayMs = Math.max(Math.floor(afterMs / DAY_MS), Math.floor(upToMs / DAY_MS) - CRON_SEARCH_DAYS_MAX) * DAY_MS;
  const hours = [...cron.hours].sort((left, right) => right - left);
  const minutes = [...cron.minutes].sort((left, right) => right - left);
  for (let dayMs = Math.floor(upToMs / DAY_MS) * DAY_MS; dayMs >= firstDayMs; dayMs -= DAY_MS) {
    if (!dayMatches(cron, dayMs)) continue;
    for (const hour of hours) {
      for (const minute of minutes) {
        const atMs = dayMs + hour * 3_600_000 + minute * MINUTE_MS;
        if (atMs <= afterMs) return undefined;
        if (atMs <= upToMs) return atMs;
      }
    }
  }
  return undefined;
};
