/**
 * Named limits. Every loop, batch, page and retry in kippu is bounded by one of these.
 */

/** Largest request body accepted, in bytes (API Gateway allows 10 MB; nothing of ours needs more than this). */
export const REQUEST_BODY_BYTES_MAX = 64 * 1024;

/** Longest Idempotency-Key header accepted. */
export const IDEMPOTENCY_KEY_LENGTH_MAX = 255;

/** Longest free-text identifier a client may choose (resource names, references). */
export const IDENTIFIER_LENGTH_MAX = 200;

/** Longest page cursor accepted (every cursor kippu hands out is far shorter). */
export const CURSOR_LENGTH_MAX = 2048;

/** Most capabilities one ticket may carry. */
export const TICKET_CAPABILITIES_MAX = 16;

/** Longest capability name on a ticket or offer. */
export const TICKET_CAPABILITY_LENGTH_MAX = 64;

/** Items one DynamoDB TransactWriteItems or TransactGetItems call may touch (an AWS limit). */
export const DYNAMODB_TRANSACTION_ITEMS_MAX = 100;

/** Shortest ticket window. */
export const TICKET_VALIDITY_SECONDS_MIN = 1;

/** Largest leeway for ticket windows when verifying (SPEC: at most 60 seconds). */
export const TICKET_LEEWAY_SECONDS_MAX = 60;

/** Longest ticket window the API accepts (a deployment may set a shorter one, KIPPU_TICKET_VALIDITY_SECONDS_MAX). */
export const TICKET_VALIDITY_SECONDS_MAX = 366 * 24 * 60 * 60;

// ---------------------------------------------------------------------------------------
// Ledger (docs/ledger.md explains the arithmetic behind these numbers).
// ---------------------------------------------------------------------------------------

/**
 * Items one ledger operation can touch in the worst case: a post or void writes its own
 * transfer item, updates the pending transfer, one balance item per side and one entry per
 * side (1 + 1 + 2 + 2); a reversal updates its original's reversal count instead of a hold.
 * A plain create writes 5; merging updates to one item only ever lowers this.
 */
const LEDGER_ITEMS_PER_OPERATION_MAX = 6;

/** Largest linked batch that always fits one transaction: floor(100 / 6) = 16. */
export const LINKED_TRANSFERS_MAX = Math.floor(DYNAMODB_TRANSACTION_ITEMS_MAX / LEDGER_ITEMS_PER_OPERATION_MAX);

/**
 * Largest magnitude of a stored balance counter (and `availableMinor`): DynamoDB numbers hold
 * 38 digits. At most 2^53 − 1 per transfer, that is more than 10^22 transfers into one account.
 */
export const LEDGER_COUNTER_MINOR_MAX = 10n ** 38n - 1n;

/** Balance shards of an account without a limit flag when the creator does not choose. */
export const LEDGER_BALANCE_SHARDS_DEFAULT = 16;

/** Most balance shards one account may have (account creation writes 1 + shards items). */
export const LEDGER_BALANCE_SHARDS_MAX = 64;

/** Attempts of one ledger write when transactions conflict or state moves under us. */
export const LEDGER_TRANSACTION_ATTEMPTS_MAX = 12;

/** Base and cap of the full-jitter backoff between conflicting attempts. */
export const LEDGER_CONFLICT_BACKOFF_BASE_MILLISECONDS = 5;
export const LEDGER_CONFLICT_BACKOFF_CAP_MILLISECONDS = 250;

/**
 * Snapshot reads of one ledger write: a hold's accounts are learnt by reading the hold, so
 * a batch that resolves holds needs a second round; a third only if a hold appeared meanwhile.
 */
export const LEDGER_SNAPSHOT_ROUNDS_MAX = 3;

/** Rounds of BatchGetItem spent on UnprocessedKeys before giving up. */
export const LEDGER_BATCH_GET_ROUNDS_MAX = 8;

/** Largest page of account entries. */
export const LEDGER_ENTRIES_PAGE_LIMIT_MAX = 100;

/** DynamoDB query pages (1 MB each) read per shard to fill one page of entries. */
export const LEDGER_ENTRIES_QUERY_PAGES_MAX = 10;

/** Longest pending timeout. */
export const LEDGER_PENDING_TIMEOUT_SECONDS_MAX = 90 * 24 * 60 * 60;

/** Largest numeric transfer code; string codes are short tags instead. */
export const LEDGER_TRANSFER_CODE_MAX = 65_535;
export const LEDGER_TRANSFER_CODE_LENGTH_MAX = 32;

/** Longest ledger id and free-text reference. */
export const LEDGER_ID_LENGTH_MAX = 128;
export const LEDGER_REFERENCE_LENGTH_MAX = 256;

