import { describe, expect, it } from 'vitest';
import { providerPayoutsAccountId } from '../../../shared/domain/billing/accounts';
import type { BillingDeps } from '../../../shared/domain/billing/deps';
import { statementIdFor } from '../../../shared/domain/billing/ids';
import { coordinateRun } from '../../../shared/domain/billing/coordinator';
import { startRun } from '../../../shared/domain/billing/runs';
import { processStatementBatch } from '../../../shared/domain/billing/statement-worker';
import type { ProviderStatement } from '../../../shared/domain/billing/types';
import { MemoryBillingQueue } from '../../../shared/adapters/memory/billing';
import { crashingStatements, makeBillingWorld, type BillingWorld } from '../../fixtures/billing-world';
import { OCTOBER_RUN_MS, OCTOBER_TOTALS, october, setUpParties, type Parties } from '../../fixtures/billing-scenario';

/**
 * Idempotent forever per (period, party): a rerun posts nothing and answers the stored bytes;
 * a crash at any step, retried (as SQS redelivers) or followed by a new run, ends with exactly
 * one payout, one collection and one statement per party.
 */
const PROVIDER_PAYOUT_MINOR = OCTOBER_TOTALS.provider.netPayoutMinor;
/** The carrier's fee on October's carrier-route sale, paid out on its agent statement. */
const CARRIER_PAYOUT_MINOR = 50;
/** Both payouts of October, each posted once. */
const OCTOBER_PAYOUTS = { count: 2, totalMinor: PROVIDER_PAYOUT_MINOR + CARRIER_PAYOUT_MINOR };

const preparedOctober = async (statementPageLines?: number) => {
  const world = makeBillingWorld(statementPageLines === undefined ? {} : { statementPageLines });
  const parties = await setUpParties(world);
  await october(world, parties);
  world.clock.set(OCTOBER_RUN_MS);
  return { world, parties };
};

const statementIds = (parties: Parties) => [
  statementIdFor('2026-10', 'provider', parties.provider.id, 'JPY'),
  statementIdFor('2026-10', 'customer', parties.c1.id, 'JPY'),
  statementIdFor('2026-10', 'customer', parties.c2.id, 'JPY'),
  statementIdFor('2026-10', 'agent', parties.agent.id, 'JPY'),
];

const documentsOf = async (world: BillingWorld, parties: Parties) =>
  Promise.all(
    statementIds(parties).map(async (id) => {
      const record = await world.billing.statements.get(id);
      if (record === undefined) throw new Error(`no statement ${id}`);
      const pages = await Promise.all(
        Array.from({ length: record.pageCount ?? 0 }, async (_, index) => [
          await world.billing.statements.page(record, index + 1, 'json'),
          await world.billing.statements.page(record, index + 1, 'csv'),
        ]),
      );
      return [
        await world.billing.statements.document(record, 'json'),
        await world.billing.statements.document(record, 'csv'),
        ...pages.flat(),
      ];
    }),
  );

/** Every billing payout is one entry on the payouts account; its posted balance is their sum. */
const payoutsOf = async (world: BillingWorld) => {
  const page = await world.ledgerEntries.listEntries(providerPayoutsAccountId('JPY'), { limit: 100 });
  return {
    count: page.entries.length,
    totalMinor: (await world.baseLedger.getAccount(providerPayoutsAccountId('JPY'))).balances.posted,
  };
};

type Mode = 'before' | 'after';

/** Ports that throw once, at the k-th call any of them receives: before the call takes effect, or after. */
const crashingAt = (deps: BillingDeps, step: number, mode: Mode): { deps: BillingDeps; calls: () => number } => {
  let calls = 0;
  const wrap = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(object, property) {
        const value: unknown = Reflect.get(object, property);
        if (typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          calls += 1;
          const current = calls;
          if (current === step && mode === 'before') throw new Error(`crash before step ${step}`);
          const result: unknown = await (value as (...parameters: unknown[]) => Promise<unknown>).apply(object, args);
          if (current === step && mode === 'after') throw new Error(`crash after step ${step}`);
          return result;
        };
      },
    });
  return {
    deps: {
      ...deps,
      runs: wrap(deps.runs),
      statements: wrap(deps.statements),
      history: wrap(deps.history),
      ledger: wrap(deps.ledger),
      catalog: wrap(deps.catalog),
      parties: wrap(deps.parties),
      signer: wrap(deps.signer),
      // The coordinator's statement messages and a statement's continuations (built across messages).
      queue: wrap(deps.queue),
    },
    calls: () => calls,
  };
};

