import { assert, DomainError, type FieldIssue } from '../../errors';
import {
  addBalances,
  availableChangeOf,
  availableOf,
  balancesAreSane,
  changeOf,
  isExact,
  isLimited,
  zeroBalances,
} from './balances';
import { entrySortKey, shardOf } from './keys';
import type { AccountRecord, BalanceChange, Balances, EntryRecord, EntrySide, TransferKind, TransferRecord } from './types';
import { legError, type LegPosition, type NormalizedOperation } from './validation';

/**
 * The heart of the ledger, shared by every implementation: given checked operations and a
 * snapshot of the state they touch, decide what a batch does. Pure: no I/O, no clock.
 *
 * Flow of `evaluateBatch`:
 *  1. Idempotency first: an operation whose id is stored is a retry. Same fields -> the
 *     batch `exists` (nothing is written); a different field -> TRANSFER_EXISTS_WITH_DIFFERENT_FIELDS;
 *     some legs stored and others not -> LINKED_TRANSFER_FAILED (a batch is retried whole).
 *     This comes before any balance or state check, so a retry after a crash that did commit
 *     answers `exists` even though the money has since moved on.
 *  2. Each operation in order: accounts exist, currencies match, a reversal mirrors its
 *     original, a hold is still pending, not expired by the clock, not resolved by an earlier
 *     leg, and a post does not exceed it.
 *  3. Balances, leg by leg in batch order as TigerBeetle applies them: a leg that lowers a
 *     limited account's `available` below zero fails with EXCEEDS_CREDITS (debit-limited)
 *     or EXCEEDS_DEBITS (credit-limited).
 *  4. The plan: new transfer records, hold resolutions, one merged update per balance item
 *     (a transaction may not touch an item twice) with the smallest `available` it needs
 *     beforehand, and one entry per leg.
 * A failure names the leg (`extensions.index` in a linked batch) and nothing is written.
 */

export interface LedgerSnapshot {
  account(accountId: string): AccountRecord | undefined;
  /** Balance of an exact account; sharded accounts have no limit, so it is not needed for them. */
  exactBalances(accountId: string): Balances | undefined;
  transfer(transferId: string): TransferRecord | undefined;
}

