import { describe, expect, it } from 'vitest';
import type { MemoryStatementStore } from '../../../shared/adapters/memory/billing';
import { providerPayoutsAccountId } from '../../../shared/domain/billing/accounts';
import { coordinateRun } from '../../../shared/domain/billing/coordinator';
import { statementIdFor } from '../../../shared/domain/billing/ids';
import type { StatementMessage, StatementStore } from '../../../shared/domain/billing/ports';
import { startRun } from '../../../shared/domain/billing/runs';
import { processStatementBatch } from '../../../shared/domain/billing/statement-worker';
import { makeBillingWorld, type BillingWorld } from '../../fixtures/billing-world';
import { OCTOBER_RUN_MS, october, setUpParties } from '../../fixtures/billing-scenario';

/**
 * A statement built across messages drops its build (the record, its index parts and page
 * entries) once the statement is stored (statement-job.ts, continueBuild). With pages of 2 lines
 * October's provider statement is built in steps. A duplicate of any of its messages that comes
 * late, having read the statement store before the statement was stored — the build as it stood
 * at that step, or no build at all (the last step stored the statement and dropped the build
 * between the lookup's reads) — must do nothing twice: no second statement, payout or build, no
 * build text left behind, no continuation sent.
 */
const PAGE_LINES = 2;

type Lookup = Awaited<ReturnType<StatementStore['lookup']>>;

/** The store, except that its lookup answers what a duplicate read before the statement was stored. */
const lookingUp = (inner: StatementStore, seen: Lookup): StatementStore =>
  new Proxy(inner, {
    get(target, property, receiver) {
      if (property === 'lookup') return async () => seen;
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });

const payoutCount = async (world: BillingWorld) =>
  (await world.ledgerEntries.listEntries(providerPayoutsAccountId('JPY'), { limit: 100 })).entries.length;

const deliver = (world: BillingWorld, statements: StatementStore, message: StatementMessage, messageId: string) =>
  processStatementBatch({ ...world.billing, statements }, [{ messageId, body: JSON.stringify(message), receiveCount: 1 }]);

describe('a statement built across messages, once stored', () => {
  it('leaves no build behind, and a late duplicate of any of its messages does nothing twice', async () => {
    // Prepare: October billed one message at a time, keeping what the provider's store read before each of its messages.
    const world = makeBillingWorld({ statementPageLines: PAGE_LINES });
    const parties = await setUpParties(world);
    await october(world, parties);
    world.clock.set(OCTOBER_RUN_MS);
    await startRun(world.billing, { period: '2026-10', runId: 'run-late', trigger: 'operator', requestedBy: 'test' });
    while (world.queue.runs.length > 0) await coordinateRun(world.billing, world.queue.runs.shift() as string);
    const store = world.billing.statements as MemoryStatementStore;
    const statementId = statementIdFor('2026-10', 'provider', parties.provider.id, 'JPY');
    const providerMessage: StatementMessage = {
      runId: 'run-late',
      kind: 'provider',
      partyId: parties.provider.id,
      currency: 'JPY',
    };
    const readBefore: Lookup[] = [];
    for (let index = 0; world.queue.statements.length > 0 && index < 100; index += 1) {
      const message = world.queue.statements.shift() as StatementMessage;
      if (message.kind === 'provider') readBefore.push(await store.lookup(statementId, 'provider', parties.provider.id, 'JPY'));
      expect(await deliver(world, store, message, `first-${index}`)).toEqual([]);
    }
    expect(await world.billing.runs.getRun('run-late')).toMatchObject({ status: 'completed', reconciliation: { ok: true } });
    expect(store.builtInSteps.has(statementId)).toBe(true);
    expect(store.builds.size).toBe(0);
    expect(store.buildTexts.size).toBe(0);
    const record = await store.get(statementId);
    const payouts = await payoutCount(world);
    const phases = readBefore.map((seen) => seen.build?.phase ?? 'none');
    expect(phases).toEqual(expect.arrayContaining(['none', 'scan', 'sort', 'pages']));

    // Act: each message again, reading what it read then; and each again without the build (dropped between the reads).
    const failed: string[] = [];
    const leftBehind: string[] = [];
    const lateDelivery = async (statements: StatementStore, messageId: string) => {
      failed.push(...(await deliver(world, statements, providerMessage, messageId)));
      if (store.builds.size > 0 || store.buildTexts.size > 0) leftBehind.push(messageId);
    };
    for (const [index, seen] of readBefore.entries()) {
      expect(seen.stored).toBeUndefined();
      const withoutBuild: Lookup = seen.position === undefined ? {} : { position: seen.position };
      await lateDelivery(lookingUp(store, seen), `late-${index}-${seen.build?.phase ?? 'none'}`);
      await lateDelivery(lookingUp(store, withoutBuild), `late-dropped-${index}`);
    }
    await lateDelivery(store, 'late-after');

    // Assess
    expect(failed).toEqual([]);
    expect(leftBehind).toEqual([]);
    expect(world.queue.statements).toEqual([]);
    expect(store.builds.size).toBe(0);
    expect(store.buildTexts.size).toBe(0);
    expect(await store.get(statementId)).toEqual(record);
    expect(await payoutCount(world)).toBe(payouts);
    expect(await world.billing.runs.getRun('run-late')).toMatchObject({ status: 'completed', reconciliation: { ok: true } });
  });

  it('drops the build of a statement whose last step died after storing it, before dropping the build', async () => {
    // Prepare
    const world = makeBillingWorld({ statementPageLines: PAGE_LINES });
    const parties = await setUpParties(world);
    await october(world, parties);
    world.clock.set(OCTOBER_RUN_MS);
    const store = world.billing.statements as MemoryStatementStore;
    let deaths = 0;
    const dying = new Proxy(store, {
      get(target, property, receiver) {
        const value: unknown = Reflect.get(target, property, receiver);
        if (property === 'dropBuild' && deaths === 0) {
          return async () => {
            deaths += 1;
            throw new Error('the worker died after storing the statement, before dropping its build');
          };
        }
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    await startRun(world.billing, { period: '2026-10', runId: 'run-dying', trigger: 'operator', requestedBy: 'test' });

    // Act
    await world.drain({ ...world.billing, statements: dying });

    // Assess
    expect(deaths).toBe(1);
    expect(await world.billing.runs.getRun('run-dying')).toMatchObject({ status: 'completed', reconciliation: { ok: true } });
    expect(store.builtInSteps.size).toBeGreaterThan(0);
    expect(store.builds.size).toBe(0);
    expect(store.buildTexts.size).toBe(0);
  });
});
