import type { BalanceUpdate } from '../../domain/ledger';

/**
 * What a balance item's update checks at commit time beyond `attribute_exists(pk)`, as one
 * condition suffix and its values (conditions cannot do arithmetic, so each bound is stored
 * minus the change):
 *   - a limited exact account: its `availableMinor` at least what the update needs;
 *   - a statement-stated account's item: each posted counter it raises at most its bound minus
 *     the change. A sharded account's shard is not in the snapshot, so this condition is what
 *     refuses it (the commit answers BALANCE_OVERFLOW when it fails).
 */
export const balanceConditions = (update: BalanceUpdate): { condition: string; values: Record<string, bigint> } => {
  const guarded = update.exact && update.limited && update.requiredAvailableMinor > 0n;
  const available = guarded
    ? [{ check: ' AND availableMinor >= :required', name: ':required', value: update.requiredAvailableMinor }]
    : [];
  const max = update.postedCounterMaxMinor;
  const raised = [
    ['debitsPosted', ':debitsPostedMax', update.change.debitsPosted],
    ['creditsPosted', ':creditsPostedMax', update.change.creditsPosted],
  ] as const;
  const stated =
    max === undefined
      ? []
      : raised
          .filter(([, , change]) => change > 0n)
          .map(([counter, name, change]) => ({ check: ` AND ${counter} <= ${name}`, name, value: max - change }));
  const checks = [...available, ...stated];
  return {
    condition: checks.map(({ check }) => check).join(''),
    values: Object.fromEntries(checks.map(({ name, value }) => [name, value])),
  };
};
