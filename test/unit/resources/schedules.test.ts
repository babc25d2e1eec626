import { describe, expect, it } from 'vitest';
import { scheduleRateContextKey } from '../../../infra/constructs/kippu-stacks';
import { functions } from '../../../shared/resources/functions';
import {
  BILLING_RUN_NUDGE_SCHEDULE_ID,
  cronSchedules,
  periodicSchedules,
  scheduleRateEnvVar,
} from '../../../shared/resources/schedules';

/**
 * The billing run nudge as declared once for the CDK stack and the local runtime: hourly, on
 * the function that already holds the grants it needs (the billing table, sending to the runs
 * queue), its rate configurable like every periodic schedule's.
 */
describe('the billing run nudge schedule', () => {
  it('is declared hourly on the billing-run-schedule function, beside the monthly cron', () => {
    const nudge = periodicSchedules.find((schedule) => schedule.id === BILLING_RUN_NUDGE_SCHEDULE_ID);
    const monthly = cronSchedules.find((schedule) => schedule.id === 'billingMonthly');
    expect(nudge).toMatchObject({ functionId: 'billingRunSchedule', defaultRateSeconds: 3_600 });
    expect(monthly?.functionId).toBe(nudge?.functionId);
    expect(functions.billingRunSchedule.name).toBe('billing-run-schedule');
  });

  it('takes its rate from KIPPU_SCHEDULE_BILLING_RUN_NUDGE_SECONDS locally and scheduleBillingRunNudgeSeconds in AWS', () => {
    const nudge = periodicSchedules.find((schedule) => schedule.id === BILLING_RUN_NUDGE_SCHEDULE_ID);
    if (nudge === undefined) throw new Error('no billing run nudge schedule');
    expect(scheduleRateEnvVar(nudge)).toBe('KIPPU_SCHEDULE_BILLING_RUN_NUDGE_SECONDS');
    expect(scheduleRateContextKey(nudge)).toBe('scheduleBillingRunNudgeSeconds');
  });
});
