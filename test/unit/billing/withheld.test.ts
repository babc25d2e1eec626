import { describe, expect, it } from 'vitest';
import { LEDGER_BALANCE_SHARDS_DEFAULT, statedPostedCounterMax } from '../../../shared/limits';
import type { CustomerBill, ProviderStatement } from '../../../shared/domain/billing/types';
import { creditPastShards } from '../../fixtures/stated-bound';
import { makeBillingWorld, statementOf, type BillingWorld } from '../../fixtures/billing-world';
import { NOVEMBER_END_MS, NOVEMBER_MID_MS, NOVEMBER_RUN_MS, billedOctober } from '../../fixtures/billing-scenario';
import { withheldThenQuiet } from '../../fixtures/withheld-carry';

/** One shard's posted bound of a default revenue or fee account (docs/ledger.md "Accounts on statements"). */
const SHARD_MAX = Number(statedPostedCounterMax(LEDGER_BALANCE_SHARDS_DEFAULT));
/** One posted counter's bound of an exact account (a wallet, a carrier account). */
const EXACT_MAX = Number(statedPostedCounterMax(1));
const DECEMBER_RUN_MS = Date.parse('2027-01-02T00:00:00.000Z');
const OPS = 'ops-fill:JPY';

const fill = (world: BillingWorld, accountId: string, count: number, amountMinor = SHARD_MAX): Promise<number> =>
  creditPastShards(world.ledger, { from: OPS, to: accountId, count, amountMinor });

const withheldPoints = (world: BillingWorld) =>
  world.metrics.points.filter((point) => point.name === 'BillingSettlementsWithheld');

