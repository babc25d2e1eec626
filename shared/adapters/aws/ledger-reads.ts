import { BatchGetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DomainError } from '../../errors';
import { DYNAMODB_TRANSACTION_ITEMS_MAX, LEDGER_BATCH_GET_ROUNDS_MAX, LEDGER_ENTRIES_QUERY_PAGES_MAX } from '../../limits';
import type { AccountRecord, Balances, EntryRecord, EntrySide } from '../../domain/ledger';
import { accountKey, entriesSide, ENTRY_SORT_ATTRIBUTE, parseAccount, parseEntry, type Item, type ItemKey } from './ledger-items';
import { readItem } from './items';

/**
 * The ledger's reads on DynamoDB that every level of the ledger uses: one account,
 * consistent batch gets of balance shards, and one entries partition. The snapshots of
 * what a transfer batch touches are the writer's (ledger-snapshots.ts), so a function that
 * only reads does not bundle them. The ledger owns the retries' backoff and passes it in.
 */
export class LedgerReads {
  constructor(
    protected readonly client: DynamoDBDocumentClient,
    protected readonly tableName: string,
    protected readonly backoff: (attempt: number) => Promise<void>,
  ) {}

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
   * from the `debit-entries` index, the credit entries from the `credit-entries` index
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
    const { indexName, partitionAttribute, partitionKey } = entriesSide(side, accountId, shard);
    const entries: EntryRecord[] = [];
    let startKey: Record<string, unknown> | undefined;
    for (let page = 1; page <= LEDGER_ENTRIES_QUERY_PAGES_MAX && entries.length < wanted; page += 1) {
      const result = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: indexName,
          KeyConditionExpression: afterSortKey === undefined ? '#partition = :pk' : '#partition = :pk AND #sort > :after',
          ExpressionAttributeNames: {
            '#partition': partitionAttribute,
            ...(afterSortKey === undefined ? {} : { '#sort': ENTRY_SORT_ATTRIBUTE }),
          },
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
