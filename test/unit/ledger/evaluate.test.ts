import { describe, expect, it } from 'vitest';
import {
  evaluateBatch,
  jsonMinor,
  mergePlans,
  normalizeOperations,
  zeroBalances,
  type AccountRecord,
  type BatchPlan,
  type Balances,
  type LedgerSnapshot,
  type TransferRecord,
} from '../../../shared/domain/ledger';
import { LEDGER_COUNTER_MINOR_MAX } from '../../../shared/limits';

/**
 * The pure decision function at the edges no store can reach in a test: a counter at the
 * largest number DynamoDB stores (38 digits) would take more than 10^22 transfers to fill.
 */
const NOW_MS = Date.parse('2026-11-22T02:13:00.000Z');

const account = (id: string, balanceShards: number): AccountRecord => ({
  id,
  currency: 'JPY',
  flags: { debitsMustNotExceedCredits: false, creditsMustNotExceedDebits: false },
  limitMinor: 0,
  balanceShards,
  createdAtMs: NOW_MS,
});

const snapshotWith = (exact: Balances): LedgerSnapshot => {
  const accounts = new Map([
    ['world', account('world', 16)],
    ['full', account('full', 1)],
  ]);
  return {
    account: (accountId) => accounts.get(accountId),
    exactBalances: (accountId) => (accountId === 'full' ? exact : undefined),
    transfer: () => undefined,
    reversedMinor: () => 0,
  };
};

const transferInto = (amountMinor: number) =>
  normalizeOperations([
    { action: 'create', id: 't1', debitAccountId: 'world', creditAccountId: 'full', amountMinor, currency: 'JPY' },
  ]);

describe('evaluateBatch at the edge of what DynamoDB stores', () => {
  it('plans a transfer that fills an exact counter up to the largest storable number', () => {
    const snapshot = snapshotWith({ ...zeroBalances, creditsPosted: LEDGER_COUNTER_MINOR_MAX - 5n });

    const evaluation = evaluateBatch(transferInto(5), snapshot, NOW_MS);

    expect(evaluation.kind).toBe('apply');
  });

  it('refuses with BALANCE_OVERFLOW, naming the account, a transfer that would pass it', () => {
    const snapshot = snapshotWith({ ...zeroBalances, creditsPosted: LEDGER_COUNTER_MINOR_MAX - 5n });

    const evaluation = evaluateBatch(transferInto(6), snapshot, NOW_MS);

    expect(evaluation.kind).toBe('failed');
    if (evaluation.kind !== 'failed') return;
    expect(evaluation.error.code).toBe('BALANCE_OVERFLOW');
    expect(evaluation.error.detail).toContain('account "full"');
  });
});

describe('balances in JSON', () => {
  it('are integers up to 2^53 − 1 in magnitude and decimal strings beyond', () => {
    const max = BigInt(Number.MAX_SAFE_INTEGER);

    expect([max, -max, 0n].map(jsonMinor)).toEqual([Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 0]);
    expect([max + 1n, -max - 1n, LEDGER_COUNTER_MINOR_MAX].map(jsonMinor)).toEqual([
      '9007199254740992',
      '-9007199254740992',
      '99999999999999999999999999999999999999',
    ]);
  });
});

