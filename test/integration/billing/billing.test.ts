import { afterAll, describe, expect, it } from 'vitest';
import { DynamoStalledBuilds } from '../../../shared/adapters/aws/billing-builds-dynamodb';
import { providerPayoutsAccountId } from '../../../shared/domain/billing/accounts';
import { statementIdFor } from '../../../shared/domain/billing/ids';
import { nudgeStalledRun, startRun } from '../../../shared/domain/billing/runs';
import { silentLogger } from '../../../shared/logger';
import type { AgentStatement, CustomerBill, ProviderStatement } from '../../../shared/domain/billing/types';
import { crashingStatements, statementOf, type BillingWorld } from '../../fixtures/billing-world';
import {
  NOVEMBER_MID_MS,
  OCTOBER_TOTALS,
  NOVEMBER_RUN_MS,
  OCTOBER_RUN_MS,
  november,
  october,
  setUpParties,
  stalledOctober,
  type Parties,
} from '../../fixtures/billing-scenario';
import { dropTables, dynamo } from './tables';
import { realBillingWorld } from './world';

/**
 * Billing with every real adapter: DynamoDB Local (fresh ledger, core, reservations and
 * billing tables per test, so each test has its own calendar and activity index) and the
 * KMS signing key in moto. The queues are drained by the test, as in the unit tier.
 */
afterAll(dropTables);

/**
 * October billed on DynamoDB, where the first attempt to store a statement of `kind` dies after
 * its payout was posted; SQS delivers the failed message again (the drain requeues it), then the
 * period is billed again.
 */
const crashOnceAfterPosting = async (kind: 'provider_statement' | 'agent_statement', runId: string) => {
  const { world, transferCount } = await realBillingWorld();
  const parties = await setUpParties(world);
  await october(world, parties);
  world.clock.set(OCTOBER_RUN_MS);
  let crashes = 0;
  const crashing = crashingStatements(world.billing.statements, (record) => {
    if (record.kind !== kind || crashes > 0) return false;
    crashes += 1;
    return true;
  });
  await startRun(world.billing, { period: '2026-10', runId, trigger: 'operator', requestedBy: 'test' });
  await world.drain({ ...world.billing, statements: crashing });
  const afterRedelivery = await transferCount();
  const rerun = await world.bill('2026-10');
  return { world, parties, crashes, afterRedelivery, rerun, transferCount };
};
const documentsOf = async (world: BillingWorld, parties: Parties) =>
  Promise.all(
    [
      statementIdFor('2026-10', 'provider', parties.provider.id, 'JPY'),
      statementIdFor('2026-10', 'customer', parties.c1.id, 'JPY'),
      statementIdFor('2026-10', 'customer', parties.c2.id, 'JPY'),
      statementIdFor('2026-10', 'agent', parties.agent.id, 'JPY'),
    ].map(async (id) => {
      const record = await world.billing.statements.get(id);
      if (record === undefined) throw new Error(`no statement ${id}`);
      return [await world.billing.statements.document(record, 'json'), await world.billing.statements.document(record, 'csv')];
    }),
  );

