import { DomainError, notVisible, quoted } from '../../errors';
import { BILLING_ACTIVITY_SHARDS, BILLING_NUDGE_BUILDS_MAX, BILLING_PERIOD_SETTLE_SECONDS } from '../../limits';
import type { Principal } from '../principal';
import type { BillingDeps } from './deps';
import { runIdForSchedule } from './ids';
import { nextPeriod, parsePeriod, periodOf, previousPeriod, type Period } from './period';
import type { ActivityIndex, StalledBuilds } from './ports';
import type { BillingCalendar, RunRecord } from './types';

export interface StartRunRequest {
  readonly period: string;
  readonly runId: string;
  readonly trigger: RunRecord['trigger'];
  readonly requestedBy: string;
}

const SETTLE_MS = BILLING_PERIOD_SETTLE_SECONDS * 1000;

/** Periods are billed in order: the first one opens the calendar, each later one needs the one before completed. */
const checkOrder = async (deps: Pick<BillingDeps, 'runs'>, period: Period, calendar: BillingCalendar): Promise<void> => {
  if (period.id < calendar.firstPeriod) {
    throw new DomainError(
      'PERIOD_BEFORE_BILLING_START',
      `Billing started with ${quoted(calendar.firstPeriod)}; ${quoted(period.id)} is before it and is never billed.`,
    );
  }
  if (period.id === calendar.firstPeriod) return;
  const previous = previousPeriod(period);
  if ((await deps.runs.period(previous.id))?.completed !== true) {
    throw new DomainError(
      'PREVIOUS_PERIOD_NOT_BILLED',
      `Period ${quoted(previous.id)} has no completed billing run yet; periods are billed in order.`,
    );
  }
};

/** What starting a run needs: the run store, the runs queue, the clock, and the activity index's listing. */
export type StartRunDeps = Pick<BillingDeps, 'runs' | 'queue' | 'clock'> & { readonly activity: Pick<ActivityIndex, 'list'> };

/** Whether any party had money move in the month (one marker in any shard of the activity index). */
const hasActivity = async (activity: Pick<ActivityIndex, 'list'>, period: string): Promise<boolean> => {
  for (let shard = 0; shard < BILLING_ACTIVITY_SHARDS; shard += 1) {
    if ((await activity.list(period, shard, { limit: 1 })).marks.length > 0) return true;
  }
  return false;
};

/**
 * The first run ever opens the calendar, and every later period must follow it in order, so a
 * stray first run for a far-off month would block billing until every month in between is
 * billed. The first period is therefore the last closed month — the month before the current
 * UTC month, what the monthly schedule bills, also in the settle minute after it ended (when it
 * is PERIOD_NOT_CLOSED still, and the month before it is not the last closed one) — or a month
 * with recorded activity (money moved in it); anything else is 409 PERIOD_WITHOUT_ACTIVITY and
 * opens nothing. At most BILLING_ACTIVITY_SHARDS reads, once.
 */
const openCalendar = async (deps: StartRunDeps, period: Period, nowMs: number): Promise<BillingCalendar> => {
  const lastClosed = previousPeriod(periodOf(nowMs));
  if (period.id !== lastClosed.id && !(await hasActivity(deps.activity, period.id))) {
    throw new DomainError(
      'PERIOD_WITHOUT_ACTIVITY',
      `Billing has not started yet: its first period is the last closed month (${quoted(lastClosed.id)}) or a month with recorded activity, and ${quoted(period.id)} has none.`,
      [{ field: 'period', message: `must be ${quoted(lastClosed.id)} or a month with recorded activity` }],
    );
  }
  return deps.runs.openCalendar(period.id);
};

/**
 * Start a billing run for a period (an operator's request or the monthly schedule).
 *
 * Flow:
 *  1. The month must have ended at least BILLING_PERIOD_SETTLE_SECONDS ago (409 PERIOD_NOT_CLOSED).
 *  2. A run with this id exists (a repeated request) → it is answered; its coordinator
 *     message is sent again while it runs (a crash may have lost it; the coordinator is idempotent).
 *  3. The calendar opens at the first period ever billed, which must be the last closed month
 *     or a month with activity (409 PERIOD_WITHOUT_ACTIVITY); later periods need the previous
 *     one completed (409 PREVIOUS_PERIOD_NOT_BILLED), earlier ones are refused.
 *  4. The period's record is created once, fixing its cut-off (now − settle) for every run of it.
 *  5. The run record, then the coordinator message.
 */
