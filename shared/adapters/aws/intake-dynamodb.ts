import { createHash } from 'node:crypto';
import { DeleteCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { IntakeState, IntakeStore } from '../../domain/rights/ports';
import { INTAKE_COUNT_PAGES_PER_SHARD_MAX, INTAKE_LEASE_SHARDS } from '../../limits';
import { putIfHeld } from './conditional-writes';
import { queryPages, readItem } from './items';

/**
 * The redeem intake in the core table:
 *   `INTAKE#REDEEM` / `INTAKE`                 the switch (`open` when absent)
 *   `INTAKE#LEASE#<shard>` / `<lease id>`      one item per request in flight, until `untilMs`
 * Leases are spread over INTAKE_LEASE_SHARDS partitions (by a hash of their id) so that the
 * put and delete of every redeem do not meet in one partition; counting queries each shard for
 * the leases that have not lapsed. `ttl` removes lapsed ones a crashed request left (cleanup
 * only: the count never depends on it).
 */
const stateKey = { pk: 'INTAKE#REDEEM', sk: 'INTAKE' };
const shardOf = (leaseId: string): number => createHash('sha256').update(leaseId).digest().readUInt32BE(0) % INTAKE_LEASE_SHARDS;
const leaseKey = (leaseId: string) => ({ pk: `INTAKE#LEASE#${shardOf(leaseId)}`, sk: leaseId });

export class DynamoIntakeStore implements IntakeStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async getState(): Promise<IntakeState> {
    const item = await readItem(this.client, this.tableName, stateKey);
    if (item === undefined) return { redeem: 'open' };
    return {
      redeem: item['redeem'] === 'draining' ? 'draining' : 'open',
      ...(typeof item['changedAt'] === 'string' ? { changedAt: item['changedAt'] } : {}),
      ...(typeof item['changedBy'] === 'string' ? { changedBy: item['changedBy'] } : {}),
    };
  }

  /** Written only when the mode changes (an absent switch is `open`), so the mode in force keeps when it was set. */
  async setState(state: IntakeState): Promise<boolean> {
    return putIfHeld(this.client, {
      TableName: this.tableName,
      Item: { ...stateKey, entity: 'intake', ...state },
      ConditionExpression:
        state.redeem === 'open'
          ? 'attribute_exists(#redeem) AND #redeem <> :redeem'
          : 'attribute_not_exists(#redeem) OR #redeem <> :redeem',
      ExpressionAttributeNames: { '#redeem': 'redeem' },
      ExpressionAttributeValues: { ':redeem': state.redeem },
    });
  }

  async enter(leaseId: string, untilMs: number): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...leaseKey(leaseId), entity: 'intake-lease', untilMs, ttl: Math.ceil(untilMs / 1000) },
      }),
    );
  }

  async leave(leaseId: string): Promise<void> {
    await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: leaseKey(leaseId) }));
  }

  async countInFlight(nowMs: number): Promise<number> {
    const counts = await Promise.all(
      Array.from({ length: INTAKE_LEASE_SHARDS }, async (_, shard) => {
        let count = 0;
        await queryPages(
          this.client,
          INTAKE_COUNT_PAGES_PER_SHARD_MAX,
          () => ({
            TableName: this.tableName,
            KeyConditionExpression: 'pk = :partition',
            FilterExpression: 'untilMs > :now',
            ExpressionAttributeValues: { ':partition': `INTAKE#LEASE#${shard}`, ':now': nowMs },
            Select: 'COUNT',
            ConsistentRead: true,
          }),
          (answer) => {
            count += answer.Count ?? 0;
          },
        );
        return count;
      }),
    );
    return counts.reduce((sum, count) => sum + count, 0);
  }
}
