import { describe, expect, it } from 'vitest';
import { statementIdFor } from '../../../shared/domain/billing/ids';
import type { CustomerBill } from '../../../shared/domain/billing/types';
import { makeBillingWorld, statementOf } from '../../fixtures/billing-world';
import { NOVEMBER_MID_MS, NOVEMBER_RUN_MS, billedOctober } from '../../fixtures/billing-scenario';

/**
 * Top-ups are not bill lines (docs/billing.md, "Customer bill"): a customer whose month holds
 * only top-ups gets no bill, as a month without movement makes none, and its next bill opens as
 * if the top-up-only month had not been billed at all (probe AJ D2).
 */
const DECEMBER_MID_MS = Date.parse('2026-12-10T09:00:00.000Z');
const DECEMBER_RUN_MS = Date.parse('2027-01-02T00:00:00.000Z');

describe('a month of top-ups only', () => {
  it('makes no bill for the customers who only topped up, reconciles, and their next purchase is billed from there', async () => {
    // Prepare: October billed (C1 on the carrier route, C2 wallet-only), then in November only
    // top-ups: C1 and C2, and C9, a new customer who has done nothing else.
    const world = makeBillingWorld();
    const { parties } = await billedOctober(world);
    world.clock.set(NOVEMBER_MID_MS);
    const c9 = await world.customer();
    await world.topUp(parties.c1.id, parties.agent.id, 500);
    await world.topUp(parties.c2.id, parties.agent.id, 500);
    await world.topUp(c9.id, parties.agent.id, 1_500);
    world.clock.set(NOVEMBER_RUN_MS);
    const bill = (period: string, customerId: string) =>
      world.billing.statements.get(statementIdFor(period, 'customer', customerId, 'JPY'));

    // Act
    const novemberRun = await world.bill('2026-11');

    // Assess: the run lists the three customers, bills none of them, and reconciles.
    expect(novemberRun.status).toBe('completed');
    expect(novemberRun.progress.partiesFailed).toBe(0);
    expect(novemberRun.progress.partiesDone).toBe(novemberRun.progress.partiesTotal);
    expect(novemberRun.progress.partiesTotal).toBeGreaterThanOrEqual(3);
    expect(novemberRun.reconciliation).toMatchObject({ ok: true, mismatches: [] });
    expect(await bill('2026-11', parties.c1.id)).toBeUndefined();
    expect(await bill('2026-11', parties.c2.id)).toBeUndefined();
    expect(await bill('2026-11', c9.id)).toBeUndefined();

    // Act: in December C9 buys from its wallet, C1 on the carrier route.
    world.clock.set(DECEMBER_MID_MS);
    await world.buy(c9.id, { offerId: parties.o1.id });
    await world.deliverAll();
    await world.buy(parties.c1.id, { offerId: parties.o1.id });
    await world.deliverAll();
    world.clock.set(DECEMBER_RUN_MS);
    const decemberRun = await world.bill('2026-12');

    // Assess: each bill holds December's charge only (no top-up, no balance brought forward).
    expect(decemberRun.status).toBe('completed');
    expect(decemberRun.reconciliation).toMatchObject({ ok: true, mismatches: [] });
    const c9Bill = await statementOf<CustomerBill>(world, '2026-12', 'customer', c9.id);
    expect(c9Bill.lines.map(({ kind, route, amountMinor }) => ({ kind, route, amountMinor }))).toEqual([
      { kind: 'charge', route: 'wallet', amountMinor: 1_000 },
    ]);
    expect(c9Bill.totals).toEqual({
      chargesMinor: 1_000,
      refundsMinor: 0,
      totalMinor: 1_000,
      byRoute: { carrier: 0, wallet: 1_000 },
    });
    const c1Bill = await statementOf<CustomerBill>(world, '2026-12', 'customer', parties.c1.id);
    expect(c1Bill.lines.map(({ kind, route, amountMinor }) => ({ kind, route, amountMinor }))).toEqual([
      { kind: 'charge', route: 'carrier', amountMinor: 1_000 },
      { kind: 'collection', route: 'carrier', amountMinor: 1_000 },
    ]);
    expect(c1Bill.totals).toMatchObject({ chargesMinor: 1_000, totalMinor: 1_000, byRoute: { carrier: 1_000, wallet: 0 } });
    expect(await bill('2026-12', parties.c2.id)).toBeUndefined();
    expect(await world.posted(world.accounts.carrier(parties.c1.id))).toBe(0);
  });
});
