import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { assert } from '../../errors';
import { partyKindOf, type BilledPartyKind } from '../../domain/billing/accounts';
import { statementSortKey } from '../../domain/billing/cursors';
import type { StatementWriter } from '../../domain/billing/ports';
import { positionOf } from '../../domain/billing/statement-job';
import type { StatementBuild } from '../../domain/billing/build-state';
import type {
  CollectionRecord,
  PartyPosition,
  StatementDocuments,
  StatementPageDocuments,
  StatementRecord,
} from '../../domain/billing/types';
import { BILLING_STATEMENT_PART_BYTES } from '../../limits';
import { batchDelete, batchGet, batchPut } from './dynamodb-batches';
import { buildSortKey, buildsPartition } from './billing-builds-dynamodb';
import { putIfHeld, putNew, transactWrite } from './conditional-writes';
import { recordOf, readItem } from './items';

/**
 * Statements in the billing table:
 *
 *   STATEMENT#<id> / STATEMENT                      the record; partyPk PARTY#<party>, partySk <period>#<kind>#<CUR> (GSI byParty)
 *   STATEMENT#<id> / PART#<json|csv>#<digest>#<n>   gzip of the served bytes, in parts; the digest is of the
 *                                                   token (JSON) or of the CSV, so a crashed attempt's parts
 *                                                   are never read as the stored statement's
 *   STATEMENT#<id> / PART#page#<lines>#<page>#<json|csv>#<n>
 *                                                   a paged statement's page, in parts, keyed by its page size
 *                                                   and page: its bytes are a pure function of the statement's
 *                                                   window and page size, so every attempt writes the same ones
 *   STATEMENT#<id> / BUILD                          a statement built across messages: its state (JSON), its step;
 *                                                   partyPk BUILDS#<period>, partySk <moved at ms>#<id> (GSI byParty)
 *   STATEMENT#<id> / BUILD#<name>#<n>               gzip of a build's text (its index parts, each page's entries);
 *                                                   the build and its texts are dropped once the statement is stored
 *   POSITION#<kind>#<party>#<CUR> / POSITION        the party's last statement
 *   COLLECTIONS#<period>#<agent> / <customer>#<CUR> what a bill asks the carrier to collect
 *
 * The record, the position (only forward) and the collection are one transaction, written
 * after the parts; the record's `attribute_not_exists` makes the first writer win.
 */
export type Item = Record<string, unknown>;

export const statementKey = (statementId: string) => ({ pk: `STATEMENT#${statementId}`, sk: 'STATEMENT' });
export const positionKey = (kind: BilledPartyKind, partyId: string, currency: string) => ({
  pk: `POSITION#${kind}#${partyId}#${currency}`,
  sk: 'POSITION',
});
export const collectionsPartition = (period: string, agentId: string) => `COLLECTIONS#${period}#${agentId}`;
export const partyPartition = (partyId: string) => `PARTY#${partyId}`;

const digest16 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 16);
export const partPrefix = (record: Pick<StatementRecord, 'token' | 'csvSha256'>, format: 'json' | 'csv'): string =>
  `PART#${format}#${format === 'json' ? digest16(record.token) : record.csvSha256.slice(0, 16)}#`;

/**
 * The parts of page `page` of a paged statement of pages of `pageLines`, in one format: a page's
 * bytes are a pure function of the statement's window and page size, so every attempt writes the
 * same parts under the same key.
 */
export const pagePartPrefix = (pageLines: number, page: number, format: 'json' | 'csv'): string =>
  `PART#page#${pageLines}#${String(page).padStart(5, '0')}#${format}#`;

export const buildKey = (statementId: string) => ({ pk: statementKey(statementId).pk, sk: 'BUILD' });

const BUILD_TEXTS = 'BUILD#';
const buildTextPrefix = (name: string): string => `${BUILD_TEXTS}${name}#`;