describe('billing on DynamoDB and KMS', () => {
  it('bills a month with both routes, a reservation and refunds exactly, carries a refund after payout, and reconciles', async () => {
    // Prepare
    const { world } = await realBillingWorld();
    const parties = await setUpParties(world);
    const bought = await october(world, parties);
    world.clock.set(OCTOBER_RUN_MS);

    // Act
    const octoberRun = await world.bill('2026-10');
    world.clock.set(NOVEMBER_MID_MS);
    await november(world, parties, bought.s1.id);
    world.clock.set(NOVEMBER_RUN_MS);
    const novemberRun = await world.bill('2026-11');

    // Assess
    expect(octoberRun).toMatchObject({ status: 'completed', progress: { partiesTotal: 4, partiesDone: 4, partiesFailed: 0 } });
    expect(octoberRun.reconciliation?.ok).toBe(true);
    const octoberStatement = await statementOf<ProviderStatement>(world, '2026-10', 'provider', parties.provider.id);
    expect(octoberStatement.lines.map((line) => line.offerId ?? line.channelId)).toEqual([
      parties.o1.id,
      parties.o2.id,
      parties.o1.id,
      parties.o1.id,
      bought.channel.id,
      undefined,
    ]);
    expect((await statementOf<ProviderStatement>(world, '2026-10', 'provider', parties.provider.id)).totals).toEqual(
      OCTOBER_TOTALS.provider,
    );
    expect((await statementOf<CustomerBill>(world, '2026-10', 'customer', parties.c1.id)).totals).toEqual(OCTOBER_TOTALS.c1);
    expect((await statementOf<CustomerBill>(world, '2026-10', 'customer', parties.c2.id)).totals).toEqual(OCTOBER_TOTALS.c2);
    expect(novemberRun).toMatchObject({ status: 'completed', reconciliation: { ok: true } });
    expect((await statementOf<ProviderStatement>(world, '2026-11', 'provider', parties.provider.id)).totals).toMatchObject({
      grossMinor: 3_000,
      adjustmentsMinor: -850,
      netPayoutMinor: 1_850,
      closingBalanceMinor: 0,
    });
    // The provider's payouts and October's carrier fee (November's refund leaves the carrier a debit, carried forward).
    expect((await world.baseLedger.getAccount(providerPayoutsAccountId('JPY'))).balances.posted).toBe(
      OCTOBER_TOTALS.provider.netPayoutMinor + 1_850 + 50,
    );
  });

  it('posts nothing when the period is billed again and answers the same bytes and signatures', async () => {
    // Prepare
    const { world, transferCount } = await realBillingWorld();
    const parties = await setUpParties(world);
    await october(world, parties);
    world.clock.set(OCTOBER_RUN_MS);
    await world.bill('2026-10');
    const transfers = await transferCount();
    const documents = await documentsOf(world, parties);

    // Act
    world.clock.advanceSeconds(3_600);
    const again = await world.bill('2026-10');

    // Assess
    expect(again.status).toBe('completed');
    expect(await transferCount()).toBe(transfers);
    expect(await documentsOf(world, parties)).toEqual(documents);
  });

  it('ends with one payout and one statement when the worker crashed after posting and before storing', async () => {
    // Prepare and act: the first attempt to store the provider's statement dies after its payout
    // was posted; SQS delivers the message again, then the period is billed again.
    const { world, parties, crashes, afterRedelivery, rerun, transferCount } = await crashOnceAfterPosting(
      'provider_statement',
      'run-crash',
    );

    // Assess
    expect(crashes).toBe(1);
    expect((await world.billing.runs.getRun('run-crash'))?.status).toBe('completed');
    expect(rerun.status).toBe('completed');
    expect(await transferCount()).toBe(afterRedelivery);
    const payouts = await world.ledgerEntries.listEntries(providerPayoutsAccountId('JPY'), { limit: 10 });
    expect(payouts.entries.map((entry) => entry.amountMinor).sort((a, b) => a - b)).toEqual([
      50,
      OCTOBER_TOTALS.provider.netPayoutMinor,
    ]);
    const listed = await world.billing.statements.listForParty({
      partyId: parties.provider.id,
      kinds: ['provider_statement'],
      limit: 10,
      bytesMax: 10_000_000,
    });
    expect(listed.records.map((record) => record.period)).toEqual(['2026-10']);
  });

  it('completes a run whose last message was dead-lettered while finalizing, after one nudge, with the same statements', async () => {
    // Prepare: every party billed and recorded, but the finalizing of the last batch died reading the outcomes and
    // its messages went to the dead-letter queue.
    const { world, transferCount, billingTableName } = await realBillingWorld();
    const { parties, run } = await stalledOctober(world, 'outcomes');
    const stalled = await world.billing.runs.getRun(run.id);
    const documents = await documentsOf(world, parties);
    const transfers = await transferCount();
    const nudgeDeps = {
      runs: world.billing.runs,
      queue: world.queue,
      builds: new DynamoStalledBuilds(dynamo().documentClient, billingTableName),
      logger: silentLogger,
      runNudgeAfterSeconds: 3_600,
    };
    world.clock.advanceSeconds(3_600);

    // Act
    const nudged = await nudgeStalledRun(nudgeDeps, world.clock.now());
    await world.drain();
    const again = await nudgeStalledRun(nudgeDeps, world.clock.now());

    // Assess
    expect(stalled).toMatchObject({ status: 'running', progress: { partiesTotal: 4, partiesDone: 4, partiesFailed: 0 } });
    expect(nudged).toEqual({ nudged: true, runId: run.id, period: '2026-10' });
    expect(await world.billing.runs.getRun(run.id)).toMatchObject({ status: 'completed', reconciliation: { ok: true } });
    expect((await world.billing.runs.calendar())?.lastCompletedPeriod).toBe('2026-10');
    expect(await documentsOf(world, parties)).toEqual(documents);
    expect(await transferCount()).toBe(transfers);
    expect((await statementOf<ProviderStatement>(world, '2026-10', 'provider', parties.provider.id)).totals).toEqual(
      OCTOBER_TOTALS.provider,
    );
    expect(again).toEqual({ nudged: false });
  });
});

