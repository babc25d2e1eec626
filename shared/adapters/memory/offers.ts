import { offerMatches, type OfferRecord, type OfferWithdrawal } from '../../domain/offers/offers';
import type { OfferPage, OfferQuery, OfferStore } from '../../domain/offers/ports';
import { newestFirstPage } from './newest-first';
import { putIfAbsent } from './records';

/**
 * Offers in memory, newest first. Like the DynamoDB store, a cursor names the listing it was
 * handed out for (one provider's or all offers) and the last offer returned; a cursor for
 * another listing, or one that is not a cursor at all, is INVALID_CURSOR.
 */
export class MemoryOfferStore implements OfferStore {
  private readonly offers = new Map<string, OfferRecord>();

  async create(record: OfferRecord) {
    return putIfAbsent(this.offers, record).stored;
  }

  async get(id: string) {
    return this.offers.get(id);
  }

  async withdraw(id: string, withdrawal: OfferWithdrawal) {
    const offer = this.offers.get(id);
    if (offer === undefined || offer.withdrawnAt !== undefined) return offer;
    const withdrawn = { ...offer, ...withdrawal };
    this.offers.set(id, withdrawn);
    return withdrawn;
  }

  async list(query: OfferQuery): Promise<OfferPage> {
    const listing = query.providerId === undefined ? 'all' : `provider:${query.providerId}`;
    const matching = [...this.offers.values()]
      .filter((offer) => query.providerId === undefined || offer.providerId === query.providerId)
      .filter((offer) => query.includeWithdrawn === true || offer.withdrawnAt === undefined)
      .filter((offer) => offerMatches(offer, query.keywords));
    const page = newestFirstPage(matching, listing, query.limit, query.cursor);
    return { offers: page.items, ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }) };
  }
}