/** The ledger's due index of pending holds (expiry sweep): one-minute buckets, each over a few partitions. */
export const LEDGER_DUE_BUCKET_SECONDS = 60;
/** Partition keys per due bucket, so a burst of holds due in one minute is spread out. */
export const LEDGER_DUE_BUCKET_SHARDS = 4;
/** How far back the first expiry sweep (no watermark yet) looks: an hour of minutes. */
export const LEDGER_DUE_LOOKBACK_BUCKETS = 60;
/** Buckets one expiry sweep walks at most (a day of minutes). */
export const LEDGER_DUE_BUCKETS_PER_SWEEP_MAX = 24 * 60;
/** A minute bucket is closed this long after it ended. */
export const LEDGER_DUE_SETTLE_SECONDS = 60;
/** Due holds one expiry sweep reads at most (the most a caller of `expireDue` may ask for). */
export const LEDGER_DUE_ITEMS_PER_SWEEP_MAX = 1_000;

/** KMS Sign accepts at most this many bytes with MessageType RAW. */
export const KMS_SIGN_MESSAGE_BYTES_MAX = 4096;
/**
 * Keys in the served JWK Set: under 64, which JOSE libraries and caches handle without
 * surprises. The signing configuration is refused when its root and delegated keys could
 * exceed it (shared/domain/signing/policy.ts, delegatedKeysListedMax).
 */
export const JWKS_KEYS_MAX = 63;

// ---------------------------------------------------------------------------------------
// Due-index sweeps (shared/domain/due). One sweeper walks the time buckets of every sparse
// due index; each use names its layout and run limits as <USE>_DUE_BUCKET_SECONDS,
// _BUCKET_SHARDS, _LOOKBACK_BUCKETS, _SETTLE_SECONDS, _BUCKETS_PER_SWEEP_MAX and
// _ITEMS_PER_SWEEP_MAX, next to the rest of its limits.
// ---------------------------------------------------------------------------------------

/** Due entries one sweep hands to its step in parallel. */
export const DUE_SWEEP_CONCURRENCY = 8;

/** DynamoDB query pages (1 MB each) read from one bucket partition in one sweep. */
export const DUE_QUERY_PAGES_MAX = 10;

// ---------------------------------------------------------------------------------------
// Parties, offers, purchases and revocation lists (docs/purchases.md).
// ---------------------------------------------------------------------------------------

/** Highest platform fee and highest carrier collection fee, each in basis points; together they never exceed 100 %. */
export const FEE_BPS_MAX = 5_000;

/** Currencies a party may ask its ledger accounts to be opened in at creation. */
export const PARTY_CURRENCIES_MAX = 8;

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
 * The due index of authorized purchases (core table gsi1, keyed by the hour in which a
 * purchase was authorized), walked by the settlement recovery sweep.
 */
export const PURCHASE_DUE_BUCKET_SECONDS = 60 * 60;
/** How far back the first recovery sweep (no watermark yet) looks. */
export const PURCHASE_DUE_LOOKBACK_BUCKETS = 48;
/** Buckets one recovery sweep walks at most (a week of hours). */
export const PURCHASE_DUE_BUCKETS_PER_SWEEP_MAX = 7 * 24;
/** Index entries one recovery sweep reads at most. */
export const PURCHASE_DUE_ITEMS_PER_SWEEP_MAX = 500;
/** An hour bucket is closed this long after its last purchase became due. */
export const PURCHASE_DUE_SETTLE_SECONDS = 5 * 60;

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
export const REVOCATION_APPEND_ATTEMPTS_MAX = 40;
export const REVOCATION_APPEND_BACKOFF_BASE_MILLISECONDS = 5;
export const REVOCATION_APPEND_BACKOFF_CAP_MILLISECONDS = 200;

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
export const RESERVATION_TRANSACTION_ATTEMPTS_MAX = 12;
export const RESERVATION_CONFLICT_BACKOFF_BASE_MILLISECONDS = 5;
export const RESERVATION_CONFLICT_BACKOFF_CAP_MILLISECONDS = 200;

/** The reservations `due` index (expiry, completion, outbox): one partition per kind and hour. */
export const RESERVATION_DUE_BUCKET_SECONDS = 60 * 60;
/** How far back the first sweep of a kind (no watermark yet) looks, and how many recent buckets a sweep that is behind reads too. */
export const RESERVATION_DUE_LOOKBACK_BUCKETS = 24;
/** Buckets one sweep walks from its watermark at most. */
export const RESERVATION_DUE_BUCKETS_PER_SWEEP_MAX = 7 * 24;
/** An hour bucket is closed this long after it ended. */
export const RESERVATION_DUE_SETTLE_SECONDS = 5 * 60;
/** Due items one sweep (expiry, completion or outbox relay) reads and handles at most. */
export const RESERVATION_DUE_ITEMS_PER_SWEEP_MAX = 500;

