import type { DueSweepLimits } from './due';
import type { RetryLimits } from './retry';
import { DYNAMODB_TRANSACTION_ITEMS_MAX } from './general';

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
export const LINKED_TRANSFERS_MAX = /* @__PURE__ */ Math.floor(DYNAMODB_TRANSACTION_ITEMS_MAX / LEDGER_ITEMS_PER_OPERATION_MAX);

/**
 * Largest magnitude of a stored balance counter (and `availableMinor`): DynamoDB numbers hold
 * 38 digits. At most 2^53 − 1 per transfer, that is more than 10^22 transfers into one account.
 */
export const LEDGER_COUNTER_MINOR_MAX = 10n ** 38n - 1n;

/**
 * Most a statement-stated account (a customer's wallet and carrier account, a provider's revenue,
 * an agent's fees: shared/domain/parties/accounts.ts `isStatedAccountId`) may move in posted money
 * over its life, debits plus credits: 2^52 − 1. A statement adds up its opening balance and its
 * movements (shared/domain/billing/figures.ts); for one account that is at most what the account
 * ever moved (its posted debits plus credits), and a customer bill states two accounts (wallet and
 * carrier), so every statement stays within 2 × (2^52 − 1) = 2^53 − 2 ≤ 2^53 − 1: statable.
 * The ledger keeps it as a bound on each posted counter of each balance item, so a write can
 * check it on the one item it updates: `statedPostedCounterMax` (docs/ledger.md).
 */
export const LEDGER_STATED_POSTED_MINOR_MAX = 2n ** 52n - 1n;

/**
 * The bound on each posted counter (debits, credits) of each of an account's `balanceShards`
 * balance items: together at most LEDGER_STATED_POSTED_MINOR_MAX. An exact account (one item):
 * 2^51 − 1 each; a sharded one with the default 16 shards: 140,737,488,355,327 each.
 */
export const statedPostedCounterMax = (balanceShards: number): bigint =>
  LEDGER_STATED_POSTED_MINOR_MAX / (2n * BigInt(balanceShards));

/** Balance shards of an account without a limit flag when the creator does not choose. */
export const LEDGER_BALANCE_SHARDS_DEFAULT = 16;

/** Most balance shards one account may have (account creation writes 1 + shards items). */
export const LEDGER_BALANCE_SHARDS_MAX = 64;

/**
 * Attempts of one ledger write when transactions conflict or state moves under us, and the
 * base and cap of the full-jitter backoff between conflicting attempts.
 */
export const LEDGER_CONFLICT_RETRY: RetryLimits = { attemptsMax: 12, baseMilliseconds: 5, capMilliseconds: 250 };

/**
 * Snapshot reads of one ledger write: a hold's accounts are learnt by reading the hold, so
 * a batch that resolves holds needs a second round; a third only if a hold appeared meanwhile.
 */
export const LEDGER_SNAPSHOT_ROUNDS_MAX = 3;

/** Rounds of BatchGetItem spent on UnprocessedKeys before giving up. */
export const LEDGER_BATCH_GET_ROUNDS_MAX = 8;

/** Largest page of account entries. */
export const LEDGER_ENTRIES_PAGE_LIMIT_MAX = 100;

/**
 * A page of a party's own accounts (GET /v1/me/accounts): one account per currency and kind,
 * so up to every ISO 4217 code (two per currency for an agent). The default and largest page
 * are those of the other lists of the caller's own objects (its devices, its contents).
 */
export const MY_ACCOUNTS_PAGE_LIMIT_DEFAULT = 20;
export const MY_ACCOUNTS_PAGE_LIMIT_MAX = 100;

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
/** What one expiry sweep of holds reads. */
export const LEDGER_DUE_SWEEP: DueSweepLimits = {
  /** How far back the first expiry sweep (no watermark yet) looks: an hour of minutes. */
  lookbackBuckets: 60,
  /** Buckets one expiry sweep walks at most (a day of minutes). */
  bucketsPerSweepMax: 24 * 60,
  /** A minute bucket is closed this long after it ended. */
  settleSeconds: 60,
  /** Due holds one expiry sweep reads at most (the most a caller of `expireDue` may ask for). */
  itemsPerSweepMax: 1_000,
  readRecentWhenBehind: false,
};

/** KMS Sign accepts at most this many bytes with MessageType RAW. */
export const KMS_SIGN_MESSAGE_BYTES_MAX = 4096;
/**
 * Keys in the served JWK Set: under 64, which JOSE libraries and caches handle without
 * surprises. The signing configuration is refused when its root and delegated keys could
 * exceed it (shared/domain/signing/policy.ts, delegatedKeysListedMax).
 */
export const JWKS_KEYS_MAX = 63;
