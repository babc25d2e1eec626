import { assert, DomainError, quoted } from '../../errors';
import { LEDGER_COUNTER_MINOR_MAX, statedPostedCounterMax } from '../../limits';
import { isStatedAccountId } from '../parties/accounts';
import { addBalances, availableChangeOf, availableOf, balancesAreSane, isExact, isLimited, zeroBalances } from './balances';
import { planCreate, planResolution, type BatchState, type Leg } from './evaluate-operation';
import { checkIdempotency } from './evaluate-replay';
import { entrySortKey } from './keys';
import type { AccountRecord, BalanceChange, Balances, EntryRecord, TransferRecord } from './types';
import { legError, type NormalizedOperation } from './validation';

/**
 * The heart of the ledger, shared by every implementation: given checked operations and a
 * snapshot of the state they touch, decide what a batch does. Pure: no I/O, no clock.
 *
 * Flow of `evaluateBatch`:
 *  1. Idempotency first (`checkIdempotency`): an operation whose id is stored is a retry. Same fields -> the
 *     batch `exists` (nothing is written); a different field -> TRANSFER_EXISTS_WITH_DIFFERENT_FIELDS;
 *     some legs stored and others not -> LINKED_TRANSFER_FAILED (a batch is retried whole).
 *     This comes before any balance or state check, so a retry after a crash that did commit
 *     answers `exists` even though the money has since moved on.
 *  2. Each operation in order (`planCreate`, `planResolution`): accounts exist, currencies
 *     match; a reversal mirrors its original and, with the reversals before it (stored or
 *     earlier in the batch), moves back at most the original's amount; a hold is still
 *     pending, not expired by the clock, not resolved by an earlier leg, and a post does not
 *     exceed it.
 *  3. Balances, leg by leg in batch order as TigerBeetle applies them: a leg that lowers a
 *     limited account's `available` below zero fails with EXCEEDS_CREDITS (debit-limited)
 *     or EXCEEDS_DEBITS (credit-limited). Counters are exact bigints: they may pass 2^53.
 *  4. The plan: new transfer records, hold resolutions, one reversal count per reversed
 *     original, one merged update per balance item (a transaction may not touch an item
 *     twice) with the smallest `available` it needs beforehand, and one entry per leg.
 * A failure names the leg (`extensions.index` in a linked batch) and nothing is written.
 * Step 1 lives in evaluate-replay.ts, step 2 in evaluate-operation.ts; 3 and 4 are below.
 */

export interface LedgerSnapshot {
  account(accountId: string): AccountRecord | undefined;
  /** Balance of an exact account; sharded accounts have no limit, so it is not needed for them. */
  exactBalances(accountId: string): Balances | undefined;
  transfer(transferId: string): TransferRecord | undefined;
  /** What the stored reversals of a transfer moved back in total (0 when none). */
  reversedMinor(transferId: string): number;
}

export interface BalanceUpdate {
  readonly accountId: string;
  readonly shard: number;
  readonly exact: boolean;
  readonly limited: boolean;
  readonly change: BalanceChange;
  readonly availableChangeMinor: bigint;
  /** The stored `available` must be at least this before the update (0: no condition needed). */
  readonly requiredAvailableMinor: bigint;
  /**
   * A statement-stated account's item (`isStatedAccountId`): each posted counter of the item
   * must stay at most this after the update (`statedPostedCounterMax`), so that the account never
   * moves more posted money than a statement states. The writer checks it at commit time on the
   * item it updates (stored counter ≤ this − the update's change), since a sharded account's
   * shard counters are not in the snapshot.
   */
  readonly postedCounterMaxMinor?: bigint;
}

/**
 * What a batch adds to the reversed total of one original (all its reversal legs together).
 * The stored total must be at most `reversedBeforeMinorMax` (the original's amount minus
 * this) when the batch commits, so the reversals of a transfer never exceed it, however they
 * race: a condition without arithmetic, like `availableMinor` on balances.
 */
export interface ReversalCount {
  readonly originalId: string;
  readonly amountMinor: number;
  readonly reversedBeforeMinorMax: number;
}

export interface PendingResolution {
  readonly pendingId: string;
  readonly state: 'posted' | 'voided' | 'expired';
  readonly resolvedByTransferId: string;
  readonly expiresAtMs: number;
  /** Post and void also require `expiresAtMs > notExpiredAtMs` at commit time. */
  readonly notExpiredAtMs?: number;
}

