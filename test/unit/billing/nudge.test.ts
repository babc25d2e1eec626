import { describe, expect, it } from 'vitest';
import { MemoryBillingQueue, MemoryBillingRunStore, MemoryStatementStore } from '../../../shared/adapters/memory/billing';
import { statementIdFor } from '../../../shared/domain/billing/ids';
import { nudgeStalledRun, type NudgeDeps } from '../../../shared/domain/billing/runs';
import type { ProviderStatement, RunRecord } from '../../../shared/domain/billing/types';
import { silentLogger } from '../../../shared/logger';
import { makeBillingWorld, type BillingWorld } from '../../fixtures/billing-world';
import { OCTOBER_RUN_MS, OCTOBER_TOTALS, october, setUpParties, stalledOctober } from '../../fixtures/billing-scenario';

/**
 * The periodic nudge of a billing run (nudgeStalledRun) on in-memory stores and a manual
 * clock: a run left `running` by a lost last message is sent to the coordinator again, once
 * per firing, and the coordinator finishes it; nothing else is touched.
 */
const AGE_SECONDS = 3_600;
const HOUR_MS = 3_600_000;

const nudgeDeps = (
  runs: NudgeDeps['runs'],
  queue: MemoryBillingQueue,
  builds: NudgeDeps['builds'] = new MemoryStatementStore(),
): NudgeDeps => ({
  runs,
  queue,
  builds,
  logger: silentLogger,
  runNudgeAfterSeconds: AGE_SECONDS,
});

const stalledWorld = async (method: 'outcomes' | 'finishRun') => {
  const world = makeBillingWorld();
  return { world, ...(await stalledOctober(world, method)) };
};

const providerTotals = async (world: BillingWorld, providerId: string) => {
  const record = await world.billing.statements.get(statementIdFor('2026-10', 'provider', providerId, 'JPY'));
  if (record === undefined) throw new Error('no provider statement');
  return (JSON.parse(await world.billing.statements.document(record, 'json')) as ProviderStatement).totals;
};

const aRun = (id: string, status: RunRecord['status'], createdAtMs: number): RunRecord => ({
  id,
  period: '2026-10',
  status,
  progress: { partiesTotal: 0, partiesDone: 0, partiesFailed: 0 },
  trigger: 'operator',
  requestedBy: 'test',
  asOfMs: createdAtMs,
  listing: { shard: 0, complete: true, version: 1 },
  createdAtMs,
});

describe('nudging a stalled billing run', () => {
  it('nudges a run older than the age, not a younger one, and the coordinator then completes it', async () => {
    // Prepare
    const { world, parties, run } = await stalledWorld('outcomes');
    const stalled = await world.billing.runs.getRun(run.id);
    const statementsBefore = await providerTotals(world, parties.provider.id);
    const transfersBefore = world.baseLedger.created;
    const deps = nudgeDeps(world.billing.runs, world.queue);

    // Act
    const young = await nudgeStalledRun(deps, run.createdAtMs + AGE_SECONDS * 1000 - 1);
    const queuedWhileYoung = [...world.queue.runs];
    const old = await nudgeStalledRun(deps, run.createdAtMs + AGE_SECONDS * 1000);
    const queued = [...world.queue.runs];
    await world.drain();
    const afterCompletion = await nudgeStalledRun(deps, run.createdAtMs + 2 * HOUR_MS);

    // Assess
    expect(stalled).toMatchObject({
      status: 'running',
      listing: { complete: true },
      progress: { partiesTotal: 4, partiesDone: 4, partiesFailed: 0 },
    });
    expect(young).toEqual({ nudged: false });
    expect(queuedWhileYoung).toEqual([]);
    expect(old).toEqual({ nudged: true, runId: run.id, period: '2026-10' });
    expect(queued).toEqual([run.id]);
    expect(await world.billing.runs.getRun(run.id)).toMatchObject({ status: 'completed', reconciliation: { ok: true } });
    expect((await world.billing.runs.calendar())?.lastCompletedPeriod).toBe('2026-10');
    expect(await providerTotals(world, parties.provider.id)).toEqual(statementsBefore);
    expect(statementsBefore).toEqual(OCTOBER_TOTALS.provider);
    expect(world.baseLedger.created).toBe(transfersBefore);
    expect(afterCompletion).toEqual({ nudged: false });
    expect(world.queue.runs).toEqual([]);
  });

  it('nudges a run whose period was completed by a finalizer that died before finishing the run', async () => {
    // Prepare
    const { world, run } = await stalledWorld('finishRun');
    const stalled = await world.billing.runs.getRun(run.id);
    const calendar = await world.billing.runs.calendar();

    // Act
    const nudged = await nudgeStalledRun(nudgeDeps(world.billing.runs, world.queue), run.createdAtMs + HOUR_MS);
    await world.drain();

    // Assess
    expect(stalled?.status).toBe('running');
    expect(calendar?.lastCompletedPeriod).toBe('2026-10');
    expect(nudged).toEqual({ nudged: true, runId: run.id, period: '2026-10' });
    expect(await world.billing.runs.getRun(run.id)).toMatchObject({ status: 'completed', reconciliation: { ok: true } });
  });

  it('leaves an empty calendar, a completed period and a failed run alone, and never starts a run', async () => {
    // Prepare: a billed October; and apart, a calendar whose only run failed.
    const world = makeBillingWorld();
    const parties = await setUpParties(world);
    await october(world, parties);
    world.clock.set(OCTOBER_RUN_MS);
    const completed = await world.bill('2026-10');
    const failedRuns = new MemoryBillingRunStore();
    await failedRuns.openCalendar('2026-10');
    await failedRuns.createPeriod({
      period: '2026-10',
      asOfMs: OCTOBER_RUN_MS,
      firstRunId: 'run-failed',
      latestRunId: 'run-failed',
      completed: false,
    });
    await failedRuns.createRun(aRun('run-failed', 'failed', OCTOBER_RUN_MS));
    const otherQueue = new MemoryBillingQueue();
    const later = OCTOBER_RUN_MS + 24 * HOUR_MS;

    // Act
    const onEmpty = await nudgeStalledRun(nudgeDeps(new MemoryBillingRunStore(), otherQueue), later);
    const onCompleted = await nudgeStalledRun(nudgeDeps(world.billing.runs, world.queue), later);
    const onFailed = await nudgeStalledRun(nudgeDeps(failedRuns, otherQueue), later);

    // Assess
    expect(completed.status).toBe('completed');
    expect([onEmpty, onCompleted, onFailed]).toEqual([{ nudged: false }, { nudged: false }, { nudged: false }]);
    expect(world.queue.runs).toEqual([]);
    expect(otherQueue.runs).toEqual([]);
    expect(await world.billing.runs.period('2026-11')).toBeUndefined();
    expect((await failedRuns.getRun('run-failed'))?.status).toBe('failed');
  });
});
