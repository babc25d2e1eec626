import { describe, expect, it } from 'vitest';
import { makeBillingWorld } from '../../fixtures/billing-world';
import { NOVEMBER_MID_MS, NOVEMBER_RUN_MS, billedOctober } from '../../fixtures/billing-scenario';

/** 2^52: two of them pass 2^53 − 1, the largest amount a statement (JSON numbers) states exactly. */
const HALF = 2 ** 52;

describe('a statement whose amounts pass 2^53 minor units (probe n F6)', () => {
  it('fails its party at once with STATEMENT_AMOUNT_TOO_LARGE, not after retries, and the run ends failed', async () => {
    // Prepare: October billed; in November a provider is credited 2 × 2^52, a carrier customer's account moves 3 × 2^52.
    const world = makeBillingWorld();
    const { parties } = await billedOctober(world);
    world.clock.set(NOVEMBER_MID_MS);
    await world.baseLedger.createAccount({ id: 'ops-big:JPY', currency: 'JPY' });
    const big = await world.customer({ agentId: parties.agent.id, creditLimitMinor: Number.MAX_SAFE_INTEGER });
    for (const [id, debitAccountId, creditAccountId] of [
      ['big-1', 'ops-big:JPY', world.accounts.revenue(parties.provider.id)],
      ['big-2', 'ops-big:JPY', world.accounts.revenue(parties.provider.id)],
      ['big-3', 'ops-big:JPY', world.accounts.carrier(big.id)],
      ['big-4', world.accounts.carrier(big.id), 'ops-big:JPY'],
      ['big-5', world.accounts.carrier(big.id), 'ops-big:JPY'],
    ] as const) {
      await world.ledger.createTransfers([
        { action: 'create', id, debitAccountId, creditAccountId, amountMinor: HALF, currency: 'JPY', reference: id },
      ]);
    }
    world.clock.set(NOVEMBER_RUN_MS);

    // Act: every message is delivered once (receive 1 of 5); a retried one would come back.
    const run = await world.bill('2026-11');

    // Assess
    expect(run).toMatchObject({ status: 'failed', progress: { partiesFailed: 2 } });
    expect(
      run.failures?.map(({ kind, partyId, code }) => ({ kind, partyId, code })).sort((a, b) => a.kind.localeCompare(b.kind)),
    ).toEqual([
      { kind: 'customer', partyId: big.id, code: 'STATEMENT_AMOUNT_TOO_LARGE' },
      { kind: 'provider', partyId: parties.provider.id, code: 'STATEMENT_AMOUNT_TOO_LARGE' },
    ]);
    // October's payouts only (the provider's and its carrier's fee); November's failed provider is paid nothing.
    expect(await world.posted('payouts:JPY')).toBe(4_090 + 50);
  });
});
