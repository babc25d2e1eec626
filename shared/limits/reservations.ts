import type { DueSweepLimits } from './due';
import { DYNAMODB_TRANSACTION_ITEMS_MAX } from './general';
import type { RetryLimits } from './retry';

// ---------------------------------------------------------------------------------------
// Channels and reservations (docs/reservations.md).
// ---------------------------------------------------------------------------------------

/**
 * Items of one booking transaction besides its slot locks: the reservation, the channel
 * check, at most two quota months (a booking of at most RESERVATION_SLOTS_MAX slots spans at
 * most one month boundary) and the outbox events (booked, reminder).
 */
const RESERVATION_TRANSACTION_ITEMS_BESIDES_SLOTS = 6;

/** Most slots one booking may claim, so that a booking is one TransactWriteItems. */
export const RESERVATION_SLOTS_MAX = DYNAMODB_TRANSACTION_ITEMS_MAX - RESERVATION_TRANSACTION_ITEMS_BESIDES_SLOTS;

/** Longest slot a deployment may configure (a day); the longest booking must still fit the ledger's longest hold. */
export const RESERVATION_SLOT_SECONDS_MAX = 24 * 60 * 60;

/** Longest completion grace a deployment may configure (a day). */
export const RESERVATION_COMPLETION_GRACE_SECONDS_MAX = 24 * 60 * 60;

/** How far ahead a show may start, so that the reconfirm hold's timeout stays within LEDGER_PENDING_TIMEOUT_SECONDS_MAX. */
export const RESERVATION_HORIZON_SECONDS_MAX = 60 * 24 * 60 * 60;

/** The reconfirm hold outlives the show's end plus the completion grace by this much (the completion job posts it first). */
export const RESERVATION_HOLD_MARGIN_SECONDS = 24 * 60 * 60;

/** Longest outline and detail of a show (SPEC S2), and the longest title and genre. */
export const RESERVATION_OUTLINE_LENGTH_MAX = 20;
export const RESERVATION_DETAIL_LENGTH_MAX = 200;
export const RESERVATION_TITLE_LENGTH_MAX = 100;
export const RESERVATION_GENRE_LENGTH_MAX = 40;

/** Show passwords: shortest and longest accepted. */
export const RESERVATION_PASSWORD_LENGTH_MIN = 4;
export const RESERVATION_PASSWORD_LENGTH_MAX = 128;

/** Friends one booking may notify. */
export const RESERVATION_FRIENDS_MAX = 20;

/** Largest channel capacity (viewers) and bandwidth. */
export const CHANNEL_CAPACITY_MAX = 100_000;
export const CHANNEL_BANDWIDTH_KBPS_MAX = 10_000_000;
export const CHANNEL_NAME_LENGTH_MAX = 100;

/** Slots one availability answer may cover (a week of 10-minute slots). */
export const AVAILABILITY_SLOTS_MAX = 7 * 24 * 6;

/** Attempts of one reservation transaction that keeps meeting TransactionConflict, and its backoff. */
export const RESERVATION_CONFLICT_RETRY: RetryLimits = { attemptsMax: 12, baseMilliseconds: 5, capMilliseconds: 200 };

/** The reservations `due` index (expiry, completion, outbox): one partition per kind and hour. */
export const RESERVATION_DUE_BUCKET_SECONDS = 60 * 60;
/** What one sweep of a kind reads; a sweeper far behind also reads the latest lookback buckets, so a backlog never starves what is due now. */
export const RESERVATION_DUE_SWEEP: DueSweepLimits = {
  /** How far back the first sweep of a kind (no watermark yet) looks, and how many recent buckets a sweep that is behind reads too. */
  lookbackBuckets: 24,
  /** Buckets one sweep walks from its watermark at most. */
  bucketsPerSweepMax: 7 * 24,
  /** An hour bucket is closed this long after it ended. */
  settleSeconds: 5 * 60,
  /** Due items one sweep (expiry, completion or outbox relay) reads and handles at most. */
  itemsPerSweepMax: 500,
  readRecentWhenBehind: true,
};

/**
 * Viewers whose seats one cancel or failure step releases in parallel (their tickets are
 * revoked together before: shared/domain/revocations, REVOCATION_APPEND_BATCH_MAX).
 */
export const RESERVATION_VIEWER_RELEASE_CONCURRENCY = 8;

/**
 * A due item whose step failed is moved this far into the future (into a newer bucket), so
 * that it is retried later without keeping the sweep's watermark at its old bucket.
 */
export const RESERVATION_DUE_RETRY_SECONDS = 10 * 60;

/**
 * A due item whose step lost races until it gave up (409 TRANSACTION_CONFLICT, e.g. a
 * provider's revocation list contended by other revocations) is moved only this far: it is
 * retried at the next run of its job (the `reservationCompletion` schedule, every 60 s by
 * default), not RESERVATION_DUE_RETRY_SECONDS later, since a ticket it has not revoked yet
 * stays usable until then.
 */
export const RESERVATION_DUE_CONTENDED_RETRY_SECONDS = 0;

/** Active viewers whose tickets one cancel / failure step revokes at most; the completion job revokes the rest. */
export const RESERVATION_VIEWER_REVOCATIONS_PER_STEP_MAX = 100;

/** Largest fee per slot: fee × RESERVATION_SLOTS_MAX must stay a safe integer (the price of the longest booking). */
export const CHANNEL_FEE_PER_SLOT_MINOR_MAX = /* @__PURE__ */ Math.floor(Number.MAX_SAFE_INTEGER / RESERVATION_SLOTS_MAX);

/** Listings: page sizes, and the widest from..to range one request may ask for. */
export const LISTINGS_PAGE_LIMIT_DEFAULT = 50;
export const LISTINGS_PAGE_LIMIT_MAX = 100;
export const LISTINGS_RANGE_DAYS_MAX = 31;

// ---------------------------------------------------------------------------------------
// The kippu CLI.
// ---------------------------------------------------------------------------------------

/** Longest wait for one HTTP answer (a JWK Set, a revocation list page). */
export const CLI_FETCH_TIMEOUT_MS = 15_000;

/** Most revocation list pages `kippu verify --revocations` follows (`more: true`) before it gives up. */
export const CLI_REVOCATION_PAGES_MAX = 1_000;

/** Most messages one `kippu dlq redrive` moves; run it again for more (a dead-letter queue holds a handful when all is well). */
export const CLI_REDRIVE_MESSAGES_MAX = 10_000;

/** Messages per SQS receive, send and delete batch (SQS's own maximum). */
export const CLI_REDRIVE_BATCH_SIZE = 10;

/**
 * How long a received dead-letter message stays invisible while it is copied back, in
 * seconds: should the command stop between its send and its delete, the message reappears
 * in the dead-letter queue after this and a second redrive sends it again (settlement is
 * idempotent, so a duplicate changes nothing).
 */
export const CLI_REDRIVE_VISIBILITY_TIMEOUT_SECONDS = 120;
