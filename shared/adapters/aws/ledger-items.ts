import { balanceConditions } from './ledger-balance-conditions';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, type QueryCommandInput, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { assert } from '../../errors';
import { DYNAMODB_TRANSACTION_ITEMS_MAX } from '../../limits';
import { atImport } from '../../pure';
import { boolean, counter, int, intOrString, oneOf, optional, parseStored, string } from '../../shapes';
import {
  availableOf,
  dueBucketStartMs,
  duePartitionKey,
  dueShardOf,
  dueSortKey,
  isExact,
  zeroBalances,
} from '../../domain/ledger';
import type {
  AccountRecord,
  Balances,
  BalanceUpdate,
  BatchPlan,
  EntryRecord,
  EntrySide,
  PendingResolution,
  ReversalCount,
  TransferRecord,
} from '../../domain/ledger';

/**
 * The ledger's items in its single table (docs/ledger.md draws the model):
 *
 *   account        pk ACCOUNT#<id>            sk ACCOUNT    config; + the balance when exact
 *   balance shard  pk BALANCE#<id>#<shard>    sk BALANCE    counters of one shard (sharded accounts)
 *   transfer       pk TRANSFER#<id>           sk TRANSFER   the record and its history entry; a pending one
 *                  also carries duePk/dueSk (index `due`) while it is pending
 *                  debitPk  ENTRIES#<debit id>#<shard>   entrySk <recordedAt>#<leg>#<transferId>  (index `debit-entries`)
 *                  creditPk ENTRIES#<credit id>#<shard>  entrySk (same)                           (index `credit-entries`)
 *   reversed total pk REVERSALS#<id>          sk REVERSALS  what the reversals of a transfer moved back
 *   watermark      pk EXPIRY#SWEEPER          sk WATERMARK  first due bucket not yet swept
 *
 * Every hot thing has its own partition key: an exact account's balance item, each shard of
 * a sharded account, each entries partition, each due bucket shard.
 */

/** The client a ledger class talks through: a document client as given (ours marshal with removeUndefinedValues), or one wrapping a plain client. */
export const ledgerDocumentClient = (client: DynamoDBDocumentClient | DynamoDBClient): DynamoDBDocumentClient =>
  client instanceof DynamoDBDocumentClient
    ? client
    : DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });

export type ItemKey = { readonly pk: string; readonly sk: string };

export const accountKey = (accountId: string): ItemKey => ({ pk: `ACCOUNT#${accountId}`, sk: 'ACCOUNT' });
export const balanceShardKey = (accountId: string, shard: number): ItemKey => ({
  pk: `BALANCE#${accountId}#${shard}`,
  sk: 'BALANCE',
});
export const transferKey = (transferId: string): ItemKey => ({ pk: `TRANSFER#${transferId}`, sk: 'TRANSFER' });
/** Beside the original, which stays as it was recorded. */
export const reversalsKey = (originalId: string): ItemKey => ({ pk: `REVERSALS#${originalId}`, sk: 'REVERSALS' });
export const entriesPartitionKey = (accountId: string, shard: number): string => `ENTRIES#${accountId}#${shard}`;
/** The attribute that files a transfer item in one side's history index: `debitPk` or `creditPk`. */
export const entriesPartitionAttribute = (side: EntrySide): string => `${side}Pk`;
/** The sort key of a transfer's entry in both history indexes. */
export const ENTRY_SORT_ATTRIBUTE = 'entrySk';
/**
 * Where one side of an account shard's history is queried: each side is a sparse index over
 * the transfer items (`debit-entries` on `debitPk`, `credit-entries` on `creditPk`, both
 * sorted by `entrySk`), so both sides are index reads (eventually consistent).
 */
export const entriesSide = (side: EntrySide, accountId: string, shard: number) => ({
  indexName: `${side}-entries`,
  partitionAttribute: entriesPartitionAttribute(side),
  partitionKey: entriesPartitionKey(accountId, shard),
});

/** Which entries of one side of one entries partition a query reads, by sort key. */
export type EntriesRange = { readonly after?: string } | { readonly from: string; readonly to: string };

