import { describe, expect, it } from 'vitest';
import type { CustomerBill, ProviderStatement } from '../../../shared/domain/billing/types';
import {
  chargeLegOf,
  purchaseLegTransferIdFor,
  purchaseReversalTransferIdFor,
  reservationLegTransferIdFor,
} from '../../../shared/domain/payments/charge-legs';
import { refundOperations, settlementLegs, settlementOperations } from '../../../shared/domain/purchases/purchase';
import { makeBillingWorld, statementOf } from '../../fixtures/billing-world';
import { NOVEMBER_MID_MS, NOVEMBER_RUN_MS, november, billedOctober } from '../../fixtures/billing-scenario';
import { createTransfer } from '../../fixtures/transfers';

describe('chargeLegOf: what a transfer is to a purchase or reservation', () => {
  it("names every leg of a purchase's settlement and of its refund, by the purchase its reference names", async () => {
    // Prepare
    const world = makeBillingWorld();
    const { bought } = await billedOctober(world);
    const purchase = await world.purchases.get(bought.s1.id);
    if (purchase === undefined) throw new Error('no purchase');

    // Act
    const settled = settlementOperations(purchase, settlementLegs(purchase).legs).map((operation) =>
      chargeLegOf({ id: operation.id ?? '', reference: purchase.id }),
    );
    const refunded = refundOperations(purchase, settlementLegs(purchase).legs).map((operation) =>
      chargeLegOf({
        id: operation.id ?? '',
        reference: purchase.id,
        reversesTransferId: operation.action === 'create' ? operation.reversesTransferId : undefined,
      }),
    );

    // Assess
    expect(settled).toEqual([
      { chargeId: purchase.id, leg: 'post', reversal: false },
      { chargeId: purchase.id, leg: 'platformFee', reversal: false },
      { chargeId: purchase.id, leg: 'carrierFee', reversal: false },
    ]);
    expect(refunded).toEqual([
      { chargeId: purchase.id, leg: 'post', reversal: true },
      { chargeId: purchase.id, leg: 'platformFee', reversal: true },
      { chargeId: purchase.id, leg: 'carrierFee', reversal: true },
    ]);
  });

  it("names a reservation's capture legs as they were written to the ledger", async () => {
    // Prepare
    const world = makeBillingWorld();
    const { bought } = await billedOctober(world);
    const reservationId = bought.reservation.id;

    // Act
    const post = await world.baseLedger.getTransfer(reservationLegTransferIdFor(reservationId, 'post'));
    const fee = await world.baseLedger.getTransfer(reservationLegTransferIdFor(reservationId, 'platformFee'));

    // Assess
    expect(chargeLegOf(post)).toEqual({ chargeId: reservationId, leg: 'post', reversal: false });
    expect(chargeLegOf(fee)).toEqual({ chargeId: reservationId, leg: 'platformFee', reversal: false });
  });

  it('is undefined for any other transfer, whatever accounts, code or reference it has', () => {
    const purchaseId = 'pur_abc';
    expect(chargeLegOf({ id: 'fee-rebate-1', reference: 'goodwill fee rebate' })).toBeUndefined();
    expect(chargeLegOf({ id: 'fee-rebate-2', reference: purchaseId })).toBeUndefined();
    expect(chargeLegOf({ id: purchaseLegTransferIdFor(purchaseId, 'platformFee') })).toBeUndefined();
    // Another purchase's leg id, or a leg id under another purchase's reference.
    expect(chargeLegOf({ id: purchaseLegTransferIdFor('pur_other', 'post'), reference: purchaseId })).toBeUndefined();
    // A reversal id that reverses something else than its leg.
    expect(
      chargeLegOf({ id: purchaseReversalTransferIdFor(purchaseId, 'post'), reference: purchaseId, reversesTransferId: 'x' }),
    ).toBeUndefined();
    expect(chargeLegOf({ id: reservationLegTransferIdFor('rsv_a', 'post'), reference: 'rsv_b' })).toBeUndefined();
  });
});