export interface BatchPlan {
  readonly transfers: readonly TransferRecord[];
  readonly resolutions: readonly PendingResolution[];
  readonly reversals: readonly ReversalCount[];
  readonly balanceUpdates: readonly BalanceUpdate[];
  readonly entries: readonly EntryRecord[];
}

export type Evaluation =
  | { readonly kind: 'apply'; readonly plan: BatchPlan }
  | { readonly kind: 'exists'; readonly transfers: readonly TransferRecord[] }
  | { readonly kind: 'failed'; readonly error: DomainError };

/** Transfers a batch needs to see: its own ids (retries), the holds it resolves, the originals it reverses. */
export const transferIdsToRead = (operations: readonly NormalizedOperation[]): string[] => {
  const ids = new Set<string>();
  for (const operation of operations) {
    ids.add(operation.id);
    if (operation.action === 'create') {
      if (operation.reversesTransferId !== undefined) ids.add(operation.reversesTransferId);
    } else {
      ids.add(operation.pendingId);
    }
  }
  return [...ids];
};

/**
 * Transfers a batch refers to (the holds it resolves, the originals it reverses), without
 * its own ids: the optimistic read leaves those out, since a new id is the common case and
 * the put's `attribute_not_exists` condition detects one that exists.
 */
export const referencedTransferIds = (operations: readonly NormalizedOperation[]): string[] => {
  const ids = new Set<string>();
  for (const operation of operations) {
    if (operation.action !== 'create') ids.add(operation.pendingId);
    else if (operation.reversesTransferId !== undefined) ids.add(operation.reversesTransferId);
  }
  return [...ids];
};

/** Originals a batch reverses, whose reversed totals it must see. */
export const reversedIdsToRead = (operations: readonly NormalizedOperation[]): string[] => [
  ...new Set(
    operations.flatMap((operation) =>
      operation.action === 'create' && operation.reversesTransferId !== undefined ? [operation.reversesTransferId] : [],
    ),
  ),
];

/** Accounts a batch touches; holds name theirs, so this runs after the transfers are read. */
export const accountIdsToRead = (
  operations: readonly NormalizedOperation[],
  transfer: (transferId: string) => TransferRecord | undefined,
): string[] => {
  const ids = new Set<string>();
  for (const operation of operations) {
    if (operation.action === 'create') {
      ids.add(operation.debitAccountId);
      ids.add(operation.creditAccountId);
    } else {
      const pending = transfer(operation.pendingId);
      if (pending !== undefined) {
        ids.add(pending.debitAccountId);
        ids.add(pending.creditAccountId);
      }
    }
  }
  return [...ids];
};

/**
 * Which bound of an account on statements a write would pass: one posted counter (debits,
 * credits) of one balance item, at most `maxMinor` (`statedPostedCounterMax`). A DynamoDB commit
 * whose update raised both counters of the item cannot tell which failed: `debits or credits`.
 */
export interface StatedOverflow {
  readonly accountId: string;
  readonly exact: boolean;
  readonly shard: number;
  readonly counter: 'debits' | 'credits' | 'debits or credits';
  readonly maxMinor: bigint;
}

/** The bound a balance update of an account on statements passes; `after` (the item's counters after it) when known. */
export const statedOverflowOf = (update: BalanceUpdate, after?: Balances): StatedOverflow => {
  const maxMinor = update.postedCounterMaxMinor ?? 0n;
  const debits = after === undefined ? update.change.debitsPosted > 0n : after.debitsPosted > maxMinor;
  const credits = after === undefined ? update.change.creditsPosted > 0n : after.creditsPosted > maxMinor;
  const counter = debits && credits ? 'debits or credits' : debits ? 'debits' : 'credits';
  return { accountId: update.accountId, exact: update.exact, shard: update.shard, counter, maxMinor };
};

/**
 * BALANCE_OVERFLOW for a statement-stated account whose posted money would pass what a statement
 * states (docs/ledger.md "Accounts on statements"), naming the counter and the bound it would pass
 * and the first operation of the batch that moves the account. The writers answer it too when
 * their commit-time bound on a balance item fails.
 */
export const statableOverflowError = (overflow: StatedOverflow, transfers: readonly TransferRecord[]): DomainError => {
  const index = Math.max(
    0,
    transfers.findIndex(
      (transfer) => transfer.debitAccountId === overflow.accountId || transfer.creditAccountId === overflow.accountId,
    ),
  );
  return statableOverflowAt(overflow, { index, linked: transfers.length > 1 });
};

