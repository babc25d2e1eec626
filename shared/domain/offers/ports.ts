import type { OfferRecord, OfferWithdrawal } from './offers';

export interface OfferQuery {
  readonly providerId?: string;
  /** Lower-case keywords; every one must occur in the offer's search text. */
  readonly keywords: readonly string[];
  /** Withdrawn offers are left out unless this is true. */
  readonly includeWithdrawn?: boolean;
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
 * purchases). Offers never change once written but for their withdrawal (`withdraw`).
 */
export interface OfferStore {
  /** Stores the offer unless its id exists (a conditional write); returns what is stored, the first record written with an id. */
  create(record: OfferRecord): Promise<OfferRecord>;
  /** Undefined when there is no offer with this id. */
  get(id: string): Promise<OfferRecord | undefined>;
  /**
   * Marks the offer withdrawn unless it is already (one conditional write, so of concurrent
   * withdrawals the first is kept) and answers the offer as stored afterwards; undefined when
   * there is no offer with this id.
   */
  withdraw(id: string, withdrawal: OfferWithdrawal): Promise<OfferRecord | undefined>;
  /**
   * Newest first, in the listing of one provider or of all offers. A page may be shorter
   * than `limit` and still carry a cursor (a keyword search reads a bounded amount per page);
   * following `nextCursor` until it is absent yields every matching offer once.
   * Throws DomainError INVALID_CURSOR for a cursor this listing did not hand out.
   */
  list(query: OfferQuery): Promise<OfferPage>;
}
