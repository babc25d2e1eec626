import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, QueryCommand, TransactGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { assert, DomainError } from '../../errors';
import {
  DYNAMODB_TRANSACTION_ITEMS_MAX,
  LEDGER_BATCH_GET_ROUNDS_MAX,
  LEDGER_ENTRIES_QUERY_PAGES_MAX,
  LEDGER_CONFLICT_RETRY,
  LEDGER_SNAPSHOT_ROUNDS_MAX,
} from '../../limits';
import {
  accountIdsToRead,
  referencedTransferIds,
  reversedIdsToRead,
  transferIdsToRead,
  type AccountRecord,
  type Balances,
  type EntryRecord,
  type EntrySide,
  type LedgerSnapshot,
  type NormalizedOperation,
  type TransferRecord,
} from '../../domain/ledger';
import {
  accountKey,
  entriesSide,
  parseAccount,
  parseEntry,
  parseReversed,
  parseTransfer,
  reversalsKey,
  transferKey,
  type Item,
  type ItemKey,
} from './ledger-items';
import { readItem } from './items';
import { cancellationReasons, isContention } from './retry';

export interface ReadSnapshot extends LedgerSnapshot {
  readonly itemsRead: number;
}

/**
 * How a snapshot reads:
 *   - `latest`: consistent BatchGetItem (1 RRU per item), without the batch's own transfer
 *     ids; each item is the latest committed, but items may be read at different instants.
 *     Enough to plan a write whose conditions re-check every assumption at commit time.
 *   - `serializable`: TransactGetItems (2 RRU per item) of every item including the batch's
 *     own ids, one instant for all: what every answer other than a commit is based on.
 */
export type SnapshotMode = 'latest' | 'serializable';

/**
 * The ledger's reads on DynamoDB: snapshots of what a batch touches, consistent batch
 * gets of balance shards, one account, and one entries partition. The writer (DynamoDbLedger)
 * owns the retries' backoff and passes it in.
 */
