import type { AccountFlags, AccountRecord, BalanceChange, Balances, BalancesView, JsonMinor, TransferKind } from './types';

const SAFE_MINOR_MAX = /* @__PURE__ */ BigInt(Number.MAX_SAFE_INTEGER);

/** A counter as JSON carries it: a number while it is a safe integer, a decimal string beyond. */
export const jsonMinor = (value: bigint): JsonMinor =>
  value <= SAFE_MINOR_MAX && value >= -SAFE_MINOR_MAX ? Number(value) : value.toString();

export const zeroBalances: Balances = { debitsPosted: 0n, creditsPosted: 0n, debitsPending: 0n, creditsPending: 0n };

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
export const availableOf = (flags: AccountFlags, limitMinor: number, balances: Balances): bigint => {
  if (flags.creditsMustNotExceedDebits) {
    return balances.debitsPosted - balances.creditsPosted - balances.creditsPending + BigInt(limitMinor);
  }
  const withoutLimit = balances.creditsPosted - balances.debitsPosted - balances.debitsPending;
  return flags.debitsMustNotExceedCredits ? withoutLimit + BigInt(limitMinor) : withoutLimit;
};

/** How a change moves `available`; linear, so it can be applied as an increment. */
export const availableChangeOf = (flags: AccountFlags, change: BalanceChange): bigint => availableOf(flags, 0, change);

export const balancesView = (account: AccountRecord, balances: Balances): BalancesView => ({
  debitsPosted: jsonMinor(balances.debitsPosted),
  creditsPosted: jsonMinor(balances.creditsPosted),
  debitsPending: jsonMinor(balances.debitsPending),
  creditsPending: jsonMinor(balances.creditsPending),
  posted: jsonMinor(balances.creditsPosted - balances.debitsPosted),
  pending: jsonMinor(balances.creditsPending - balances.debitsPending),
  available: jsonMinor(availableOf(account.flags, account.limitMinor, balances)),
});

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
  const posted = kind === 'single' || kind === 'post' ? BigInt(amountMinor) : 0n;
  const pending = kind === 'pending' ? BigInt(amountMinor) : kind === 'single' ? 0n : -BigInt(releasedMinor);
  return side === 'debit'
    ? { debitsPosted: posted, creditsPosted: 0n, debitsPending: pending, creditsPending: 0n }
    : { debitsPosted: 0n, creditsPosted: posted, debitsPending: 0n, creditsPending: pending };
};

/** Pending counters never go below zero (posted ones only grow). */
export const balancesAreSane = (balances: Balances): boolean =>
  balances.debitsPosted >= 0n && balances.creditsPosted >= 0n && balances.debitsPending >= 0n && balances.creditsPending >= 0n;

export const sumBalances = (parts: readonly Balances[]): Balances => parts.reduce(addBalances, zeroBalances);
