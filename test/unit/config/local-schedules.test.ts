import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../shared/config';
import { cronSchedules, periodicSchedules } from '../../../shared/resources/schedules';
import { LOCAL_RATE_SECONDS_MAX, localCron, localScheduleSettings } from '../../../scripts/local/scheduler';

/**
 * The local scheduler's settings (`KIPPU_SCHEDULE_<ID>_SECONDS`, `KIPPU_SCHEDULE_<ID>_CRON`),
 * read as every other variable is: a bad value is a ConfigError naming its variable, never
 * the default in its place (README, Configuration).
 */
const sweep = periodicSchedules.find((schedule) => schedule.id === 'ledgerExpirySweep');
const monthly = cronSchedules.find((schedule) => schedule.id === 'billingMonthly');
if (sweep === undefined || monthly === undefined) throw new Error('the ledger expiry sweep and the monthly cron are declared');

describe('the local schedule settings', () => {
  it('take the declared defaults when unset, and the variables when set', () => {
    // Act
    const defaults = localScheduleSettings({});
    const given = localScheduleSettings({
      KIPPU_SCHEDULE_LEDGER_EXPIRY_SWEEP_SECONDS: '2.5',
      KIPPU_SCHEDULE_BILLING_MONTHLY_CRON: 'cron(30 3 2 * ? *)',
    });

    // Assess
    expect(defaults.rateSeconds(sweep)).toBe(60);
    expect(defaults.cron(monthly).expression).toBe('cron(0 2 1 * ? *)');
    expect(given.rateSeconds(sweep)).toBe(2.5);
    expect(given.cron(monthly).expression).toBe('cron(30 3 2 * ? *)');
  });

  it.each(['abc', '0', '-5', '', String(LOCAL_RATE_SECONDS_MAX + 1)])('refuses the rate %j, naming its variable', (value) => {
    // Act
    const refused = () => localScheduleSettings({ KIPPU_SCHEDULE_LEDGER_EXPIRY_SWEEP_SECONDS: value });

    // Assess
    expect(refused).toThrow(ConfigError);
    expect(refused).toThrow(/^invalid configuration: KIPPU_SCHEDULE_LEDGER_EXPIRY_SWEEP_SECONDS: /);
  });

  it('refuses a cron expression it cannot fire, naming its variable, and names every bad variable at once', () => {
    // Act
    const refused = () =>
      localScheduleSettings({
        KIPPU_SCHEDULE_SIGNING_KEY_ROTATION_SECONDS: 'hourly',
        KIPPU_SCHEDULE_BILLING_MONTHLY_CRON: 'every day',
      });

    // Assess
    expect(refused).toThrow(ConfigError);
    expect(refused).toThrow(
      /^invalid configuration: KIPPU_SCHEDULE_SIGNING_KEY_ROTATION_SECONDS: .*; KIPPU_SCHEDULE_BILLING_MONTHLY_CRON: every day is not cron\(/,
    );
    expect(() => localCron(monthly, { KIPPU_SCHEDULE_BILLING_MONTHLY_CRON: 'cron(0 2 L * ? *)' })).toThrow(
      /KIPPU_SCHEDULE_BILLING_MONTHLY_CRON: .*not supported/,
    );
  });
});