describe('billing a period again', () => {
  it('posts no new ledger transfer and answers the same statement bytes and signatures', async () => {
    // Prepare
    const { world, parties } = await preparedOctober();
    const first = await world.bill('2026-10');
    const documents = await documentsOf(world, parties);
    const transfersBefore = world.baseLedger.created;

    // Act
    world.clock.advanceSeconds(86_400);
    const again = await world.bill('2026-10');

    // Assess
    expect(first.status).toBe('completed');
    expect(again.status).toBe('completed');
    expect(again.progress).toEqual(first.progress);
    expect(again.reconciliation).toEqual(first.reconciliation);
    expect(world.baseLedger.created).toBe(transfersBefore);
    expect(await documentsOf(world, parties)).toEqual(documents);
    expect(await payoutsOf(world)).toEqual(OCTOBER_PAYOUTS);
  });

  it('keeps the cut-off of the first run, so money moved since is on the next statement, not this one', async () => {
    // Prepare
    const { world, parties } = await preparedOctober();
    await world.bill('2026-10');
    await world.buy(parties.c2.id, { offerId: parties.o1.id });
    await world.deliverAll();

    // Act
    const again = await world.bill('2026-10');

    // Assess
    const record = await world.billing.statements.get(statementIdFor('2026-10', 'provider', parties.provider.id, 'JPY'));
    const statement = JSON.parse(
      await world.billing.statements.document(record as NonNullable<typeof record>, 'json'),
    ) as ProviderStatement;
    expect(again.status).toBe('completed');
    expect(statement.totals.grossMinor).toBe(5_600);
  });
});

describe('a crash at any step of a run', () => {
  const cleanRunCalls = async (statementPageLines?: number): Promise<number> => {
    const { world } = await preparedOctober(statementPageLines);
    const counting = crashingAt(world.billing, Number.MAX_SAFE_INTEGER, 'before');
    await startRun(world.billing, { period: '2026-10', runId: 'run-clean', trigger: 'operator', requestedBy: 'test' });
    await world.drain(counting.deps);
    return counting.calls();
  };

  // Whole statements, and pages of 2 lines: the provider statement and both bills paged (the carrier's stays whole).
  it.each([
    ['whole statements', undefined],
    ['pages of 2 lines', 2],
  ])(
    'ends, once SQS delivers the message again, with one payout, one collection and one statement per party (%s)',
    async (_label, statementPageLines) => {
      const steps = await cleanRunCalls(statementPageLines);
      expect(steps).toBeGreaterThan(20);
      for (const mode of ['before', 'after'] as const) {
        for (let step = 1; step <= steps; step += 1) {
          // Prepare
          const { world, parties } = await preparedOctober(statementPageLines);
          const crashing = crashingAt(world.billing, step, mode);
          await startRun(world.billing, { period: '2026-10', runId: `run-${step}`, trigger: 'operator', requestedBy: 'test' });

          // Act
          await world.drain(crashing.deps);

          // Assess
          const run = await world.billing.runs.getRun(`run-${step}`);
          expect(run?.status, `crash ${mode} step ${step}`).toBe('completed');
          expect(await payoutsOf(world), `crash ${mode} step ${step}`).toEqual(OCTOBER_PAYOUTS);
          expect(await world.posted(world.accounts.carrier(parties.c1.id))).toBe(0);
          const documents = await documentsOf(world, parties);
          expect(documents.map((texts) => texts.length)).toEqual(statementPageLines === undefined ? [2, 2, 2, 2] : [8, 6, 6, 2]);
        }
      }
    },
    // A run crashed at each of its steps, twice: seconds on an idle machine, more on a busy one (a budget, not an assertion).
    120_000,
  );

  it.each([
    ['provider', 'provider_statement'],
    ['agent', 'agent_statement'],
  ] as const)(
    'ends, when the worker crashed after posting the %s payout and before storing and only a new run follows, with one payout and one statement',
    async (partyKind, statementKind) => {
      // Prepare: the party's payout is posted, then the worker dies; its message is lost.
      const { world, parties } = await preparedOctober();
      const partyId = partyKind === 'provider' ? parties.provider.id : parties.agent.id;
      let crashed = false;
      const crashingStore = crashingStatements(world.billing.statements, (record) => {
        if (record.kind !== statementKind || crashed) return false;
        crashed = true;
        return true;
      });
      const lost = new MemoryBillingQueue();
      await startRun(
        { ...world.billing, queue: lost },
        { period: '2026-10', runId: 'run-crashed', trigger: 'operator', requestedBy: 'test' },
      );
      lost.runs.length = 0;
      await coordinateRun({ ...world.billing, queue: lost }, 'run-crashed');
      const messages = lost.statements.splice(0);
      await processStatementBatch(
        { ...world.billing, statements: crashingStore },
        messages.map((message, index) => ({ messageId: `m${index}`, body: JSON.stringify(message), receiveCount: 1 })),
      );
      expect(crashed).toBe(true);
      expect(await payoutsOf(world)).toEqual(OCTOBER_PAYOUTS);
      expect(await world.billing.statements.get(statementIdFor('2026-10', partyKind, partyId, 'JPY'))).toBeUndefined();

      // Act
      const rerun = await world.bill('2026-10');

      // Assess
      expect(rerun.status).toBe('completed');
      expect(await payoutsOf(world)).toEqual(OCTOBER_PAYOUTS);
      const stored = (world.billing.statements as unknown as { records: Map<string, unknown> }).records;
      expect([...stored.keys()].sort()).toEqual(statementIds(parties).sort());
    },
  );
});
