import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Page } from '../../domain/page';
import type { UsageEvent, UsageLog } from '../../domain/rights/ports';
import { decodeUsageCursor, encodeUsageCursor, usagePartition, usageSortKey, type UsageListing } from '../usage-cursor';
import { recordOf } from './items';

/**
 * The usage log in the core table, one item per event, written in the transaction of the
 * change it records (rights-dynamodb.ts):
 *   `USAGE#CONTENT#<content>` / `<at>#<event>`   a content's log (an event of a ticket with no
 *                                                 content: `USAGE#TICKET#<ticket>`)
 *   gsi1 `USAGE#HOLDER#<customer>` / `<at>#<event>`  the customer's log
 * Both read newest first. (One content's log is one partition: past about 1,000 events a
 * second for a single content it would want sharding by time.)
 */
const holderPartition = (holderId: string) => `USAGE#HOLDER#${holderId}`;

export const usageItem = (event: UsageEvent) => ({
  pk: usagePartition(event),
  sk: usageSortKey(event),
  gsi1pk: holderPartition(event.holderId),
  gsi1sk: usageSortKey(event),
  entity: 'usage',
  ...event,
});

const toEvent = (item: Record<string, unknown>): UsageEvent => recordOf(item, 'gsi1pk', 'gsi1sk', 'entity');

export class DynamoUsageLog implements UsageLog {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async listByContent(contentId: string, limit: number, cursor: string | undefined): Promise<Page<UsageEvent>> {
    const partition = `USAGE#CONTENT#${contentId}`;
    const after = cursor === undefined ? undefined : decodeUsageCursor('content', contentId, cursor);
    return this.query('content', contentId, limit, {
      KeyConditionExpression: 'pk = :partition',
      ExpressionAttributeValues: { ':partition': partition },
      ConsistentRead: true,
      ...(after === undefined ? {} : { ExclusiveStartKey: { pk: partition, sk: after.sortKey } }),
    });
  }

  async listByHolder(holderId: string, limit: number, cursor: string | undefined): Promise<Page<UsageEvent>> {
    const partition = holderPartition(holderId);
    const after = cursor === undefined ? undefined : decodeUsageCursor('holder', holderId, cursor);
    return this.query('holder', holderId, limit, {
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :partition',
      ExpressionAttributeValues: { ':partition': partition },
      ...(after === undefined
        ? {}
        : { ExclusiveStartKey: { pk: after.partition, sk: after.sortKey, gsi1pk: partition, gsi1sk: after.sortKey } }),
    });
  }

  private async query(
    listing: UsageListing,
    owner: string,
    limit: number,
    input: Omit<ConstructorParameters<typeof QueryCommand>[0], 'TableName' | 'Limit' | 'ScanIndexForward'>,
  ): Promise<Page<UsageEvent>> {
    // One more than the page tells whether another follows: the last page has no cursor.
    const answer = await this.client.send(
      new QueryCommand({ TableName: this.tableName, Limit: limit + 1, ScanIndexForward: false, ...input }),
    );
    const read = (answer.Items ?? []).map(toEvent);
    const items = read.slice(0, limit);
    const last = items.at(-1);
    return {
      items,
      nextCursor: read.length > limit && last !== undefined ? encodeUsageCursor(listing, owner, last) : undefined,
    };
  }
}
