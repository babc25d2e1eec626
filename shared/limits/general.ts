/** Largest request body accepted, in bytes (API Gateway allows 10 MB; nothing of ours needs more than this). */
export const REQUEST_BODY_BYTES_MAX = 64 * 1024;

/** Longest Idempotency-Key header accepted. */
export const IDEMPOTENCY_KEY_LENGTH_MAX = 255;

/** Longest free-text identifier a client may choose (resource names, references). */
export const IDENTIFIER_LENGTH_MAX = 200;

/** How fresh a signed proof of possession must be: its `iat` at most this old, and at most the skew in the future. */
export interface ProofFreshness {
  readonly ageSecondsMax: number;
  readonly clockSkewSeconds: number;
}

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

/**
 * How long the JWK Set keeps a delegated key after its `validUntil` (the latest `exp` of its
 * documents): the largest leeway a verifier may allow past `exp` (SPEC §3, at most 60 s; the same
 * bound as `kippu verify --leeway`), so a document accepted inside that leeway finds its key in
 * a key set fetched then (docs/signing.md, "The JWK Set").
 */
export const KEY_LISTED_AFTER_VALID_UNTIL_SECONDS = TICKET_LEEWAY_SECONDS_MAX;

/** Longest ticket window the API accepts (a deployment may set a shorter one, KIPPU_TICKET_VALIDITY_SECONDS_MAX). */
export const TICKET_VALIDITY_SECONDS_MAX = 366 * 24 * 60 * 60;

/**
 * The years of the instants a request may name, as written (1970 … 9989, whatever the
 * offset). Everything kippu derives from an accepted instant (a slot's end, a ticket window of
 * at most TICKET_VALIDITY_SECONDS_MAX, a hold's timeout) stays years short of
 * 9999-12-31T23:59:59Z, the last instant a date-time can write, and after year 0.
 */
export const INSTANT_YEAR_MIN = 1970;
export const INSTANT_YEAR_MAX = 9989;
