import { z } from 'zod';
import {
  availableOf,
  dueBucketStartMs,
  duePartitionKey,
  dueShardOf,
  dueSortKey,
  isExact,
  zeroBalances,
} from '../../domain/ledger';
import type { AccountRecord, Balances, EntryRecord, TransferRecord } from '../../domain/ledger';

/**
 * The ledger's items in its single table (docs/ledger.md draws the model):
 *
 *   account        pk ACCOUNT#<id>            sk ACCOUNT    config; + the balance when exact
 *   balance shard  pk BALANCE#<id>#<shard>    sk BALANCE    counters of one shard (sharded accounts)
 *   transfer       pk TRANSFER#<id>           sk TRANSFER   the record; a pending one carries duePk/dueSk
 *   entry          pk ENTRIES#<id>#<shard>    sk <recordedAt>#<leg>#<transferId>
 *   watermark      pk EXPIRY#SWEEPER          sk WATERMARK  first due bucket not yet swept
 *
 * Every hot thing has its own partition key: an exact account's balance item, each shard of
 * a sharded account, each entries partition, each due bucket shard.
 */

export type ItemKey = { readonly pk: string; readonly sk: string };

export const accountKey = (accountId: string): ItemKey => ({ pk: `ACCOUNT#${accountId}`, sk: 'ACCOUNT' });
export const balanceShardKey = (accountId: string, shard: number): ItemKey => ({
  pk: `BALANCE#${accountId}#${shard}`,
  sk: 'BALANCE',
});
/** Where a balance lives: on the account item when exact (one item to condition on), else in its shard. */
export const balanceKey = (account: Pick<AccountRecord, 'id' | 'balanceShards'>, shard: number): ItemKey =>
  account.balanceShards === 1 ? accountKey(account.id) : balanceShardKey(account.id, shard);
export const transferKey = (transferId: string): ItemKey => ({ pk: `TRANSFER#${transferId}`, sk: 'TRANSFER' });
export const entriesPartitionKey = (accountId: string, shard: number): string => `ENTRIES#${accountId}#${shard}`;
export const watermarkKey: ItemKey = { pk: 'EXPIRY#SWEEPER', sk: 'WATERMARK' };

export type Item = Record<string, unknown>;

const withoutUndefined = (item: Item): Item =>
  Object.fromEntries(Object.entries(item).filter(([, value]) => value !== undefined));

const codeSchema = z.union([z.number().int(), z.string()]).optional();

const balanceFields = {
  debitsPosted: z.number().int(),
  creditsPosted: z.number().int(),
  debitsPending: z.number().int(),
  creditsPending: z.number().int(),
};

const AccountItem = z.object({
  id: z.string(),
  currency: z.string(),
  debitsMustNotExceedCredits: z.boolean(),
  creditsMustNotExceedDebits: z.boolean(),
  limitMinor: z.number().int(),
  code: codeSchema,
  reference: z.string().optional(),
  balanceShards: z.number().int(),
  createdAtMs: z.number().int(),
  debitsPosted: z.number().int().optional(),
  creditsPosted: z.number().int().optional(),
  debitsPending: z.number().int().optional(),
  creditsPending: z.number().int().optional(),
});

const BalanceItem = z.object(balanceFields);

const TransferItem = z.object({
  id: z.string(),
  kind: z.enum(['single', 'pending', 'post', 'void', 'expire']),
  debitAccountId: z.string(),
  creditAccountId: z.string(),
  amountMinor: z.number().int(),
  currency: z.string(),
  code: codeSchema,
  reference: z.string().optional(),
  effectiveAtMs: z.number().int(),
  recordedAtMs: z.number().int(),
  timeoutSeconds: z.number().int().optional(),
  expiresAtMs: z.number().int().optional(),
  state: z.enum(['pending', 'posted', 'voided', 'expired']).optional(),
  resolvedByTransferId: z.string().optional(),
  pendingId: z.string().optional(),
  reversesTransferId: z.string().optional(),
});

const EntryItem = z.object({
  sk: z.string(),
  accountId: z.string(),
  shard: z.number().int(),
  transferId: z.string(),
  kind: z.enum(['single', 'pending', 'post', 'void', 'expire']),
  side: z.enum(['debit', 'credit']),
  amountMinor: z.number().int(),
  currency: z.string(),
  debitsPostedChange: z.number().int(),
  creditsPostedChange: z.number().int(),
  debitsPendingChange: z.number().int(),
  creditsPendingChange: z.number().int(),
  recordedAtMs: z.number().int(),
  effectiveAtMs: z.number().int(),
});

const WatermarkItem = z.object({ bucketStartMs: z.number().int() });