/** The detail of a refusal at the stated bound: the counter that would pass it, and the bound. */
export const statedOverflowDetail = (overflow: StatedOverflow): string =>
  overflow.exact
    ? `account ${quoted(overflow.accountId)} is on statements: its posted ${overflow.counter} may not pass ${overflow.maxMinor} minor units`
    : `account ${quoted(overflow.accountId)} is on statements: the posted ${overflow.counter} of its balance shard ${overflow.shard} may not pass ${overflow.maxMinor} minor units (one shard's share of what a statement states)`;

const statableOverflowAt = (overflow: StatedOverflow, position: { index: number; linked: boolean }): DomainError =>
  legError('BALANCE_OVERFLOW', statedOverflowDetail(overflow), position, 'amountMinor');

/** The bound a statement-stated account's balance items keep on each posted counter (none for other accounts). */
const postedCounterMaxOf = (account: AccountRecord): bigint | undefined =>
  isStatedAccountId(account.id) ? statedPostedCounterMax(account.balanceShards) : undefined;

/**
 * The stated bound, as far as the evaluation sees it: an exact account's counters after the
 * leg; a sharded account's legs of the batch on one shard (its stored shard counters are checked
 * by the writer at commit time).
 */
const checkStated = (leg: Leg, after: Balances | undefined, batchPosted: Balances, linked: boolean): void => {
  const max = postedCounterMaxOf(leg.account);
  if (max === undefined) return;
  const counters = after ?? batchPosted;
  const debits = counters.debitsPosted > max;
  const credits = counters.creditsPosted > max;
  if (debits || credits) {
    const overflow: StatedOverflow = {
      accountId: leg.account.id,
      exact: isExact(leg.account),
      shard: leg.shard,
      counter: debits && credits ? 'debits or credits' : debits ? 'debits' : 'credits',
      maxMinor: max,
    };
    throw statableOverflowAt(overflow, { index: leg.operationIndex, linked });
  }
};

/** Every stored counter of an exact account stays within what DynamoDB can hold. */
const storable = (value: bigint): boolean => value <= LEDGER_COUNTER_MINOR_MAX && value >= -LEDGER_COUNTER_MINOR_MAX;

/** Step 3: walk the legs in order against the exact balances. */
const checkBalances = (legs: readonly Leg[], snapshot: LedgerSnapshot, linked: boolean): void => {
  const working = new Map<string, Balances>();
  const shardChanges = new Map<string, Balances>();
  for (const leg of legs) {
    if (!isExact(leg.account)) {
      const key = `${leg.account.id}#${leg.shard}`;
      const changed = addBalances(shardChanges.get(key) ?? zeroBalances, leg.change);
      shardChanges.set(key, changed);
      checkStated(leg, undefined, changed, linked);
      continue;
    }
    const before = working.get(leg.account.id) ?? snapshot.exactBalances(leg.account.id);
    assert(before !== undefined, `the balance of exact account ${leg.account.id} was read`);
    const after = addBalances(before, leg.change);
    const position = { index: leg.operationIndex, linked };
    const available = availableOf(leg.account.flags, leg.account.limitMinor, after);
    const counters = [after.debitsPosted, after.creditsPosted, after.debitsPending, after.creditsPending, available];
    if (!counters.every(storable)) {
      throw legError(
        'BALANCE_OVERFLOW',
        `account ${quoted(leg.account.id)} would pass ${LEDGER_COUNTER_MINOR_MAX} minor units`,
        position,
        'amountMinor',
      );
    }
    assert(balancesAreSane(after), `the counters of account ${leg.account.id} stay non-negative`);
    checkStated(leg, after, zeroBalances, linked);
    const lowersAvailable = availableChangeOf(leg.account.flags, leg.change) < 0n;
    if (isLimited(leg.account.flags) && lowersAvailable && available < 0n) {
      throw leg.account.flags.debitsMustNotExceedCredits
        ? legError(
            'EXCEEDS_CREDITS',
            `debit account ${quoted(leg.account.id)} cannot afford ${leg.transfer.amountMinor}`,
            position,
            'amountMinor',
          )
        : legError(
            'EXCEEDS_DEBITS',
            `credit account ${quoted(leg.account.id)} would exceed its credit limit`,
            position,
            'amountMinor',
          );
    }
    working.set(leg.account.id, after);
  }
};

