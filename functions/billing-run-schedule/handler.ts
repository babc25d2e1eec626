import { billingQueue, runStore } from '../../shared/adapters/aws/billing-wiring';
import type { BillingDeps } from '../../shared/domain/billing/deps';
import { runView, startScheduledRun } from '../../shared/domain/billing/runs';
import { baseDeps, type BaseDeps } from '../../shared/http/base';
import { systemClock } from '../../shared/ports';
import type { ScheduledInvocation } from '../../shared/resources/schedules';
import { lazyHandler } from '../../shared/http/lazy';

export type BillingRunScheduleDeps = BaseDeps & Pick<BillingDeps, 'runs' | 'queue' | 'clock'>;

/**
 * The monthly cron (`billingMonthly`): starts the run of the month before the time the
 * schedule fired for (EventBridge's `<aws.scheduler.scheduled-time>`, or now if absent).
 */
export const makeHandler = (deps: BillingRunScheduleDeps) => async (input?: ScheduledInvocation) => {
  const scheduledTime = input?.detail?.['scheduledTime'];
  const scheduledAtMs =
    typeof scheduledTime === 'string' && Number.isFinite(Date.parse(scheduledTime))
      ? Date.parse(scheduledTime)
      : deps.clock.now();
  const run = await startScheduledRun(deps, scheduledAtMs);
  if (run !== undefined) deps.logger.info('billing run started by the schedule', { ...runView(run) });
  return run === undefined ? { started: false } : { started: true, runId: run.id, period: run.period };
};

export const handler = lazyHandler(() =>
  makeHandler({
    ...baseDeps(process.env),
    runs: runStore(process.env),
    queue: billingQueue(process.env, { runs: true }),
    clock: systemClock,
  }),
);