/** The Query of one side of an account shard's history (an index: eventually consistent), for the entries in `range`. */
export const entriesQuery = (
  tableName: string,
  side: EntrySide,
  accountId: string,
  shard: number,
  range: EntriesRange,
  page: { readonly limit: number; readonly startKey?: Record<string, unknown> },
): QueryCommandInput => {
  const { indexName, partitionAttribute, partitionKey } = entriesSide(side, accountId, shard);
  const sort =
    'from' in range
      ? { condition: ' AND #sort BETWEEN :from AND :to', values: { ':from': range.from, ':to': range.to } }
      : range.after === undefined
        ? undefined
        : { condition: ' AND #sort > :after', values: { ':after': range.after } };
  return {
    TableName: tableName,
    IndexName: indexName,
    KeyConditionExpression: `#partition = :pk${sort?.condition ?? ''}`,
    ExpressionAttributeNames: {
      '#partition': partitionAttribute,
      ...(sort === undefined ? {} : { '#sort': ENTRY_SORT_ATTRIBUTE }),
    },
    ExpressionAttributeValues: { ':pk': partitionKey, ...sort?.values },
    Limit: page.limit,
    ...(page.startKey === undefined ? {} : { ExclusiveStartKey: page.startKey }),
  };
};
export const watermarkKey: ItemKey = { pk: 'EXPIRY#SWEEPER', sk: 'WATERMARK' };

export type Item = Record<string, unknown>;

const withoutUndefined = (item: Item): Item =>
  Object.fromEntries(Object.entries(item).filter(([, value]) => value !== undefined));

/** A balance's counters, each a number while it is a safe integer and a bigint beyond (the client must not set `wrapNumbers`). */
const balanceFields = { debitsPosted: counter, creditsPosted: counter, debitsPending: counter, creditsPending: counter };

const ACCOUNT = /* @__PURE__ */ atImport(() => ({
  id: string,
  currency: string,
  debitsMustNotExceedCredits: boolean,
  creditsMustNotExceedDebits: boolean,
  limitMinor: int,
  code: optional(intOrString),
  reference: optional(string),
  balanceShards: int,
  createdAtMs: int,
  debitsPosted: optional(counter),
  creditsPosted: optional(counter),
  debitsPending: optional(counter),
  creditsPending: optional(counter),
}));

const TRANSFER_KINDS = ['single', 'pending', 'post', 'void', 'expire'] as const;

const TRANSFER = /* @__PURE__ */ atImport(() => ({
  id: string,
  kind: oneOf(TRANSFER_KINDS),
  debitAccountId: string,
  creditAccountId: string,
  amountMinor: int,
  currency: string,
  code: optional(intOrString),
  reference: optional(string),
  effectiveAtMs: int,
  recordedAtMs: int,
  timeoutSeconds: optional(int),
  expiresAtMs: optional(int),
  state: optional(oneOf(['pending', 'posted', 'voided', 'expired'])),
  resolvedByTransferId: optional(string),
  pendingId: optional(string),
  reversesTransferId: optional(string),
}));

/** What the history indexes project of a transfer item (shared/resources/tables.ts lists the same). */
const ENTRY = /* @__PURE__ */ atImport(() => ({
  entrySk: string,
  id: string,
  kind: oneOf(TRANSFER_KINDS),
  amountMinor: int,
  currency: string,
  debitAccountId: string,
  debitShard: int,
  creditAccountId: string,
  creditShard: int,
  postedChange: counter,
  pendingChange: counter,
  recordedAtMs: int,
  effectiveAtMs: int,
}));

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
  const parsed = parseStored('account', ACCOUNT, item);
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
      debitsPosted: parsed.debitsPosted ?? 0n,
      creditsPosted: parsed.creditsPosted ?? 0n,
      debitsPending: parsed.debitsPending ?? 0n,
      creditsPending: parsed.creditsPending ?? 0n,
    },
  };
};

export const parseBalances = (item: Item): Balances => parseStored('balance', balanceFields, item);

/**
 * A transfer's item: the record, and its entry in both accounts' histories. The two legs
 * mirror each other, so one posted and one pending change describe both (the debit leg's
 * debits are the credit leg's credits); `debitPk`/`creditPk` file the item in the two sparse
 * history indexes, which project only what never changes (so resolving a hold writes no
 * history index entry).
 */
