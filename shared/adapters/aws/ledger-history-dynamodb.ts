import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DomainError } from '../../errors';
import { decodeJsonCursor, encodeJsonCursor } from '../../domain/cursor';
import type { HistoryPage, LedgerHistory } from '../../domain/billing/ports';
import { transferView, type TransferView } from '../../domain/ledger';
import { batchGet } from './dynamodb-batches';
import { accountKey, entriesPartitionKey, parseAccount, parseEntry, parseTransfer, transferKey } from './ledger-items';

/**
 * Billing's reads of the ledger table (ledger-items.ts is the item model): an account's
 * entries recorded in a time window — entries sort by `<recordedAt:15>#…`, so each shard
 * partition is one key-range Query and only the window is read — and transfers by BatchGetItem.
 */
const TIME_DIGITS = 15;
const padTime = (instantMs: number): string => String(instantMs).padStart(TIME_DIGITS, '0');

interface Cursor {
  readonly shard: number;
  readonly shards: number;
  readonly startKey?: Record<string, string>;
}

const invalidCursor = () => new DomainError('INVALID_CURSOR', 'The cursor was not handed out for this history.');

const decodeCursor = (accountId: string, cursor: string): Cursor => {
  const decoded = decodeJsonCursor(cursor, invalidCursor) as Record<string, unknown> | null;
  const shard = decoded?.['shard'];
  const shards = decoded?.['shards'];
  const startKey = decoded?.['startKey'];
  if (typeof shard !== 'number' || typeof shards !== 'number' || !Number.isInteger(shard) || shard < 0 || shard >= shards) {
    throw invalidCursor();
  }
  if (startKey !== undefined) {
    const key = startKey as Record<string, unknown>;
    if (key['pk'] !== entriesPartitionKey(accountId, shard) || typeof key['sk'] !== 'string') throw invalidCursor();
    return { shard, shards, startKey: { pk: key['pk'], sk: key['sk'] } };
  }
  return { shard, shards };
};

export class DynamoLedgerHistory implements LedgerHistory {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async entriesRecorded(
    accountId: string,
    window: { fromMs?: number; toMs: number },
    page: { limit: number; cursor?: string },
  ): Promise<HistoryPage> {
    let itemsRead = 0;
    let cursor: Cursor;
    if (page.cursor === undefined) {
      const account = await this.client.send(
        new GetCommand({ TableName: this.tableName, Key: accountKey(accountId), ConsistentRead: true }),
      );
      itemsRead += 1;
      if (account.Item === undefined) return { entries: [], itemsRead };
      cursor = { shard: 0, shards: parseAccount(account.Item).account.balanceShards };
    } else {
      cursor = decodeCursor(accountId, page.cursor);
    }
    const answer = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': entriesPartitionKey(accountId, cursor.shard),
          ':from': window.fromMs === undefined ? '0' : padTime(window.fromMs),
          ':to': `${padTime(window.toMs)}#~`,
        },
        ConsistentRead: true,
        Limit: page.limit,
        ...(cursor.startKey === undefined ? {} : { ExclusiveStartKey: cursor.startKey }),
      }),
    );
    itemsRead += answer.ScannedCount ?? 0;
    const entries = (answer.Items ?? []).map((item) => {
      const entry = parseEntry(item);
      return {
        accountId,
        transferId: entry.transferId,
        kind: entry.kind,
        // One transfer's change: at most its amount, a safe integer.
        postedChangeMinor: Number(entry.change.creditsPosted - entry.change.debitsPosted),
        effectiveAtMs: entry.effectiveAtMs,
        recordedAtMs: entry.recordedAtMs,
      };
    });
    const last = answer.LastEvaluatedKey as Record<string, string> | undefined;
    const next: Cursor | undefined =
      last !== undefined
        ? { ...cursor, startKey: { pk: String(last['pk']), sk: String(last['sk']) } }
        : cursor.shard + 1 < cursor.shards
          ? { shard: cursor.shard + 1, shards: cursor.shards }
          : undefined;
    return { entries, itemsRead, ...(next === undefined ? {} : { nextCursor: encodeJsonCursor(next) }) };
  }

  async transfers(ids: readonly string[]): Promise<{ transfers: TransferView[]; itemsRead: number }> {
    const items = await batchGet(this.client, this.tableName, [...new Set(ids)].map(transferKey));
    return { transfers: items.map((item) => transferView(parseTransfer(item))), itemsRead: items.length };
  }
}
