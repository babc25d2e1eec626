import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TicketRecord } from '../../domain/tickets/ticket';
import type { PseudonymStore, TicketStore } from '../../domain/tickets/ports';
import { assert } from '../../errors';
import { randomIds } from '../../ids';

const ticketKey = (id: string) => ({ pk: `TICKET#${id}`, sk: 'TICKET' });

export class DynamoTicketStore implements TicketStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(record: TicketRecord) {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...ticketKey(record.id),
            gsi1pk: `PROVIDER#${record.providerId}`,
            gsi1sk: `TICKET#${record.issuedAt}#${record.id}`,
            ...record,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { created: true, record };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    const existing = await this.get(record.id);
    assert(existing !== undefined, 'a ticket that failed its create condition exists');
    return { created: false, record: existing };
  }

  async get(id: string) {
    const answer = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: ticketKey(id), ConsistentRead: true }),
    );
    if (answer.Item === undefined) return undefined;
    const { pk: _pk, sk: _sk, gsi1pk: _gsi1pk, gsi1sk: _gsi1sk, ...record } = answer.Item;
    return record as TicketRecord;
  }

  async revoke(id: string, revokedAt: string) {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: ticketKey(id),
          UpdateExpression: 'SET #status = :revoked, revokedAt = :revokedAt',
          ConditionExpression: 'attribute_exists(pk) AND #status = :active',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':revoked': 'revoked', ':active': 'active', ':revokedAt': revokedAt },
        }),
      );
    } catch (error) {
      // Absent, or revoked already: either way the stored record is the answer.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    return this.get(id);
  }
}

const pseudonymKey = (providerId: string, holderId: string) => ({
  pk: `PSEUDONYM#${providerId}#${holderId}`,
  sk: 'PSEUDONYM',
});

/** Random pseudonyms, one per (provider, holder), written once with a conditional put. */
export class DynamoPseudonymStore implements PseudonymStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async subjectFor(providerId: string, holderId: string): Promise<string> {
    const key = pseudonymKey(providerId, holderId);
    const existing = await this.client.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
    if (typeof existing.Item?.subject === 'string') return existing.Item.subject;
    const subject = randomIds.next('sub');
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...key, subject, providerId, holderId },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return subject;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    const winner = await this.client.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
    assert(typeof winner.Item?.subject === 'string', 'a pseudonym that failed its create condition exists');
    return winner.Item.subject;
  }
}
