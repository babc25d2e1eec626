import { decodeJsonCursor, encodeJsonCursor } from '../../domain/cursor';
import { invalidOfferCursor, offerMatches, type OfferRecord } from '../../domain/offers/offers';
import type { OfferPage, OfferQuery, OfferStore } from '../../domain/offers/ports';
import { IDENTIFIER_LENGTH_MAX } from '../../limits';
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

  async list(query: OfferQuery): Promise<OfferPage> {
    const listing = query.providerId === undefined ? ALL_OFFERS : `provider:${query.providerId}`;
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, listing);
    const ordered = [...this.offers.values()]
      .filter((offer) => query.providerId === undefined || offer.providerId === query.providerId)
      .filter((offer) => offerMatches(offer, query.keywords))
      .sort((left, right) => sortKey(right).localeCompare(sortKey(left)));
    const start = after === undefined ? 0 : ordered.filter((offer) => sortKey(offer) >= after).length;
    const offers = ordered.slice(start, start + query.limit);
    const last = offers.at(-1);
    const more = start + query.limit < ordered.length;
    return {
      offers,
      ...(more && last !== undefined
        ? { nextCursor: encodeJsonCursor({ listing, createdAt: last.createdAt, id: last.id }) }
        : {}),
    };
  }
}

const ALL_OFFERS = 'all';

const sortKey = (offer: Pick<OfferRecord, 'createdAt' | 'id'>): string => `${offer.createdAt}#${offer.id}`;

/** The sort key a cursor continues after, if the cursor is one this listing handed out. */
const decodeCursor = (cursor: string, listing: string): string => {
  const value = decodeJsonCursor(cursor, invalidOfferCursor);
  if (typeof value !== 'object' || value === null) throw invalidOfferCursor();
  const { listing: cursorListing, createdAt, id } = value as Record<string, unknown>;
  if (cursorListing !== listing || typeof createdAt !== 'string' || typeof id !== 'string') throw invalidOfferCursor();
  if (id === '' || id.length > IDENTIFIER_LENGTH_MAX || Number.isNaN(Date.parse(createdAt))) throw invalidOfferCursor();
  return sortKey({ createdAt, id });
};
