import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { encodeOwnedCursor, parseOwnedCursor, type OwnedPage, type OwnedQuery } from '../../domain/owned';
import { assert } from '../../errors';
import { OWNED_PAGE_QUERIES_MAX } from '../../limits';
import { batchGet } from './dynamodb-batches';

type Item = Record<string, unknown>;

/**
 * Where a table keeps a customer's own objects: a GSI whose partition key names the customer
 * and whose sort key is `ownedSortKey(createdAt, id)` (shared/domain/owned.ts).
 */
export interface OwnedIndexOptions<Record_> {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly indexName: string;
  readonly partitionAttribute: string;
  readonly sortAttribute: string;
  /** The index partition of a customer (the same function that places the items). */
  readonly partitionOf: (customerId: string) => string;
  /** The table key of the object with this id (a start key names the table's key too). */
  readonly tableKeyOf: (id: string) => Item;
  readonly recordOf: (item: Item) => Record_;
  /**
   * The index projects only the keys (shared/resources/tables.ts): the page's items are read
   * from the table (consistent reads) under these key attributes of the table, and the status
   * filter applies to them, as DynamoDB's filter would (after the Limit).
   */
  readonly keysOnly?: { readonly tableKeyAttributes: readonly string[] };
  /**
   * The filter for `status` judged at `asOfMs` (OwnedQuery.asOfMs), when a deadline changes a
   * status before it is written; its names and values may use `#status` and `:status`. Without
   * it, `#status = :status`. Not with `keysOnly`.
   */
  readonly statusFilter?: (
    status: string,
    asOfMs: number | undefined,
  ) => { readonly expression: string; readonly names?: Record<string, string>; readonly values?: Record<string, unknown> };
}

/**
 * One page of a customer's objects, newest first: a Query on the customer's partition (never
 * a scan), the `status` as a filter. It reads one object more than the page, so the last page
 * has no cursor; then the cursor continues after the page's last object. A filter applies after
 * DynamoDB's `Limit`, so a page is filled by at most OWNED_PAGE_QUERIES_MAX queries; when they
 * run out first, the cursor continues after the last item read, whether it was handed out or
 * filtered away.
 */
export const queryOwnedIndex = async <Record_>(
  options: OwnedIndexOptions<Record_>,
  query: OwnedQuery<string>,
): Promise<OwnedPage<Record_>> => {
  assert(Number.isInteger(query.limit) && query.limit > 0, 'an owned list asks for at least one item');
  const { client, tableName, indexName, partitionAttribute, sortAttribute } = options;
  const partition = options.partitionOf(query.customerId);
  const after = parseOwnedCursor(query.cursor, query.customerId);
  let startKey: Item | undefined =
    after === undefined
      ? undefined
      : { ...options.tableKeyOf(after.id), [partitionAttribute]: partition, [sortAttribute]: after.sortKey };
  const { keysOnly } = options;
  const filtered = query.status !== undefined && keysOnly === undefined;
  const filter =
    filtered && query.status !== undefined
      ? (options.statusFilter?.(query.status, query.asOfMs) ?? { expression: '#status = :status' })
      : undefined;
  const found: { readonly record: Record_; readonly sortKey: unknown }[] = [];
  for (let round = 0; round < OWNED_PAGE_QUERIES_MAX && found.length <= query.limit; round += 1) {
    const answer = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: indexName,
        KeyConditionExpression: '#partition = :partition',
        ScanIndexForward: false,
        Limit: query.limit + 1 - found.length,
        ExpressionAttributeNames: {
          '#partition': partitionAttribute,
          ...(filter === undefined ? {} : { '#status': 'status', ...filter.names }),
        },
        ExpressionAttributeValues: {
          ':partition': partition,
          ...(filter === undefined ? {} : { ':status': query.status, ...filter.values }),
        },
        ...(filter === undefined ? {} : { FilterExpression: filter.expression }),
        ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
      }),
    );
    const page = keysOnly === undefined ? (answer.Items ?? []) : await itemsOf(options, keysOnly, answer.Items ?? []);
    for (const item of page) {
      if (keysOnly !== undefined && query.status !== undefined && item['status'] !== query.status) continue;
      found.push({ record: options.recordOf(item), sortKey: item[sortAttribute] });
    }
    startKey = answer.LastEvaluatedKey;
    if (startKey === undefined) break;
  }
  const page = found.slice(0, query.limit);
  const lastSortKey = found.length > query.limit ? page.at(-1)?.sortKey : startKey?.[sortAttribute];
  return {
    items: page.map(({ record }) => record),
    ...(typeof lastSortKey === 'string' ? { nextCursor: encodeOwnedCursor(query.customerId, lastSortKey) } : {}),
  };
};

/** The table's items behind a page of a keys-only index, in the page's order (one BatchGetItem). */
const itemsOf = async <Record_>(
  options: OwnedIndexOptions<Record_>,
  keysOnly: NonNullable<OwnedIndexOptions<Record_>['keysOnly']>,
  entries: readonly Item[],
): Promise<Item[]> => {
  if (entries.length === 0) return [];
  const keyOf = (item: Item) => Object.fromEntries(keysOnly.tableKeyAttributes.map((name) => [name, item[name]]));
  const identity = (item: Item) => JSON.stringify(keysOnly.tableKeyAttributes.map((name) => item[name]));
  const found = new Map(
    (await batchGet(options.client, options.tableName, entries.map(keyOf))).map((item) => [identity(item), item]),
  );
  // An entry whose item is gone, or no longer in this partition, is not listed.
  return entries.flatMap((entry) => {
    const item = found.get(identity(entry));
    return item === undefined || item[options.partitionAttribute] !== entry[options.partitionAttribute] ? [] : [item];
  });
};
