import { describe, expect, it } from 'vitest';
import { MemoryActivityIndex } from '../../../shared/adapters/memory/billing';
import type { AgentStatement } from '../../../shared/domain/billing/types';
import { makeBillingWorld, statementOf } from '../../fixtures/billing-world';
import {
  NOVEMBER_MID_MS,
  NOVEMBER_RUN_MS,
  OCTOBER_RUN_MS,
  billedOctober,
  november,
  october,
  setUpParties,
} from '../../fixtures/billing-scenario';

/**
 * The run reconciles the agents' fee accounts: every carrier fee leg on a provider statement
 * is on its carrier's agent statement, the same transfers with the same amounts
 * (docs/billing.md, "Reconciliation").
 */
describe("reconciling the carriers' fees", () => {
  it('fails the run when a carrier fee on a provider statement is on no agent statement, and a rerun that lists the carrier completes', async () => {
    // Prepare: October, then the carrier's activity markers are lost (its fee of 50 on S1 is unaccounted).
    const activity = new MemoryActivityIndex();
    const world = makeBillingWorld({ activity });
    const parties = await setUpParties(world);
    await october(world, parties);
    const carrierMarks = [...activity.marks.entries()].filter(
      ([, mark]) => mark.kind === 'agent' && mark.partyId === parties.agent.id,
    );
    expect(carrierMarks.length).toBeGreaterThan(0);
    for (const [key] of carrierMarks) activity.marks.delete(key);
    world.clock.set(OCTOBER_RUN_MS);

    // Act
    const failed = await world.bill('2026-10');
    await activity.mark(carrierMarks.map(([, mark]) => mark));
    const rerun = await world.bill('2026-10');

    // Assess
    expect(failed.status).toBe('failed');
    expect(failed.reconciliation?.currencies[0]).toMatchObject({
      providerCarrierFeesMinor: 50,
      agentCarrierFeesMinor: 0,
      carrierFeesMatch: false,
      salesMatch: true,
      platformFeesMatch: true,
    });
    expect(failed.reconciliation?.mismatches).toEqual([
      'JPY: the carrier fees on provider statements (50) are not the carrier fees on agent statements (0), or not the same transfers.',
    ]);
    expect(rerun.status).toBe('completed');
    expect(rerun.reconciliation?.currencies[0]).toMatchObject({ agentCarrierFeesMinor: 50, carrierFeesMatch: true });
    const carrier = await statementOf<AgentStatement>(world, '2026-10', 'agent', parties.agent.id);
    expect(carrier.totals).toMatchObject({ carrierFeesMinor: 50, netPayoutMinor: 50, closingBalanceMinor: 0 });
  });

  it("reconciles a refund across periods: the carrier's returned fee is carried forward on its November statement", async () => {
    // Prepare: October billed (the carrier paid 50); S1 refunded in November.
    const world = makeBillingWorld();
    const { parties, bought } = await billedOctober(world);
    world.clock.set(NOVEMBER_MID_MS);
    await november(world, parties, bought.s1.id);
    world.clock.set(NOVEMBER_RUN_MS);

    // Act
    const run = await world.bill('2026-11');

    // Assess
    expect(run.status).toBe('completed');
    expect(run.reconciliation?.currencies[0]).toMatchObject({
      providerCarrierFeesMinor: -50,
      agentCarrierFeesMinor: -50,
      carrierFeesMatch: true,
    });
    const carrier = await statementOf<AgentStatement>(world, '2026-11', 'agent', parties.agent.id);
    expect(
      carrier.lines.map(({ kind, amountMinor, carriedForward, reference }) => ({ kind, amountMinor, carriedForward, reference })),
    ).toEqual([{ kind: 'carrier_fee_refund', amountMinor: -50, carriedForward: true, reference: bought.s1.id }]);
    expect(carrier.totals).toEqual({
      carrierFeesMinor: 0,
      carrierFeeRefundsMinor: 0,
      topUpFeesMinor: 0,
      adjustmentsMinor: -50,
      netPayoutMinor: 0,
      openingBalanceMinor: 0,
      closingBalanceMinor: -50,
    });
    expect(await world.posted(world.accounts.agentFees(parties.agent.id))).toBe(-50);
  });
});