export const startRun = async (deps: StartRunDeps, request: StartRunRequest): Promise<RunRecord> => {
  const period = parsePeriod(request.period);
  const nowMs = deps.clock.now();
  if (nowMs < period.endMs + SETTLE_MS) {
    throw new DomainError(
      'PERIOD_NOT_CLOSED',
      `Period ${quoted(period.id)} can be billed from ${new Date(period.endMs + SETTLE_MS).toISOString()}.`,
    );
  }
  const existing = await deps.runs.getRun(request.runId);
  if (existing !== undefined) {
    if (existing.period !== period.id) {
      throw new DomainError(
        'IDEMPOTENCY_KEY_REUSED',
        `This key started the run of ${quoted(existing.period)}, not ${quoted(period.id)}.`,
        [{ field: 'period', message: 'differs from the first request with this key' }],
      );
    }
    if (existing.status === 'running') await deps.queue.sendRun(existing.id);
    return existing;
  }
  const calendar = (await deps.runs.calendar()) ?? (await openCalendar(deps, period, nowMs));
  await checkOrder(deps, period, calendar);
  const periodRecord = await deps.runs.createPeriod({
    period: period.id,
    asOfMs: nowMs - SETTLE_MS,
    firstRunId: request.runId,
    latestRunId: request.runId,
    completed: false,
  });
  const run = await deps.runs.createRun({
    id: request.runId,
    period: period.id,
    status: 'running',
    progress: { partiesTotal: 0, partiesDone: 0, partiesFailed: 0 },
    trigger: request.trigger,
    requestedBy: request.requestedBy,
    asOfMs: periodRecord.asOfMs,
    listing: { shard: 0, complete: false, version: 0 },
    createdAtMs: nowMs,
  });
  await deps.runs.setLatestRun(period.id, run.id);
  await deps.queue.sendRun(run.id);
  return run;
};

/**
 * The monthly schedule: bill the month before the time the schedule fired for. If billing
 * fell behind (a failed month), it bills the first month not completed instead, one per
 * firing. A month already completed, or with a run in progress, is left alone.
 */
export const startScheduledRun = async (
  deps: StartRunDeps & Pick<BillingDeps, 'logger'>,
  scheduledAtMs: number,
): Promise<RunRecord | undefined> => {
  let target = previousPeriod(periodOf(scheduledAtMs));
  const calendar = await deps.runs.calendar();
  if (calendar?.lastCompletedPeriod !== undefined) {
    const due = nextPeriod(parsePeriod(calendar.lastCompletedPeriod));
    if (due.id < target.id) target = due;
  }
  const record = await deps.runs.period(target.id);
  if (record?.completed === true) {
    deps.logger.info('billing period already completed; nothing to start', { period: target.id });
    return undefined;
  }
  const latest = record === undefined ? undefined : await deps.runs.getRun(record.latestRunId);
  if (latest?.status === 'running') {
    deps.logger.info('billing run in progress; nothing to start', { period: target.id, runId: latest.id });
    return undefined;
  }
  const scheduledAt = new Date(scheduledAtMs).toISOString();
  return startRun(deps, {
    period: target.id,
    runId: runIdForSchedule(target.id, scheduledAt),
    trigger: 'schedule',
    requestedBy: 'system:billing-schedule',
  });
};

export type NudgeOutcome =
  | { readonly nudged: false }
  | {
      readonly nudged: true;
      readonly runId: string;
      readonly period: string;
      /** Statements built across messages whose next step was sent again (none: absent). */
      readonly buildsContinued?: number;
    };

export interface NudgeDeps extends Pick<BillingDeps, 'runs' | 'queue' | 'logger'> {
  readonly builds: StalledBuilds;
  /**
   * A run still running this long after it started gets its coordinator message again, and a
   * build of its period that has not moved for this long gets its next step's message again.
   */
  readonly runNudgeAfterSeconds: number;
}

/**
 * The builds of the run's period that have not moved for the nudge's age get their next step's
 * message again (a continuation whose send failed after its step's write waits for nobody else
 * but the failed message's redelivery). A duplicate does at most one step twice.
 */
const continueStalledBuilds = async (deps: NudgeDeps, run: RunRecord, nowMs: number): Promise<number> => {
  const stalled = await deps.builds.stalledBuilds(run.period, nowMs - deps.runNudgeAfterSeconds * 1000, BILLING_NUDGE_BUILDS_MAX);
  if (stalled.length === 0) return 0;
  await deps.queue.sendStatements(stalled.map((build) => ({ runId: run.id, ...build.party })));
  deps.logger.warn('billing builds nudged: their next step was sent again', {
    runId: run.id,
    period: run.period,
    builds: stalled.map((build) => ({
      statementId: build.statementId,
      step: build.step,
      movedAt: new Date(build.movedAtMs).toISOString(),
    })),
  });
  return stalled.length;
};

