import { describe, expect, it } from 'vitest';
import { MemoryLedger } from '../../../shared/adapters/memory/ledger';
import { DelegatingLedgerTransfers } from '../../../shared/domain/billing/ledger-decorator';
import { payoutLegIdFor, postSplitPayout, splitPayout } from '../../../shared/domain/billing/payout-split';
import type { TransferOperation, TransferOutcome } from '../../../shared/domain/ledger/types';
import { DomainError } from '../../../shared/errors';
import { ManualClock } from '../../fixtures/clock';
import { shardOf } from '../../../shared/domain/ledger';
import { statedPostedCounterMax } from '../../../shared/limits';

const SHARDS = 16;
const BOUND = statedPostedCounterMax(SHARDS);
const fits = (debits: readonly bigint[], legs: readonly { shard: number; amountMinor: number }[]) =>
  legs.every(({ shard, amountMinor }) => amountMinor >= 1 && (debits[shard] ?? 0n) + BigInt(amountMinor) <= BOUND);

describe('splitPayout: a payout over the shards of the account it is paid out of', () => {
  it('puts a leg on every shard with room, each within its room, adding up to the payout exactly', () => {
    // Prepare: uneven shards: two full, one nearly full, the rest with all their room.
    const debits = Array.from({ length: SHARDS }, (_, shard) => (shard < 2 ? BOUND : shard === 2 ? BOUND - 5n : 0n));
    const amountMinor = Number(BOUND) * 3 + 12_345;

    // Act
    const legs = splitPayout(debits, amountMinor);

    // Assess
    expect(legs?.map(({ shard }) => shard)).toEqual(Array.from({ length: SHARDS - 2 }, (_, index) => index + 2));
    expect(legs?.reduce((sum, { amountMinor: leg }) => sum + leg, 0)).toBe(amountMinor);
    expect(fits(debits, legs ?? [])).toBe(true);
  });

  it('pays what exactly fills every shard, and refuses one minor unit more: the account as a whole cannot pay it', () => {
    // Prepare
    const debits = Array.from({ length: SHARDS }, (_, shard) => BigInt(shard) * 1_000n);
    const room = Number(BOUND * BigInt(SHARDS) - debits.reduce((sum, debit) => sum + debit, 0n));

    // Act and assess: the whole room fits only as a bigint sum; an amount a statement states is a safe integer.
    expect(Number.isSafeInteger(room)).toBe(true);
    const legs = splitPayout(debits, room);
    expect(legs?.every(({ shard, amountMinor }) => BigInt(amountMinor) === BOUND - (debits[shard] ?? 0n))).toBe(true);
    expect(splitPayout(debits, room + 1)).toBeUndefined();
    expect(
      splitPayout(
        Array.from({ length: SHARDS }, () => BOUND),
        1,
      ),
    ).toBeUndefined();
  });

  it('two plans of one payout from counters read at different moments share a leg (so a twin is refused, never paying twice)', () => {
    // Prepare: between two reads, other debits fill three shards and take from a fourth.
    const earlier = Array.from({ length: SHARDS }, (_, shard) => BigInt(shard) * 10_000_000_000_000n);
    const later = earlier.map((debits, shard) => (shard < 3 ? BOUND : shard === 3 ? debits + 77n : debits));
    const amountMinor = Number(BOUND) + 1;

    // Act
    const first = splitPayout(earlier, amountMinor) ?? [];
    const second = splitPayout(later, amountMinor) ?? [];

    // Assess
    expect(second.length).toBeGreaterThan(0);
    expect(second.every(({ shard }) => first.some((leg) => leg.shard === shard))).toBe(true);
    expect(fits(later, second)).toBe(true);
  });

  it('names each leg by the statement and its shard, an id the ledger places on that shard', () => {
    for (let shard = 0; shard < SHARDS; shard += 1) {
      const id = payoutLegIdFor('stm_1', shard, SHARDS);
      expect(shardOf(id, SHARDS)).toBe(shard);
      expect(id).toBe(payoutLegIdFor('stm_1', shard, SHARDS));
      expect(id).toMatch(/^trf_/);
    }
  });
});

/**
 * A ledger whose shards all show room but which refuses every batch at the bound: a bound the
 * plan does not see. A port decorator (no AWS client is mocked).
 */
class RefusingEveryBatch extends DelegatingLedgerTransfers {
  batches = 0;

  override shardDebitsPosted(): Promise<readonly bigint[]> {
    return Promise.resolve(Array.from({ length: SHARDS }, () => 0n));
  }

  override createTransfers(_operations: readonly TransferOperation[]): Promise<readonly TransferOutcome[]> {
    this.batches += 1;
    return Promise.reject(new DomainError('BALANCE_OVERFLOW', "the test's ledger refuses every batch"));
  }
}

describe('postSplitPayout', () => {
  it('withholds (undefined) a split the ledger refuses at its bound every time, instead of retrying it for ever', async () => {
    // Prepare
    const ledger = new RefusingEveryBatch(new MemoryLedger({ clock: new ManualClock(Date.UTC(2026, 10, 1)) }));
    const message = { runId: 'run_split', kind: 'provider' as const, partyId: 'prv_split', currency: 'JPY' };
    const statement = { id: 'stm_split', paidOutOf: 'revenue:prv_split:JPY', paidInto: 'payouts:JPY' };

    // Act
    const legs = await postSplitPayout(ledger, message, statement, {
      kind: 'payout',
      transferId: 'trf_split',
      amountMinor: Number(BOUND) * 2,
    });

    // Assess
    expect(legs).toBeUndefined();
    expect(ledger.batches).toBe(4);
  });
});
