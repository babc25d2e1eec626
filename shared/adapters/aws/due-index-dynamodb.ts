import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DueEntry, DueIndex, DueLayout, DuePage } from '../../domain/due/ports';
import { assert } from '../../errors';
import { DUE_QUERY_PAGES_MAX } from '../../limits';
import { putIfHeld } from './conditional-writes';

type Item = Record<string, unknown>;

/**
 * Where one use keeps its due index: a sparse GSI whose partition key names a bucket (and
 * shard) and whose sort key starts with the due time, and one watermark item, in the same
 * table or, for a reader of another's index (purchase recovery over the ledger's holds), in
 * its own.
 */
export interface DynamoDueIndexOptions<Entry extends DueEntry> {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly indexName: string;
  readonly layout: DueLayout;
  readonly partitionAttribute: string;
  readonly sortAttribute: string;
  /** The index partition of a bucket shard (the same function that places the items). */
  readonly partitionOf: (bucketStartMs: number, shard: number) => string;
  /** The largest sort key of an entry due at `upToMs`. */
  readonly sortKeyUpTo: (upToMs: number) => string;
  /** The attributes `entryOf` needs; nothing else is read. */
  readonly attributes: readonly string[];
  readonly entryOf: (item: Item) => Entry;
  readonly watermarkKey: { readonly pk: string; readonly sk: string };
  /** The table of the watermark item, when it is not the index's. */
  readonly watermarkTableName?: string;
  /** The watermark item's attribute that holds the bucket start (epoch milliseconds). */
  readonly watermarkAttribute: string;
}

export class DynamoDueIndex<Entry extends DueEntry> implements DueIndex<Entry> {
  readonly layout: DueLayout;

  constructor(private readonly options: DynamoDueIndexOptions<Entry>) {
    this.layout = options.layout;
  }

  private get watermarkTableName(): string {
    return this.options.watermarkTableName ?? this.options.tableName;
  }

  async readWatermarkMs(): Promise<number | undefined> {
    const { client, watermarkKey, watermarkAttribute } = this.options;
    const answer = await client.send(
      new GetCommand({ TableName: this.watermarkTableName, Key: watermarkKey, ConsistentRead: true }),
    );
    if (answer.Item === undefined) return undefined;
    const bucketStartMs: unknown = answer.Item[watermarkAttribute];
    assert(
      typeof bucketStartMs === 'number' && Number.isSafeInteger(bucketStartMs),
      'a due-index watermark is a bucket start in epoch milliseconds',
    );
    return bucketStartMs;
  }

  async queryBucket(bucketStartMs: number, shard: number, upToMs: number, limit: number): Promise<DuePage<Entry>> {
    assert(Number.isInteger(limit) && limit > 0, 'a due-index read asks for at least one entry');
    const { client, tableName, indexName, attributes } = this.options;
    const entries: Entry[] = [];
    let itemsRead = 0;
    let startKey: Item | undefined;
    for (let page = 0; page < DUE_QUERY_PAGES_MAX && entries.length < limit; page += 1) {
      const answer = await client.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: indexName,
          // The sort key condition stops at upToMs: entries due later are never read.
          KeyConditionExpression: '#partition = :partition AND #sort <= :upTo',
          ProjectionExpression: attributes.map((_, position) => `#attribute${position}`).join(', '),
          ExpressionAttributeNames: {
            '#partition': this.options.partitionAttribute,
            '#sort': this.options.sortAttribute,
            ...Object.fromEntries(attributes.map((attribute, position) => [`#attribute${position}`, attribute])),
          },
          ExpressionAttributeValues: {
            ':partition': this.options.partitionOf(bucketStartMs, shard),
            ':upTo': this.options.sortKeyUpTo(upToMs),
          },
          Limit: limit - entries.length,
          ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
        }),
      );
      const items = answer.Items ?? [];
      entries.push(...items.map(this.options.entryOf));
      itemsRead += answer.ScannedCount ?? items.length;
      startKey = answer.LastEvaluatedKey;
      if (startKey === undefined) break;
    }
    return { entries, itemsRead, exhausted: startKey === undefined };
  }

  async advanceWatermarkMs(bucketStartMs: number): Promise<void> {
    const { client, watermarkKey, watermarkAttribute } = this.options;
    await putIfHeld(client, {
      TableName: this.watermarkTableName,
      Item: { ...watermarkKey, entity: 'watermark', [watermarkAttribute]: bucketStartMs },
      // Forward only: an overlapping, slower sweep never moves it back.
      ConditionExpression: 'attribute_not_exists(#watermark) OR #watermark < :bucketStartMs',
      ExpressionAttributeNames: { '#watermark': watermarkAttribute },
      ExpressionAttributeValues: { ':bucketStartMs': bucketStartMs },
    });
  }
}

/**
 * A due index in the core table's `gsi1`: `gsi1pk` names the bucket, `gsi1sk` is
 * `<ISO due time>#<id>`, and the watermark item keeps its bucket start in `bucketStartMs`.
 */
export const coreTableDueIndex = <Entry extends DueEntry>(
  options: Pick<
    DynamoDueIndexOptions<Entry>,
    'client' | 'tableName' | 'layout' | 'partitionOf' | 'attributes' | 'entryOf' | 'watermarkKey'
  >,
): DynamoDueIndex<Entry> =>
  new DynamoDueIndex({
    ...options,
    indexName: 'gsi1',
    partitionAttribute: 'gsi1pk',
    sortAttribute: 'gsi1sk',
    sortKeyUpTo: (upToMs) => `${new Date(upToMs).toISOString()}#\uffff`,
    watermarkAttribute: 'bucketStartMs',
  });
