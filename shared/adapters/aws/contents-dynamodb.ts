import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ContentQuery, ContentRecord, ContentStore } from '../../domain/contents/ports';
import { offerMatches } from '../../domain/offers/offers';
import type { Page } from '../../domain/page';
import { assert } from '../../errors';
import { CONTENT_SEARCH_QUERY_PAGES_MAX, CONTENTS_PAGE_LIMIT_MAX, IDENTIFIER_LENGTH_MAX } from '../../limits';
import { isTimeSortKey, searchListing } from './search-listing';
import { recordOf, readItem } from './items';

/**
 * Contents in the core table, one item each: `CONTENT#<id>` / `CONTENT`, in gsi1 under
 * `CONTENTS#ALL` / `<createdAt>#<id>` (newest first; keyword search filters it, see
 * search-listing.ts). The sealed key is stored as the vault made it; contents never change.
 */
const KEY_PREFIX = 'CONTENT#';
const ALL_CONTENTS = 'CONTENTS#ALL';
const contentKey = (id: string) => ({ pk: `${KEY_PREFIX}${id}`, sk: 'CONTENT' });

const toContent = (item: Record<string, unknown>): ContentRecord => recordOf(item, 'entity', 'gsi1pk', 'gsi1sk');

export class DynamoContentStore implements ContentStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(record: ContentRecord): Promise<ContentRecord> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...contentKey(record.id),
            entity: 'content',
            gsi1pk: ALL_CONTENTS,
            gsi1sk: `${record.createdAt}#${record.id}`,
            ...record,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return record;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    const existing = await this.get(record.id);
    assert(existing !== undefined, 'a content that failed its create condition exists');
    return existing;
  }

  async get(id: string): Promise<ContentRecord | undefined> {
    const item = await readItem(this.client, this.tableName, contentKey(id));
    return item === undefined ? undefined : toContent(item);
  }

  async list(query: ContentQuery): Promise<Page<ContentRecord>> {
    const { items, nextCursor } = await searchListing({
      client: this.client,
      tableName: this.tableName,
      partition: ALL_CONTENTS,
      keywords: query.keywords,
      limit: query.limit,
      ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
      isListingKey: ({ pk, sk, gsi1pk, gsi1sk }) => {
        const id = pk.startsWith(KEY_PREFIX) ? pk.slice(KEY_PREFIX.length) : '';
        return (
          id !== '' &&
          id.length <= IDENTIFIER_LENGTH_MAX &&
          sk === 'CONTENT' &&
          gsi1pk === ALL_CONTENTS &&
          isTimeSortKey(gsi1sk, id)
        );
      },
      queryPagesMax: CONTENT_SEARCH_QUERY_PAGES_MAX,
      filteredPageLimit: CONTENTS_PAGE_LIMIT_MAX,
    });
    const contents = items.map(toContent);
    assert(
      contents.every((content) => offerMatches(content, query.keywords)),
      'the filter expression and the keyword match agree',
    );
    return { items: contents, nextCursor };
  }
}
