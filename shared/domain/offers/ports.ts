import type { OfferRecord } from './offers';

export interface OfferQuery {
  readonly providerId?: string;
  /** Lower-case keywords; every one must occur in the offer's search text. */
  readonly keywords: readonly string[];
  readonly limit: number;
  readonly cursor?: string;
}

export interface OfferPage {
  readonly offers: readonly OfferRecord[];
  /** Present when more offers may follow; pass it back unchanged as `cursor`. */
  readonly nextCursor?: string;
}

/**
 * Where offers are kept, declared by their consumer (offer creation, the offer list and
 * purchases). Offers never change once written.
 */
export interface OfferStore {
  /** Stores the offer unless its id exists (a conditional write); returns what is stored, the first record written with an id. */
  create(record: OfferRecord): Promise<OfferRecord>;
  /** Undefined when there is no offer with this id. */
  get(id: string): Promise<OfferRecord | undefined>;
  /**
   * Newest first, in the listing of one provider or of all offers. A page may be shorter
   * than `limit` and still carry a cursor (a keyword search reads a bounded amount per page);
   * following `nextCursor` until it is absent yields every matching offer once.
   * Throws DomainError INVALID_CURSOR for a cursor this listing did not hand out.
   */
  list(query: OfferQuery): Promise<OfferPage>;
}
