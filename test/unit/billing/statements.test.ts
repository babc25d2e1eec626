import { describe, expect, it } from 'vitest';
import type { AgentStatement, CustomerBill, ProviderStatement } from '../../../shared/domain/billing/types';
import { makeBillingWorld, statementOf } from '../../fixtures/billing-world';
import {
  NOVEMBER_MID_MS,
  NOVEMBER_RUN_MS,
  OCTOBER_RUN_MS,
  november,
  october,
  billedOctober,
  setUpParties,
  OCTOBER_TOTALS,
} from '../../fixtures/billing-scenario';

const billOctober = async () => {
  const world = makeBillingWorld();
  return { world, ...(await billedOctober(world)) };
};

describe('a billed month: purchases on both routes, a reservation, a refund', () => {
  it('completes the run with one statement per party and a reconciliation that holds', async () => {
    // Prepare, Act
    const { run } = await billOctober();

    // Assess
    expect(run.status).toBe('completed');
    // Two customers, the provider and the carrier (its fee on s1: an agent statement).
    expect(run.progress).toEqual({ partiesTotal: 4, partiesDone: 4, partiesFailed: 0 });
    expect(run.reconciliation).toEqual({
      ok: true,
      mismatches: [],
      currencies: [
        {
          currency: 'JPY',
          customerChargesMinor: 5_600,
          providerGrossMinor: 5_600,
          customerRefundsMinor: 1_000,
          providerRefundsMinor: 1_000,
          salesMatch: true,
          refundsMatch: true,
          statementPlatformFeesMinor: 460,
          ledgerPlatformFeesMinor: 460,
          platformFeesMatch: true,
          providerCarrierFeesMinor: 50,
          agentCarrierFeesMinor: 50,
          carrierFeesMatch: true,
        },
      ],
    });
  });

  it("states the provider's gross, fees, refunds and payout exactly, and pays it out", async () => {
    // Prepare, Act
    const { world, parties, bought } = await billOctober();

    // Assess
    const statement = await statementOf<ProviderStatement>(world, '2026-10', 'provider', parties.provider.id);
    expect(statement.totals).toEqual(OCTOBER_TOTALS.provider);
    expect(
      statement.lines.map(
        ({ kind, reference, grossMinor, platformFeeMinor, carrierFeeMinor, netMinor, carriedForward, route }) => ({
          kind,
          reference,
          grossMinor,
          platformFeeMinor,
          carrierFeeMinor,
          netMinor,
          carriedForward,
          route,
        }),
      ),
    ).toEqual([
      {
        kind: 'sale',
        reference: bought.s1.id,
        grossMinor: 1_000,
        platformFeeMinor: -100,
        carrierFeeMinor: -50,
        netMinor: 850,
        carriedForward: false,
        route: 'carrier',
      },
      {
        kind: 'sale',
        reference: bought.s2.id,
        grossMinor: 3_000,
        platformFeeMinor: -300,
        carrierFeeMinor: 0,
        netMinor: 2_700,
        carriedForward: false,
        route: 'wallet',
      },
      {
        kind: 'sale',
        reference: bought.s3.id,
        grossMinor: 1_000,
        platformFeeMinor: -100,
        carrierFeeMinor: 0,
        netMinor: 900,
        carriedForward: false,
        route: 'wallet',
      },
      {
        kind: 'refund',
        reference: bought.s3.id,
        grossMinor: -1_000,
        platformFeeMinor: 100,
        carrierFeeMinor: 0,
        netMinor: -900,
        carriedForward: false,
        route: 'wallet',
      },
      {
        kind: 'sale',
        reference: bought.reservation.id,
        grossMinor: 600,
        platformFeeMinor: -60,
        carrierFeeMinor: 0,
        netMinor: 540,
        carriedForward: false,
        route: 'wallet',
      },
      {
        kind: 'payout',
        reference: undefined,
        grossMinor: 0,
        platformFeeMinor: 0,
        carrierFeeMinor: 0,
        netMinor: -4_090,
        carriedForward: false,
        route: undefined,
      },
    ]);
    expect(statement.lines[0]).toMatchObject({ offerId: parties.o1.id });
    expect(statement.lines[4]).toMatchObject({ channelId: bought.channel.id });
    expect(JSON.stringify(statement)).not.toContain(parties.c1.id);
    expect(await world.posted(world.accounts.revenue(parties.provider.id))).toBe(0);
    // The provider's payout and the carrier's (its fee of 50 on s1, on its agent statement).
    expect(await world.posted('payouts:JPY')).toBe(4_090 + 50);
    expect(await world.posted(world.accounts.agentFees(parties.agent.id))).toBe(0);
  });

  it("bills each customer's charges and refunds per route, and posts the carrier's collection", async () => {
    // Prepare, Act
    const { world, parties, bought } = await billOctober();

    // Assess
    const c1 = await statementOf<CustomerBill>(world, '2026-10', 'customer', parties.c1.id);
    expect(c1.totals).toEqual({
      chargesMinor: 4_000,
      refundsMinor: 0,
      totalMinor: 4_000,
      byRoute: { carrier: 1_000, wallet: 3_000 },
    });
    expect(
      c1.lines.map(({ kind, reference, amountMinor, route, providerId, offerId }) => ({
        kind,
        reference,
        amountMinor,
        route,
        providerId,
        offerId,
      })),
    ).toEqual([
      {
        kind: 'charge',
        reference: bought.s1.id,
        amountMinor: 1_000,
        route: 'carrier',
        providerId: parties.provider.id,
        offerId: parties.o1.id,
      },
      {
        kind: 'charge',
        reference: bought.s2.id,
        amountMinor: 3_000,
        route: 'wallet',
        providerId: parties.provider.id,
        offerId: parties.o2.id,
      },
      {
        kind: 'collection',
        reference: undefined,
        amountMinor: 1_000,
        route: 'carrier',
        providerId: undefined,
        offerId: undefined,
      },
    ]);
    const c2 = await statementOf<CustomerBill>(world, '2026-10', 'customer', parties.c2.id);
    expect(c2.totals).toEqual({
      chargesMinor: 1_600,
      refundsMinor: 1_000,
      totalMinor: 600,
      byRoute: { carrier: 0, wallet: 600 },
    });
    expect(c2.lines.map(({ kind, amountMinor, channelId }) => ({ kind, amountMinor, channelId }))).toEqual([
      { kind: 'charge', amountMinor: 1_000, channelId: undefined },
      { kind: 'refund', amountMinor: -1_000, channelId: undefined },
      { kind: 'charge', amountMinor: 600, channelId: bought.channel.id },
    ]);
    expect(await world.posted(world.accounts.carrier(parties.c1.id))).toBe(0);
    expect(await world.posted(`agent-cash:${parties.agent.id}:JPY`)).toBe(-(20_000 + 10_000) - 1_000);
  });

  it("bills a kiosk's top-up fees on its own agent statement and leaves the other statements, the collection and the reconciliation as they were", async () => {
    // Prepare: the scenario's month, with a kiosk at 2.5 % topping up both customers in October.
    const world = makeBillingWorld();
    const parties = await setUpParties(world);
    const kiosk = await world.agent(0, 250);
    await world.topUp(parties.c1.id, kiosk.id, 4_000);
    world.clock.advanceSeconds(60);
    await world.topUp(parties.c2.id, kiosk.id, 2_001);
    await october(world, parties);
    world.clock.set(OCTOBER_RUN_MS);

    // Act
    const run = await world.bill('2026-10');

    // Assess
    expect(run.status).toBe('completed');
    expect(run.progress).toEqual({ partiesTotal: 5, partiesDone: 5, partiesFailed: 0 });
    expect(run.reconciliation).toMatchObject({
      ok: true,
      currencies: [
        { customerChargesMinor: 5_600, providerGrossMinor: 5_600, ledgerPlatformFeesMinor: 460, agentCarrierFeesMinor: 50 },
      ],
    });
    const kioskStatement = await statementOf<AgentStatement>(world, '2026-10', 'agent', kiosk.id);
    expect(kioskStatement.lines.map(({ kind, amountMinor, carriedForward }) => ({ kind, amountMinor, carriedForward }))).toEqual([
      { kind: 'topup_fee', amountMinor: 100, carriedForward: false },
      { kind: 'topup_fee', amountMinor: 50, carriedForward: false },
      { kind: 'payout', amountMinor: -150, carriedForward: false },
    ]);
    expect(kioskStatement.totals).toEqual({
      carrierFeesMinor: 0,
      carrierFeeRefundsMinor: 0,
      topUpFeesMinor: 150,
      adjustmentsMinor: 0,
      netPayoutMinor: 150,
      openingBalanceMinor: 0,
      closingBalanceMinor: 0,
    });
    const provider = await statementOf<ProviderStatement>(world, '2026-10', 'provider', parties.provider.id);
    const c1 = await statementOf<CustomerBill>(world, '2026-10', 'customer', parties.c1.id);
    const c2 = await statementOf<CustomerBill>(world, '2026-10', 'customer', parties.c2.id);
    expect(provider.totals).toEqual(OCTOBER_TOTALS.provider);
    expect(c1.totals).toEqual(OCTOBER_TOTALS.c1);
    expect(c2.totals).toEqual(OCTOBER_TOTALS.c2);
    expect(c1.lines.find((line) => line.kind === 'collection')?.amountMinor).toBe(1_000);
    expect(await world.posted(`agent-cash:${parties.agent.id}:JPY`)).toBe(-(20_000 + 10_000) - 1_000);
    expect(await world.posted(`agent-cash:${kiosk.id}:JPY`)).toBe(-(4_000 + 100) - (2_001 + 50));
    expect(await world.posted(world.accounts.agentFees(kiosk.id))).toBe(0);
    expect(await world.posted(world.accounts.wallet(parties.c1.id))).toBe(20_000 + 4_000 - 3_000);
  });

  it('carries a refund made after the payout to the next statement as an adjustment, and reconciles that month too', async () => {
    // Prepare
    const { world, parties, bought } = await billOctober();
    world.clock.set(NOVEMBER_MID_MS);
    await november(world, parties, bought.s1.id);
    world.clock.set(NOVEMBER_RUN_MS);

    // Act
    const run = await world.bill('2026-11');

    // Assess
    expect(run.status).toBe('completed');
    expect(run.reconciliation?.currencies[0]).toMatchObject({
      customerChargesMinor: 3_000,
      customerRefundsMinor: 1_000,
      statementPlatformFeesMinor: 200,
      ledgerPlatformFeesMinor: 200,
    });
    const statement = await statementOf<ProviderStatement>(world, '2026-11', 'provider', parties.provider.id);
    expect(statement.totals).toEqual({
      grossMinor: 3_000,
      platformFeesMinor: 300,
      carrierFeesMinor: 0,
      refundsMinor: 0,
      adjustmentsMinor: -850,
      netPayoutMinor: 1_850,
      openingBalanceMinor: 0,
      closingBalanceMinor: 0,
    });
    expect(statement.lines[0]).toMatchObject({
      kind: 'refund',
      reference: bought.s1.id,
      grossMinor: -1_000,
      platformFeeMinor: 100,
      carrierFeeMinor: 50,
      netMinor: -850,
      carriedForward: true,
    });
    const c1 = await statementOf<CustomerBill>(world, '2026-11', 'customer', parties.c1.id);
    expect(c1.totals).toEqual({
      chargesMinor: 0,
      refundsMinor: 1_000,
      totalMinor: -1_000,
      byRoute: { carrier: -1_000, wallet: 0 },
    });
    expect(c1.lines.map((line) => line.kind)).toEqual(['refund']);
    expect(await world.posted(world.accounts.carrier(parties.c1.id))).toBe(1_000);
  });

  it('carries a debit forward when refunds exceed sales, and nets a customer credit against the next collection', async () => {
    // Prepare: November has only the refund of S1; December one more carrier purchase.
    const { world, parties, bought } = await billOctober();
    world.clock.set(NOVEMBER_MID_MS);
    const { refundPurchase } = await import('../../../shared/domain/purchases/refund');
    await refundPurchase(world.refundDeps, world.operator, bought.s1.id);
    world.clock.set(NOVEMBER_RUN_MS);
    await world.bill('2026-11');
    await world.buy(parties.c1.id, { offerId: parties.o1.id });
    await world.deliverAll();
    world.clock.set(Date.parse('2027-01-02T00:00:00.000Z'));

    // Act
    const run = await world.bill('2026-12');

    // Assess
    expect(run.status).toBe('completed');
    const novemberStatement = await statementOf<ProviderStatement>(world, '2026-11', 'provider', parties.provider.id);
    expect(novemberStatement.totals).toMatchObject({ adjustmentsMinor: -850, netPayoutMinor: 0, closingBalanceMinor: -850 });
    const december = await statementOf<ProviderStatement>(world, '2026-12', 'provider', parties.provider.id);
    expect(december.totals).toEqual({
      grossMinor: 1_000,
      platformFeesMinor: 100,
      carrierFeesMinor: 50,
      refundsMinor: 0,
      adjustmentsMinor: 0,
      netPayoutMinor: 0,
      openingBalanceMinor: -850,
      closingBalanceMinor: 0,
    });
    const c1 = await statementOf<CustomerBill>(world, '2026-12', 'customer', parties.c1.id);
    expect(c1.lines.map(({ kind, amountMinor }) => ({ kind, amountMinor }))).toEqual([
      { kind: 'balance_forward', amountMinor: -1_000 },
      { kind: 'charge', amountMinor: 1_000 },
    ]);
  });
});
