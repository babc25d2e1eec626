import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { activityShardOf } from '../../domain/billing/activity';
import type { ActivityIndex, ActivityMark, ActivityPage } from '../../domain/billing/ports';
import { batchPut, partitionPage } from './dynamodb-batches';

/**
 * The activity index in the billing table: `ACTIVITY#<YYYY-MM>#<shard>` / `<kind>#<party>#<CUR>`.
 * Markers are plain puts (the same item again is harmless); a month's partition is read
 * page by page with Query, never scanned.
 */
export const activityPartition = (period: string, shard: number): string =>
  `ACTIVITY#${period}#${String(shard).padStart(2, '0')}`;

/**
 * Writes markers (ActivityIndex.mark) alone: what every function that moves a billed party's
 * money needs (billed-ledger.ts), without the listing the billing coordinator reads with.
 */
export const putActivityMarks = (
  client: DynamoDBDocumentClient,
  tableName: string,
  marks: readonly ActivityMark[],
): Promise<void> =>
  batchPut(
    client,
    tableName,
    marks.map((mark) => ({
      pk: activityPartition(mark.period, activityShardOf(mark.partyId)),
      sk: `${mark.kind}#${mark.partyId}#${mark.currency}`,
      ...mark,
    })),
  );

export class DynamoActivityIndex implements ActivityIndex {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  mark(marks: readonly ActivityMark[]): Promise<void> {
    return putActivityMarks(this.client, this.tableName, marks);
  }

  async list(period: string, shard: number, page: { limit: number; cursor?: string }): Promise<ActivityPage> {
    const answer = await partitionPage(this.client, this.tableName, { pk: activityPartition(period, shard) }, page);
    const marks = answer.items.map((item): ActivityMark => ({
      period: String(item['period']),
      kind: item['kind'] === 'provider' ? 'provider' : item['kind'] === 'agent' ? 'agent' : 'customer',
      partyId: String(item['partyId']),
      currency: String(item['currency']),
    }));
    return { marks, itemsRead: answer.itemsRead, ...(answer.nextCursor === undefined ? {} : { nextCursor: answer.nextCursor }) };
  }
}
