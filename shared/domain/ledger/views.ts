import { balancesView, jsonMinor } from './balances';
import type { AccountRecord, AccountView, Balances, EntryRecord, EntryView, TransferRecord, TransferView } from './types';

const iso = (instantMs: number): string => new Date(instantMs).toISOString();

export const accountView = (account: AccountRecord, balances: Balances): AccountView => ({
  id: account.id,
  currency: account.currency,
  flags: { ...account.flags },
  limitMinor: account.limitMinor,
  ...(account.code === undefined ? {} : { code: account.code }),
  ...(account.reference === undefined ? {} : { reference: account.reference }),
  balanceShards: account.balanceShards,
  createdAt: iso(account.createdAtMs),
  balances: balancesView(account, balances),
});

export const transferView = (transfer: TransferRecord): TransferView => ({
  id: transfer.id,
  kind: transfer.kind,
  debitAccountId: transfer.debitAccountId,
  creditAccountId: transfer.creditAccountId,
  amountMinor: transfer.amountMinor,
  currency: transfer.currency,
  ...(transfer.code === undefined ? {} : { code: transfer.code }),
  ...(transfer.reference === undefined ? {} : { reference: transfer.reference }),
  effectiveAt: iso(transfer.effectiveAtMs),
  recordedAt: iso(transfer.recordedAtMs),
  ...(transfer.timeoutSeconds === undefined ? {} : { timeoutSeconds: transfer.timeoutSeconds }),
  ...(transfer.expiresAtMs === undefined ? {} : { expiresAt: iso(transfer.expiresAtMs) }),
  ...(transfer.state === undefined ? {} : { state: transfer.state }),
  ...(transfer.resolvedByTransferId === undefined ? {} : { resolvedByTransferId: transfer.resolvedByTransferId }),
  ...(transfer.pendingId === undefined ? {} : { pendingId: transfer.pendingId }),
  ...(transfer.reversesTransferId === undefined ? {} : { reversesTransferId: transfer.reversesTransferId }),
});

/**
 * A transfer as it stands at `nowMs`: a hold still `pending` in storage but past its
 * `expiresAt` reads `expired`, as the sweeper will record it (post and void already refuse it
 * by the clock, so it can no longer be anything else). Its balances keep counting the hold
 * until the sweeper's expire transfer releases it (docs/ledger.md).
 */
export const transferAsOf = <View extends TransferView>(view: View, nowMs: number): View =>
  view.state === 'pending' && view.expiresAt !== undefined && Date.parse(view.expiresAt) <= nowMs
    ? { ...view, state: 'expired' }
    : view;

/** Exact running sums: a hot account's history passes 2^53 long before its entries do. */
export interface RunningBalance {
  readonly postedMinor: bigint;
  readonly pendingMinor: bigint;
}

/** Adds one entry to the running balance and shows it with the balance after it. */
export const entryView = (entry: EntryRecord, before: RunningBalance): { view: EntryView; after: RunningBalance } => {
  const after: RunningBalance = {
    postedMinor: before.postedMinor + entry.change.creditsPosted - entry.change.debitsPosted,
    pendingMinor: before.pendingMinor + entry.change.creditsPending - entry.change.debitsPending,
  };
  return {
    view: {
      accountId: entry.accountId,
      transferId: entry.transferId,
      kind: entry.kind,
      side: entry.side,
      amountMinor: entry.amountMinor,
      currency: entry.currency,
      recordedAt: iso(entry.recordedAtMs),
      effectiveAt: iso(entry.effectiveAtMs),
      postedBalanceAfter: jsonMinor(after.postedMinor),
      pendingBalanceAfter: jsonMinor(after.pendingMinor),
    },
    after,
  };
};
