import { describe, expect, it } from 'vitest';
import { coordinateRun } from '../../../shared/domain/billing/coordinator';
import { statementIdFor } from '../../../shared/domain/billing/ids';
import { startRun } from '../../../shared/domain/billing/runs';
import type { CustomerBill, ProviderStatement, RunRecord } from '../../../shared/domain/billing/types';
import { isDomainError } from '../../../shared/errors';
import { createTransfer } from '../../fixtures/transfers';
import { makeBillingWorld, statementOf, type BillingWorld } from '../../fixtures/billing-world';
import { NOVEMBER_MID_MS, NOVEMBER_RUN_MS, OCTOBER_RUN_MS, billedOctober, november } from '../../fixtures/billing-scenario';

/**
 * Money that moved for a party with no statement yet, dated into a period that was billed
 * already (an operator's backdated transfer). A party's first statement takes what came before
 * its period as its opening balance; what was recorded after the previous period's cut-off moved
 * after every earlier run and is a carried-forward line instead, as on any later statement. Either
 * way it is on the statement of the run that first sees it, and the run reconciles.
 */

const transfer = (
  world: BillingWorld,
  id: string,
  debitAccountId: string,
  creditAccountId: string,
  amountMinor: number,
  effectiveDay: string,
) =>
  world.ledger.createTransfers([
    {
      ...createTransfer(id, debitAccountId, creditAccountId, amountMinor),
      reference: id,
      effectiveAt: `${effectiveDay}T00:00:00.000Z`,
    },
  ]);

/** October billed (the scenario's parties and purchases) and the clock in mid-November, where each case's money is recorded. */
const octoberBilled = async () => {
  const world = makeBillingWorld();
  const billed = await billedOctober(world);
  world.clock.set(NOVEMBER_MID_MS);
  return { world, ...billed };
};

/**
 * The scenario's November activity (which moves the platform fee account too) and a new
 * provider's 500 fee rebate dated into October: the provider, whose only money it is.
 */
const novemberWithRebateToNewProvider = async ({ world, parties, bought }: Awaited<ReturnType<typeof octoberBilled>>) => {
  await november(world, parties, bought.s1.id);
  const late = await world.provider({ trusted: true, platformFeeBps: 0 });
  await transfer(world, 'p3-back', world.accounts.platform(), world.accounts.revenue(late.id), 500, '2026-10-10');
  return late;
};

const hasStatement = async (world: BillingWorld, period: string, kind: 'customer' | 'provider', partyId: string) =>
  (await world.billing.statements.get(statementIdFor(period, kind, partyId, 'JPY'))) !== undefined;

/** The lines' figures that matter here. */
const providerLines = (statement: ProviderStatement) =>
  statement.lines.map(({ kind, netMinor, platformFeeMinor, carriedForward, transferIds }) => ({
    kind,
    netMinor,
    platformFeeMinor,
    carriedForward,
    transferIds,
  }));

