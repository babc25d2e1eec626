import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { decodeJsonCursor, encodeJsonCursor, invalidListingCursor } from '../../domain/cursor';

/**
 * A newest-first listing in the core table's gsi1 (one partition, `gsi1sk` = `<createdAt>#<id>`)
 * with keyword search: a filter on the stored lower-case word list (`contains(searchText, ' word')`),
 * reading at most `queryPagesMax` query pages per answer, so a page may be short and still carry
 * a cursor. Offers and contents list this way. (At catalogue sizes where a filter over the
 * listing is too slow, an inverted index or OpenSearch would replace it; the ports stay.)
 */
export interface ListingKey {
  readonly pk: string;
  readonly sk: string;
  readonly gsi1pk: string;
  readonly gsi1sk: string;
}

export interface SearchListingQuery {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly partition: string;
  readonly keywords: readonly string[];
  /** Items that have this attribute are left out (filtered as the keywords are), e.g. an offer's `withdrawnAt`. */
  readonly without?: string;
  readonly limit: number;
  readonly cursor?: string;
  /** Whether a start key is the key of an item of this listing: anything else is INVALID_CURSOR, never passed to DynamoDB. */
  readonly isListingKey: (key: ListingKey) => boolean;
  readonly queryPagesMax: number;
  /** Items one filtered query page reads. */
  readonly filteredPageLimit: number;
}

const decodeCursor = (cursor: string, isListingKey: (key: ListingKey) => boolean): ListingKey => {
  const value = decodeJsonCursor(cursor, invalidListingCursor);
  if (typeof value !== 'object' || value === null) throw invalidListingCursor();
  const { pk, sk, gsi1pk, gsi1sk } = value as Record<string, unknown>;
  if (typeof pk !== 'string' || typeof sk !== 'string' || typeof gsi1pk !== 'string' || typeof gsi1sk !== 'string') {
    throw invalidListingCursor();
  }
  const key = { pk, sk, gsi1pk, gsi1sk };
  // DynamoDB answers a start key of another partition or shape with a ValidationException, a 500.
  if (!isListingKey(key)) throw invalidListingCursor();
  return key;
};

/** Whether `gsi1sk` is `<ISO time>#<id>`. */
export const isTimeSortKey = (gsi1sk: string, id: string): boolean => {
  const createdAt = gsi1sk.endsWith(`#${id}`) ? gsi1sk.slice(0, -(id.length + 1)) : '';
  return createdAt !== '' && !Number.isNaN(Date.parse(createdAt));
};

const keyOf = (item: Record<string, unknown>): ListingKey => ({
  pk: String(item['pk']),
  sk: String(item['sk']),
  gsi1pk: String(item['gsi1pk']),
  gsi1sk: String(item['gsi1sk']),
});

export const searchListing = async (
  query: SearchListingQuery,
): Promise<{ items: Record<string, unknown>[]; nextCursor: string | undefined }> => {
  let startKey: Record<string, unknown> | undefined =
    query.cursor === undefined ? undefined : { ...decodeCursor(query.cursor, query.isListingKey) };
  const found: Record<string, unknown>[] = [];
  let exhausted = false;
  const keywordValues = Object.fromEntries(query.keywords.map((keyword, index) => [`:k${index}`, ` ${keyword}`]));
  const filters = [
    ...Object.keys(keywordValues).map((name) => `contains(searchText, ${name})`),
    ...(query.without === undefined ? [] : [`attribute_not_exists(${query.without})`]),
  ];
  // One item more than the page tells whether another page follows: the last page has no cursor.
  for (let page = 0; page < query.queryPagesMax && found.length <= query.limit; page += 1) {
    const answer = await query.client.send(
      new QueryCommand({
        TableName: query.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :partition',
        ...(filters.length === 0 ? {} : { FilterExpression: filters.join(' AND ') }),
        ExpressionAttributeValues: { ':partition': query.partition, ...keywordValues },
        ScanIndexForward: false,
        Limit: filters.length === 0 ? query.limit + 1 - found.length : query.filteredPageLimit,
        ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
      }),
    );
    found.push(...(answer.Items ?? []));
    startKey = answer.LastEvaluatedKey;
    if (startKey === undefined) {
      exhausted = true;
      break;
    }
  }
  const items = found.slice(0, query.limit);
  const last = items.at(-1);
  let nextCursor: string | undefined;
  // The page filled up inside a query page: continue after the last item returned; else
  // everything read was returned: continue where the reading stopped.
  if (found.length > query.limit && last !== undefined) nextCursor = encodeJsonCursor(keyOf(last));
  else if (!exhausted && startKey !== undefined) nextCursor = encodeJsonCursor(keyOf(startKey));
  return { items, nextCursor };
};