/** The items of a new account: the account (with its exact balance) or the account plus zeroed shards. */
export const newAccountItems = (account: AccountRecord): Item[] => {
  const accountItem = withoutUndefined({
    ...accountKey(account.id),
    entity: 'account',
    id: account.id,
    currency: account.currency,
    debitsMustNotExceedCredits: account.flags.debitsMustNotExceedCredits,
    creditsMustNotExceedDebits: account.flags.creditsMustNotExceedDebits,
    limitMinor: account.limitMinor,
    code: account.code,
    reference: account.reference,
    balanceShards: account.balanceShards,
    createdAtMs: account.createdAtMs,
  });
  if (isExact(account)) {
    return [{ ...accountItem, ...zeroBalances, availableMinor: availableOf(account.flags, account.limitMinor, zeroBalances) }];
  }
  const shards: Item[] = [];
  for (let shard = 0; shard < account.balanceShards; shard += 1) {
    shards.push({ ...balanceShardKey(account.id, shard), entity: 'balance', accountId: account.id, shard, ...zeroBalances });
  }
  return [accountItem, ...shards];
};

export const parseAccount = (item: Item): { account: AccountRecord; exactBalances?: Balances } => {
  const parsed = AccountItem.parse(item);
  const account: AccountRecord = {
    id: parsed.id,
    currency: parsed.currency,
    flags: {
      debitsMustNotExceedCredits: parsed.debitsMustNotExceedCredits,
      creditsMustNotExceedDebits: parsed.creditsMustNotExceedDebits,
    },
    limitMinor: parsed.limitMinor,
    ...(parsed.code === undefined ? {} : { code: parsed.code }),
    ...(parsed.reference === undefined ? {} : { reference: parsed.reference }),
    balanceShards: parsed.balanceShards,
    createdAtMs: parsed.createdAtMs,
  };
  if (!isExact(account)) return { account };
  return {
    account,
    exactBalances: {
      debitsPosted: parsed.debitsPosted ?? 0,
      creditsPosted: parsed.creditsPosted ?? 0,
      debitsPending: parsed.debitsPending ?? 0,
      creditsPending: parsed.creditsPending ?? 0,
    },
  };
};

export const parseBalances = (item: Item): Balances => BalanceItem.parse(item);

export const transferItem = (transfer: TransferRecord): Item => {
  const pendingIndex =
    transfer.kind === 'pending' && transfer.state === 'pending' && transfer.expiresAtMs !== undefined
      ? {
          // The sparse `due` index: present only while the hold is pending.
          duePk: duePartitionKey(dueBucketStartMs(transfer.expiresAtMs), dueShardOf(transfer.id)),
          dueSk: dueSortKey(transfer.expiresAtMs, transfer.id),
        }
      : {};
  return withoutUndefined({ ...transferKey(transfer.id), entity: 'transfer', ...transfer, ...pendingIndex });
};

/** Zod drops the key attributes and leaves absent optional fields absent. */
export const parseTransfer = (item: Item): TransferRecord => TransferItem.parse(item);

export const entryItem = (entry: EntryRecord): Item => ({
  pk: entriesPartitionKey(entry.accountId, entry.shard),
  sk: entry.sortKey,
  entity: 'entry',
  accountId: entry.accountId,
  shard: entry.shard,
  transferId: entry.transferId,
  kind: entry.kind,
  side: entry.side,
  amountMinor: entry.amountMinor,
  currency: entry.currency,
  debitsPostedChange: entry.change.debitsPosted,
  creditsPostedChange: entry.change.creditsPosted,
  debitsPendingChange: entry.change.debitsPending,
  creditsPendingChange: entry.change.creditsPending,
  recordedAtMs: entry.recordedAtMs,
  effectiveAtMs: entry.effectiveAtMs,
});

export const parseEntry = (item: Item): EntryRecord => {
  const parsed = EntryItem.parse(item);
  return {
    accountId: parsed.accountId,
    shard: parsed.shard,
    sortKey: parsed.sk,
    transferId: parsed.transferId,
    kind: parsed.kind,
    side: parsed.side,
    amountMinor: parsed.amountMinor,
    currency: parsed.currency,
    change: {
      debitsPosted: parsed.debitsPostedChange,
      creditsPosted: parsed.creditsPostedChange,
      debitsPending: parsed.debitsPendingChange,
      creditsPending: parsed.creditsPendingChange,
    },
    recordedAtMs: parsed.recordedAtMs,
    effectiveAtMs: parsed.effectiveAtMs,
  };
};

export const parseWatermark = (item: Item): number => WatermarkItem.parse(item).bucketStartMs;

/** The hold id of a due-index item, from its sort key, so any index projection works. */
export const pendingIdOfDueItem = (item: Item): string => {
  const dueSk = z.object({ dueSk: z.string() }).parse(item).dueSk;
  return dueSk.slice(dueSk.indexOf('#') + 1);
};
