import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { assert, InvariantViolationError, isDomainError } from '../../errors';
import { DYNAMODB_TRANSACTION_ITEMS_MAX } from '../../limits';
import type { Clock } from '../../ports';
import {
  evaluateBatch,
  exclusiveKeysOf,
  mergePlans,
  normalizeOperations,
  transferView,
  type BatchPlan,
  type GroupOutcome,
  type NormalizedOperation,
  type TransferGroup,
  type TransferOutcome,
} from '../../domain/ledger';
import { transactWrite } from './conditional-writes';
import { planItemCount, planWriteItems } from './ledger-items';
import type { LedgerSnapshots } from './ledger-snapshots';

export interface GroupWriterDeps {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly clock: Clock;
  readonly reads: LedgerSnapshots;
  /** One group on its own: the full write path, with its retries and its precise answers. */
  readonly single: (operations: TransferGroup) => Promise<readonly TransferOutcome[]>;
}

interface Planned {
  readonly index: number;
  readonly plan: BatchPlan;
}

/** A group's plan from the shared latest read, or undefined: that group goes the single way. */
const planOf = (
  operations: readonly NormalizedOperation[],
  snapshot: Parameters<typeof evaluateBatch>[1],
  nowMs: number,
  placementKey: string,
): BatchPlan | undefined => {
  try {
    const evaluation = evaluateBatch(operations, snapshot, nowMs, { placementKey });
    return evaluation.kind === 'apply' ? evaluation.plan : undefined;
  } catch (error) {
    // A view torn by a concurrent write (see DynamoDbLedgerTransfers.evaluate): the single way re-reads.
    if (error instanceof InvariantViolationError) return undefined;
    throw error;
  }
};

/** The shared latest read; undefined when it was throttled (every group then goes the single way). */
const latestRead = async (deps: GroupWriterDeps, operations: readonly NormalizedOperation[]) => {
  try {
    return await deps.reads.snapshot(operations, 'latest');
  } catch (error) {
    if (isDomainError(error)) return undefined;
    throw error;
  }
};

/** The groups that commit together: a plan each, sharing no exclusive item with an earlier one. */
const takeGroups = (
  normalized: readonly { index: number; operations: readonly NormalizedOperation[] }[],
  snapshot: Parameters<typeof evaluateBatch>[1],
  nowMs: number,
  placementKey: string,
): Planned[] => {
  const taken: Planned[] = [];
  const claimed = new Set<string>();
  for (const { index, operations } of normalized) {
    const plan = planOf(operations, snapshot, nowMs, placementKey);
    const keys = plan === undefined ? [] : exclusiveKeysOf(plan);
    if (plan === undefined || keys.some((key) => claimed.has(key))) continue;
    for (const key of keys) claimed.add(key);
    taken.push({ index, plan });
  }
  return taken;
};

/** Taken groups in order, packed greedily into transactions of at most 100 merged items. */
const pack = (planned: readonly Planned[]): Planned[][] => {
  const transactions: Planned[][] = [];
  let current: Planned[] = [];
  for (const group of planned) {
    const candidate = [...current, group];
    if (current.length > 0 && planItemCount(mergePlans(candidate.map((taken) => taken.plan))) > DYNAMODB_TRANSACTION_ITEMS_MAX) {
      transactions.push(current);
      current = [group];
    } else {
      current = candidate;
    }
  }
  if (current.length > 0) transactions.push(current);
  return transactions;
};

const created = (plan: BatchPlan): GroupOutcome => ({
  ok: true,
  outcomes: plan.transfers.map((transfer) => ({ result: 'created' as const, transfer: transferView(transfer) })),
});

/**
 * Independent linked groups in as few TransactWriteItems as the 100-item limit allows.
 *
 * Flow:
 *  1. Normalize each group (invalid input is that group's error).
 *  2. ONE latest read of everything the groups touch (consistent BatchGetItem, own ids unread).
 *  3. Evaluate each group alone against it; every leg on a sharded account (creates, and the
 *     posts and voids of holds placed on other shards) is placed by the batch's key, so the
 *     batch's changes to a hot account merge into ONE shard update. A
 *     group whose answer is not a plan (a refusal, `exists` of a redelivery, a torn view),
 *     or that shares a transfer, hold, reversed original or limited account with a group
 *     already taken, goes the single way.
 *  4. Pack the taken groups into transactions (merged balance updates) and commit each; a
 *     cancelled transaction sends its groups the single way. Conditions re-check every plan.
 *  5. The single way: `createTransfers` of the group alone — serializable answers, retries,
 *     `exists` — its DomainError is that group's outcome.
 */
export const writeGroups = async (deps: GroupWriterDeps, groups: readonly TransferGroup[]): Promise<GroupOutcome[]> => {
  const outcomes = new Map<number, GroupOutcome>();
  const normalized: { index: number; operations: readonly NormalizedOperation[] }[] = [];
  for (const [index, group] of groups.entries()) {
    try {
      normalized.push({ index, operations: normalizeOperations(group) });
    } catch (error) {
      if (!isDomainError(error)) throw error;
      outcomes.set(index, { ok: false, error });
    }
  }
  const placementKey = normalized[0]?.operations[0]?.id ?? '';
  const snapshot = await latestRead(
    deps,
    normalized.flatMap((group) => group.operations),
  );
  const taken = snapshot === undefined ? [] : takeGroups(normalized, snapshot, deps.clock.now(), placementKey);
  for (const transaction of pack(taken)) {
    const { items } = planWriteItems(deps.tableName, mergePlans(transaction.map((group) => group.plan)));
    try {
      await transactWrite(deps.client, items);
      for (const group of transaction) outcomes.set(group.index, created(group.plan));
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
    }
  }
  for (const [index, group] of groups.entries()) {
    if (outcomes.has(index)) continue;
    try {
      outcomes.set(index, { ok: true, outcomes: await deps.single(group) });
    } catch (error) {
      if (!isDomainError(error)) throw error;
      outcomes.set(index, { ok: false, error });
    }
  }
  return groups.map((_, index) => {
    const outcome = outcomes.get(index);
    assert(outcome !== undefined, `group ${index} has an outcome`);
    return outcome;
  });
};