describe('a backdated transfer to a provider that has no statement yet (probe n F1)', () => {
  it('is a carried-forward line of its first statement, paid out, and the run reconciles', async () => {
    // Prepare: October billed; in November a new provider gets a fee rebate dated into October,
    // beside the scenario's November activity (which moves the platform fee account too).
    const october = await octoberBilled();
    const { world } = october;
    const late = await novemberWithRebateToNewProvider(october);
    world.clock.set(NOVEMBER_RUN_MS);

    // Act
    const run = await world.bill('2026-11');

    // Assess
    expect(run.status).toBe('completed');
    expect(run.reconciliation).toMatchObject({ ok: true, mismatches: [] });
    expect(run.reconciliation?.currencies[0]).toMatchObject({
      statementPlatformFeesMinor: 300 - 100 - 500,
      ledgerPlatformFeesMinor: 300 - 100 - 500,
    });
    const statement = await statementOf<ProviderStatement>(world, '2026-11', 'provider', late.id);
    expect(statement.totals).toEqual({
      grossMinor: 0,
      platformFeesMinor: 0,
      carrierFeesMinor: 0,
      refundsMinor: 0,
      adjustmentsMinor: 500,
      netPayoutMinor: 500,
      openingBalanceMinor: 0,
      closingBalanceMinor: 0,
    });
    expect(providerLines(statement)).toEqual([
      { kind: 'adjustment', netMinor: 500, platformFeeMinor: 0, carriedForward: true, transferIds: ['p3-back'] },
      { kind: 'payout', netMinor: -500, platformFeeMinor: 0, carriedForward: false, transferIds: [expect.any(String)] },
    ]);
    expect(await world.posted(world.accounts.revenue(late.id))).toBe(0);
  });

  it('is on a statement when it is the only movement of the currency in the run, and is not billed twice', async () => {
    // Prepare: October billed; in November nothing moves but the backdated transfer.
    const { world } = await octoberBilled();
    const late = await world.provider({ trusted: true, platformFeeBps: 0 });
    await transfer(world, 'p3-only', world.accounts.platform(), world.accounts.revenue(late.id), 300, '2026-10-20');
    world.clock.set(NOVEMBER_RUN_MS);

    // Act
    const run = await world.bill('2026-11');
    world.clock.set(Date.parse('2026-12-15T00:00:00.000Z'));
    await transfer(world, 'p3-dec', world.accounts.platform(), world.accounts.revenue(late.id), 7, '2026-12-05');
    world.clock.set(Date.parse('2027-01-02T00:00:00.000Z'));
    const december = await world.bill('2026-12');

    // Assess
    expect(run).toMatchObject({ status: 'completed', progress: { partiesTotal: 1, partiesDone: 1, partiesFailed: 0 } });
    expect(run.reconciliation?.currencies).toEqual([
      expect.objectContaining({ currency: 'JPY', statementPlatformFeesMinor: -300, ledgerPlatformFeesMinor: -300 }),
    ]);
    const statement = await statementOf<ProviderStatement>(world, '2026-11', 'provider', late.id);
    expect(statement.totals).toMatchObject({ adjustmentsMinor: 300, netPayoutMinor: 300, openingBalanceMinor: 0 });
    expect(december.status).toBe('completed');
    const next = await statementOf<ProviderStatement>(world, '2026-12', 'provider', late.id);
    expect(next.totals).toMatchObject({ openingBalanceMinor: 0, adjustmentsMinor: 7, netPayoutMinor: 7 });
  });
});

