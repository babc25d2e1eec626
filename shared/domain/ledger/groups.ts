import { assert, type DomainError } from '../../errors';
import { addBalances } from './balances';
import type { BalanceUpdate, BatchPlan } from './evaluate';
import type { TransferOperation, TransferOutcome } from './types';

/**
 * Independent linked groups written together (the settlement worker's batch): each group is
 * all-or-nothing like one `createTransfers` call, and fails alone.
 */
export type TransferGroup = readonly TransferOperation[];

export type GroupOutcome =
  { readonly ok: true; readonly outcomes: readonly TransferOutcome[] } | { readonly ok: false; readonly error: DomainError };

/**
 * What a group's plan must not share with another group's in one transaction: its transfer
 * ids, the holds it resolves, the originals it reverses and the limited accounts it moves
 * (their conditions are computed per group; a transaction cannot touch an item twice).
 * Other balance items (sharded or unlimited accounts) merge: sums commute.
 */
export const exclusiveKeysOf = (plan: BatchPlan): string[] => [
  ...plan.transfers.map((transfer) => `transfer:${transfer.id}`),
  ...plan.resolutions.map((resolution) => `transfer:${resolution.pendingId}`),
  ...plan.reversals.map((reversal) => `reversed:${reversal.originalId}`),
  ...plan.balanceUpdates.filter((update) => update.limited).map((update) => `account:${update.accountId}`),
];

/** Several groups' plans as one: balance updates of the same item add up into one update. */
export const mergePlans = (plans: readonly BatchPlan[]): BatchPlan => {
  const updates = new Map<string, BalanceUpdate>();
  for (const update of plans.flatMap((plan) => plan.balanceUpdates)) {
    const key = `${update.accountId}#${update.shard}`;
    const current = updates.get(key);
    if (current === undefined) {
      updates.set(key, update);
      continue;
    }
    assert(!current.limited && !update.limited, `limited account ${update.accountId} is in one group of a transaction`);
    updates.set(key, {
      ...current,
      change: addBalances(current.change, update.change),
      availableChangeMinor: current.availableChangeMinor + update.availableChangeMinor,
    });
  }
  return {
    transfers: plans.flatMap((plan) => plan.transfers),
    resolutions: plans.flatMap((plan) => plan.resolutions),
    reversals: plans.flatMap((plan) => plan.reversals),
    balanceUpdates: [...updates.values()],
    entries: plans.flatMap((plan) => plan.entries),
  };
};