/** Viewers whose tickets one cancel or failure step revokes in parallel. */
export const RESERVATION_VIEWER_REVOCATION_CONCURRENCY = 8;

/**
 * A due item whose step failed is moved this far into the future (into a newer bucket), so
 * that it is retried later without keeping the sweep's watermark at its old bucket.
 */
export const RESERVATION_DUE_RETRY_SECONDS = 10 * 60;

/** Active viewers whose tickets one cancel / failure step revokes at most; the completion job revokes the rest. */
export const RESERVATION_VIEWER_REVOCATIONS_PER_STEP_MAX = 100;

/** Largest fee per slot: fee × RESERVATION_SLOTS_MAX must stay a safe integer (the price of the longest booking). */
export const CHANNEL_FEE_PER_SLOT_MINOR_MAX = Math.floor(Number.MAX_SAFE_INTEGER / RESERVATION_SLOTS_MAX);

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

// ---------------------------------------------------------------------------------------
// Identity: registrations, sessions, devices, machine credentials (docs/identity.md).
// ---------------------------------------------------------------------------------------

/** Wrong codes a registration accepts; the next attempt after the last is REGISTRATION_EXPIRED. */
export const REGISTRATION_CODE_ATTEMPTS_MAX = 5;

/** Digits of a registration code. */
export const REGISTRATION_CODE_DIGITS = 6;

/**
 * An expired registration's address is taken over, and its records expired by the sweep, only
 * this long after its expiry: longer than any confirm request runs (the API timeout), so a
 * confirm that consumed its attempt in time is never raced by the expiry.
 */
export const REGISTRATION_EXPIRY_GRACE_SECONDS = 60;

/** Longest wait for a registration's code a deployment may configure (KIPPU_REGISTRATION_CONFIRM_SECONDS). */
export const REGISTRATION_CONFIRM_SECONDS_MAX = 30 * 24 * 60 * 60;

/** How long an expired or confirmed registration is kept before TTL cleanup (cleanup only). */
export const REGISTRATION_RETENTION_SECONDS = 30 * 24 * 60 * 60;

/** Rounds of the registration write when the address's claim changes between the write and its read. */
export const REGISTRATION_CREATE_ATTEMPTS_MAX = 3;

/** Longest e-mail address (RFC 5321 path limit). */
export const EMAIL_LENGTH_MAX = 254;

/** Width of one bucket of the registrations' due index (core table gsi1, one partition per hour). */
export const REGISTRATION_DUE_BUCKET_SECONDS = 60 * 60;

/** How far back the first expiry sweep (no watermark yet) looks, in buckets. */
export const REGISTRATION_DUE_LOOKBACK_BUCKETS = 48;

/** Buckets one expiry sweep walks at most (a week of hours); a sweep that fell behind catches up over several runs. */
export const REGISTRATION_DUE_BUCKETS_PER_SWEEP_MAX = 7 * 24;

/** Registrations one expiry sweep reads at most; the rest waits for the next run. */
export const REGISTRATION_DUE_ITEMS_PER_SWEEP_MAX = 500;

/** A bucket is closed (the watermark may pass it) only this long after it ended: the GSI is eventually consistent. */
export const REGISTRATION_DUE_SETTLE_SECONDS = 5 * 60;

/** Devices one customer may register. */
export const DEVICES_PER_CUSTOMER_MAX = 10;

/** Longest device name. */
export const DEVICE_NAME_LENGTH_MAX = 100;

/** Devices or device pairs per page: the default and the most a client may ask for. */
export const IDENTITY_PAGE_LIMIT_DEFAULT = 20;
export const IDENTITY_PAGE_LIMIT_MAX = 100;

/** A DPoP proof's `iat` may be at most this old, and at most the skew in the future (RFC 9449 §11.1). */
export const DPOP_PROOF_AGE_SECONDS_MAX = 60;
export const DPOP_PROOF_CLOCK_SKEW_SECONDS = 5;

/** Longest DPoP proof accepted, in characters (a P-256 proof is about 600). */
export const DPOP_PROOF_LENGTH_MAX = 4096;

/** Machine credentials (app clients) one provider or agent may hold at once. */
export const MACHINE_CREDENTIALS_PER_PARTY_MAX = 5;

/** How long a container trusts its cached client-id → party mapping (a deleted credential stops acting within this). */
export const MACHINE_CLIENT_CACHE_SECONDS = 60;

/** Mappings one container caches at most. */
export const MACHINE_CLIENT_CACHE_ENTRIES_MAX = 1_000;

