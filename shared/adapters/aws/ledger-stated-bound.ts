import type { BalanceUpdate } from '../../domain/ledger';

/**
 * A statement-stated account's item keeps each posted counter it raises within its bound: the
 * stored counter at most the bound minus the change (conditions cannot do arithmetic). A sharded
 * account's shard is not in the snapshot, so this condition is what refuses it (the commit answers
 * BALANCE_OVERFLOW when it fails).
 */
export const statedBound = (update: BalanceUpdate): { condition: string; values: Record<string, bigint> } => {
  const max = update.postedCounterMaxMinor;
  if (max === undefined) return { condition: '', values: {} };
  const raised = [
    ['debitsPosted', ':debitsPostedMax', update.change.debitsPosted],
    ['creditsPosted', ':creditsPostedMax', update.change.creditsPosted],
  ] as const;
  const bounded = raised.filter(([, , change]) => change > 0n);
  return {
    condition: bounded.map(([counter, name]) => ` AND ${counter} <= ${name}`).join(''),
    values: Object.fromEntries(bounded.map(([, name, change]) => [name, max - change])),
  };
};