describe('a backdated carrier-account movement of a party that has no statement yet (probe n F4)', () => {
  it('bills a customer with no bill yet for it in the run that pays the provider, and the carrier collects it', async () => {
    // Prepare: October billed; in November a new carrier customer's account is charged 700 for
    // the scenario's provider, dated into October.
    const { world, parties } = await octoberBilled();
    const c4 = await world.customer({ agentId: parties.agent.id, creditLimitMinor: 5_000 });
    await transfer(
      world,
      'c4-back',
      world.accounts.carrier(c4.id),
      world.accounts.revenue(parties.provider.id),
      700,
      '2026-10-15',
    );
    world.clock.set(NOVEMBER_RUN_MS);

    // Act
    const run = await world.bill('2026-11');

    // Assess: the provider is paid the 700, the customer is billed it, the carrier collects it.
    expect(run.status).toBe('completed');
    expect(run.reconciliation).toMatchObject({ ok: true, mismatches: [] });
    const provider = await statementOf<ProviderStatement>(world, '2026-11', 'provider', parties.provider.id);
    expect(provider.totals).toMatchObject({ adjustmentsMinor: 700, netPayoutMinor: 700 });
    const bill = await statementOf<CustomerBill>(world, '2026-11', 'customer', c4.id);
    expect(bill.lines.map(({ kind, amountMinor, transferId }) => ({ kind, amountMinor, transferId }))).toEqual([
      { kind: 'adjustment', amountMinor: 700, transferId: 'c4-back' },
      { kind: 'collection', amountMinor: 700, transferId: expect.any(String) },
    ]);
    expect(await world.posted(world.accounts.carrier(c4.id))).toBe(0);
    const collections = await world.billing.statements.collections('2026-11', parties.agent.id, { limit: 10 });
    expect(collections.records.map(({ customerId, amountMinor }) => ({ customerId, amountMinor }))).toContainEqual({
      customerId: c4.id,
      amountMinor: 700,
    });
  });

  it('pays a provider with no statement yet what a billed customer was charged for it (the mirror case)', async () => {
    // Prepare: October billed; in November the operator charges C1's carrier account 400 for a
    // new provider, dated into October.
    const { world, parties } = await octoberBilled();
    const pn = await world.provider({ trusted: true, platformFeeBps: 0 });
    await transfer(world, 'f4b', world.accounts.carrier(parties.c1.id), world.accounts.revenue(pn.id), 400, '2026-10-20');
    world.clock.set(NOVEMBER_RUN_MS);

    // Act
    const run = await world.bill('2026-11');

    // Assess
    expect(run.status).toBe('completed');
    const bill = await statementOf<CustomerBill>(world, '2026-11', 'customer', parties.c1.id);
    expect(
      bill.lines
        .filter((line) => line.kind !== 'charge' && line.kind !== 'refund')
        .map(({ kind, amountMinor }) => [kind, amountMinor]),
    ).toEqual([
      ['adjustment', 400],
      ['collection', 400],
    ]);
    const statement = await statementOf<ProviderStatement>(world, '2026-11', 'provider', pn.id);
    expect(providerLines(statement)).toEqual([
      { kind: 'adjustment', netMinor: 400, platformFeeMinor: 0, carriedForward: true, transferIds: ['f4b'] },
      { kind: 'payout', netMinor: -400, platformFeeMinor: 0, carriedForward: false, transferIds: [expect.any(String)] },
    ]);
    expect(await world.posted(world.accounts.revenue(pn.id))).toBe(0);
  });
  it('bills a customer and pays a provider that both have no statement yet', async () => {
    // Prepare: October billed; a new carrier customer is charged for a new provider, dated into September.
    const { world, parties } = await octoberBilled();
    const p5 = await world.provider({ trusted: true, platformFeeBps: 0 });
    const c5 = await world.customer({ agentId: parties.agent.id, creditLimitMinor: 5_000 });
    await transfer(world, 'c5-sep', world.accounts.carrier(c5.id), world.accounts.revenue(p5.id), 250, '2026-09-20');
    world.clock.set(NOVEMBER_RUN_MS);

    // Act
    const run = await world.bill('2026-11');

    // Assess: the 250 is a carried-forward line of both first statements.
    expect(run.status).toBe('completed');
    const statement = await statementOf<ProviderStatement>(world, '2026-11', 'provider', p5.id);
    expect(statement.totals).toMatchObject({ openingBalanceMinor: 0, adjustmentsMinor: 250, netPayoutMinor: 250 });
    const bill = await statementOf<CustomerBill>(world, '2026-11', 'customer', c5.id);
    expect(bill.lines.map(({ kind, amountMinor }) => [kind, amountMinor])).toEqual([
      ['adjustment', 250],
      ['collection', 250],
    ]);
  });
});

