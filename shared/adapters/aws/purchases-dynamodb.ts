import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type {
  PurchaseAttention,
  PurchaseRecord,
  PurchaseRefund,
  PurchaseRejection,
  PurchaseSettlement,
  PurchaseStatus,
  PurchaseStore,
} from '../../domain/purchases/purchase';
import { assert } from '../../errors';

/**
 * Purchases in the core table: `PURCHASE#<id>` / `PURCHASE`. Every status change is one
 * UpdateItem conditioned on the status it leaves, so concurrent workers and refunds cannot
 * both win.
 */
const purchaseKey = (id: string) => ({ pk: `PURCHASE#${id}`, sk: 'PURCHASE' });

export class DynamoPurchaseStore implements PurchaseStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(record: PurchaseRecord) {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...purchaseKey(record.id), ...record },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return record;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    const existing = await this.get(record.id);
    assert(existing !== undefined, 'a purchase that failed its create condition exists');
    return existing;
  }

  async get(id: string) {
    const answer = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: purchaseKey(id), ConsistentRead: true }),
    );
    if (answer.Item === undefined) return undefined;
    const { pk: _pk, sk: _sk, ...record } = answer.Item;
    return record as PurchaseRecord;
  }

  markSettled(id: string, settlement: PurchaseSettlement) {
    return this.transition(id, ['authorized'], 'settled', 'settlement', settlement);
  }

  markRejected(id: string, rejection: PurchaseRejection) {
    return this.transition(id, ['authorized'], 'rejected', 'rejection', rejection);
  }

  markRefunded(id: string, from: readonly PurchaseStatus[], refund: PurchaseRefund) {
    return this.transition(id, from, 'refunded', 'refund', refund);
  }

  async markAttention(id: string, attention: PurchaseAttention) {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: purchaseKey(id),
          UpdateExpression: 'SET attention = if_not_exists(attention, :attention)',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':attention': attention },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  private async transition(
    id: string,
    from: readonly PurchaseStatus[],
    to: PurchaseStatus,
    detailName: 'settlement' | 'rejection' | 'refund',
    detail: object,
  ): Promise<boolean> {
    assert(from.length > 0, 'a transition leaves at least one status');
    const fromValues = Object.fromEntries(from.map((status, index) => [`:from${index}`, status]));
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: purchaseKey(id),
          UpdateExpression: 'SET #status = :to, #detail = :detail',
          ConditionExpression: `#status IN (${Object.keys(fromValues).join(', ')})`,
          ExpressionAttributeNames: { '#status': 'status', '#detail': detailName },
          ExpressionAttributeValues: { ':to': to, ':detail': detail, ...fromValues },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