export const withoutKeys = (item: Item): Item => recordOf(item, 'partyPk', 'partySk');

/**
 * Parts written in the statement's own transaction: with the record, the position and the
 * collection that is at most 5 items and 4 × 350 KB, within a transaction's 100 items and 4 MB.
 */
const PARTS_IN_TRANSACTION_MAX = 4;

/**
 * Billing one party's statement (domain/billing/ports.ts, StatementWriter): the part of the
 * statement store the statement worker uses. DynamoStatementStore (billing-statements-dynamodb.ts)
 * extends it with reading documents back and listing; a function wired with this class alone
 * does not bundle those (a class's methods cannot be left out of a bundle).
 */
export class DynamoStatementWriter implements StatementWriter {
  constructor(
    protected readonly client: DynamoDBDocumentClient,
    protected readonly tableName: string,
  ) {}

  async get(statementId: string): Promise<StatementRecord | undefined> {
    const item = await readItem(this.client, this.tableName, statementKey(statementId));
    return item === undefined ? undefined : (withoutKeys(item) as unknown as StatementRecord);
  }

  async lookup(statementId: string, kind: BilledPartyKind, partyId: string, currency: string) {
    const items = await batchGet(this.client, this.tableName, [
      statementKey(statementId),
      positionKey(kind, partyId, currency),
      buildKey(statementId),
    ]);
    const stored = items.find((item) => item['sk'] === 'STATEMENT');
    const position = items.find((item) => item['sk'] === 'POSITION');
    const build = items.find((item) => item['sk'] === 'BUILD');
    return {
      ...(stored === undefined ? {} : { stored: withoutKeys(stored) as unknown as StatementRecord }),
      ...(position === undefined ? {} : { position: withoutKeys(position) as unknown as PartyPosition }),
      ...(build === undefined ? {} : { build: JSON.parse(build['state'] as string) as StatementBuild }),
    };
  }

  async save(record: StatementRecord, documents: StatementDocuments, collection?: CollectionRecord): Promise<StatementRecord> {
    const parts = [
      ...this.partItems(record.id, partPrefix(record, 'json'), documents.json),
      ...this.partItems(record.id, partPrefix(record, 'csv'), documents.csv),
      ...(documents.pages ?? []).flatMap((page, index) => [
        ...this.partItems(record.id, pagePartPrefix(record.pageLines ?? 0, index + 1, 'json'), page.json),
        ...this.partItems(record.id, pagePartPrefix(record.pageLines ?? 0, index + 1, 'csv'), page.csv),
      ]),
    ];
    // Small documents (nearly all) ride in the transaction itself; larger ones, and pages, are written first.
    const inTransaction = parts.length <= PARTS_IN_TRANSACTION_MAX;
    if (!inTransaction) await batchPut(this.client, this.tableName, parts);
    const kind = partyKindOf(record.kind);
    const position = positionOf(record, kind);
    try {
      await transactWrite(this.client, [
        ...(inTransaction ? parts.map((Item) => ({ Put: { TableName: this.tableName, Item } })) : []),
        putNew(this.tableName, {
          ...statementKey(record.id),
          partyPk: partyPartition(record.partyId),
          partySk: statementSortKey(record.period, record.kind, record.currency),
          ...record,
        }),
        {
          Put: {
            TableName: this.tableName,
            Item: { ...positionKey(kind, record.partyId, record.currency), ...position },
            ConditionExpression: 'attribute_not_exists(pk) OR #period < :period',
            ExpressionAttributeNames: { '#period': 'period' },
            ExpressionAttributeValues: { ':period': record.period },
          },
        },
        ...(collection === undefined
          ? []
          : [
              {
                Put: {
                  TableName: this.tableName,
                  Item: {
                    pk: collectionsPartition(collection.period, collection.agentId),
                    sk: `${collection.customerId}#${collection.currency}`,
                    ...collection,
                  },
                },
              },
            ]),
      ]);
      return record;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
    }
    const stored = await this.get(record.id);
    // Not stored and refused: the party's position is past this period, which the caller checked it was not.
    assert(stored !== undefined, `statement ${record.id} was stored by another writer`);
    return stored;
  }

