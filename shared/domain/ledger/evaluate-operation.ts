import { assert, type DomainError, quoted } from '../../errors';
import { changeOf } from './balances';
import type { LedgerSnapshot, PendingResolution } from './evaluate';
import { shardOf } from './keys';
import type { AccountRecord, BalanceChange, EntrySide, TransferCode, TransferRecord } from './types';
import { legError, type LegPosition, type NormalizedOperation } from './validation';

/**
 * Step 2 of `evaluateBatch`, one operation at a time: check it against the snapshot and what
 * earlier legs of its batch did, and say which transfer it records and which legs it moves.
 * The balances the legs move are checked after, all legs together, in step 3.
 */

export interface Leg {
  readonly account: AccountRecord;
  /** The balance shard the leg moves. */
  readonly shard: number;
  /** The entries partition of the leg: by the transfer's (or its hold's) id, so history writes spread even when a batch gathers its balance updates. */
  readonly entryShard: number;
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
  batchPlacementKey?: string,
): Leg[] => {
  // Without a batch key a create is placed by its id and a resolution drains its hold from
  // the shard the hold was placed on. A batch that gathers many transfers (the settlement
  // worker's groups) places every leg, resolutions too, on its key's shard: one update per
  // sharded account for the whole batch. A resolution so placed drains the hold from another
  // shard than the one that holds it, whose pending counter may then go below zero: harmless,
  // since a sharded account has no limit and its balance is only ever the sum of its shards
  // (no shard is checked alone). An exact account has one shard. The history entry keeps the
  // partition of its own transfer (or hold).
  const ownKey = transfer.pendingId ?? transfer.id;
  const placementKey = batchPlacementKey ?? ownKey;
  return (['debit', 'credit'] as const).map((side) => {
    const account = side === 'debit' ? debitAccount : creditAccount;
    return {
      account,
      shard: shardOf(placementKey, account.balanceShards),
      entryShard: shardOf(ownKey, account.balanceShards),
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
      return legError('PENDING_TRANSFER_ALREADY_POSTED', `hold ${quoted(pendingId)} was already posted`, position, 'pendingId');
    case 'voided':
      return legError('PENDING_TRANSFER_ALREADY_VOIDED', `hold ${quoted(pendingId)} was already voided`, position, 'pendingId');
    case 'expired':
      return legError('PENDING_TRANSFER_EXPIRED', `hold ${quoted(pendingId)} has expired`, position, 'pendingId');
  }
};

/** What earlier legs of a batch did that later legs must see. */
export interface BatchState {
  /** Hold id -> how an earlier leg resolved it. */
  readonly resolved: Map<string, 'posted' | 'voided' | 'expired'>;
  /** Original transfer id -> what earlier legs reversed of it. */
  readonly reversed: Map<string, number>;
  /** Places every leg of the batch, creates and resolutions, on one shard per sharded account (default: a create by its id, a resolution on its hold's shard). */
  readonly placementKey?: string;
}

interface PlannedOperation {
  readonly transfer: TransferRecord;
  readonly legs: Leg[];
  readonly resolution?: PendingResolution;
}

type CreateOperation = Extract<NormalizedOperation, { action: 'create' }>;
type ResolveOperation = Exclude<NormalizedOperation, CreateOperation>;

const metadataOf = (source: { readonly code?: TransferCode; readonly reference?: string }) => ({
  ...(source.code === undefined ? {} : { code: source.code }),
  ...(source.reference === undefined ? {} : { reference: source.reference }),
});

/** The two accounts of a create: both exist and hold the transfer's currency. */
const requireAccounts = (
  operation: CreateOperation,
  position: LegPosition,
  snapshot: LedgerSnapshot,
): { debitAccount: AccountRecord; creditAccount: AccountRecord } => {
  const debitAccount = snapshot.account(operation.debitAccountId);
  if (debitAccount === undefined) {
    throw legError(
      'ACCOUNT_NOT_FOUND',
      `debit account ${quoted(operation.debitAccountId)} does not exist`,
      position,
      'debitAccountId',
    );
  }
  const creditAccount = snapshot.account(operation.creditAccountId);
  if (creditAccount === undefined) {
    throw legError(
      'ACCOUNT_NOT_FOUND',
      `credit account ${quoted(operation.creditAccountId)} does not exist`,
      position,
      'creditAccountId',
    );
  }
  for (const account of [debitAccount, creditAccount]) {
    if (account.currency !== operation.currency) {
      throw legError(
        'CURRENCY_MISMATCH',
        `account ${quoted(account.id)} holds ${account.currency}, the transfer is in ${operation.currency}`,
        position,
        'currency',
      );
    }
  }
  return { debitAccount, creditAccount };
};

/**
 * A reversal mirrors a posted original, and all its reversals together (stored ones and
 * earlier legs of this batch) move back at most what the original moved.
 */
const checkReversal = (
  operation: CreateOperation,
  originalId: string,
  position: LegPosition,
  snapshot: LedgerSnapshot,
  batch: BatchState,
): void => {
  const original = snapshot.transfer(originalId);
  if (original === undefined) {
    throw legError('TRANSFER_NOT_FOUND', `transfer ${quoted(originalId)} does not exist`, position, 'reversesTransferId');
  }
  if (original.kind !== 'single' && original.kind !== 'post') {
    throw legError(
      'REVERSAL_DOES_NOT_MATCH_ORIGINAL',
      `only posted money is reversed; transfer ${quoted(original.id)} is a ${original.kind} (void a hold instead)`,
      position,
      'reversesTransferId',
    );
  }
  if (operation.debitAccountId !== original.creditAccountId || operation.creditAccountId !== original.debitAccountId) {
    throw legError(
      'REVERSAL_DOES_NOT_MATCH_ORIGINAL',
      `a reversal of ${quoted(original.id)} debits ${quoted(original.creditAccountId)} and credits ${quoted(original.debitAccountId)}`,
      position,
      'debitAccountId',
    );
  }
  const reversedMinor = snapshot.reversedMinor(original.id) + (batch.reversed.get(original.id) ?? 0);
  if (operation.amountMinor > original.amountMinor - reversedMinor) {
    throw legError(
      'REVERSAL_AMOUNT_EXCEEDS_ORIGINAL',
      reversedMinor === 0
        ? `a reversal moves at most the ${original.amountMinor} of the original`
        : `transfer ${quoted(original.id)} moved ${original.amountMinor} and ${reversedMinor} of it is reversed already; reversals move at most the remaining ${original.amountMinor - reversedMinor}`,
      position,
      'amountMinor',
    );
  }
};

/** Step 2 for a create: a single transfer or a hold, maybe reversing an original. */
export const planCreate = (
  operation: CreateOperation,
  position: LegPosition,
  snapshot: LedgerSnapshot,
  nowMs: number,
  batch: BatchState,
): PlannedOperation => {
  const { debitAccount, creditAccount } = requireAccounts(operation, position, snapshot);
  const originalId = operation.reversesTransferId;
  if (originalId !== undefined) {
    checkReversal(operation, originalId, position, snapshot, batch);
    batch.reversed.set(originalId, (batch.reversed.get(originalId) ?? 0) + operation.amountMinor);
  }
  const transfer: TransferRecord = {
    id: operation.id,
    kind: operation.timeoutSeconds === undefined ? 'single' : 'pending',
    debitAccountId: operation.debitAccountId,
    creditAccountId: operation.creditAccountId,
    amountMinor: operation.amountMinor,
    currency: operation.currency,
    ...metadataOf(operation),
    effectiveAtMs: operation.effectiveAtMs ?? nowMs,
    recordedAtMs: nowMs,
    ...(operation.timeoutSeconds === undefined
      ? {}
      : {
          timeoutSeconds: operation.timeoutSeconds,
          expiresAtMs: nowMs + operation.timeoutSeconds * 1000,
          state: 'pending' as const,
        }),
    ...(originalId === undefined ? {} : { reversesTransferId: originalId }),
  };
  return { transfer, legs: legsOf(transfer, debitAccount, creditAccount, 0, position.index, batch.placementKey) };
};

/**
 * The hold a post, void or expire resolves: it exists, is a hold, was not resolved (stored
 * or by an earlier leg), and the clock agrees: post and void before `expiresAt`, expire from it.
 */
const requireLiveHold = (
  operation: ResolveOperation,
  position: LegPosition,
  snapshot: LedgerSnapshot,
  nowMs: number,
  batch: BatchState,
): TransferRecord & { readonly expiresAtMs: number } => {
  const pending = snapshot.transfer(operation.pendingId);
  if (pending === undefined) {
    throw legError('PENDING_TRANSFER_NOT_FOUND', `hold ${quoted(operation.pendingId)} does not exist`, position, 'pendingId');
  }
  if (pending.kind !== 'pending') {
    throw legError('TRANSFER_NOT_PENDING', `transfer ${quoted(pending.id)} is not a hold`, position, 'pendingId');
  }
  const { expiresAtMs, state } = pending;
  assert(expiresAtMs !== undefined && state !== undefined, 'a hold has an expiry and a state');
  const earlier = batch.resolved.get(pending.id);
  if (earlier !== undefined) throw alreadyResolvedError(earlier, pending.id, position);
  if (state !== 'pending') throw alreadyResolvedError(state, pending.id, position);
  if (operation.action === 'expire') {
    if (nowMs < expiresAtMs) {
      throw legError('TRANSFER_NOT_PENDING', `hold ${quoted(pending.id)} is not due until its expiry`, position, 'pendingId');
    }
  } else if (nowMs >= expiresAtMs) {
    // The clock decides, not the sweeper: a hold past its timeout cannot be posted or voided.
    throw legError(
      'PENDING_TRANSFER_EXPIRED',
      `hold ${quoted(pending.id)} expired at ${new Date(expiresAtMs).toISOString()}`,
      position,
      'pendingId',
    );
  }
  return { ...pending, expiresAtMs };
};

/** Step 2 for a post, void or expire: a transfer of its own that resolves the hold. */
export const planResolution = (
  operation: ResolveOperation,
  position: LegPosition,
  snapshot: LedgerSnapshot,
  nowMs: number,
  batch: BatchState,
): PlannedOperation => {
  const pending = requireLiveHold(operation, position, snapshot, nowMs, batch);
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
  batch.resolved.set(pending.id, state);
  const transfer: TransferRecord = {
    id: operation.id,
    kind: operation.action,
    debitAccountId: pending.debitAccountId,
    creditAccountId: pending.creditAccountId,
    amountMinor,
    currency: pending.currency,
    ...metadataOf(pending),
    ...metadataOf(operation),
    effectiveAtMs: nowMs,
    recordedAtMs: nowMs,
    pendingId: pending.id,
  };
  return {
    transfer,
    legs: legsOf(transfer, debitAccount, creditAccount, pending.amountMinor, position.index, batch.placementKey),
    resolution: {
      pendingId: pending.id,
      state,
      resolvedByTransferId: transfer.id,
      expiresAtMs: pending.expiresAtMs,
      ...(operation.action === 'expire' ? {} : { notExpiredAtMs: nowMs }),
    },
  };
};
