import { DomainError } from '../../errors';
import { offerMatches, type OfferRecord } from '../../domain/offers/offers';
import type { OfferPage, OfferQuery, OfferStore } from '../../domain/offers/ports';

/** Offers in memory, newest first; the cursor is the position after the last offer returned. */
export class MemoryOfferStore implements OfferStore {
  private readonly offers = new Map<string, OfferRecord>();

  async create(record: OfferRecord) {
    const existing = this.offers.get(record.id);
    if (existing !== undefined) return existing;
    this.offers.set(record.id, record);
    return record;
  }

  async get(id: string) {
    return this.offers.get(id);
  }

  async list(query: OfferQuery): Promise<OfferPage> {
    const ordered = [...this.offers.values()]
      .filter((offer) => query.providerId === undefined || offer.providerId === query.providerId)
      .filter((offer) => offerMatches(offer, query.keywords))
      .sort((left, right) => sortKey(right).localeCompare(sortKey(left)));
    let start = 0;
    if (query.cursor !== undefined) {
      const after = Buffer.from(query.cursor, 'base64url').toString('utf8');
      if (!after.startsWith('mem:')) throw new DomainError('INVALID_CURSOR', 'The cursor is not one this listing issued.');
      start = ordered.findIndex((offer) => sortKey(offer) < after.slice(4));
      if (start === -1) start = ordered.length;
    }
    const offers = ordered.slice(start, start + query.limit);
    const last = offers.at(-1);
    const more = start + query.limit < ordered.length;
    return {
      offers,
      ...(more && last !== undefined ? { nextCursor: Buffer.from(`mem:${sortKey(last)}`).toString('base64url') } : {}),
    };
  }
}

const sortKey = (offer: OfferRecord): string => `${offer.createdAt}#${offer.id}`;