export class LedgerReads {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly backoff: (attempt: number) => Promise<void>,
  ) {}

  /** TransactGetItems of at most 100 distinct keys, retried while writers contend. */
  async transactGet(keys: readonly ItemKey[]): Promise<Map<string, Item>> {
    const found = new Map<string, Item>();
    const distinct = [...new Map(keys.map((key) => [key.pk, key])).values()];
    if (distinct.length === 0) return found;
    assert(distinct.length <= DYNAMODB_TRANSACTION_ITEMS_MAX, 'one snapshot reads at most 100 items');
    for (let attempt = 1; attempt <= LEDGER_CONFLICT_RETRY.attemptsMax; attempt += 1) {
      try {
        const result = await this.client.send(
          new TransactGetCommand({ TransactItems: distinct.map((key) => ({ Get: { TableName: this.tableName, Key: key } })) }),
        );
        for (const response of result.Responses ?? []) {
          const item = response.Item;
          if (item !== undefined && typeof item['pk'] === 'string') found.set(item['pk'], item);
        }
        return found;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const reasons = cancellationReasons(error);
        if (!isContention(reasons)) throw error;
        await this.backoff(attempt);
      }
    }
    throw new DomainError(
      'TRANSACTION_CONFLICT',
      `the ledger stayed contended after ${LEDGER_CONFLICT_RETRY.attemptsMax} reads; retry the request`,
    );
  }

  /**
   * Holds name their accounts, so a first round may discover accounts to add; account ids
   * of a hold never change, so a second round completes the snapshot. A serializable round
   * re-reads everything (one instant); a latest round reads only the accounts it adds.
   */
  async snapshot(operations: readonly NormalizedOperation[], mode: SnapshotMode): Promise<ReadSnapshot> {
    const serializable = mode === 'serializable';
    const transferIds = serializable ? transferIdsToRead(operations) : referencedTransferIds(operations);
    const reversedIds = reversedIdsToRead(operations);
    const accountIds = new Set(accountIdsToRead(operations, () => undefined));
    const allKeys = (): ItemKey[] => [
      ...transferIds.map(transferKey),
      ...reversedIds.map(reversalsKey),
      ...[...accountIds].map(accountKey),
    ];
    const items = new Map<string, Item>();
    let keys = allKeys();
    let itemsRead = 0;
    for (let round = 1; round <= LEDGER_SNAPSHOT_ROUNDS_MAX; round += 1) {
      const read = serializable ? await this.transactGet(keys) : await this.batchGet(keys);
      itemsRead += read.size;
      if (serializable) items.clear();
      for (const [pk, item] of read) items.set(pk, item);
      const transfers = new Map<string, TransferRecord>();
      for (const transferId of transferIds) {
        const item = items.get(transferKey(transferId).pk);
        if (item !== undefined) transfers.set(transferId, parseTransfer(item));
      }
      const added = accountIdsToRead(operations, (transferId) => transfers.get(transferId)).filter(
        (accountId) => !accountIds.has(accountId),
      );
      if (added.length > 0) {
        for (const accountId of added) accountIds.add(accountId);
        keys = serializable ? allKeys() : added.map(accountKey);
        continue;
      }
      const accounts = new Map<string, { account: AccountRecord; exactBalances?: Balances }>();
      for (const accountId of accountIds) {
        const item = items.get(accountKey(accountId).pk);
        if (item !== undefined) accounts.set(accountId, parseAccount(item));
      }
      return {
        itemsRead,
        account: (accountId) => accounts.get(accountId)?.account,
        exactBalances: (accountId) => accounts.get(accountId)?.exactBalances,
        transfer: (transferId) => transfers.get(transferId),
        reversedMinor: (transferId) => {
          const item = items.get(reversalsKey(transferId).pk);
          return item === undefined ? 0 : parseReversed(item);
        },
      };
    }
    assert(false, `a snapshot needs at most ${LEDGER_SNAPSHOT_ROUNDS_MAX} rounds: holds never change accounts`);
  }

  async readAccount(accountId: string): Promise<{ account: AccountRecord; exactBalances?: Balances } | undefined> {
    const item = await readItem(this.client, this.tableName, accountKey(accountId));
    return item === undefined ? undefined : parseAccount(item);
  }

  /** Consistent BatchGetItem of distinct keys, 100 per request; found items by partition key. */
  async batchGet(keys: readonly ItemKey[]): Promise<Map<string, Item>> {
    const found = new Map<string, Item>();
    const distinct = [...new Map(keys.map((key) => [key.pk, key])).values()];
    for (let start = 0; start < distinct.length; start += DYNAMODB_TRANSACTION_ITEMS_MAX) {
      await this.batchGetChunk(distinct.slice(start, start + DYNAMODB_TRANSACTION_ITEMS_MAX), found);
    }
    return found;
  }

  private async batchGetChunk(keys: readonly ItemKey[], found: Map<string, Item>): Promise<void> {
    let pending: Record<string, unknown>[] = keys.map((key) => ({ ...key }));
    for (let round = 1; round <= LEDGER_BATCH_GET_ROUNDS_MAX && pending.length > 0; round += 1) {
      const result = await this.client.send(
        new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: pending, ConsistentRead: true } } }),
      );
      for (const item of result.Responses?.[this.tableName] ?? []) {
        if (typeof item['pk'] === 'string') found.set(item['pk'], item);
      }
      pending = result.UnprocessedKeys?.[this.tableName]?.Keys ?? [];
      if (pending.length > 0) await this.backoff(round);
    }
    if (pending.length > 0) {
      throw new DomainError('TRANSACTION_CONFLICT', 'the ledger is throttled; retry the request');
    }
  }

  /**
   * One entries partition of an account after a sort key, both sides: the debit entries
   * from the table (consistent), the credit entries from the `credit-entries` index
   * (eventually consistent, as every index read). Up to `wanted` of each, unmerged.
   */
  async queryEntries(accountId: string, shard: number, afterSortKey: string | undefined, wanted: number): Promise<EntryRecord[]> {
    const sides = await Promise.all(
      (['debit', 'credit'] as const).map((side) => this.querySide(side, accountId, shard, afterSortKey, wanted)),
    );
    return sides.flat();
  }

  private async querySide(
    side: EntrySide,
    accountId: string,
    shard: number,
    afterSortKey: string | undefined,
    wanted: number,
  ): Promise<EntryRecord[]> {
    const { read, partitionAttribute, partitionKey } = entriesSide(side, accountId, shard);
    const entries: EntryRecord[] = [];
    let startKey: Record<string, unknown> | undefined;
    for (let page = 1; page <= LEDGER_ENTRIES_QUERY_PAGES_MAX && entries.length < wanted; page += 1) {
      const result = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          ...read,
          KeyConditionExpression: afterSortKey === undefined ? '#partition = :pk' : '#partition = :pk AND sk > :after',
          ExpressionAttributeNames: { '#partition': partitionAttribute },
          ExpressionAttributeValues: {
            ':pk': partitionKey,
            ...(afterSortKey === undefined ? {} : { ':after': afterSortKey }),
          },
          Limit: wanted - entries.length,
          ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
        }),
      );
      entries.push(...(result.Items ?? []).map((item) => parseEntry(item, side)));
      startKey = result.LastEvaluatedKey;
      if (startKey === undefined) break;
    }
    return entries;
  }
}