export interface BalanceUpdate {
  readonly accountId: string;
  readonly shard: number;
  readonly exact: boolean;
  readonly limited: boolean;
  readonly change: BalanceChange;
  readonly availableChangeMinor: number;
  /** The stored `available` must be at least this before the update (0: no condition needed). */
  readonly requiredAvailableMinor: number;
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

const fieldPath = (position: LegPosition, field: string): string =>
  position.linked ? `transfers.${position.index}.${field}` : field;

/** The input fields of an operation that differ from the stored transfer with the same id. */
const differingFields = (operation: NormalizedOperation, stored: TransferRecord, snapshot: LedgerSnapshot): string[] => {
  const differences: string[] = [];
  const expectedKind: TransferKind =
    operation.action === 'create' ? (operation.timeoutSeconds === undefined ? 'single' : 'pending') : operation.action;
  if (stored.kind !== expectedKind) {
    const storedIsCreate = stored.kind === 'single' || stored.kind === 'pending';
    differences.push(operation.action === 'create' && storedIsCreate ? 'timeoutSeconds' : 'action');
    return differences;
  }
  const given = (field: string, value: unknown, storedValue: unknown, always: boolean): void => {
    if ((always || value !== undefined) && value !== storedValue) differences.push(field);
  };
  if (operation.action === 'create') {
    given('debitAccountId', operation.debitAccountId, stored.debitAccountId, true);
    given('creditAccountId', operation.creditAccountId, stored.creditAccountId, true);
    given('amountMinor', operation.amountMinor, stored.amountMinor, true);
    given('currency', operation.currency, stored.currency, true);
    given('code', operation.code, stored.code, true);
    given('reference', operation.reference, stored.reference, true);
    given('effectiveAt', operation.effectiveAtMs, stored.effectiveAtMs, false);
    given('timeoutSeconds', operation.timeoutSeconds, stored.timeoutSeconds, true);
    given('reversesTransferId', operation.reversesTransferId, stored.reversesTransferId, true);
    return differences;
  }
  given('pendingId', operation.pendingId, stored.pendingId, true);
  if (operation.action === 'post' && stored.pendingId === operation.pendingId) {
    // An omitted amount means "the whole hold", so compare what it resolves to.
    const requestedMinor = operation.amountMinor ?? snapshot.transfer(operation.pendingId)?.amountMinor;
    given('amountMinor', requestedMinor, stored.amountMinor, false);
  }
  given('code', operation.code, stored.code, false);
  given('reference', operation.reference, stored.reference, false);
  return differences;
};

const checkIdempotency = (operations: readonly NormalizedOperation[], snapshot: LedgerSnapshot): Evaluation | undefined => {
  const linked = operations.length > 1;
  const stored = operations.map((operation) => snapshot.transfer(operation.id));
  for (const [index, operation] of operations.entries()) {
    const existing = stored[index];
    if (existing === undefined) continue;
    const differences = differingFields(operation, existing, snapshot);
    if (differences.length > 0) {
      const position = { index, linked };
      const issues: FieldIssue[] = differences.map((field) => ({
        field: fieldPath(position, field),
        message: `differs from the stored transfer ${operation.id}`,
      }));
      return {
        kind: 'failed',
        error: new DomainError(
          'TRANSFER_EXISTS_WITH_DIFFERENT_FIELDS',
          `${linked ? `transfer ${index} of the linked batch: ` : ''}transfer ${operation.id} exists with a different ${differences.join(', ')}`,
          issues,
          linked ? { index } : {},
        ),
      };
    }
  }
  const present = stored.filter((transfer): transfer is TransferRecord => transfer !== undefined);
  if (present.length === 0) return undefined;
  if (present.length === operations.length) return { kind: 'exists', transfers: present };
  const index = stored.findIndex((transfer) => transfer !== undefined);
  return {
    kind: 'failed',
    error: legError(
      'LINKED_TRANSFER_FAILED',
      'this transfer already exists but other legs of the batch do not; a linked batch is retried whole, with the same legs',
      { index, linked },
      'id',
    ),
  };
};

interface Leg {
  readonly account: AccountRecord;
  readonly shard: number;
  readonly side: EntrySide;
  readonly change: BalanceChange;
  readonly transfer: TransferRecord;
  readonly operationIndex: number;
}

const legsOf = (
  transfer: TransferRecord,
  debitAccount: AccountRecord,
  creditAccount: AccountRecord,
  releasedMinor: number,
  operationIndex: number,
): Leg[] => {
  // A resolution drains the hold from the shard the hold was placed on, so no shard's
  // pending counters ever go below zero.
  const placementKey = transfer.pendingId ?? transfer.id;
  return (['debit', 'credit'] as const).map((side) => {
    const account = side === 'debit' ? debitAccount : creditAccount;
    return {
      account,
      shard: shardOf(placementKey, account.balanceShards),
      side,
      change: changeOf(transfer.kind, side, transfer.amountMinor, releasedMinor),
      transfer,
      operationIndex,
    };
  });
};

const resolvedStateOf = { post: 'posted', void: 'voided', expire: 'expired' } as const;

const alreadyResolvedError = (state: 'posted' | 'voided' | 'expired', pendingId: string, position: LegPosition): DomainError => {
  switch (state) {
    case 'posted':
      return legError('PENDING_TRANSFER_ALREADY_POSTED', `hold ${pendingId} was already posted`, position, 'pendingId');
    case 'voided':
      return legError('PENDING_TRANSFER_ALREADY_VOIDED', `hold ${pendingId} was already voided`, position, 'pendingId');
    case 'expired':
      return legError('PENDING_TRANSFER_EXPIRED', `hold ${pendingId} has expired`, position, 'pendingId');
  }
};

/** Steps 2 and 3 for one operation: the transfer it records and the legs it moves. */
const planOperation = (
  operation: NormalizedOperation,
  position: LegPosition,
  snapshot: LedgerSnapshot,
  nowMs: number,
  resolvedInBatch: Map<string, 'posted' | 'voided' | 'expired'>,
): { transfer: TransferRecord; legs: Leg[]; resolution?: PendingResolution } => {
  const metadata = {
    ...(operation.code === undefined ? {} : { code: operation.code }),
    ...(operation.reference === undefined ? {} : { reference: operation.reference }),
  };
  if (operation.action === 'create') {
    const debitAccount = snapshot.account(operation.debitAccountId);
    if (debitAccount === undefined) {
      throw legError('ACCOUNT_NOT_FOUND', `debit account ${operation.debitAccountId} does not exist`, position, 'debitAccountId');
    }
    const creditAccount = snapshot.account(operation.creditAccountId);
    if (creditAccount === undefined) {
      throw legError(
        'ACCOUNT_NOT_FOUND',
        `credit account ${operation.creditAccountId} does not exist`,
        position,
        'creditAccountId',
      );
    }
    for (const account of [debitAccount, creditAccount]) {
      if (account.currency !== operation.currency) {
        throw legError(
          'CURRENCY_MISMATCH',
          `account ${account.id} holds ${account.currency}, the transfer is in ${operation.currency}`,
          position,
          'currency',
        );
      }
    }
    if (operation.reversesTransferId !== undefined) {
      const original = snapshot.transfer(operation.reversesTransferId);
      if (original === undefined) {
        throw legError(
          'TRANSFER_NOT_FOUND',
          `transfer ${operation.reversesTransferId} does not exist`,
          position,
          'reversesTransferId',
        );
      }
      if (original.kind !== 'single' && original.kind !== 'post') {
        throw legError(
          'REVERSAL_DOES_NOT_MATCH_ORIGINAL',
          `only posted money is reversed; transfer ${original.id} is a ${original.kind} (void a hold instead)`,
          position,
          'reversesTransferId',
        );
      }
      if (operation.debitAccountId !== original.creditAccountId || operation.creditAccountId !== original.debitAccountId) {
        throw legError(
          'REVERSAL_DOES_NOT_MATCH_ORIGINAL',
          `a reversal of ${original.id} debits ${original.creditAccountId} and credits ${original.debitAccountId}`,
          position,
          'debitAccountId',
        );
      }
      if (operation.amountMinor > original.amountMinor) {
        throw legError(
          'REVERSAL_AMOUNT_EXCEEDS_ORIGINAL',
          `a reversal moves at most the ${original.amountMinor} of the original`,
          position,
          'amountMinor',
        );
      }
    }
    const pending = operation.timeoutSeconds !== undefined;
    const transfer: TransferRecord = {
      id: operation.id,
      kind: pending ? 'pending' : 'single',
      debitAccountId: operation.debitAccountId,
      creditAccountId: operation.creditAccountId,
      amountMinor: operation.amountMinor,
      currency: operation.currency,
      ...metadata,
      effectiveAtMs: operation.effectiveAtMs ?? nowMs,
      recordedAtMs: nowMs,
      ...(operation.timeoutSeconds === undefined
        ? {}
        : {
            timeoutSeconds: operation.timeoutSeconds,
            expiresAtMs: nowMs + operation.timeoutSeconds * 1000,
            state: 'pending' as const,
          }),
      ...(operation.reversesTransferId === undefined ? {} : { reversesTransferId: operation.reversesTransferId }),
    };
    return { transfer, legs: legsOf(transfer, debitAccount, creditAccount, 0, position.index) };
  }

  const pending = snapshot.transfer(operation.pendingId);
  if (pending === undefined) {
    throw legError('PENDING_TRANSFER_NOT_FOUND', `hold ${operation.pendingId} does not exist`, position, 'pendingId');
  }
  if (pending.kind !== 'pending') {
    throw legError('TRANSFER_NOT_PENDING', `transfer ${pending.id} is not a hold`, position, 'pendingId');
  }
  assert(pending.expiresAtMs !== undefined && pending.state !== undefined, 'a hold has an expiry and a state');
  const earlier = resolvedInBatch.get(pending.id);
  if (earlier !== undefined) throw alreadyResolvedError(earlier, pending.id, position);
  if (pending.state !== 'pending') throw alreadyResolvedError(pending.state, pending.id, position);
  if (operation.action === 'expire') {
    if (nowMs < pending.expiresAtMs) {
      throw legError('TRANSFER_NOT_PENDING', `hold ${pending.id} is not due until its expiry`, position, 'pendingId');
    }
  } else if (nowMs >= pending.expiresAtMs) {
    // The clock decides, not the sweeper: a hold past its timeout cannot be posted or voided.
    throw legError(
      'PENDING_TRANSFER_EXPIRED',
      `hold ${pending.id} expired at ${new Date(pending.expiresAtMs).toISOString()}`,
      position,
      'pendingId',
    );
  }
  const amountMinor = operation.action === 'post' ? (operation.amountMinor ?? pending.amountMinor) : pending.amountMinor;
  if (amountMinor > pending.amountMinor) {
    throw legError(
      'POST_AMOUNT_EXCEEDS_PENDING',
      `the hold is ${pending.amountMinor}; a post moves at most that`,
      position,
      'amountMinor',
    );
  }
  const debitAccount = snapshot.account(pending.debitAccountId);
  const creditAccount = snapshot.account(pending.creditAccountId);
  assert(debitAccount !== undefined && creditAccount !== undefined, `the accounts of hold ${pending.id} exist`);
  const state = resolvedStateOf[operation.action];
  resolvedInBatch.set(pending.id, state);
  const transfer: TransferRecord = {
    id: operation.id,
    kind: operation.action,
    debitAccountId: pending.debitAccountId,
    creditAccountId: pending.creditAccountId,
    amountMinor,
    currency: pending.currency,
    ...(pending.code === undefined ? {} : { code: pending.code }),
    ...(pending.reference === undefined ? {} : { reference: pending.reference }),
    ...metadata,
    effectiveAtMs: nowMs,
    recordedAtMs: nowMs,
    pendingId: pending.id,
  };
  return {
    transfer,
    legs: legsOf(transfer, debitAccount, creditAccount, pending.amountMinor, position.index),
    resolution: {
      pendingId: pending.id,
      state,
      resolvedByTransferId: transfer.id,
      expiresAtMs: pending.expiresAtMs,
      ...(operation.action === 'expire' ? {} : { notExpiredAtMs: nowMs }),
    },
  };
};

/** Step 3: walk the legs in order against the exact balances. */
const checkBalances = (legs: readonly Leg[], snapshot: LedgerSnapshot, linked: boolean): void => {
  const working = new Map<string, Balances>();
  for (const leg of legs) {
    if (!isExact(leg.account)) continue;
    const before = working.get(leg.account.id) ?? snapshot.exactBalances(leg.account.id);
    assert(before !== undefined, `the balance of exact account ${leg.account.id} was read`);
    const after = addBalances(before, leg.change);
    const position = { index: leg.operationIndex, linked };
    const counters = [after.debitsPosted, after.creditsPosted, after.debitsPending, after.creditsPending];
    if (!counters.every((counter) => Number.isSafeInteger(counter))) {
      throw legError('BALANCE_OVERFLOW', `account ${leg.account.id} would leave the safe integer range`, position, 'amountMinor');
    }
    assert(balancesAreSane(after), `the counters of account ${leg.account.id} stay non-negative`);
    const lowersAvailable = availableChangeOf(leg.account.flags, leg.change) < 0;
    if (isLimited(leg.account.flags) && lowersAvailable && availableOf(leg.account.flags, leg.account.limitMinor, after) < 0) {
      throw leg.account.flags.debitsMustNotExceedCredits
        ? legError(
            'EXCEEDS_CREDITS',
            `debit account ${leg.account.id} cannot afford ${leg.transfer.amountMinor}`,
            position,
            'amountMinor',
          )
        : legError('EXCEEDS_DEBITS', `credit account ${leg.account.id} would exceed its credit limit`, position, 'amountMinor');
    }
    working.set(leg.account.id, after);
  }
};

/** Step 4: one update per balance item, with the lowest point `available` reaches inside the batch. */
const mergeUpdates = (legs: readonly Leg[]): BalanceUpdate[] => {
  const updates = new Map<string, { leg: Leg; change: BalanceChange; available: number; lowest: number }>();
  for (const leg of legs) {
    const key = `${leg.account.id}#${leg.shard}`;
    const current = updates.get(key) ?? { leg, change: zeroBalances, available: 0, lowest: 0 };
    const available = current.available + availableChangeOf(leg.account.flags, leg.change);
    updates.set(key, {
      leg,
      change: addBalances(current.change, leg.change),
      available,
      lowest: Math.min(current.lowest, available),
    });
  }
  return [...updates.values()].map(({ leg, change, available, lowest }) => ({
    accountId: leg.account.id,
    shard: leg.shard,
    exact: isExact(leg.account),
    limited: isLimited(leg.account.flags),
    change,
    availableChangeMinor: available,
    requiredAvailableMinor: isLimited(leg.account.flags) ? -lowest : 0,
  }));
};

export const evaluateBatch = (
  operations: readonly NormalizedOperation[],
  snapshot: LedgerSnapshot,
  nowMs: number,
): Evaluation => {
  const idempotency = checkIdempotency(operations, snapshot);
  if (idempotency !== undefined) return idempotency;
  const linked = operations.length > 1;
  try {
    const resolvedInBatch = new Map<string, 'posted' | 'voided' | 'expired'>();
    const transfers: TransferRecord[] = [];
    const resolutions: PendingResolution[] = [];
    const legs: Leg[] = [];
    for (const [index, operation] of operations.entries()) {
      const planned = planOperation(operation, { index, linked }, snapshot, nowMs, resolvedInBatch);
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
    const entries: EntryRecord[] = legs.map((leg) => ({
      accountId: leg.account.id,
      shard: leg.shard,
      sortKey: entrySortKey(nowMs, leg.operationIndex, leg.transfer.id),
      transferId: leg.transfer.id,
      kind: leg.transfer.kind,
      side: leg.side,
      amountMinor: leg.transfer.amountMinor,
      currency: leg.transfer.currency,
      change: leg.change,
      recordedAtMs: leg.transfer.recordedAtMs,
      effectiveAtMs: leg.transfer.effectiveAtMs,
    }));
    return { kind: 'apply', plan: { transfers, resolutions, balanceUpdates: mergeUpdates(legs), entries } };
  } catch (error) {
    if (error instanceof DomainError) return { kind: 'failed', error };
    throw error;
  }
};