describe('a payout or collection the ledger refuses with BALANCE_OVERFLOW (probe AM D1)', () => {
  it('a payout above one shard is paid in linked legs over the shards, a payout line each; the run completes and the next payout is one transfer again', async () => {
    // Prepare: October billed; in November the operator fills the provider's revenue past one shard's bound.
    const world = makeBillingWorld();
    const { parties } = await billedOctober(world);
    const paidOut = await world.posted('payouts:JPY');
    world.clock.set(NOVEMBER_MID_MS);
    await world.baseLedger.createAccount({ id: OPS, currency: 'JPY' });
    const revenue = world.accounts.revenue(parties.provider.id);
    const filled = await fill(world, revenue, 2);
    world.clock.set(NOVEMBER_RUN_MS);

    // Act
    const november = await world.bill('2026-11');

    // Assess: one transfer of the whole balance would pass its shard's bound; the legs, each within one, pay it.
    expect(filled).toBeGreaterThan(SHARD_MAX);
    expect(november).toMatchObject({ status: 'completed', progress: { partiesFailed: 0 } });
    const statement = await statementOf<ProviderStatement>(world, '2026-11', 'provider', parties.provider.id);
    const owed = statement.totals.openingBalanceMinor + filled;
    expect(Object.keys(statement)).not.toContain('payoutWithheld');
    expect(statement.totals).toMatchObject({ netPayoutMinor: owed, closingBalanceMinor: 0 });
    const payouts = statement.lines.filter((line) => line.kind === 'payout');
    expect(payouts.length).toBeGreaterThan(1);
    expect(payouts.reduce((sum, line) => sum + line.netMinor, 0)).toBe(-owed);
    const legs = await Promise.all(payouts.map((line) => world.ledger.getTransfer(line.transferIds[0] ?? '')));
    for (const [index, leg] of legs.entries()) {
      expect(leg).toMatchObject({ code: 'billing_payout', reference: statement.id, debitAccountId: revenue });
      expect(leg.amountMinor).toBe(-(payouts[index]?.netMinor ?? 0));
      expect(leg.amountMinor).toBeLessThanOrEqual(SHARD_MAX);
    }
    expect(await world.posted(revenue)).toBe(0);
    expect(await world.posted('payouts:JPY')).toBe(paidOut + owed);
    expect(withheldPoints(world)).toEqual([]);
    // Statements without such a case have one payout line, as before.
    const october = await statementOf<ProviderStatement>(world, '2026-10', 'provider', parties.provider.id);
    expect(october.lines.filter((line) => line.kind === 'payout')).toHaveLength(1);

    // Act: a rerun answers the stored statement; December, 1 more, is paid in one transfer.
    const rerun = await world.bill('2026-11');
    world.clock.set(DECEMBER_RUN_MS - 10 * 86_400_000);
    await fill(world, revenue, 1, 1);
    world.clock.set(DECEMBER_RUN_MS);
    const december = await world.bill('2026-12');

    // Assess
    expect(rerun).toMatchObject({ status: 'completed', progress: { partiesFailed: 0 } });
    expect(await world.posted('payouts:JPY')).toBe(paidOut + owed + 1);
    expect(december).toMatchObject({ status: 'completed', progress: { partiesFailed: 0 } });
    const next = await statementOf<ProviderStatement>(world, '2026-12', 'provider', parties.provider.id);
    expect(next.totals).toMatchObject({ openingBalanceMinor: 0, netPayoutMinor: 1, closingBalanceMinor: 0 });
    expect(next.lines.filter((line) => line.kind === 'payout')).toHaveLength(1);
  });

  it('is paid in legs on a statement built across messages too: its last step is done again with a payout line per leg', async () => {
    // Prepare: pages of 2 lines, so a window of more than 8 entries is built in steps; in November the
    // operator fills the provider's revenue past one shard's bound and moves 1 into it ten times more.
    const world = makeBillingWorld({ statementPageLines: 2 });
    const { parties } = await billedOctober(world);
    const paidOut = await world.posted('payouts:JPY');
    world.clock.set(NOVEMBER_MID_MS);
    await world.baseLedger.createAccount({ id: OPS, currency: 'JPY' });
    const revenue = world.accounts.revenue(parties.provider.id);
    await fill(world, revenue, 2);
    world.clock.advanceSeconds(1);
    await fill(world, revenue, 10, 1);
    const owed = await world.posted(revenue);
    world.clock.set(NOVEMBER_RUN_MS);

    // Act
    const november = await world.bill('2026-11');

    // Assess: built in steps (a paged document), the payout paid in legs as on a whole statement.
    expect(november).toMatchObject({ status: 'completed', progress: { partiesFailed: 0 } });
    const statement = await statementOf<ProviderStatement & { pages?: unknown[]; lineCount?: number }>(
      world,
      '2026-11',
      'provider',
      parties.provider.id,
    );
    expect(statement.pages?.length).toBeGreaterThan(1);
    expect(Object.keys(statement)).not.toContain('payoutWithheld');
    expect(statement.totals).toMatchObject({ netPayoutMinor: owed, closingBalanceMinor: 0 });
    expect(await world.posted(revenue)).toBe(0);
    expect(await world.posted('payouts:JPY')).toBe(paidOut + owed);
    expect(withheldPoints(world)).toEqual([]);
  });

  it('withholds a carrier collection whose credit would pass the carrier account bound; the debt is brought forward', async () => {
    // Prepare: a carrier customer owes 1,000 at the cut-off; after it, the operator credits its carrier account to
    // within 999 of the bound, so the collection of 1,000 would pass it.
    const world = makeBillingWorld();
    const { parties } = await billedOctober(world);
    world.clock.set(NOVEMBER_MID_MS);
    await world.baseLedger.createAccount({ id: OPS, currency: 'JPY' });
    const big = await world.customer({ agentId: parties.agent.id, creditLimitMinor: Number.MAX_SAFE_INTEGER });
    const carrier = world.accounts.carrier(big.id);
    const move = (id: string, debitAccountId: string, creditAccountId: string, amountMinor: number) =>
      world.ledger.createTransfers([{ action: 'create', id, debitAccountId, creditAccountId, amountMinor, currency: 'JPY' }]);
    await move('owe', carrier, OPS, 1_000);
    world.clock.set(NOVEMBER_END_MS + 3_600_000 * 25);
    await move('credit', OPS, carrier, EXACT_MAX - 999);
    world.clock.set(NOVEMBER_RUN_MS);

    // Act
    const november = await world.bill('2026-11');

    // Assess
    expect(november).toMatchObject({ status: 'completed', progress: { partiesFailed: 0 } });
    const bill = await statementOf<CustomerBill>(world, '2026-11', 'customer', big.id);
    expect(bill.collectionWithheld).toEqual({ reason: 'BALANCE_OVERFLOW', amountMinor: 1_000 });
    expect(bill.lines.map((line) => line.kind)).toEqual(['adjustment']);
    expect(await world.posted(carrier)).toBe(EXACT_MAX - 1_999);
    expect(withheldPoints(world)).toHaveLength(1);

    // Act: December: the operator takes back all but 1 of the credit; the debt of 999 is collected this time.
    world.clock.set(NOVEMBER_RUN_MS + 3_600_000);
    await move('take-back', carrier, OPS, EXACT_MAX - 1_000);
    world.clock.set(DECEMBER_RUN_MS);
    const december = await world.bill('2026-12');

    // Assess
    expect(december).toMatchObject({ status: 'completed', progress: { partiesFailed: 0 } });
    const next = await statementOf<CustomerBill>(world, '2026-12', 'customer', big.id);
    expect(next.lines.map((line) => [line.kind, line.amountMinor])).toEqual([
      ['balance_forward', 1_000],
      ['adjustment', -(EXACT_MAX - 999)],
      ['adjustment', EXACT_MAX - 1_000],
      ['collection', 999],
    ]);
    expect(Object.keys(next)).not.toContain('collectionWithheld');
    expect(await world.posted(carrier)).toBe(0);
  });

  it('another ledger refusal of a settlement (the payouts account exists with other fields) fails the party at once, and the run ends failed', async () => {
    // Prepare: the payouts account opened by someone else, with a code billing does not give it.
    const world = makeBillingWorld();
    await world.baseLedger.createAccount({ id: 'payouts:JPY', currency: 'JPY', code: 7 });

    // Act: every message is delivered once (receive 1 of 5); a retried one would come back.
    const { run, parties } = await billedOctober(world);

    // Assess
    expect(run).toMatchObject({ status: 'failed' });
    expect(run.failures?.map(({ kind, partyId, code }) => ({ kind, partyId, code }))).toEqual(
      expect.arrayContaining([{ kind: 'provider', partyId: parties.provider.id, code: 'ACCOUNT_EXISTS_WITH_DIFFERENT_FIELDS' }]),
    );
  });
});

