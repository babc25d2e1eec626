import type { DueSweepLimits } from './due';
import { DYNAMODB_TRANSACTION_ITEMS_MAX, type ProofFreshness } from './general';
import type { RetryLimits } from './retry';

// ---------------------------------------------------------------------------------------
// A customer's own lists (GET /v1/purchases, GET /v1/reservations).
// ---------------------------------------------------------------------------------------

/** Items per page of a customer's purchases or reservations. */
export const OWNED_PAGE_LIMIT_DEFAULT = 50;
export const OWNED_PAGE_LIMIT_MAX = 100;

/**
 * Index queries one page may take when a `status` filter drops items: DynamoDB applies a
 * filter after `Limit`, so a page is filled by a few queries at most, then handed out short
 * with a cursor that continues after the last item read.
 */
export const OWNED_PAGE_QUERIES_MAX = 4;

// ---------------------------------------------------------------------------------------
// Usage rights: contents, redeem, one-time passwords, grants, transfers, drain
// (docs/usage-rights.md).
// ---------------------------------------------------------------------------------------

/** Content catalogue entries: the longest title, and the most keywords, purposes and capabilities. */
export const CONTENT_TITLE_LENGTH_MAX = 200;
export const CONTENT_KEYWORDS_MAX = 20;
export const CONTENT_KEYWORD_LENGTH_MAX = 40;
export const CONTENT_PURPOSES_MAX = 16;

/** A content key is an AES key: 16 or 32 bytes. */
export const CONTENT_KEY_BYTES_ALLOWED: readonly number[] = [16, 32];

/** Contents per page of `GET /v1/contents`: the default and the most a client may ask for. */
export const CONTENTS_PAGE_LIMIT_DEFAULT = 20;
export const CONTENTS_PAGE_LIMIT_MAX = 100;

/** DynamoDB query pages one content search reads at most per answer (a short page carries a cursor). */
export const CONTENT_SEARCH_QUERY_PAGES_MAX = 5;

/** A redeem's nonce: the client's id for the redeem, at most this long. */
export const REDEEM_NONCE_LENGTH_MAX = 128;

/** Most uses one redeem may consume. */
export const REDEEM_USES_MAX = 1_000_000;

/**
 * Attempts of one allowance change (redeem, usage report, expiry, grant, transfer) when the
 * ticket's allowance moved between its read and its write (each write names the version it
 * read), and the full-jitter backoff between attempts. One ticket is one customer's, so the
 * contention is that customer's own parallel redeems.
 */
export const ALLOWANCE_CONFLICT_RETRY: RetryLimits = { attemptsMax: 32, baseMilliseconds: 5, capMilliseconds: 200 };

/** A device proof's `iat` may be at most this old, and at most the skew in the future. */
export const DEVICE_PROOF_FRESHNESS: ProofFreshness = { ageSecondsMax: 60, clockSkewSeconds: 5 };

/** A one-time password is good for this long (and never past its ticket's window). */
export const OTP_VALIDITY_SECONDS = 300;

/** Random bytes of a one-time password (base64url in the answer). */
export const OTP_PASSWORD_BYTES = 16;

/** Longest password a redeem may present (a kippu one-time password is 22 characters). */
export const OTP_PASSWORD_LENGTH_MAX = 128;

/** How long redemptions and one-time passwords are kept after their ticket's window (TTL cleanup only). */
export const REDEMPTION_RETENTION_SECONDS = 30 * 24 * 60 * 60;

/** The usage reservations' due index (core table gsi1): one partition per 10 minutes. */
export const USAGE_DUE_BUCKET_SECONDS = 10 * 60;
/** What one expiry sweep of usage reservations reads; one far behind also reads the latest day. */
export const USAGE_DUE_SWEEP: DueSweepLimits = {
  /** How far back the first expiry sweep (no watermark yet) looks, in buckets (a day). */
  lookbackBuckets: 144,
  /** Buckets one expiry sweep walks at most (a week). */
  bucketsPerSweepMax: 7 * 144,
  /** Reservations one expiry sweep reads at most; the rest waits for the next run. */
  itemsPerSweepMax: 500,
  /** A bucket is closed (the watermark may pass it) only this long after it ended: the GSI is eventually consistent. */
  settleSeconds: 5 * 60,
  readRecentWhenBehind: true,
};

/**
 * A redeem that does not fit while seconds are reserved first expires the ticket's reservations
 * past their expiry that the sweep has not reached (docs/usage-rights.md), page by page until
 * the step fits or none is left: at most this many a page, each page read in at most
 * USAGE_LAPSED_QUERY_PAGES_MAX Query pages of the ticket's redemptions (then the next page
 * continues where that one stopped).
 */
export const USAGE_LAPSED_RESERVATIONS_PAGE = 100;
export const USAGE_LAPSED_QUERY_PAGES_MAX = 10;

/**
 * Lapsed reservations a step closes in one transaction: the ticket's allowance, and for each
 * reservation its redemption (closed only while `reserved`) and its usage-log line.
 */
export const USAGE_EXPIRY_BATCH_MAX = /* @__PURE__ */ Math.floor((DYNAMODB_TRANSACTION_ITEMS_MAX - 1) / 2);

/** Usage log entries per page: the default and the most a client may ask for. */
export const USAGE_PAGE_LIMIT_DEFAULT = 50;
export const USAGE_PAGE_LIMIT_MAX = 100;

/**
 * The redeem intake's in-flight leases: each redeem and usage report holds one while it runs,
 * counted only until it lapses, so a request that crashed stops counting after this (longer
 * than the API functions' timeout). Spread over this many partitions.
 */
export const INTAKE_LEASE_SECONDS = 60;
export const INTAKE_LEASE_SHARDS = 16;

/** Query pages one shard's in-flight count reads at most (a page holds about 1 MB of leases: thousands). */
export const INTAKE_COUNT_PAGES_PER_SHARD_MAX = 10;

/** `Retry-After` of a redeem refused while the intake drains. */
export const INTAKE_RETRY_AFTER_SECONDS = 30;