/** Step 4: one update per balance item, with the lowest point `available` reaches inside the batch. */
const mergeUpdates = (legs: readonly Leg[]): BalanceUpdate[] => {
  const updates = new Map<string, { leg: Leg; change: BalanceChange; available: bigint; lowest: bigint }>();
  for (const leg of legs) {
    const key = `${leg.account.id}#${leg.shard}`;
    const current = updates.get(key) ?? { leg, change: zeroBalances, available: 0n, lowest: 0n };
    const available = current.available + availableChangeOf(leg.account.flags, leg.change);
    updates.set(key, {
      leg,
      change: addBalances(current.change, leg.change),
      available,
      lowest: available < current.lowest ? available : current.lowest,
    });
  }
  return [...updates.values()].map(({ leg, change, available, lowest }) => {
    const postedCounterMaxMinor = postedCounterMaxOf(leg.account);
    return {
      accountId: leg.account.id,
      shard: leg.shard,
      exact: isExact(leg.account),
      limited: isLimited(leg.account.flags),
      change,
      availableChangeMinor: available,
      requiredAvailableMinor: isLimited(leg.account.flags) ? -lowest : 0n,
      ...(postedCounterMaxMinor === undefined ? {} : { postedCounterMaxMinor }),
    };
  });
};

/** Step 4: one reversal count per original, from what the batch's legs reversed of it. */
const reversalCounts = (reversed: ReadonlyMap<string, number>, snapshot: LedgerSnapshot): ReversalCount[] =>
  [...reversed].map(([originalId, amountMinor]) => {
    const original = snapshot.transfer(originalId);
    assert(original !== undefined, `the original ${originalId} of a reversal was read`);
    const reversedBeforeMinorMax = original.amountMinor - amountMinor;
    // Paired with checkReversal: the stored total seen in the snapshot fits under the condition.
    assert(snapshot.reversedMinor(originalId) <= reversedBeforeMinorMax, `reversals of ${originalId} stay within it`);
    return { originalId, amountMinor, reversedBeforeMinorMax };
  });

const entryOf = (leg: Leg, nowMs: number): EntryRecord => ({
  accountId: leg.account.id,
  shard: leg.entryShard,
  sortKey: entrySortKey(nowMs, leg.operationIndex, leg.transfer.id),
  transferId: leg.transfer.id,
  kind: leg.transfer.kind,
  side: leg.side,
  counterAccountId: leg.side === 'debit' ? leg.transfer.creditAccountId : leg.transfer.debitAccountId,
  amountMinor: leg.transfer.amountMinor,
  currency: leg.transfer.currency,
  change: leg.change,
  recordedAtMs: leg.transfer.recordedAtMs,
  effectiveAtMs: leg.transfer.effectiveAtMs,
});

export const evaluateBatch = (
  operations: readonly NormalizedOperation[],
  snapshot: LedgerSnapshot,
  nowMs: number,
  options: { readonly placementKey?: string } = {},
): Evaluation => {
  const idempotency = checkIdempotency(operations, snapshot);
  if (idempotency !== undefined) return idempotency;
  const linked = operations.length > 1;
  try {
    const batch: BatchState = {
      resolved: new Map(),
      reversed: new Map(),
      ...(options.placementKey === undefined ? {} : { placementKey: options.placementKey }),
    };
    const transfers: TransferRecord[] = [];
    const resolutions: PendingResolution[] = [];
    const legs: Leg[] = [];
    for (const [index, operation] of operations.entries()) {
      const position = { index, linked };
      const planned =
        operation.action === 'create'
          ? planCreate(operation, position, snapshot, nowMs, batch)
          : planResolution(operation, position, snapshot, nowMs, batch);
      transfers.push(planned.transfer);
      legs.push(...planned.legs);
      if (planned.resolution !== undefined) resolutions.push(planned.resolution);
    }
    checkBalances(legs, snapshot, linked);
    // Pair assertion where money moves: every transfer's two legs mirror each other.
    for (let index = 0; index < legs.length; index += 2) {
      const debit = legs[index];
      const credit = legs[index + 1];
      assert(
        debit !== undefined &&
          credit !== undefined &&
          debit.change.debitsPosted === credit.change.creditsPosted &&
          debit.change.debitsPending === credit.change.creditsPending,
        'the two legs of a transfer balance',
      );
    }
    return {
      kind: 'apply',
      plan: {
        transfers,
        resolutions,
        reversals: reversalCounts(batch.reversed, snapshot),
        balanceUpdates: mergeUpdates(legs),
        entries: legs.map((leg) => entryOf(leg, nowMs)),
      },
    };
  } catch (error) {
    if (error instanceof DomainError) return { kind: 'failed', error };
    throw error;
  }
};