export const transferItem = (transfer: TransferRecord, debit: EntryRecord, credit: EntryRecord): Item => {
  assert(
    debit.side === 'debit' &&
      credit.side === 'credit' &&
      debit.transferId === transfer.id &&
      credit.transferId === transfer.id &&
      debit.sortKey === credit.sortKey &&
      debit.change.creditsPosted === 0n &&
      debit.change.creditsPending === 0n &&
      credit.change.debitsPosted === 0n &&
      credit.change.debitsPending === 0n &&
      debit.change.debitsPosted === credit.change.creditsPosted &&
      debit.change.debitsPending === credit.change.creditsPending,
    `the two entries of transfer ${transfer.id} mirror each other`,
  );
  const pendingIndex =
    transfer.kind === 'pending' && transfer.state === 'pending' && transfer.expiresAtMs !== undefined
      ? {
          // The sparse `due` index: present only while the hold is pending.
          duePk: duePartitionKey(dueBucketStartMs(transfer.expiresAtMs), dueShardOf(transfer.id)),
          dueSk: dueSortKey(transfer.expiresAtMs, transfer.id),
        }
      : {};
  return withoutUndefined({
    ...transferKey(transfer.id),
    entity: 'transfer',
    ...transfer,
    ...pendingIndex,
    [entriesPartitionAttribute('debit')]: entriesPartitionKey(debit.accountId, debit.shard),
    [entriesPartitionAttribute('credit')]: entriesPartitionKey(credit.accountId, credit.shard),
    [ENTRY_SORT_ATTRIBUTE]: debit.sortKey,
    debitShard: debit.shard,
    creditShard: credit.shard,
    postedChange: debit.change.debitsPosted,
    pendingChange: debit.change.debitsPending,
  });
};

/** A plan's transfer items: its entries come as each transfer's debit leg, then its credit leg. */
export const transferItems = (plan: Pick<BatchPlan, 'transfers' | 'entries'>): Item[] => {
  assert(plan.entries.length === plan.transfers.length * 2, 'every transfer has two entries');
  return plan.transfers.map((transfer, index) => {
    const debit = plan.entries[index * 2];
    const credit = plan.entries[index * 2 + 1];
    assert(debit !== undefined && credit !== undefined, 'every transfer has two entries');
    return transferItem(transfer, debit, credit);
  });
};

/** The key and index attributes are dropped; absent optional fields stay absent. */
export const parseTransfer = (item: Item): TransferRecord => parseStored('transfer', TRANSFER, item);

/** One side of a transfer's entry, from a history index (or the transfer item itself). */
export const parseEntry = (item: Item, side: EntrySide): EntryRecord => {
  const parsed = parseStored('entry', ENTRY, item);
  const debit = side === 'debit';
  return {
    accountId: debit ? parsed.debitAccountId : parsed.creditAccountId,
    shard: debit ? parsed.debitShard : parsed.creditShard,
    sortKey: parsed.entrySk,
    transferId: parsed.id,
    kind: parsed.kind,
    side,
    counterAccountId: debit ? parsed.creditAccountId : parsed.debitAccountId,
    amountMinor: parsed.amountMinor,
    currency: parsed.currency,
    change: debit
      ? { debitsPosted: parsed.postedChange, creditsPosted: 0n, debitsPending: parsed.pendingChange, creditsPending: 0n }
      : { debitsPosted: 0n, creditsPosted: parsed.postedChange, debitsPending: 0n, creditsPending: parsed.pendingChange },
    recordedAtMs: parsed.recordedAtMs,
    effectiveAtMs: parsed.effectiveAtMs,
  };
};

/** The reversed total of an original; at most its amount, so a safe integer. */
export const parseReversed = (item: Item): number => parseStored('reversals', { reversedMinor: int }, item).reversedMinor;

/** The hold id of a due-index item, from its sort key, so any index projection works. */
export const pendingIdOfDueItem = (item: Item): string => {
  const { dueSk } = parseStored('due index', { dueSk: string }, item);
  return dueSk.slice(dueSk.indexOf('#') + 1);
};

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** What one item of a transaction is, to explain a cancellation. */
export type TransactItemRole = 'transfer' | 'hold' | 'reversal' | 'balance';

