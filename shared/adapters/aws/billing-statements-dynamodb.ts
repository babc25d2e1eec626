import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { assert, DomainError } from '../../errors';
import { partyKindOf, type BilledPartyKind } from '../../domain/billing/accounts';
import { decodeStatementCursor, statementsPage, parseStatementSortKey } from '../../domain/billing/cursors';
import { statementIdFor } from '../../domain/billing/ids';
import type { StatementListQuery, StatementStore } from '../../domain/billing/ports';
import type { CollectionRecord, PartyPosition, StatementRecord } from '../../domain/billing/types';
import { partitionPage } from './dynamodb-batches';
import { readItem } from './items';
import {
  DynamoStatementWriter,
  collectionsPartition,
  pagePartPrefix,
  partPrefix,
  partyPartition,
  positionKey,
  statementKey,
  withoutKeys,
  type Item,
} from './billing-statement-writer-dynamodb';

const invalidCursor = () => new DomainError('INVALID_CURSOR', 'The cursor was not handed out for this list.');

/**
 * The collections a period's bills asked of one carrier (StatementStore.collections), alone:
 * a remittance import needs nothing else of the statements.
 */
export const statementCollections = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  period: string,
  agentId: string,
  page: { limit: number; cursor?: string },
): Promise<{ records: CollectionRecord[]; nextCursor?: string }> => {
  const answer = await partitionPage(client, tableName, { pk: collectionsPartition(period, agentId) }, page);
  return {
    records: answer.items.map((item) => withoutKeys(item) as unknown as CollectionRecord),
    ...(answer.nextCursor === undefined ? {} : { nextCursor: answer.nextCursor }),
  };
};

/**
 * The statement store: billing a party (billing-statement-writer-dynamodb.ts, which also
 * documents the table's layout), reading a statement's documents back, a party's position,
 * a party's statements and a carrier's collections.
 */
export class DynamoStatementStore extends DynamoStatementWriter implements StatementStore {
  async document(record: StatementRecord, format: 'json' | 'csv'): Promise<string> {
    const text = await this.partsText(record.id, partPrefix(record, format));
    assert(text !== undefined, `statement ${record.id} has its ${format} stored`);
    assert(
      Buffer.byteLength(text, 'utf8') === (format === 'json' ? record.jsonBytes : record.csvBytes),
      'a statement reads back whole',
    );
    return text;
  }

  async page(record: StatementRecord, page: number, format: 'json' | 'csv'): Promise<string> {
    const text = await this.partsText(record.id, pagePartPrefix(record.pageLines ?? 0, page, format));
    assert(text !== undefined, `statement ${record.id} has its page ${page} as ${format} stored`);
    return text;
  }

  async position(kind: BilledPartyKind, partyId: string, currency: string): Promise<PartyPosition | undefined> {
    const item = await readItem(this.client, this.tableName, positionKey(kind, partyId, currency));
    return item === undefined ? undefined : (withoutKeys(item) as unknown as PartyPosition);
  }

  async listForParty(query: StatementListQuery): Promise<{ records: StatementRecord[]; nextCursor?: string }> {
    const after = query.cursor === undefined ? undefined : decodeStatementCursor(query, query.cursor);
    const matching: StatementRecord[] = [];
    let startKey: Item | undefined = after === undefined ? undefined : this.indexKeyAfter(query.partyId, after);
    // One more than the page, to know whether a next page exists.
    while (matching.length <= query.limit) {
      const answer = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'byParty',
          KeyConditionExpression:
            query.period === undefined ? 'partyPk = :party' : 'partyPk = :party AND begins_with(partySk, :period)',
          ExpressionAttributeValues: {
            ':party': partyPartition(query.partyId),
            ...(query.period === undefined ? {} : { ':period': `${query.period}#` }),
          },
          Limit: query.limit + 1,
          ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
        }),
      );
      for (const item of answer.Items ?? []) {
        const record = withoutKeys(item) as unknown as StatementRecord;
        if (query.kinds.includes(record.kind)) matching.push(record);
      }
      startKey = answer.LastEvaluatedKey;
      if (startKey === undefined) break;
    }
    return statementsPage(matching, query);
  }

  collections(period: string, agentId: string, page: { limit: number; cursor?: string }) {
    return statementCollections(this.client, this.tableName, period, agentId, page);
  }

  /** The index key of the statement a cursor points after (its id derives from the sort key and the party). */
  private indexKeyAfter(partyId: string, sortKey: string): Item {
    const parsed = parseStatementSortKey(sortKey);
    if (parsed === undefined) throw invalidCursor();
    const statementId = statementIdFor(parsed.period, partyKindOf(parsed.kind), partyId, parsed.currency);
    return { ...statementKey(statementId), partyPk: partyPartition(partyId), partySk: sortKey };
  }
}
