// ---------------------------------------------------------------------------------------
// Batch billing (docs/billing.md).
// ---------------------------------------------------------------------------------------

/**
 * The first and the last year whose months are billing periods (`YYYY-MM`); another year is no
 * period. The last is the last year of an instant a request may name (INSTANT_YEAR_MAX), so every
 * instant a period's answer names (its end, when it can be billed) is a plain date-time.
 */
export const BILLING_PERIOD_YEAR_MIN = 2000;
export const BILLING_PERIOD_YEAR_MAX = 9989;

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
 * A statement is built one step per statement message (docs/billing.md, "A statement built
 * across messages"): a step reads at most BILLING_STATEMENT_STEP_ENTRIES_PER_PAGE_LINE ledger
 * entries per line of a page (40,000 with pages of 10,000 lines), so no step grows with the
 * statement. A window of at most that many entries is built in one message, as before; a larger
 * one is scanned in steps of that many entries, sorted once, and built one page per message.
 * BILLING_STATEMENT_BYTES_MAX bounds the JSON of a whole statement, of a paged one's document and
 * of each page (a Lambda answer is at most 6 MB, so GET /v1/statements/{id} and its pages can
 * always be served).
 */
export const BILLING_STATEMENT_STEP_ENTRIES_PER_PAGE_LINE = 4;
export const BILLING_STATEMENT_BYTES_MAX = 5_000_000;

/**
 * A statement with more lines than a page (KIPPU_BILLING_STATEMENT_PAGE_LINES, default and most
 * BILLING_STATEMENT_PAGE_LINES_MAX) is paged: its document lists its pages, each served on its
 * own (docs/billing.md, "Paged statements"). A page of 10,000 lines is about 3.5 MB of JSON
 * (each page is held to BILLING_STATEMENT_BYTES_MAX too); a statement has at most
 * BILLING_STATEMENT_PAGES_MAX pages, so its document stays small.
 */
export const BILLING_STATEMENT_PAGE_LINES_DEFAULT = 10_000;
export const BILLING_STATEMENT_PAGE_LINES_MAX = 10_000;
export const BILLING_STATEMENT_PAGES_MAX = 1_000;

/** Stored statement bodies are gzip parts of at most this many bytes (a DynamoDB item holds 400 KB). */
export const BILLING_STATEMENT_PART_BYTES = 350_000;

/** Purchases and reservations looked up in parallel to describe a statement's lines. */
export const BILLING_CATALOG_CONCURRENCY = 16;

/** Statements per list page, and the bytes a page stops before (it then carries a nextCursor). */
export const BILLING_STATEMENTS_PAGE_LIMIT_DEFAULT = 10;
export const BILLING_STATEMENTS_PAGE_LIMIT_MAX = 25;

/** A page of a period's runs (GET /v1/billing-runs?period=): each is read with its progress. */
export const BILLING_RUNS_PAGE_LIMIT_DEFAULT = 10;
export const BILLING_RUNS_PAGE_LIMIT_MAX = 25;
export const BILLING_STATEMENTS_PAGE_BYTES_MAX = 4_000_000;

/** Party failures a run record lists (the count is exact; the log has every one). */
export const BILLING_RUN_FAILURES_LISTED_MAX = 20;
/**
 * Builds of statements built across messages (docs/billing.md) whose continuation the run nudge
 * sends again per firing: one SendMessageBatch; more stalled builds wait for the next firing.
 */
export const BILLING_NUDGE_BUILDS_MAX = 10;

/** Party outcomes read per page when a run is reconciled. */
export const BILLING_OUTCOMES_PAGE_SIZE = 500;

/** A remittance report: at most this many bytes and rows, and customers compared. */
export const BILLING_REMITTANCE_BYTES_MAX = 1_000_000;
export const BILLING_REMITTANCE_ROWS_MAX = 20_000;

/** Remittance adjustments posted in parallel. */
export const BILLING_REMITTANCE_CONCURRENCY = 8;

/**
 * The differences the billing worker posts per chunk of a remittance import (one SQS message,
 * one stored chunk item each; KIPPU_BILLING_REMITTANCE_CHUNK_SIZE): 250 adjustments at
 * BILLING_REMITTANCE_CONCURRENCY take a few seconds, far below the coordinator's 300 s, and a
 * chunk item of 250 differences is about 35 KB (about 140 bytes each), far below DynamoDB's
 * 400 KB. The most a chunk may be: 500 (about 205 KB even with 200-character ids).
 */
export const BILLING_REMITTANCE_CHUNK_SIZE_DEFAULT = 250;
export const BILLING_REMITTANCE_CHUNK_SIZE_MAX = 500;

/** A page of a remittance import's differences (GET …/remittances/{agentId}/differences). */
export const BILLING_REMITTANCE_DIFFERENCES_PAGE_LIMIT_DEFAULT = 100;
export const BILLING_REMITTANCE_DIFFERENCES_PAGE_LIMIT_MAX = 500;

/** The statement worker's memory: five steps of statements (each at most a step's entries, or a sort of a statement's index) at a time, and the runtime. */
export const BILLING_STATEMENT_WORKER_MEMORY_MEGABYTES = 2_048;

/** Statement messages one worker invocation takes (each may read thousands of ledger items). */
export const BILLING_STATEMENT_BATCH_SIZE = 5;