describe("an operator's transfers on a provider's or customer's accounts, billed", () => {
  it('are adjustment lines, never sales, fees or charges, and the run still reconciles', async () => {
    // Prepare: October billed; in November S1 is refunded and S4 bought, and the operator moves money.
    const world = makeBillingWorld();
    const { parties, bought } = await billedOctober(world);
    world.clock.set(NOVEMBER_MID_MS);
    await november(world, parties, bought.s1.id);
    await world.baseLedger.createAccount({ id: 'ops-goodwill:JPY', currency: 'JPY' });
    const revenue = world.accounts.revenue(parties.provider.id);
    const operatorTransfer = async (
      id: string,
      debitAccountId: string,
      creditAccountId: string,
      amountMinor: number,
      effectiveAt?: string,
    ) =>
      world.ledger.createTransfers([
        {
          ...createTransfer(id, debitAccountId, creditAccountId, amountMinor),
          reference: `goodwill ${id}`,
          ...(effectiveAt === undefined ? {} : { effectiveAt }),
        },
      ]);
    await operatorTransfer('op-fee-rebate', world.accounts.platform(), revenue, 500);
    await operatorTransfer('op-credit', 'ops-goodwill:JPY', revenue, 40);
    await operatorTransfer('op-fee-charge', revenue, world.accounts.platform(), 70);
    await operatorTransfer('op-carrier-fee-rebate', world.accounts.agentFees(parties.agent.id), revenue, 30);
    await operatorTransfer('op-from-wallet', world.accounts.wallet(parties.c2.id), revenue, 25);
    await operatorTransfer('op-from-carrier', world.accounts.carrier(parties.c1.id), revenue, 15);
    // Backdated into October, recorded after October's statement: carried forward.
    await operatorTransfer('op-backdated-rebate', world.accounts.platform(), revenue, 9, '2026-10-20T00:00:00.000Z');
    world.clock.set(NOVEMBER_RUN_MS);

    // Act
    const run = await world.bill('2026-11');

    // Assess
    expect(run.status).toBe('completed');
    expect(run.reconciliation).toMatchObject({ ok: true, mismatches: [] });
    expect(run.reconciliation?.currencies[0]).toMatchObject({
      customerChargesMinor: 3_000,
      providerGrossMinor: 3_000,
      customerRefundsMinor: 1_000,
      providerRefundsMinor: 1_000,
      // S4's fee and S1's refunded fee, and what the operator moved with the platform fee account.
      statementPlatformFeesMinor: 300 - 100 - 500 + 70 - 9,
      ledgerPlatformFeesMinor: 300 - 100 - 500 + 70 - 9,
    });
    const statement = await statementOf<ProviderStatement>(world, '2026-11', 'provider', parties.provider.id);
    expect(statement.totals).toEqual({
      grossMinor: 3_000,
      platformFeesMinor: 300,
      carrierFeesMinor: 0,
      refundsMinor: 0,
      adjustmentsMinor: -850 + 500 + 40 - 70 + 30 + 25 + 15 + 9,
      netPayoutMinor: 2_700 - 850 + 500 + 40 - 70 + 30 + 25 + 15 + 9,
      openingBalanceMinor: 0,
      closingBalanceMinor: 0,
    });
    const byTransfer = new Map(statement.lines.map((line) => [line.transferIds[0], line]));
    for (const [id, netMinor] of [
      ['op-fee-rebate', 500],
      ['op-credit', 40],
      ['op-fee-charge', -70],
      ['op-carrier-fee-rebate', 30],
      ['op-from-wallet', 25],
      ['op-from-carrier', 15],
    ] as const) {
      expect(byTransfer.get(id)).toMatchObject({
        kind: 'adjustment',
        grossMinor: 0,
        platformFeeMinor: 0,
        carrierFeeMinor: 0,
        netMinor,
        carriedForward: false,
      });
    }
    expect(byTransfer.get('op-backdated-rebate')).toMatchObject({
      kind: 'adjustment',
      platformFeeMinor: 0,
      netMinor: 9,
      carriedForward: true,
    });
    expect(statement.lines.filter((line) => line.kind === 'sale').map((line) => line.reference)).toEqual([
      expect.stringMatching(/^pur_/),
    ]);

    // The customers: the wallet transfer is not a charge, the carrier one is an adjustment the carrier collects.
    const c2 = await statementOf<CustomerBill>(world, '2026-11', 'customer', parties.c2.id);
    expect(c2.totals).toEqual({
      chargesMinor: 3_000,
      refundsMinor: 0,
      totalMinor: 3_000,
      byRoute: { carrier: 0, wallet: 3_000 },
    });
    expect(c2.lines.map((line) => line.kind)).toEqual(['charge']);
    const c1 = await statementOf<CustomerBill>(world, '2026-11', 'customer', parties.c1.id);
    expect(c1.totals).toEqual({
      chargesMinor: 0,
      refundsMinor: 1_000,
      totalMinor: -1_000,
      byRoute: { carrier: -1_000, wallet: 0 },
    });
    expect(c1.lines.map(({ kind, amountMinor, transferId }) => ({ kind, amountMinor, transferId }))).toEqual([
      { kind: 'refund', amountMinor: -1_000, transferId: expect.any(String) },
      { kind: 'adjustment', amountMinor: 15, transferId: 'op-from-carrier' },
    ]);
  });

  it('leave the platform fee reconciliation alone when the platform moves its fees to an account of its own', async () => {
    // Prepare: October billed; in November S1 is refunded and S4 bought, and the platform withdraws fees.
    const world = makeBillingWorld();
    const { parties, bought } = await billedOctober(world);
    world.clock.set(NOVEMBER_MID_MS);
    await november(world, parties, bought.s1.id);
    await world.baseLedger.createAccount({ id: 'ops-bank:JPY', currency: 'JPY' });
    await world.ledger.createTransfers([
      {
        action: 'create',
        id: 'op-fee-withdrawal',
        debitAccountId: world.accounts.platform(),
        creditAccountId: 'ops-bank:JPY',
        amountMinor: 150,
        currency: 'JPY',
        reference: 'platform fees to the bank',
      },
    ]);
    world.clock.set(NOVEMBER_RUN_MS);

    // Act
    const run = await world.bill('2026-11');

    // Assess: what is on the provider statements (S4's fee, S1's refunded fee) against the same
    // movement of the fee account in the ledger; the withdrawal is on no statement.
    expect(run.status).toBe('completed');
    expect(run.reconciliation).toMatchObject({ ok: true, mismatches: [] });
    expect(run.reconciliation?.currencies[0]).toMatchObject({
      statementPlatformFeesMinor: 300 - 100,
      ledgerPlatformFeesMinor: 300 - 100,
      platformFeesMatch: true,
    });
  });
});
