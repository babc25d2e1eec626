import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { invalidOfferCursor, offerMatches, type OfferRecord } from '../../domain/offers/offers';
import type { OfferPage, OfferQuery, OfferStore } from '../../domain/offers/ports';
import { assert } from '../../errors';
import { IDENTIFIER_LENGTH_MAX, OFFER_SEARCH_QUERY_PAGES_MAX, OFFERS_PAGE_LIMIT_MAX } from '../../limits';
import { decodeJsonCursor, encodeJsonCursor } from '../../domain/cursor';
import { storedInstead } from './conditional-writes';

/**
 * Offers in the core table. Offers never change, so each is written as two items in one
 * transaction, one per listing it appears in (gsi1, newest first):
 *   `OFFER#<id>` / `OFFER`    gsi1pk `OFFERS#PROVIDER#<provider>`  — a provider's offers
 *   `OFFER#<id>` / `LISTING`  gsi1pk `OFFERS#ALL`                  — every offer
 * Keyword search filters a listing on the stored lower-case word list (`contains`), reading
 * at most OFFER_SEARCH_QUERY_PAGES_MAX query pages per answer page; a short page carries a
 * cursor. (At catalogue sizes where a filter over the listing is too slow, an inverted index
 * or OpenSearch would replace it; the port stays the same.)
 */
const ALL_OFFERS = 'OFFERS#ALL';
const OFFER_KEY_PREFIX = 'OFFER#';
const providerPartition = (providerId: string) => `OFFERS#PROVIDER#${providerId}`;
/** The item of an offer that a listing partition holds: `LISTING` in the all-offers one, `OFFER` in a provider's. */
const listingItemSortKey = (partition: string) => (partition === ALL_OFFERS ? 'LISTING' : 'OFFER');
const listingSortKey = (offer: OfferRecord) => `${offer.createdAt}#${offer.id}`;

interface ListingKey {
  readonly pk: string;
  readonly sk: string;
  readonly gsi1pk: string;
  readonly gsi1sk: string;
}

const encodeCursor = (key: ListingKey): string => encodeJsonCursor(key);

const decodeCursor = (cursor: string, partition: string): ListingKey => {
  const invalid = invalidOfferCursor();
  const value = decodeJsonCursor(cursor, () => invalid);
  if (typeof value !== 'object' || value === null) throw invalid;
  const { pk, sk, gsi1pk, gsi1sk } = value as Record<string, unknown>;
  if (typeof pk !== 'string' || typeof sk !== 'string' || typeof gsi1pk !== 'string' || typeof gsi1sk !== 'string') throw invalid;
  // The start key must be the key of an item of this listing: DynamoDB answers anything else
  // (an empty key, another partition, an oversized value) with a ValidationException, a 500.
  const offerId = pk.startsWith(OFFER_KEY_PREFIX) ? pk.slice(OFFER_KEY_PREFIX.length) : '';
  if (offerId === '' || offerId.length > IDENTIFIER_LENGTH_MAX) throw invalid;
  if (gsi1pk !== partition || sk !== listingItemSortKey(partition)) throw invalid;
  const createdAt = gsi1sk.endsWith(`#${offerId}`) ? gsi1sk.slice(0, -(offerId.length + 1)) : '';
  if (createdAt === '' || Number.isNaN(Date.parse(createdAt))) throw invalid;
  return { pk, sk, gsi1pk, gsi1sk };
};

const toOffer = (item: Record<string, unknown>): OfferRecord => {
  const { pk: _pk, sk: _sk, gsi1pk: _gsi1pk, gsi1sk: _gsi1sk, ...offer } = item;
  return offer as unknown as OfferRecord;
};

export class DynamoOfferStore implements OfferStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(record: OfferRecord) {
    const item = (sk: string, gsi1pk: string) => ({
      Put: {
        TableName: this.tableName,
        Item: { pk: `${OFFER_KEY_PREFIX}${record.id}`, sk, gsi1pk, gsi1sk: listingSortKey(record), ...record },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            item(listingItemSortKey(providerPartition(record.providerId)), providerPartition(record.providerId)),
            item(listingItemSortKey(ALL_OFFERS), ALL_OFFERS),
          ],
        }),
      );
      return record;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException) && !(error instanceof ConditionalCheckFailedException)) throw error;
    }
    return storedInstead(this.get(record.id), 'an offer');
  }

  async get(id: string) {
    const answer = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: `${OFFER_KEY_PREFIX}${id}`, sk: 'OFFER' }, ConsistentRead: true }),
    );
    return answer.Item === undefined ? undefined : toOffer(answer.Item);
  }

  async list(query: OfferQuery): Promise<OfferPage> {
    const partition = query.providerId === undefined ? ALL_OFFERS : providerPartition(query.providerId);
    let startKey: Record<string, unknown> | undefined =
      query.cursor === undefined ? undefined : { ...decodeCursor(query.cursor, partition) };
    const found: Record<string, unknown>[] = [];
    let exhausted = false;
    for (let page = 0; page < OFFER_SEARCH_QUERY_PAGES_MAX && found.length < query.limit; page += 1) {
      const keywordValues = Object.fromEntries(query.keywords.map((keyword, index) => [`:k${index}`, ` ${keyword}`]));
      const answer = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :partition',
          ...(query.keywords.length === 0
            ? {}
            : {
                FilterExpression: Object.keys(keywordValues)
                  .map((name) => `contains(searchText, ${name})`)
                  .join(' AND '),
              }),
          ExpressionAttributeValues: { ':partition': partition, ...keywordValues },
          ScanIndexForward: false,
          Limit: query.keywords.length === 0 ? query.limit - found.length : OFFERS_PAGE_LIMIT_MAX,
          ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
        }),
      );
      found.push(...(answer.Items ?? []));
      startKey = answer.LastEvaluatedKey;
      if (startKey === undefined) {
        exhausted = true;
        break;
      }
    }
    const items = found.slice(0, query.limit);
    const offers = items.map(toOffer).filter((offer) => offerMatches(offer, query.keywords));
    assert(offers.length === items.length, 'the filter expression and offerMatches agree');
    let nextCursor: string | undefined;
    const last = items.at(-1);
    if (found.length > query.limit && last !== undefined) {
      // The page filled up inside a query page: continue after the last offer returned.
      nextCursor = encodeCursor({
        pk: String(last.pk),
        sk: String(last.sk),
        gsi1pk: String(last.gsi1pk),
        gsi1sk: String(last.gsi1sk),
      });
    } else if (!exhausted && startKey !== undefined) {
      // Everything read was returned: continue where the reading stopped.
      nextCursor = encodeCursor(startKey as unknown as ListingKey);
    }
    return { offers, ...(nextCursor === undefined ? {} : { nextCursor }) };
  }
}