describe('a withheld payout or collection is tried again in a period without movement', () => {
  it('the next period lists the party, its statement pays what was withheld, and the balance below the minimum stays carried', async () => {
    // Prepare and act: November withholds (the ledger refuses); December and January move nothing for these parties.
    const world = makeBillingWorld();
    const scenario = await withheldThenQuiet(world);
    const { november, december, january } = scenario.runs;

    // Assess: November withheld both settlements; the small provider's 500 is below the minimum, carried.
    expect(november).toMatchObject({ status: 'completed', progress: { partiesTotal: 3, partiesFailed: 0 } });
    expect((await scenario.providerStatement('2026-11')).payoutWithheld).toEqual({
      reason: 'BALANCE_OVERFLOW',
      amountMinor: 5_000,
    });
    expect((await scenario.customerBill('2026-11')).collectionWithheld).toEqual({
      reason: 'BALANCE_OVERFLOW',
      amountMinor: 1_000,
    });
    // December: no movement, yet both are billed again and settled; the run reconciles.
    expect(december).toMatchObject({ status: 'completed', progress: { partiesTotal: 2, partiesDone: 2, partiesFailed: 0 } });
    const paid = await scenario.providerStatement('2026-12');
    expect(paid.lines.map((line) => [line.kind, line.netMinor])).toEqual([['payout', -5_000]]);
    expect(paid.totals).toMatchObject({ openingBalanceMinor: 5_000, netPayoutMinor: 5_000, closingBalanceMinor: 0 });
    expect(Object.keys(paid)).not.toContain('payoutWithheld');
    expect(await world.posted('payouts:JPY')).toBe(scenario.paidOutBefore + 5_000);
    expect(await world.posted(world.accounts.revenue(scenario.provider.id))).toBe(0);
    const collected = await scenario.customerBill('2026-12');
    expect(collected.lines.map((line) => [line.kind, line.amountMinor])).toEqual([
      ['balance_forward', 1_000],
      ['collection', 1_000],
    ]);
    expect(await world.posted(world.accounts.carrier(scenario.customer.id))).toBe(0);
    // Not carried into a month without movement: a balance below the minimum, and one settled.
    expect(await scenario.stored('2026-12', 'provider', scenario.small.id)).toBeUndefined();
    expect(january).toMatchObject({ status: 'completed', progress: { partiesTotal: 0 } });
    expect(await scenario.stored('2027-01', 'provider', scenario.provider.id)).toBeUndefined();
  });
});
