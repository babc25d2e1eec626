import { describe, expect, it } from 'vitest';
import type { MemoryStatementStore } from '../../../shared/adapters/memory/billing';
import { providerPayoutsAccountId } from '../../../shared/domain/billing/accounts';
import { coordinateRun } from '../../../shared/domain/billing/coordinator';
import { statementIdFor } from '../../../shared/domain/billing/ids';
import type { StatementMessage } from '../../../shared/domain/billing/ports';
import { nudgeStalledRun, startRun, type NudgeDeps } from '../../../shared/domain/billing/runs';
import { processStatementBatch } from '../../../shared/domain/billing/statement-worker';
import { silentLogger } from '../../../shared/logger';
import { makeBillingWorld } from '../../fixtures/billing-world';
import { losingFirstProviderSend } from '../../fixtures/losing-queue';
import { OCTOBER_RUN_MS, october, setUpParties } from '../../fixtures/billing-scenario';

/**
 * The run nudge resends the next step of a statement built across messages that stopped moving
 * (runs.ts, continueStalledBuilds). With pages of 2 lines October's provider statement is built
 * in steps; the send of its first continuation fails after the build's first write. The fault is
 * injected at the send (a queue whose sendStatements throws once): an emulator cannot lose a
 * message. The message whose send failed is not delivered again here: SQS would bring it back
 * only after its visibility timeout (90 minutes for the statement queue), or never when it was
 * its last receive. So the build waits, and the run with it, until the nudge finds it.
 */
const PAGE_LINES = 2;
const AGE_SECONDS = 3_600;
const MINUTE_MS = 60_000;

describe('nudging a statement built across messages whose continuation was lost', () => {
  it('sends its next step again once it has not moved for the nudge age, and the run completes with one statement', async () => {
    // Prepare: the run starts; its statement messages are delivered half an hour later.
    const world = makeBillingWorld({ statementPageLines: PAGE_LINES });
    const parties = await setUpParties(world);
    await october(world, parties);
    world.clock.set(OCTOBER_RUN_MS);
    await startRun(world.billing, { period: '2026-10', runId: 'run-lost', trigger: 'operator', requestedBy: 'test' });
    while (world.queue.runs.length > 0) await coordinateRun(world.billing, world.queue.runs.shift() as string);
    world.clock.advanceSeconds(30 * 60);
    const losing = losingFirstProviderSend(world.queue);
    const lost: string[] = [];
    for (let index = 0; world.queue.statements.length > 0 && index < 100; index += 1) {
      const message = world.queue.statements.shift() as StatementMessage;
      const delivery = { messageId: `first-${index}`, body: JSON.stringify(message), receiveCount: 1 };
      lost.push(...(await processStatementBatch({ ...world.billing, queue: losing.queue }, [delivery])));
    }
    const store = world.billing.statements as MemoryStatementStore;
    const statementId = statementIdFor('2026-10', 'provider', parties.provider.id, 'JPY');
    const stalledBuild = await store.build(statementId);
    const deps: NudgeDeps = {
      runs: world.billing.runs,
      queue: world.queue,
      builds: store,
      logger: silentLogger,
      runNudgeAfterSeconds: AGE_SECONDS,
    };

    // Act: an hour after the run started (the build stalled half an hour), then half an hour later.
    world.clock.set(OCTOBER_RUN_MS + 60 * MINUTE_MS);
    const early = await nudgeStalledRun(deps, world.clock.now());
    const sentEarly = world.queue.statements.length;
    await world.drain();
    const afterEarly = await world.billing.runs.getRun('run-lost');
    world.clock.set(OCTOBER_RUN_MS + 90 * MINUTE_MS);
    const late = await nudgeStalledRun(deps, world.clock.now());
    const sentLate = [...world.queue.statements];
    await world.drain();

    // Assess
    expect(losing.failed()).toBe(1);
    expect(lost).toHaveLength(1);
    expect(stalledBuild).toMatchObject({ step: 0, movedAtMs: OCTOBER_RUN_MS + 30 * MINUTE_MS });
    expect(early).toEqual({ nudged: true, runId: 'run-lost', period: '2026-10' });
    expect(sentEarly).toBe(0);
    expect(afterEarly).toMatchObject({ status: 'running' });
    expect(late).toEqual({ nudged: true, runId: 'run-lost', period: '2026-10', buildsContinued: 1 });
    expect(sentLate).toEqual([{ runId: 'run-lost', kind: 'provider', partyId: parties.provider.id, currency: 'JPY' }]);
    expect(await world.billing.runs.getRun('run-lost')).toMatchObject({ status: 'completed', reconciliation: { ok: true } });
    expect(await store.get(statementId)).toMatchObject({ lineCount: 6, pageCount: 3 });
    const payouts = await world.ledgerEntries.listEntries(providerPayoutsAccountId('JPY'), { limit: 100 });
    // The provider's and the carrier's payouts, once each.
    expect(payouts.entries).toHaveLength(2);
    expect(store.builds.size).toBe(0);
  });
});
