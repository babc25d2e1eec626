import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DomainError } from '../../errors';
import { decodeJsonCursor, encodeJsonCursor } from '../../domain/cursor';
import { activityShardOf, type ActivityIndex, type ActivityMark, type ActivityPage } from '../../domain/billing/activity';
import { batchPut } from './dynamodb-batches';

/**
 * The activity index in the billing table: `ACTIVITY#<YYYY-MM>#<shard>` / `<kind>#<party>#<CUR>`.
 * Markers are plain puts (the same item again is harmless); a month's partition is read
 * page by page with Query, never scanned.
 */
export const activityPartition = (period: string, shard: number): string =>
  `ACTIVITY#${period}#${String(shard).padStart(2, '0')}`;

const invalidCursor = () => new DomainError('INVALID_CURSOR', 'The cursor was not handed out for this activity listing.');

export class DynamoActivityIndex implements ActivityIndex {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async mark(marks: readonly ActivityMark[]): Promise<void> {
    await batchPut(
      this.client,
      this.tableName,
      marks.map((mark) => ({
        pk: activityPartition(mark.period, activityShardOf(mark.partyId)),
        sk: `${mark.kind}#${mark.partyId}#${mark.currency}`,
        ...mark,
      })),
    );
  }

  async list(period: string, shard: number, page: { limit: number; cursor?: string }): Promise<ActivityPage> {
    const pk = activityPartition(period, shard);
    let startKey: { pk: string; sk: string } | undefined;
    if (page.cursor !== undefined) {
      const sk = (decodeJsonCursor(page.cursor, invalidCursor) as Record<string, unknown> | null)?.['sk'];
      if (typeof sk !== 'string') throw invalidCursor();
      startKey = { pk, sk };
    }
    const answer = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        Limit: page.limit,
        ConsistentRead: true,
        ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
      }),
    );
    const marks = (answer.Items ?? []).map((item): ActivityMark => ({
      period: String(item['period']),
      kind: item['kind'] === 'provider' ? 'provider' : 'customer',
      partyId: String(item['partyId']),
      currency: String(item['currency']),
    }));
    const last = answer.LastEvaluatedKey;
    return {
      marks,
      itemsRead: answer.ScannedCount ?? 0,
      ...(last === undefined ? {} : { nextCursor: encodeJsonCursor({ sk: String(last['sk']) }) }),
    };
  }
}
