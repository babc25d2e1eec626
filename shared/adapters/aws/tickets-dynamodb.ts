import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TicketRecord } from '../../domain/tickets/ticket';
import type { PseudonymStore, TicketStore } from '../../domain/tickets/ports';
import { compactJws, rebuildJws, TICKET_JWS_LAYOUT, type StoredJws } from '../../domain/tickets/stored-jws';
import { assert } from '../../errors';
import { randomIds } from '../../ids';
import { putIfAbsent, storedInstead } from './conditional-writes';
import { queryPages, readItem } from './items';

export const ticketKey = (id: string) => ({ pk: `TICKET#${id}`, sk: 'TICKET' });

const DERIVED_PREFIX = 'DERIVED#';

/**
 * The link from a ticket to one made from it (a grant, a transfer), in the parent's partition:
 * written by the transaction that stores the new ticket, read by `derivedFrom` with one Query.
 */
export const derivedLinkItem = (fromTicketId: string, ticketId: string) => ({
  pk: `TICKET#${fromTicketId}`,
  sk: `${DERIVED_PREFIX}${ticketId}`,
  entity: 'derived-ticket',
  ticketId,
});

/**
 * The ticket item also holds its allowance (rights-dynamodb.ts): these attributes are not
 * part of the ticket record.
 */
export const ALLOWANCE_ATTRIBUTES = ['allowanceVersion', 'usesLeft', 'secondsLeft', 'secondsReserved', 'transferredTo'] as const;

/**
 * A new ticket's item: the record, in no index. Tickets are read by id only (the ticket, its
 * redeems, revocation, sharing), so the item carries no index keys and every write of it (the
 * issue, each redeem's allowance update, a revocation) pays for the table item alone.
 *
 * The token is kept as `tokenJws` (shared/domain/tickets/stored-jws.ts): its signature and
 * the few claims the record does not hold, not the whole JWS, whose payload repeats the
 * record. Reading rebuilds the same token. A token the layout cannot rebuild exactly is
 * stored whole as `token`, as before; items written before keep theirs and read unchanged.
 */
export const ticketItem = (record: TicketRecord) => {
  const tokenJws = compactJws(TICKET_JWS_LAYOUT, record.token, record);
  if (tokenJws === undefined) return { ...ticketKey(record.id), ...record };
  const { token: _token, ...rest } = record;
  return { ...ticketKey(record.id), ...rest, tokenJws };
};

export const toTicketRecord = (item: Record<string, unknown>): TicketRecord => {
  const { pk: _pk, sk: _sk, tokenJws, ...rest } = item;
  for (const attribute of ALLOWANCE_ATTRIBUTES) delete rest[attribute];
  const record = rest as unknown as TicketRecord;
  if (tokenJws === undefined) return record;
  const token = rebuildJws(TICKET_JWS_LAYOUT, tokenJws as StoredJws, record);
  assert(token !== undefined, `the stored token of ticket ${record.id} is of a layout this code reads`);
  return { ...record, token };
};

export class DynamoTicketStore implements TicketStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(record: TicketRecord) {
    const created = await putIfAbsent(this.client, { TableName: this.tableName, Item: ticketItem(record) });
    return created ? { created, record } : { created, record: await storedInstead(this.get(record.id), 'a ticket') };
  }

  async get(id: string) {
    const item = await readItem(this.client, this.tableName, ticketKey(id));
    return item === undefined ? undefined : toTicketRecord(item);
  }

  /**
   * One UpdateItem that answers the record it leaves (ALL_NEW). Only when its condition fails
   * (no such ticket, or a racer revoked it first: revokeTickets revokes only a record it read
   * active) is the stored record read, the answer either way.
   */
  async revoke(id: string, revokedAt: string) {
    try {
      const answer = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: ticketKey(id),
          UpdateExpression: 'SET #status = :revoked, revokedAt = :revokedAt',
          ConditionExpression: 'attribute_exists(pk) AND #status = :active',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':revoked': 'revoked', ':active': 'active', ':revokedAt': revokedAt },
          ReturnValues: 'ALL_NEW',
        }),
      );
      assert(answer.Attributes !== undefined, 'an update that returns ALL_NEW returns the item');
      return toTicketRecord(answer.Attributes);
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      return this.get(id);
    }
  }

  async derivedFrom(id: string) {
    const ids: string[] = [];
    await queryPages(
      this.client,
      Number.POSITIVE_INFINITY,
      () => ({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': ticketKey(id).pk, ':prefix': DERIVED_PREFIX },
        ProjectionExpression: 'ticketId',
        ConsistentRead: true,
      }),
      (answer) => {
        for (const item of answer.Items ?? []) ids.push(String(item['ticketId']));
      },
    );
    return ids;
  }
}

const pseudonymKey = (providerId: string, holderId: string) => ({
  pk: `PSEUDONYM#${providerId}#${holderId}`,
  sk: 'PSEUDONYM',
});

/**
 * Random pseudonyms, one per (provider, holder), written once with a conditional put and
 * never changed. So the read is eventually consistent (half a read unit): a pseudonym it
 * returns is the one. A miss (none yet, or one written a moment ago) goes straight to the
 * conditional put, and only when that finds one stored is it read consistently.
 */
export class DynamoPseudonymStore implements PseudonymStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async subjectFor(providerId: string, holderId: string): Promise<string> {
    const stored = await this.storedSubject(providerId, holderId, false);
    if (stored !== undefined) return stored;
    const subject = randomIds.next('sub');
    const created = await putIfAbsent(this.client, {
      TableName: this.tableName,
      Item: { ...pseudonymKey(providerId, holderId), subject, providerId, holderId },
    });
    return created ? subject : storedInstead(this.storedSubject(providerId, holderId, true), 'a pseudonym');
  }

  private async storedSubject(providerId: string, holderId: string, consistent: boolean): Promise<string | undefined> {
    const answer = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: pseudonymKey(providerId, holderId), ConsistentRead: consistent }),
    );
    const subject: unknown = answer.Item?.subject;
    return typeof subject === 'string' ? subject : undefined;
  }
}