const resolutionUpdate = (tableName: string, resolution: PendingResolution): TransactItem => {
  const notExpired = resolution.notExpiredAtMs !== undefined;
  return {
    Update: {
      TableName: tableName,
      Key: transferKey(resolution.pendingId),
      // Removing the due-index attributes keeps the index sparse: it holds live holds only.
      UpdateExpression: 'SET #state = :resolved, resolvedByTransferId = :resolvedBy REMOVE duePk, dueSk',
      ConditionExpression: `#state = :pending${notExpired ? ' AND expiresAtMs > :now' : ''}`,
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: {
        ':resolved': resolution.state,
        ':resolvedBy': resolution.resolvedByTransferId,
        ':pending': 'pending',
        ...(notExpired ? { ':now': resolution.notExpiredAtMs } : {}),
      },
    },
  };
};

/** Created by the first reversal of an original; the condition keeps all of them within its amount. */
const reversalUpdate = (tableName: string, reversal: ReversalCount): TransactItem => ({
  Update: {
    TableName: tableName,
    Key: reversalsKey(reversal.originalId),
    UpdateExpression: 'SET entity = :entity, originalId = :originalId ADD reversedMinor :amount',
    ConditionExpression: 'attribute_not_exists(pk) OR reversedMinor <= :reversedBeforeMax',
    ExpressionAttributeValues: {
      ':entity': 'reversals',
      ':originalId': reversal.originalId,
      ':amount': reversal.amountMinor,
      ':reversedBeforeMax': reversal.reversedBeforeMinorMax,
    },
  },
});

/** ADD never creates an account (`attribute_exists`); a limited or stated one checks `balanceConditions` too. */
const balanceUpdate = (tableName: string, update: BalanceUpdate): TransactItem => {
  const conditions = balanceConditions(update);
  return {
    Update: {
      TableName: tableName,
      Key: update.exact ? accountKey(update.accountId) : balanceShardKey(update.accountId, update.shard),
      UpdateExpression: `ADD debitsPosted :debitsPosted, creditsPosted :creditsPosted, debitsPending :debitsPending, creditsPending :creditsPending${update.exact ? ', availableMinor :available' : ''}`,
      ConditionExpression: `attribute_exists(pk)${conditions.condition}`,
      ExpressionAttributeValues: {
        ':debitsPosted': update.change.debitsPosted,
        ':creditsPosted': update.change.creditsPosted,
        ':debitsPending': update.change.debitsPending,
        ':creditsPending': update.change.creditsPending,
        ...(update.exact ? { ':available': update.availableChangeMinor } : {}),
        ...conditions.values,
      },
    },
  };
};

/** How many transaction items `planWriteItems` makes of a plan (a transfer's entry is on its item). */
export const planItemCount = (plan: BatchPlan): number =>
  plan.transfers.length + plan.resolutions.length + plan.reversals.length + plan.balanceUpdates.length;

/**
 * A plan as the items of one TransactWriteItems, each with the condition that makes what
 * the snapshot saw true at commit time, and the role of each item to explain a cancellation.
 */
export const planWriteItems = (tableName: string, plan: BatchPlan): { items: TransactItem[]; roles: TransactItemRole[] } => {
  const tagged: [TransactItemRole, TransactItem][] = [
    ...transferItems(plan).map((item): [TransactItemRole, TransactItem] => [
      'transfer',
      { Put: { TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
    ]),
    ...plan.resolutions.map((resolution): [TransactItemRole, TransactItem] => ['hold', resolutionUpdate(tableName, resolution)]),
    ...plan.reversals.map((reversal): [TransactItemRole, TransactItem] => ['reversal', reversalUpdate(tableName, reversal)]),
    ...plan.balanceUpdates.map((update): [TransactItemRole, TransactItem] => ['balance', balanceUpdate(tableName, update)]),
  ];
  assert(tagged.length <= DYNAMODB_TRANSACTION_ITEMS_MAX, `a batch plan fits one transaction (${tagged.length} items)`);
  return { items: tagged.map(([, item]) => item), roles: tagged.map(([role]) => role) };
};
