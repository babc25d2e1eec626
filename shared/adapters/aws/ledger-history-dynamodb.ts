import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DomainError } from '../../errors';
import { decodeJsonCursor, encodeJsonCursor } from '../../domain/cursor';
import type { HistoryPage, LedgerHistory } from '../../domain/billing/ports';
import { transferView, type EntrySide, type TransferView } from '../../domain/ledger';
import { batchGet } from './dynamodb-batches';
import { readItem } from './items';
import {
  accountKey,
  entriesPartitionAttribute,
  entriesQuery,
  entriesSide,
  ENTRY_SORT_ATTRIBUTE,
  parseAccount,
  parseEntry,
  parseTransfer,
  transferKey,
} from './ledger-items';

/**
 * Billing's reads of the ledger table (ledger-items.ts is the item model): an account's
 * entries recorded in a time window — entries sort by `<recordedAt:15>#…`, so each shard
 * partition is one key-range Query per side (the `debit-entries` and `credit-entries` indexes
 * over the transfer items) and only the window is read — and transfers by BatchGetItem.
 */
const TIME_DIGITS = 15;
const padTime = (instantMs: number): string => String(instantMs).padStart(TIME_DIGITS, '0');

/** Where a page stops: each shard is read debit side, then credit side. */
interface Cursor {
  readonly shard: number;
  readonly shards: number;
  readonly side: EntrySide;
  readonly startKey?: Record<string, string>;
}

const invalidCursor = () => new DomainError('INVALID_CURSOR', 'The cursor was not handed out for this history.');

/** The key attributes of a page's last item: the index's and the table's. */
const startKeyAttributes = (side: EntrySide): readonly string[] => [
  entriesPartitionAttribute(side),
  ENTRY_SORT_ATTRIBUTE,
  'pk',
  'sk',
];

const decodeCursor = (accountId: string, cursor: string): Cursor => {
  const decoded = decodeJsonCursor(cursor, invalidCursor) as Record<string, unknown> | null;
  const shard = decoded?.['shard'];
  const shards = decoded?.['shards'];
  const side = decoded?.['side'];
  const startKey = decoded?.['startKey'];
  if (typeof shard !== 'number' || typeof shards !== 'number' || !Number.isInteger(shard) || shard < 0 || shard >= shards) {
    throw invalidCursor();
  }
  if (side !== 'debit' && side !== 'credit') throw invalidCursor();
  if (startKey === undefined) return { shard, shards, side };
  const key = startKey as Record<string, unknown>;
  const attributes = startKeyAttributes(side);
  const { partitionAttribute, partitionKey } = entriesSide(side, accountId, shard);
  if (key[partitionAttribute] !== partitionKey || attributes.some((name) => typeof key[name] !== 'string')) {
    throw invalidCursor();
  }
  return { shard, shards, side, startKey: Object.fromEntries(attributes.map((name) => [name, String(key[name])])) };
};

/** The page after this one's last item, or the next side or shard, or none. */
const nextCursor = (cursor: Cursor, last: Record<string, unknown> | undefined): Cursor | undefined => {
  if (last !== undefined) {
    const startKey = Object.fromEntries(startKeyAttributes(cursor.side).map((name) => [name, String(last[name])]));
    return { ...cursor, startKey };
  }
  if (cursor.side === 'debit') return { shard: cursor.shard, shards: cursor.shards, side: 'credit' };
  return cursor.shard + 1 < cursor.shards ? { shard: cursor.shard + 1, shards: cursor.shards, side: 'debit' } : undefined;
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
      const account = await readItem(this.client, this.tableName, accountKey(accountId));
      itemsRead += 1;
      if (account === undefined) return { entries: [], itemsRead };
      cursor = { shard: 0, shards: parseAccount(account).account.balanceShards, side: 'debit' };
    } else {
      cursor = decodeCursor(accountId, page.cursor);
    }
    // An index read: eventually consistent (billing reads closed periods).
    const answer = await this.client.send(
      new QueryCommand(
        entriesQuery(
          this.tableName,
          cursor.side,
          accountId,
          cursor.shard,
          { from: window.fromMs === undefined ? '0' : padTime(window.fromMs), to: `${padTime(window.toMs)}#~` },
          { limit: page.limit, startKey: cursor.startKey },
        ),
      ),
    );
    itemsRead += answer.ScannedCount ?? 0;
    const entries = (answer.Items ?? []).map((item) => {
      const entry = parseEntry(item, cursor.side);
      return {
        accountId,
        transferId: entry.transferId,
        kind: entry.kind,
        counterAccountId: entry.counterAccountId,
        // One transfer's change: at most its amount, a safe integer.
        postedChangeMinor: Number(entry.change.creditsPosted - entry.change.debitsPosted),
        effectiveAtMs: entry.effectiveAtMs,
        recordedAtMs: entry.recordedAtMs,
      };
    });
    const next = nextCursor(cursor, answer.LastEvaluatedKey);
    return { entries, itemsRead, ...(next === undefined ? {} : { nextCursor: encodeJsonCursor(next) }) };
  }

  async transfers(ids: readonly string[]): Promise<{ transfers: TransferView[]; itemsRead: number }> {
    const items = await batchGet(this.client, this.tableName, [...new Set(ids)].map(transferKey));
    return { transfers: items.map((item) => transferView(parseTransfer(item))), itemsRead: items.length };
  }
}
