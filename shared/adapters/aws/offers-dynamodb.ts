import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { offerMatches, type OfferRecord, type OfferWithdrawal } from '../../domain/offers/offers';
import type { OfferPage, OfferQuery, OfferStore } from '../../domain/offers/ports';
import { assert } from '../../errors';
import { IDENTIFIER_LENGTH_MAX, OFFER_SEARCH_QUERY_PAGES_MAX, OFFERS_PAGE_LIMIT_MAX } from '../../limits';
import { storedInstead, transactWrite } from './conditional-writes';
import { failedConditions } from './counters';
import { isTimeSortKey, searchListing } from './search-listing';
import { recordOf } from './items';

/**
 * Offers in the core table. Each is written as two items in one transaction, one per listing
 * it appears in (gsi1, newest first):
 *   `OFFER#<id>` / `OFFER`    gsi1pk `OFFERS#PROVIDER#<provider>`  — a provider's offers
 *   `OFFER#<id>` / `LISTING`  gsi1pk `OFFERS#ALL`                  — every offer
 * Their terms never change; a withdrawal sets `withdrawnAt` (and `withdrawnBy`) on both items
 * in one transaction, conditional on both being there and not withdrawn. Keyword search, and
 * leaving withdrawn offers out, filter a listing (search-listing.ts), reading at most
 * OFFER_SEARCH_QUERY_PAGES_MAX query pages per answer page.
 */
const ALL_OFFERS = 'OFFERS#ALL';
const OFFER_KEY_PREFIX = 'OFFER#';
const providerPartition = (providerId: string) => `OFFERS#PROVIDER#${providerId}`;
/** The item of an offer that a listing partition holds: `LISTING` in the all-offers one, `OFFER` in a provider's. */
const listingItemSortKey = (partition: string) => (partition === ALL_OFFERS ? 'LISTING' : 'OFFER');
const listingSortKey = (offer: OfferRecord) => `${offer.createdAt}#${offer.id}`;

const toOffer = (item: Record<string, unknown>): OfferRecord => recordOf(item, 'gsi1pk', 'gsi1sk');

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
      await transactWrite(this.client, [
        item(listingItemSortKey(providerPartition(record.providerId)), providerPartition(record.providerId)),
        item(listingItemSortKey(ALL_OFFERS), ALL_OFFERS),
      ]);
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

  async withdraw(id: string, withdrawal: OfferWithdrawal) {
    const update = (sk: string) => ({
      Update: {
        TableName: this.tableName,
        Key: { pk: `${OFFER_KEY_PREFIX}${id}`, sk },
        UpdateExpression: 'SET withdrawnAt = :withdrawnAt, withdrawnBy = :withdrawnBy',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(withdrawnAt)',
        ExpressionAttributeValues: { ':withdrawnAt': withdrawal.withdrawnAt, ':withdrawnBy': withdrawal.withdrawnBy },
      },
    });
    try {
      await transactWrite(this.client, [update('OFFER'), update('LISTING')]);
      return await this.get(id);
    } catch (error) {
      if (failedConditions(error) === undefined) throw error;
      // No such offer, or withdrawn already — by a concurrent withdrawal too, whose transaction may
      // have cancelled this one as a conflict: the offer as stored answers. Cancelled otherwise
      // while the offer is still on sale, the error propagates.
      const stored = await this.get(id);
      if (stored !== undefined && stored.withdrawnAt === undefined) throw error;
      return stored;
    }
  }

  async list(query: OfferQuery): Promise<OfferPage> {
    const partition = query.providerId === undefined ? ALL_OFFERS : providerPartition(query.providerId);
    const { items, nextCursor } = await searchListing({
      client: this.client,
      tableName: this.tableName,
      partition,
      keywords: query.keywords,
      ...(query.includeWithdrawn === true ? {} : { without: 'withdrawnAt' }),
      limit: query.limit,
      ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
      isListingKey: ({ pk, sk, gsi1pk, gsi1sk }) => {
        const offerId = pk.startsWith(OFFER_KEY_PREFIX) ? pk.slice(OFFER_KEY_PREFIX.length) : '';
        if (offerId === '' || offerId.length > IDENTIFIER_LENGTH_MAX) return false;
        return gsi1pk === partition && sk === listingItemSortKey(partition) && isTimeSortKey(gsi1sk, offerId);
      },
      queryPagesMax: OFFER_SEARCH_QUERY_PAGES_MAX,
      filteredPageLimit: OFFERS_PAGE_LIMIT_MAX,
    });
    const offers = items
      .map(toOffer)
      .filter((offer) => offerMatches(offer, query.keywords))
      .filter((offer) => query.includeWithdrawn === true || offer.withdrawnAt === undefined);
    assert(offers.length === items.length, 'the filter expression, offerMatches and the withdrawal agree');
    return { offers, ...(nextCursor === undefined ? {} : { nextCursor }) };
  }
}