describe('evaluateBatch with a batch placement key', () => {
  const HOLDS = 8;
  const HOLD_MINOR = 100;
  const FEE_MINOR = 10;
  const wallet = (index: number): AccountRecord => ({
    ...account(`wallet-${index}`, 1),
    flags: { debitsMustNotExceedCredits: true, creditsMustNotExceedDebits: false },
  });
  const holdOf = (index: number): TransferRecord => ({
    id: `hold-${index}`,
    kind: 'pending',
    debitAccountId: `wallet-${index}`,
    creditAccountId: 'revenue',
    amountMinor: HOLD_MINOR,
    currency: 'JPY',
    effectiveAtMs: NOW_MS - 60_000,
    recordedAtMs: NOW_MS - 60_000,
    timeoutSeconds: 600,
    expiresAtMs: NOW_MS + 540_000,
    state: 'pending',
  });
  /** One provider's held purchases: each wallet holds 100 for the revenue account (16 shards). */
  const heldPurchases = (): LedgerSnapshot => {
    const accounts = new Map<string, AccountRecord>([
      ['revenue', account('revenue', 16)],
      ['fees', account('fees', 16)],
    ]);
    const holds = new Map<string, TransferRecord>();
    for (let index = 0; index < HOLDS; index += 1) {
      accounts.set(`wallet-${index}`, wallet(index));
      holds.set(`hold-${index}`, holdOf(index));
    }
    const walletBalances: Balances = { ...zeroBalances, creditsPosted: 1_000n, debitsPending: BigInt(HOLD_MINOR) };
    return {
      account: (accountId) => accounts.get(accountId),
      exactBalances: (accountId) => (accountId.startsWith('wallet-') ? walletBalances : undefined),
      transfer: (transferId) => holds.get(transferId),
      reversedMinor: () => 0,
    };
  };
  /** A purchase's settlement group: post its hold, then move the fee out of the revenue. */
  const settlement = (index: number) =>
    normalizeOperations([
      { action: 'post', id: `post-${index}`, pendingId: `hold-${index}` },
      {
        action: 'create',
        id: `fee-${index}`,
        debitAccountId: 'revenue',
        creditAccountId: 'fees',
        amountMinor: FEE_MINOR,
        currency: 'JPY',
      },
    ]);
  const planOf = (index: number, snapshot: LedgerSnapshot, placementKey?: string): BatchPlan => {
    const evaluation = evaluateBatch(settlement(index), snapshot, NOW_MS, placementKey === undefined ? {} : { placementKey });
    if (evaluation.kind !== 'apply') throw new Error(`settlement ${index} was not planned: ${evaluation.kind}`);
    return evaluation.plan;
  };
  const updatesOf = (plan: BatchPlan, accountId: string) =>
    plan.balanceUpdates.filter((update) => update.accountId === accountId);

  it("posts a batch of one provider's holds with one balance update per sharded account", () => {
    const snapshot = heldPurchases();

    const batch = mergePlans(Array.from({ length: HOLDS }, (_, index) => planOf(index, snapshot, 'post-0')));

    const [revenue, ...otherRevenue] = updatesOf(batch, 'revenue');
    expect(otherRevenue).toEqual([]);
    expect(updatesOf(batch, 'fees')).toHaveLength(1);
    // The whole batch on the revenue's one shard: every hold's pending credit drained, every post and fee there.
    expect(revenue?.change).toEqual({
      debitsPosted: BigInt(HOLDS * FEE_MINOR),
      creditsPosted: BigInt(HOLDS * HOLD_MINOR),
      debitsPending: 0n,
      creditsPending: -BigInt(HOLDS * HOLD_MINOR),
    });
    // Each wallet is exact: one update of its own item.
    expect(batch.balanceUpdates.filter((update) => update.accountId.startsWith('wallet-'))).toHaveLength(HOLDS);
  });

  it("keeps each history entry in the partition of its own transfer or hold, not the batch's", () => {
    const snapshot = heldPurchases();

    const batched = Array.from({ length: HOLDS }, (_, index) => planOf(index, snapshot, 'post-0'));
    const alone = Array.from({ length: HOLDS }, (_, index) => planOf(index, snapshot));

    expect(batched.map((plan) => plan.entries.map((entry) => entry.shard))).toEqual(
      alone.map((plan) => plan.entries.map((entry) => entry.shard)),
    );
    // Alone, a post drains the shard its hold was placed on, so several revenue shards are updated.
    expect(new Set(alone.map((plan) => updatesOf(plan, 'revenue')[0]?.shard)).size).toBeGreaterThan(1);
  });
});