describe('agent statements on DynamoDB and KMS', () => {
  const agentDocumentsOf = async (world: BillingWorld, period: string, agentIds: readonly string[]) =>
    Promise.all(
      agentIds.map(async (agentId) => {
        const record = await world.billing.statements.get(statementIdFor(period, 'agent', agentId, 'JPY'));
        if (record === undefined) throw new Error(`no agent statement of ${agentId} for ${period}`);
        return [await world.billing.statements.document(record, 'json'), await world.billing.statements.document(record, 'csv')];
      }),
    );

  it("states and pays a carrier's fees and a kiosk's top-up fees, carries a refund's returned fee forward, and a rerun answers the same bytes", async () => {
    // Prepare: a kiosk at 2.5 % tops up both customers in October (fees 100 and 50, rounded down); October's sales
    // (the carrier's fee of 50 on S1); S1 refunded in November, after October's payout.
    const { world, transferCount } = await realBillingWorld();
    const parties = await setUpParties(world);
    const kiosk = await world.agent(0, 250);
    await world.topUp(parties.c1.id, kiosk.id, 4_000);
    world.clock.advanceSeconds(60);
    await world.topUp(parties.c2.id, kiosk.id, 2_001);
    const bought = await october(world, parties);
    world.clock.set(OCTOBER_RUN_MS);

    // Act
    const octoberRun = await world.bill('2026-10');
    const documents = await agentDocumentsOf(world, '2026-10', [parties.agent.id, kiosk.id]);
    const transfers = await transferCount();
    world.clock.advanceSeconds(3_600);
    const octoberAgain = await world.bill('2026-10');
    const documentsAgain = await agentDocumentsOf(world, '2026-10', [parties.agent.id, kiosk.id]);
    const transfersAgain = await transferCount();
    world.clock.set(NOVEMBER_MID_MS);
    await november(world, parties, bought.s1.id);
    world.clock.set(NOVEMBER_RUN_MS);
    const novemberRun = await world.bill('2026-11');

    // Assess
    expect(octoberRun).toMatchObject({ status: 'completed', progress: { partiesTotal: 5, partiesDone: 5 } });
    expect(octoberRun.reconciliation?.currencies[0]).toMatchObject({
      providerCarrierFeesMinor: 50,
      agentCarrierFeesMinor: 50,
      carrierFeesMatch: true,
    });
    const carrier = await statementOf<AgentStatement>(world, '2026-10', 'agent', parties.agent.id);
    expect(carrier.lines.map(({ kind, reference, offerId, amountMinor }) => ({ kind, reference, offerId, amountMinor }))).toEqual(
      [
        { kind: 'carrier_fee', reference: bought.s1.id, offerId: parties.o1.id, amountMinor: 50 },
        { kind: 'payout', reference: undefined, offerId: undefined, amountMinor: -50 },
      ],
    );
    const kioskStatement = await statementOf<AgentStatement>(world, '2026-10', 'agent', kiosk.id);
    expect(kioskStatement.lines.map(({ kind, amountMinor }) => ({ kind, amountMinor }))).toEqual([
      { kind: 'topup_fee', amountMinor: 100 },
      { kind: 'topup_fee', amountMinor: 50 },
      { kind: 'payout', amountMinor: -150 },
    ]);
    expect(kioskStatement.totals).toMatchObject({ topUpFeesMinor: 150, netPayoutMinor: 150, closingBalanceMinor: 0 });
    expect(octoberAgain.status).toBe('completed');
    expect(documentsAgain).toEqual(documents);
    expect(transfersAgain).toBe(transfers);
    expect(novemberRun).toMatchObject({ status: 'completed', reconciliation: { ok: true } });
    const carrierNovember = await statementOf<AgentStatement>(world, '2026-11', 'agent', parties.agent.id);
    expect(carrierNovember.lines.map(({ kind, amountMinor, carriedForward }) => ({ kind, amountMinor, carriedForward }))).toEqual(
      [{ kind: 'carrier_fee_refund', amountMinor: -50, carriedForward: true }],
    );
    expect(carrierNovember.totals).toMatchObject({ adjustmentsMinor: -50, netPayoutMinor: 0, closingBalanceMinor: -50 });
    expect((await world.baseLedger.getAccount(world.accounts.agentFees(parties.agent.id))).balances.posted).toBe(-50);
    expect((await world.baseLedger.getAccount(world.accounts.agentFees(kiosk.id))).balances.posted).toBe(0);
  });

  it("posts one agent payout when the worker crashed after posting it and SQS delivered the agent's message again", async () => {
    // Prepare and act: the first attempt to store the carrier's statement dies after its payout
    // was posted; SQS delivers the message again, then the period is billed again.
    const { world, parties, crashes, afterRedelivery, rerun, transferCount } = await crashOnceAfterPosting(
      'agent_statement',
      'run-agent-crash',
    );

    // Assess
    expect(crashes).toBe(1);
    expect((await world.billing.runs.getRun('run-agent-crash'))?.status).toBe('completed');
    expect(rerun.status).toBe('completed');
    expect(await transferCount()).toBe(afterRedelivery);
    const payouts = await world.ledgerEntries.listEntries(providerPayoutsAccountId('JPY'), { limit: 10 });
    expect(payouts.entries.map((entry) => entry.amountMinor).sort((a, b) => a - b)).toEqual([
      50,
      OCTOBER_TOTALS.provider.netPayoutMinor,
    ]);
    expect((await world.baseLedger.getAccount(world.accounts.agentFees(parties.agent.id))).balances.posted).toBe(0);
    const listed = await world.billing.statements.listForParty({
      partyId: parties.agent.id,
      kinds: ['agent_statement'],
      limit: 10,
      bytesMax: 10_000_000,
    });
    expect(listed.records.map((record) => record.period)).toEqual(['2026-10']);
  });
});
