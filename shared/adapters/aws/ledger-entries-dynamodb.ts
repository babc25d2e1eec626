import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DomainError, quoted } from '../../errors';
import { LEDGER_ENTRIES_QUERY_PAGES_MAX } from '../../limits';
import {
  checkPageLimit,
  decodeEntriesCursor,
  entriesPage,
  type EntriesPage,
  type EntryRecord,
  type EntrySide,
  type LedgerEntries,
} from '../../domain/ledger';
import { accountKey, entriesQuery, ledgerDocumentClient, parseAccount, parseEntry } from './ledger-items';
import { readItem } from './items';

export interface DynamoDbLedgerEntriesOptions {
  /** A document client (ours marshal with removeUndefinedValues) or a plain client to wrap. */
  readonly client: DynamoDBDocumentClient | DynamoDBClient;
  readonly tableName: string;
}

/**
 * An account's history on DynamoDB, apart from the ledger's four levels (docs/ledger.md,
 * "The port"): only the functions that list entries construct it, so the queries of the two
 * history indexes, their merge and the cursor are in no bundle that moves money.
 */
export class DynamoDbLedgerEntries implements LedgerEntries {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(options: DynamoDbLedgerEntriesOptions) {
    this.client = ledgerDocumentClient(options.client);
    this.tableName = options.tableName;
  }

  /**
   * Flow: read the account (for its shard count) -> decode the cursor -> query every
   * entries partition after the cursor's sort key, both sides (limit + 1 each, to know
   * whether more follow) -> merge in sort-key order -> add the running balance the cursor carried.
   */
  async listEntries(accountId: string, page: { limit: number; cursor?: string }): Promise<EntriesPage> {
    const limit = checkPageLimit(page.limit);
    const cursor = page.cursor === undefined ? undefined : decodeEntriesCursor(accountId, page.cursor);
    const item = await readItem(this.client, this.tableName, accountKey(accountId));
    if (item === undefined) throw new DomainError('ACCOUNT_NOT_FOUND', `account ${quoted(accountId)} does not exist`);
    const shards = Array.from({ length: parseAccount(item).account.balanceShards }, (_, shard) => shard);
    const perSide = await Promise.all(
      shards.flatMap((shard) =>
        (['debit', 'credit'] as const).map((side) => this.querySide(side, accountId, shard, cursor?.afterSortKey, limit + 1)),
      ),
    );
    const merged = perSide
      .flat()
      .sort((left, right) => (left.sortKey < right.sortKey ? -1 : left.sortKey > right.sortKey ? 1 : 0));
    return entriesPage(accountId, merged, limit, cursor);
  }

  /**
   * One side of one entries partition after a sort key, from its history index (`debit-entries`
   * or `credit-entries`; eventually consistent, as every index read): up to `wanted` entries.
   */
  private async querySide(
    side: EntrySide,
    accountId: string,
    shard: number,
    afterSortKey: string | undefined,
    wanted: number,
  ): Promise<EntryRecord[]> {
    const entries: EntryRecord[] = [];
    let startKey: Record<string, unknown> | undefined;
    for (let page = 1; page <= LEDGER_ENTRIES_QUERY_PAGES_MAX && entries.length < wanted; page += 1) {
      const result = await this.client.send(
        new QueryCommand(
          entriesQuery(
            this.tableName,
            side,
            accountId,
            shard,
            { after: afterSortKey },
            { limit: wanted - entries.length, startKey },
          ),
        ),
      );
      entries.push(...(result.Items ?? []).map((item) => parseEntry(item, side)));
      startKey = result.LastEvaluatedKey;
      if (startKey === undefined) break;
    }
    return entries;
  }
}
