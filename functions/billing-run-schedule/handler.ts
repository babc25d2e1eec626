import { activityListing, billingQueue, runStore, stalledBuilds } from '../../shared/adapters/aws/billing-wiring';
import { billingConfigOf } from '../../shared/config';
import {
  nudgeStalledRun,
  runView,
  startScheduledRun,
  type NudgeDeps,
  type NudgeOutcome,
  type StartRunDeps,
} from '../../shared/domain/billing/runs';
import { baseDeps, type BaseDeps } from '../../shared/http/base';
import { systemClock } from '../../shared/ports';
import { BILLING_RUN_NUDGE_SCHEDULE_ID, type ScheduledInvocation } from '../../shared/resources/schedules';
import { lazyHandler } from '../../shared/http/lazy';

export type BillingRunScheduleDeps = BaseDeps &
  StartRunDeps &
  Pick<NudgeDeps, 'builds'> & {
    /** A run still running this long after it started is nudged (KIPPU_BILLING_RUN_NUDGE_AFTER_SECONDS), and a build stalled as long. */
    readonly runNudgeAfterSeconds: number;
  };

export type BillingRunScheduleResult =
  { readonly started: false } | { readonly started: true; readonly runId: string; readonly period: string } | NudgeOutcome;

/**
 * Two schedules target this function, told apart by their input's `scheduleId`:
 * - the periodic nudge (`billingRunNudge`): sends the coordinator message of a run that has
 *   been running too long again, so that a lost or dead-lettered last message does not leave it
 *   `running`, and the next step's message of a statement built across messages that stopped
 *   moving (its send failed after its step) again;
 * - the monthly cron (`billingMonthly`, and any other input): starts the run of the month
 *   before the time the schedule fired for (EventBridge's `<aws.scheduler.scheduled-time>`, or
 *   now if absent).
 * Both need the same grants (the billing table, sending to the runs queue; the nudge sends to the
 * statements queue too).
 */
export const makeHandler =
  (deps: BillingRunScheduleDeps) =>
  async (input?: ScheduledInvocation): Promise<BillingRunScheduleResult> => {
    if (input?.scheduleId === BILLING_RUN_NUDGE_SCHEDULE_ID) return nudgeStalledRun(deps, deps.clock.now());
    const scheduledTime = input?.detail?.['scheduledTime'];
    const scheduledAtMs =
      typeof scheduledTime === 'string' && Number.isFinite(Date.parse(scheduledTime))
        ? Date.parse(scheduledTime)
        : deps.clock.now();
    const run = await startScheduledRun(deps, scheduledAtMs);
    if (run !== undefined) deps.logger.info('billing run started by the schedule', { ...runView(run) });
    return run === undefined ? { started: false } : { started: true, runId: run.id, period: run.period };
  };

export const handler = lazyHandler((env) =>
  makeHandler({
    ...baseDeps(env),
    runs: runStore(env),
    activity: activityListing(env),
    builds: stalledBuilds(env),
    queue: billingQueue(env, { runs: true, statements: true }),
    clock: systemClock,
    runNudgeAfterSeconds: billingConfigOf(env).runNudgeAfterSeconds,
  }),
);
