import { DomainError, quoted } from '../../errors';
import type { NormalizedAccount } from './validation';
import { resolveBalanceShards } from './validation';
import type { AccountRecord } from './types';

/** The record a create stores; `balanceShards` is fixed for life (entries and balances live by it). */
export const newAccountRecord = (
  input: NormalizedAccount,
  accountId: string,
  balanceShardsDefault: number,
  nowMs: number,
): AccountRecord => ({
  id: accountId,
  currency: input.currency,
  flags: input.flags,
  limitMinor: input.limitMinor,
  ...(input.code === undefined ? {} : { code: input.code }),
  ...(input.reference === undefined ? {} : { reference: input.reference }),
  balanceShards: resolveBalanceShards(input, balanceShardsDefault),
  createdAtMs: nowMs,
});

/**
 * Flow of an idempotent create, shared by the implementations: write the record only if
 * the id is free; if it is taken, compare. Same fields -> `exists`; otherwise this error,
 * naming every differing field. The request is compared with its defaults applied, as it
 * would be stored: an omitted `limitMinor` is 0, an omitted `balanceShards` the ledger's
 * default (1 for a limited account), omitted flags false, an omitted code or reference none.
 */
export const accountDifferences = (input: NormalizedAccount, stored: AccountRecord, balanceShardsDefault: number): string[] => {
  const differences: string[] = [];
  if (input.currency !== stored.currency) differences.push('currency');
  if (input.flags.debitsMustNotExceedCredits !== stored.flags.debitsMustNotExceedCredits) {
    differences.push('flags.debitsMustNotExceedCredits');
  }
  if (input.flags.creditsMustNotExceedDebits !== stored.flags.creditsMustNotExceedDebits) {
    differences.push('flags.creditsMustNotExceedDebits');
  }
  if (input.limitMinor !== stored.limitMinor) differences.push('limitMinor');
  if (input.code !== stored.code) differences.push('code');
  if (input.reference !== stored.reference) differences.push('reference');
  if (resolveBalanceShards(input, balanceShardsDefault) !== stored.balanceShards) differences.push('balanceShards');
  return differences;
};

export const accountExistsError = (accountId: string, differences: readonly string[]): DomainError =>
  new DomainError(
    'ACCOUNT_EXISTS_WITH_DIFFERENT_FIELDS',
    `account ${quoted(accountId)} exists with a different ${differences.join(', ')}`,
    differences.map((field) => ({ field, message: `differs from the stored account ${quoted(accountId)}` })),
  );