// ---------------------------------------------------------------------------------------
// Batch billing (docs/billing.md).
// ---------------------------------------------------------------------------------------

/** A month is billed only this long after it ended: a ledger write stamped just before has committed by then. */
export const BILLING_PERIOD_SETTLE_SECONDS = 60;

/** Partitions of one month's activity index, so that a busy month is not one hot partition. */
export const BILLING_ACTIVITY_SHARDS = 16;

/** Within this long of a month's end, a write about to move money also marks the next month. */
export const BILLING_ACTIVITY_BOUNDARY_MARGIN_SECONDS = 5 * 60;

/** Activity markers a container remembers having written (then it forgets them all and starts again). */
export const BILLING_ACTIVITY_CACHE_MAX = 10_000;

/** Markers per BatchWriteItem (an AWS limit), and rounds spent on unprocessed items. */
export const BILLING_BATCH_WRITE_ITEMS_MAX = 25;
export const BILLING_BATCH_ROUNDS_MAX = 8;

/** Activity markers per listing page, and pages one coordinator invocation lists before it hands over to itself. */
export const BILLING_LISTING_PAGE_SIZE = 100;
export const BILLING_LISTING_PAGES_PER_INVOCATION = 100;

/** Messages per SendMessageBatch (an AWS limit). */
export const BILLING_SEND_BATCH_MAX = 10;

/** Ledger entries per history page, and transfers per BatchGetItem (an AWS limit). */
export const BILLING_ENTRIES_PAGE_SIZE = 1_000;
export const BILLING_TRANSFERS_BATCH_MAX = 100;

/**
 * The largest statement: lines, ledger entries read for it, and bytes of its JSON (a Lambda
 * answer is at most 6 MB, so GET /v1/statements/{id} can always serve it).
 */
export const BILLING_STATEMENT_LINES_MAX = 15_000;
export const BILLING_STATEMENT_ENTRIES_MAX = 4 * BILLING_STATEMENT_LINES_MAX;
export const BILLING_STATEMENT_BYTES_MAX = 5_000_000;

/** Stored statement bodies are gzip parts of at most this many bytes (a DynamoDB item holds 400 KB). */
export const BILLING_STATEMENT_PART_BYTES = 350_000;

/** Purchases and reservations looked up in parallel to describe a statement's lines. */
export const BILLING_CATALOG_CONCURRENCY = 16;

/** Statements per list page, and the bytes a page stops before (it then carries a nextCursor). */
export const BILLING_STATEMENTS_PAGE_LIMIT_DEFAULT = 10;
export const BILLING_STATEMENTS_PAGE_LIMIT_MAX = 25;
export const BILLING_STATEMENTS_PAGE_BYTES_MAX = 4_000_000;

/** Party failures a run record lists (the count is exact; the log has every one). */
export const BILLING_RUN_FAILURES_LISTED_MAX = 20;

/** Party outcomes read per page when a run is reconciled. */
export const BILLING_OUTCOMES_PAGE_SIZE = 500;

/** A remittance report: at most this many bytes and rows, and customers compared. */
export const BILLING_REMITTANCE_BYTES_MAX = 1_000_000;
export const BILLING_REMITTANCE_ROWS_MAX = 20_000;

/** Remittance adjustments posted in parallel. */
export const BILLING_REMITTANCE_CONCURRENCY = 8;

/** Statement messages one worker invocation takes (each may read thousands of ledger items). */
export const BILLING_STATEMENT_BATCH_SIZE = 5;

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
export const ALLOWANCE_WRITE_ATTEMPTS_MAX = 32;
export const ALLOWANCE_CONFLICT_BACKOFF_BASE_MILLISECONDS = 5;
export const ALLOWANCE_CONFLICT_BACKOFF_CAP_MILLISECONDS = 200;

/** A device proof's `iat` may be at most this old, and at most the skew in the future. */
export const DEVICE_PROOF_AGE_SECONDS_MAX = 60;
export const DEVICE_PROOF_CLOCK_SKEW_SECONDS = 5;

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
/** How far back the first expiry sweep (no watermark yet) looks, in buckets (a day). */
export const USAGE_DUE_LOOKBACK_BUCKETS = 144;
/** Buckets one expiry sweep walks at most (a week). */
export const USAGE_DUE_BUCKETS_PER_SWEEP_MAX = 7 * 144;
/** Reservations one expiry sweep reads at most; the rest waits for the next run. */
export const USAGE_DUE_ITEMS_PER_SWEEP_MAX = 500;
/** A bucket is closed (the watermark may pass it) only this long after it ended: the GSI is eventually consistent. */
export const USAGE_DUE_SETTLE_SECONDS = 5 * 60;

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
