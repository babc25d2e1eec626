import { describe, expect, it } from 'vitest';
import { CronExpressionError, latestCronTime, parseCron } from '../../../shared/resources/cron';
import { cronSchedules } from '../../../shared/resources/schedules';

const at = (iso: string) => Date.parse(iso);

describe('cron expressions', () => {
  it('finds the last time the monthly billing schedule fired in a window, whatever the jump', () => {
    const monthly = parseCron('cron(0 2 1 * ? *)');
    expect(latestCronTime(monthly, at('2026-10-05T00:00:00Z'), at('2026-11-01T01:59:59Z'))).toBeUndefined();
    expect(latestCronTime(monthly, at('2026-10-05T00:00:00Z'), at('2026-11-01T02:00:00Z'))).toBe(at('2026-11-01T02:00:00Z'));
    expect(latestCronTime(monthly, at('2026-11-01T02:00:00Z'), at('2026-11-20T00:00:00Z'))).toBeUndefined();
    expect(latestCronTime(monthly, at('2026-10-05T00:00:00Z'), at('2027-03-15T00:00:00Z'))).toBe(at('2027-03-01T02:00:00Z'));
  });

  it('reads lists, ranges, increments, names and weekdays (1 is Sunday, as in AWS)', () => {
    const weekdays = parseCron('cron(*/15 9-17 ? JAN-MAR MON-FRI 2027)');
    expect([...weekdays.minutes]).toEqual([0, 15, 30, 45]);
    expect(latestCronTime(weekdays, at('2027-01-01T00:00:00Z'), at('2027-01-03T12:00:00Z'))).toBe(at('2027-01-01T17:45:00Z'));
    expect(latestCronTime(parseCron('cron(0 0 ? * 1 *)'), at('2026-11-01T00:00:00Z'), at('2026-11-14T00:00:00Z'))).toBe(
      at('2026-11-08T00:00:00Z'),
    );
  });

  it.each([
    'rate(5 minutes)',
    'cron(0 2 1 * * *)',
    'cron(0 2 L * ? *)',
    'cron(60 2 1 * ? *)',
    'cron(0 2 1 * ?)',
    'cron(0 2 5-1 * ? *)',
  ])('refuses %s', (expression) => {
    expect(() => parseCron(expression)).toThrow(CronExpressionError);
  });

  it('declares valid expressions', () => {
    for (const schedule of cronSchedules) expect(() => parseCron(schedule.defaultCron)).not.toThrow();
  });
});
