import { describe, expect, it } from 'vitest';
import { LedgerHistoryOverLedger } from '../../../shared/adapters/memory/ledger-history';
import { MemoryLedger } from '../../../shared/adapters/memory/ledger';
import type { LedgerHistory } from '../../../shared/domain/billing/ports';
import { isDomainError } from '../../../shared/errors';
import { ManualClock } from '../../fixtures/clock';
import { BILLING_WORLD_START_MS, makeBillingWorld } from '../../fixtures/billing-world';
import { NOVEMBER_MID_MS, NOVEMBER_RUN_MS, billedOctober } from '../../fixtures/billing-scenario';

/** 2^52: two of them pass 2^53 − 1, the largest amount a statement (JSON numbers) states exactly. */
const HALF = 2 ** 52;
/** What the legacy history below multiplies the `big-` transfers by: 2^12 × 2^40 = 2^52. */
const SMALL = 2 ** 12;
const SCALE = 2 ** 40;

/**
 * The ledger's history as data written before the ledger bounded the accounts statements state
 * (docs/ledger.md, "Accounts on statements") would read: the `big-` transfers' entries 2^40
 * times larger. The ledger itself no longer lets such money in, so this is how a statement's
 * own guard (STATEMENT_AMOUNT_TOO_LARGE) is still exercised.
 */
const legacyHistory = (inner: LedgerHistory): LedgerHistory => ({
  async entriesRecorded(accountId, window, page) {
    const read = await inner.entriesRecorded(accountId, window, page);
    return {
      ...read,
      entries: read.entries.map((entry) =>
        entry.transferId.startsWith('big-') ? { ...entry, postedChangeMinor: entry.postedChangeMinor * SCALE } : entry,
      ),
    };
  },
  transfers: (ids) => inner.transfers(ids),
});

const bigTransfers = (world: ReturnType<typeof makeBillingWorld>, providerId: string, customerId: string) =>
  [
    ['big-1', 'ops-big:JPY', world.accounts.revenue(providerId)],
    ['big-2', 'ops-big:JPY', world.accounts.revenue(providerId)],
    ['big-3', 'ops-big:JPY', world.accounts.carrier(customerId)],
    ['big-4', world.accounts.carrier(customerId), 'ops-big:JPY'],
    ['big-5', world.accounts.carrier(customerId), 'ops-big:JPY'],
  ] as const;

describe('a statement whose amounts pass 2^53 minor units (probe n F6, probe AJ D1)', () => {
  it('cannot be made through the ledger: each transfer is refused with BALANCE_OVERFLOW, and the month completes', async () => {
    // Prepare: October billed; in November the operator tries to credit a provider 2 × 2^52 and
    // move 3 × 2^52 through a carrier customer's account.
    const world = makeBillingWorld();
    const { parties } = await billedOctober(world);
    world.clock.set(NOVEMBER_MID_MS);
    await world.baseLedger.createAccount({ id: 'ops-big:JPY', currency: 'JPY' });
    const big = await world.customer({ agentId: parties.agent.id, creditLimitMinor: Number.MAX_SAFE_INTEGER });

    // Act
    const codes: string[] = [];
    for (const [id, debitAccountId, creditAccountId] of bigTransfers(world, parties.provider.id, big.id)) {
      try {
        await world.ledger.createTransfers([
          { action: 'create', id, debitAccountId, creditAccountId, amountMinor: HALF, currency: 'JPY', reference: id },
        ]);
        codes.push('created');
      } catch (error) {
        if (!isDomainError(error)) throw error;
        codes.push(error.code);
      }
    }
    world.clock.set(NOVEMBER_RUN_MS);
    const run = await world.bill('2026-11');

    // Assess: nothing moved, billing goes on.
    expect(codes).toEqual(Array.from({ length: 5 }, () => 'BALANCE_OVERFLOW'));
    expect(await world.posted(world.accounts.carrier(big.id))).toBe(0);
    expect(run).toMatchObject({ status: 'completed', progress: { partiesFailed: 0 } });
  });

  it('from data written before that bound, fails its party at once with STATEMENT_AMOUNT_TOO_LARGE, not after retries, and the run ends failed', async () => {
    // Prepare: the same November as the ledger would have held it before the bound.
    const clock = new ManualClock(BILLING_WORLD_START_MS);
    const ledger = new MemoryLedger({ clock });
    const world = makeBillingWorld({
      clock,
      baseLedger: ledger,
      ledgerEntries: ledger,
      history: legacyHistory(new LedgerHistoryOverLedger(ledger)),
    });
    const { parties } = await billedOctober(world);
    world.clock.set(NOVEMBER_MID_MS);
    await world.baseLedger.createAccount({ id: 'ops-big:JPY', currency: 'JPY' });
    const big = await world.customer({ agentId: parties.agent.id, creditLimitMinor: Number.MAX_SAFE_INTEGER });
    for (const [id, debitAccountId, creditAccountId] of bigTransfers(world, parties.provider.id, big.id)) {
      await world.ledger.createTransfers([
        { action: 'create', id, debitAccountId, creditAccountId, amountMinor: SMALL, currency: 'JPY', reference: id },
      ]);
    }
    world.clock.set(NOVEMBER_RUN_MS);

    // Act: every message is delivered once (receive 1 of 5); a retried one would come back.
    const run = await world.bill('2026-11');

    // Assess
    expect(SMALL * SCALE).toBe(HALF);
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