  async build(statementId: string): Promise<StatementBuild | undefined> {
    const item = await readItem(this.client, this.tableName, buildKey(statementId));
    return item === undefined ? undefined : (JSON.parse(item['state'] as string) as StatementBuild);
  }

  async advanceBuild(next: StatementBuild, fromStep: number | undefined): Promise<boolean> {
    return putIfHeld(this.client, {
      TableName: this.tableName,
      Item: {
        ...buildKey(next.statementId),
        // In the byParty index by when it moved: the run nudge finds the builds that stopped (billing-builds-dynamodb.ts).
        partyPk: buildsPartition(next.period),
        partySk: buildSortKey(next.movedAtMs, next.statementId),
        step: next.step,
        state: JSON.stringify(next),
      },
      ...(fromStep === undefined
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : { ConditionExpression: 'step = :from', ExpressionAttributeValues: { ':from': fromStep } }),
    });
  }

  async putBuildText(statementId: string, name: string, text: string): Promise<void> {
    await batchPut(this.client, this.tableName, this.partItems(statementId, buildTextPrefix(name), text));
  }

  async buildText(statementId: string, name: string): Promise<string | undefined> {
    return this.partsText(statementId, buildTextPrefix(name));
  }

  async dropBuild(statementId: string): Promise<void> {
    const keys = (await this.itemsUnder(statementId, BUILD_TEXTS, 'pk, sk')).map(({ pk, sk }) => ({ pk, sk }));
    // The texts first, the record last: a crash in between leaves the record, which the next
    // message finding the statement stored (lookup) sees and drops again.
    await batchDelete(this.client, this.tableName, keys);
    await batchDelete(this.client, this.tableName, [buildKey(statementId)]);
  }

  async putPage(statementId: string, pageLines: number, page: number, documents: StatementPageDocuments): Promise<void> {
    await batchPut(this.client, this.tableName, [
      ...this.partItems(statementId, pagePartPrefix(pageLines, page, 'json'), documents.json),
      ...this.partItems(statementId, pagePartPrefix(pageLines, page, 'csv'), documents.csv),
    ]);
  }

  /** The text stored in gzip parts under a prefix, or undefined when there are none. */
  protected async partsText(statementId: string, prefix: string): Promise<string | undefined> {
    const parts = (await this.itemsUnder(statementId, prefix)).map((item) => item['data'] as Uint8Array);
    return parts.length === 0 ? undefined : gunzipSync(Buffer.concat(parts)).toString('utf8');
  }

  /** Every item of the statement's partition whose sort key starts with `prefix`, in order, read consistently. */
  private async itemsUnder(statementId: string, prefix: string, projection?: string): Promise<Item[]> {
    const items: Item[] = [];
    let startKey: Item | undefined;
    do {
      const answer = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': statementKey(statementId).pk, ':prefix': prefix },
          ConsistentRead: true,
          ...(projection === undefined ? {} : { ProjectionExpression: projection }),
          ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
        }),
      );
      items.push(...(answer.Items ?? []));
      startKey = answer.LastEvaluatedKey;
    } while (startKey !== undefined);
    return items;
  }

  private partItems(statementId: string, prefix: string, text: string): Item[] {
    const compressed = gzipSync(Buffer.from(text, 'utf8'));
    const items: Item[] = [];
    for (let offset = 0, index = 0; offset < compressed.length; offset += BILLING_STATEMENT_PART_BYTES, index += 1) {
      items.push({
        pk: statementKey(statementId).pk,
        sk: `${prefix}${String(index).padStart(4, '0')}`,
        data: compressed.subarray(offset, offset + BILLING_STATEMENT_PART_BYTES),
      });
    }
    return items;
  }
}