describe('a first statement whose only money came before billing started', () => {
  it('opens with it when the period opened the billing calendar', async () => {
    // Prepare: money dated into September, recorded in October; October is the first period billed.
    const world = makeBillingWorld();
    const provider = await world.provider({ trusted: true, platformFeeBps: 0 });
    const agent = await world.agent();
    const customer = await world.customer({ agentId: agent.id, creditLimitMinor: 5_000 });
    await transfer(world, 'sep', world.accounts.carrier(customer.id), world.accounts.revenue(provider.id), 250, '2026-09-20');
    world.clock.set(OCTOBER_RUN_MS);

    // Act
    const run = await world.bill('2026-10');

    // Assess
    expect(run.status).toBe('completed');
    const statement = await statementOf<ProviderStatement>(world, '2026-10', 'provider', provider.id);
    expect(statement.totals).toMatchObject({
      openingBalanceMinor: 250,
      adjustmentsMinor: 0,
      netPayoutMinor: 250,
      closingBalanceMinor: 0,
    });
    expect(statement.lines.map((line) => line.kind)).toEqual(['payout']);
    const bill = await statementOf<CustomerBill>(world, '2026-10', 'customer', customer.id);
    expect(bill.lines.map(({ kind, amountMinor }) => [kind, amountMinor])).toEqual([
      ['balance_forward', 250],
      ['collection', 250],
    ]);
    expect(await world.posted(world.accounts.carrier(customer.id))).toBe(0);
    expect(await world.posted(world.accounts.revenue(provider.id))).toBe(0);
  });
});

describe('a period whose run failed because a first statement was dropped (a deployment stuck before the fix)', () => {
  /**
   * The run as the code before the fix made it: the worker found nothing to bill for the party
   * whose only movement was backdated, recorded it done without a statement, and the run failed
   * reconciliation. The other parties are billed by the real worker.
   */
  const billAsBeforeTheFix = async (world: BillingWorld, period: string, droppedPartyId: string): Promise<RunRecord> => {
    const runId = 'run-before-the-fix';
    await startRun(world.billing, { period, runId, trigger: 'schedule', requestedBy: 'system:billing-schedule' });
    for (let runMessage = world.queue.runs.shift(); runMessage !== undefined; runMessage = world.queue.runs.shift()) {
      await coordinateRun(world.billing, runMessage);
    }
    const dropped = world.queue.statements.filter((message) => message.partyId === droppedPartyId);
    world.queue.statements.splice(
      0,
      world.queue.statements.length,
      ...world.queue.statements.filter((message) => message.partyId !== droppedPartyId),
    );
    for (const message of dropped) {
      await world.billing.runs.recordOutcome({
        runId,
        kind: message.kind,
        partyId: message.partyId,
        currency: message.currency,
        result: 'done',
      });
    }
    await world.drain();
    const run = await world.billing.runs.getRun(runId);
    if (run === undefined) throw new Error('no run');
    return run;
  };

  it('completes when it is run again, with the dropped statement, and the next period can be billed', async () => {
    // Prepare: October billed; November's run failed as before the fix.
    const october = await octoberBilled();
    const { world } = october;
    const late = await novemberWithRebateToNewProvider(october);
    world.clock.set(NOVEMBER_RUN_MS);
    const failed = await billAsBeforeTheFix(world, '2026-11', late.id);
    expect(failed).toMatchObject({ status: 'failed', reconciliation: { ok: false } });
    expect(await hasStatement(world, '2026-11', 'provider', late.id)).toBe(false);
    world.clock.set(Date.parse('2027-01-02T00:00:00.000Z'));
    const blocked = await startRun(world.billing, {
      period: '2026-12',
      runId: 'run-dec',
      trigger: 'operator',
      requestedBy: 'op',
    }).catch((error: unknown) => error);
    expect(isDomainError(blocked) && blocked.code).toBe('PREVIOUS_PERIOD_NOT_BILLED');

    // Act: the operator reruns the failed period (docs/operations.md), then bills the next one.
    const rerun = await world.bill('2026-11');
    const december = await world.bill('2026-12');

    // Assess: same cut-off, the dropped statement is there and paid, the run reconciles.
    expect(rerun).toMatchObject({ status: 'completed', asOfMs: failed.asOfMs, reconciliation: { ok: true, mismatches: [] } });
    const statement = await statementOf<ProviderStatement>(world, '2026-11', 'provider', late.id);
    expect(statement.totals).toMatchObject({ adjustmentsMinor: 500, netPayoutMinor: 500 });
    expect(await world.posted(world.accounts.revenue(late.id))).toBe(0);
    expect(december.status).toBe('completed');
  });
});