/**
 * The periodic nudge (schedule `billingRunNudge`): a run whose last message was lost or went
 * to a dead-letter queue while finalizing would stay `running`; this sends its coordinator
 * message again, and the coordinator lists what is left and finalizes it (finalizeIfDone).
 *
 * Periods are billed in order, so a running run is the latest run of the first period not
 * completed, or of the last completed one (a finalizer that died between completing the
 * period and finishing its run). At most five reads and one message per firing (and one Query
 * and one batch of continuations for the builds of the run's period that stopped moving); it never
 * starts a run and never touches a finished one. A run younger than `runNudgeAfterSeconds`
 * is left alone (its messages are probably still on their way).
 */
export const nudgeStalledRun = async (deps: NudgeDeps, nowMs: number): Promise<NudgeOutcome> => {
  const calendar = await deps.runs.calendar();
  if (calendar === undefined) return { nudged: false };
  const last = calendar.lastCompletedPeriod;
  const candidates = last === undefined ? [calendar.firstPeriod] : [nextPeriod(parsePeriod(last)).id, last];
  for (const period of candidates) {
    const record = await deps.runs.period(period);
    const run = record === undefined ? undefined : await deps.runs.getRun(record.latestRunId);
    if (run?.status !== 'running') continue;
    const ageSeconds = Math.floor((nowMs - run.createdAtMs) / 1000);
    if (ageSeconds < deps.runNudgeAfterSeconds) {
      deps.logger.info('billing run still young; not nudged', { runId: run.id, period, ageSeconds });
      return { nudged: false };
    }
    await deps.queue.sendRun(run.id);
    deps.logger.warn('billing run nudged: its coordinator message was sent again', {
      runId: run.id,
      period,
      ageSeconds,
      progress: run.progress,
      listingComplete: run.listing.complete,
    });
    const buildsContinued = await continueStalledBuilds(deps, run, nowMs);
    return { nudged: true, runId: run.id, period, ...(buildsContinued === 0 ? {} : { buildsContinued }) };
  }
  deps.logger.info('no billing run in progress; nothing to nudge', { periods: candidates });
  return { nudged: false };
};

/** What an operator sees of a run. */
export const runView = (run: RunRecord) => ({
  id: run.id,
  period: run.period,
  status: run.status,
  progress: run.progress,
  trigger: run.trigger,
  requestedBy: run.requestedBy,
  cutoffAt: new Date(run.asOfMs).toISOString(),
  createdAt: new Date(run.createdAtMs).toISOString(),
  ...(run.finishedAtMs === undefined ? {} : { finishedAt: new Date(run.finishedAtMs).toISOString() }),
  ...(run.reconciliation === undefined ? {} : { reconciliation: run.reconciliation }),
  ...(run.failures === undefined ? {} : { failures: run.failures }),
});

/**
 * A period's runs, newest first, as an operator sees them (the monthly schedule's run among
 * them): what to watch, or the run to rerun after. Runs are an operator's business; anyone else
 * is FORBIDDEN (the handler checks the role too).
 */
export const listRuns = async (
  deps: Pick<BillingDeps, 'runs'>,
  principal: Principal,
  request: { readonly period: string; readonly limit: number; readonly cursor?: string },
): Promise<{ items: ReturnType<typeof runView>[]; nextCursor?: string }> => {
  if (principal.role !== 'operator') throw new DomainError('FORBIDDEN', 'Only operators list billing runs.');
  const period = parsePeriod(request.period).id;
  const page = await deps.runs.listRuns(period, {
    limit: request.limit,
    ...(request.cursor === undefined ? {} : { cursor: request.cursor }),
  });
  return { items: page.records.map(runView), ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }) };
};

/** Runs are an operator's business; anyone else is told there is no such run. */
export const readRun = async (deps: Pick<BillingDeps, 'runs'>, principal: Principal, runId: string): Promise<RunRecord> => {
  const run = principal.role === 'operator' ? await deps.runs.getRun(runId) : undefined;
  if (run === undefined) throw notVisible('BILLING_RUN_NOT_FOUND', 'billing run', runId);
  return run;
};
