import type { AccountFlags, AccountRecord, BalanceChange, Balances, BalancesView, TransferKind } from './types';

export const zeroBalances: Balances = { debitsPosted: 0, creditsPosted: 0, debitsPending: 0, creditsPending: 0 };

export const addBalances = (left: Balances, right: BalanceChange): Balances => ({
  debitsPosted: left.debitsPosted + right.debitsPosted,
  creditsPosted: left.creditsPosted + right.creditsPosted,
  debitsPending: left.debitsPending + right.debitsPending,
  creditsPending: left.creditsPending + right.creditsPending,
});

export const isLimited = (flags: AccountFlags): boolean => flags.debitsMustNotExceedCredits || flags.creditsMustNotExceedDebits;

/** Limited accounts keep one exact balance item: a condition can only look at one item. */
export const isExact = (account: AccountRecord): boolean => account.balanceShards === 1;

/**
 * What the account may still move in its limited direction, counting holds against it:
 * - debit-limited (a prepaid wallet): creditsPosted − debitsPosted − debitsPending + limit,
 *   the amount it may still be debited. Pending credits do not count: they may be voided.
 * - credit-limited (a postpaid account): debitsPosted − creditsPosted − creditsPending + limit,
 *   the amount it may still be credited.
 * - no flag: creditsPosted − debitsPosted − debitsPending, what a wallet would have left;
 *   informational only, nothing is refused on it.
 * The DynamoDB adapter stores this number as `availableMinor` on exact accounts and keeps
 * it up to date in the same update, because a condition expression cannot do arithmetic.
 */
export const availableOf = (flags: AccountFlags, limitMinor: number, balances: Balances): number => {
  if (flags.creditsMustNotExceedDebits) {
    return balances.debitsPosted - balances.creditsPosted - balances.creditsPending + limitMinor;
  }
  const withoutLimit = balances.creditsPosted - balances.debitsPosted - balances.debitsPending;
  return flags.debitsMustNotExceedCredits ? withoutLimit + limitMinor : withoutLimit;
};

/** How a change moves `available`; linear, so it can be applied as an increment. */
export const availableChangeOf = (flags: AccountFlags, change: BalanceChange): number => availableOf(flags, 0, change);

export const balancesView = (account: AccountRecord, balances: Balances): BalancesView => ({
  ...balances,
  posted: balances.creditsPosted - balances.debitsPosted,
  pending: balances.creditsPending - balances.debitsPending,
  available: availableOf(account.flags, account.limitMinor, balances),
});

export const noChange: BalanceChange = zeroBalances;

/**
 * The change a transfer makes to one side. `amountMinor` is what the transfer moves;
 * `releasedMinor` is the hold amount a post, void or expire takes out of pending.
 */
export const changeOf = (
  kind: TransferKind,
  side: 'debit' | 'credit',
  amountMinor: number,
  releasedMinor: number,
): BalanceChange => {
  const posted = kind === 'single' || kind === 'post' ? amountMinor : 0;
  const pending = kind === 'pending' ? amountMinor : kind === 'single' ? 0 : -releasedMinor;
  return side === 'debit'
    ? { debitsPosted: posted, creditsPosted: 0, debitsPending: pending, creditsPending: 0 }
    : { debitsPosted: 0, creditsPosted: posted, debitsPending: 0, creditsPending: pending };
};

/** Every counter is a safe integer and pending counters never go below zero. */
export const balancesAreSane = (balances: Balances): boolean =>
  Number.isSafeInteger(balances.debitsPosted) &&
  Number.isSafeInteger(balances.creditsPosted) &&
  Number.isSafeInteger(balances.debitsPending) &&
  Number.isSafeInteger(balances.creditsPending) &&
  balances.debitsPosted >= 0 &&
  balances.creditsPosted >= 0 &&
  balances.debitsPending >= 0 &&
  balances.creditsPending >= 0;

/** True when the balances respect the account's flag and limit. */
export const respectsFlags = (account: Pick<AccountRecord, 'flags' | 'limitMinor'>, balances: Balances): boolean =>
  !isLimited(account.flags) || availableOf(account.flags, account.limitMinor, balances) >= 0;

export const sumBalances = (parts: readonly Balances[]): Balances => {
  let total = zeroBalances;
  for (const part of parts) total = addBalances(total, part);
  return total;
};
