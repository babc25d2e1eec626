import type { DueSweepLimits } from './due';
import { DYNAMODB_TRANSACTION_ITEMS_MAX } from './general';
import type { RetryLimits } from './retry';

// ---------------------------------------------------------------------------------------
// Parties, offers, purchases and revocation lists (docs/purchases.md).
// ---------------------------------------------------------------------------------------

/** Highest platform fee and highest carrier collection fee, each in basis points; together they never exceed 100 %. */
export const FEE_BPS_MAX = 5_000;

/**
 * Highest surcharge a kiosk takes on a top-up, in basis points (its `topUpFeeBps`): the whole
 * amount again. Paid by the customer on top of the amount credited, it shares no price with
 * another fee, so the bound is the rate's own range.
 */
export const TOP_UP_FEE_BPS_MAX = 10_000;

/** Currencies a party may ask its ledger accounts to be opened in at creation. */
export const PARTY_CURRENCIES_MAX = 8;

/** Longest a carrier link code may stay redeemable (KIPPU_CARRIER_LINK_SECONDS): 90 days. */
export const CARRIER_LINK_SECONDS_MAX = 90 * 86_400;

/** Retries of a carrier link's redeem when its transaction met a concurrent one on the same items (shared/contention.ts backoff). */
export const CARRIER_LINK_REDEEM_RETRY: RetryLimits = { attemptsMax: 3, baseMilliseconds: 5, capMilliseconds: 100 };

/**
 * Reads and conditional writes of one end of a carrier subscription (carrier-end.ts): a write
 * whose condition failed found the subscription changed, and the next read decides again.
 */
export const CARRIER_END_ATTEMPTS_MAX = 3;

/** Longest display name of a party or title of an offer. */
export const PARTY_NAME_LENGTH_MAX = 200;

/** Offers per page of a listing: the default and the most a client may ask for. */
export const OFFERS_PAGE_LIMIT_DEFAULT = 20;
export const OFFERS_PAGE_LIMIT_MAX = 100;

/** Keywords one offer search may combine (all must match), and the longest query string. */
export const OFFER_SEARCH_KEYWORDS_MAX = 8;
export const OFFER_SEARCH_QUERY_LENGTH_MAX = 200;

/** DynamoDB query pages (1 MB each) read to fill one page of a keyword search; a short page then carries a cursor. */
export const OFFER_SEARCH_QUERY_PAGES_MAX = 10;

/** Records one settlement worker invocation receives (the SQS maximum for a standard queue without batching window). */
export const SETTLEMENT_BATCH_SIZE = 10;

/**
 * What one settlement recovery sweep reads. It walks the ledger's due index of pending holds
 * (minute buckets of a hold's expiry, LEDGER_DUE_LAYOUT), reading up to (now − grace + the
 * purchase hold timeout): the holds recorded more than the grace ago, when they were placed
 * with today's timeout.
 */
export const PURCHASE_DUE_SWEEP: DueSweepLimits = {
  /**
   * How far back the first recovery sweep (no watermark yet) looks, in minute buckets, beyond
   * the hold timeout it adds itself (recover.ts): an hour more, so a hold that expired but that
   * the ledger's sweeper has not expired yet is read too.
   */
  lookbackBuckets: 60,
  /**
   * Minute buckets one recovery sweep walks at most: six hours of minutes, four partitions
   * each, so at most 1,440 queries in a run (well within its 60 s). The first sweep, which
   * looks back a hold timeout (a day by default), catches up over a few runs.
   */
  bucketsPerSweepMax: 6 * 60,
  /** Index entries one recovery sweep reads at most (each purchase hold's purchase is read as well). */
  itemsPerSweepMax: 500,
  /** A minute bucket is closed this long after its last hold became due. */
  settleSeconds: 5 * 60,
  readRecentWhenBehind: false,
};

/** Revoked tickets in one signed revocation-list page; the builder also stops early to stay under KMS_SIGN_MESSAGE_BYTES_MAX. */
export const REVOCATIONS_PAGE_ENTRIES_MAX = 40;

/**
 * The largest revocation-list version: DynamoDB keeps versions as 12 zero-padded digits, so
 * sort-key order is version order. `since` above it is refused (422) rather than queried.
 */
export const REVOCATION_VERSION_MAX = 999_999_999_999;

/**
 * Attempts to append to a provider's revocation list when concurrent appends race for the
 * next version (each round one racer wins), and the full-jitter backoff between attempts.
 */
export const REVOCATION_APPEND_RETRY: RetryLimits = { attemptsMax: 40, baseMilliseconds: 5, capMilliseconds: 200 };

/**
 * Tickets one transaction appends to a provider's revocation list: the head moved once, and
 * for each ticket its entry and its once-per-ticket marker. Revoking many tickets of one
 * provider at once (a cancelled show's viewers, a refund's grants) moves the head once per
 * this many instead of once per ticket.
 */
export const REVOCATION_APPEND_BATCH_MAX = /* @__PURE__ */ Math.floor((DYNAMODB_TRANSACTION_ITEMS_MAX - 1) / 2);
