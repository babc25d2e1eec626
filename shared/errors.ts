/**
 * Expected failures carry a stable SCREAMING_SNAKE code; one table maps every code to its
 * HTTP status, and the compiler notices a code that has no status. Broken invariants are
 * bugs: `assert` throws an InvariantViolationError, which becomes a 500 (or a dead letter).
 */
export const ERROR_STATUS = {
  // Request shape and transport.
  MALFORMED_JSON: 400,
  MALFORMED_PATH: 400,
  MISSING_IDEMPOTENCY_KEY: 400,
  INVALID_IDEMPOTENCY_KEY: 400,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PAYLOAD_TOO_LARGE: 413,
  VALIDATION_FAILED: 422,
  ROUTE_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  // Authentication and authorization.
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  // Idempotency.
  IDEMPOTENCY_KEY_REUSED: 422,
  IDEMPOTENCY_REQUEST_IN_PROGRESS: 409,
  // Tickets.
  TICKET_NOT_FOUND: 404,
  // Ledger.
  ACCOUNT_NOT_FOUND: 404,
  ACCOUNT_EXISTS_WITH_DIFFERENT_FIELDS: 409,
  TRANSFER_NOT_FOUND: 404,
  TRANSFER_EXISTS_WITH_DIFFERENT_FIELDS: 409,
  CURRENCY_MISMATCH: 422,
  SAME_DEBIT_AND_CREDIT_ACCOUNT: 422,
  AMOUNT_NOT_POSITIVE: 422,
  EXCEEDS_CREDITS: 409,
  EXCEEDS_DEBITS: 409,
  PENDING_TRANSFER_NOT_FOUND: 404,
  TRANSFER_NOT_PENDING: 409,
  PENDING_TRANSFER_ALREADY_POSTED: 409,
  PENDING_TRANSFER_ALREADY_VOIDED: 409,
  PENDING_TRANSFER_EXPIRED: 409,
  PENDING_TRANSFER_OWNED_BY_FLOW: 409,
  TRANSFER_OWNED_BY_FLOW: 409,
  POST_AMOUNT_EXCEEDS_PENDING: 422,
  LINKED_BATCH_TOO_LARGE: 422,
  LINKED_BATCH_DUPLICATE_ID: 422,
  LINKED_TRANSFER_FAILED: 409,
  TRANSACTION_CONFLICT: 409,
  REVERSAL_DOES_NOT_MATCH_ORIGINAL: 422,
  REVERSAL_AMOUNT_EXCEEDS_ORIGINAL: 422,
  BALANCE_OVERFLOW: 422,
  // Parties, offers and purchases.
  PROVIDER_NOT_FOUND: 404,
  AGENT_NOT_FOUND: 404,
  CUSTOMER_NOT_FOUND: 404,
  // A party of any kind the operation accepts (GET /v1/statements?partyId: a customer or a provider).
  PARTY_NOT_FOUND: 404,
  OFFER_NOT_FOUND: 404,
  // A new purchase of an offer its provider withdrew (purchases made before are unaffected).
  OFFER_WITHDRAWN: 409,
  PURCHASE_NOT_FOUND: 404,
  DOCKET_NOT_FOUND: 404,
  REFUND_DOCKET_NOT_FOUND: 404,
  INVALID_CURSOR: 400,
  TOPUP_REFERENCE_REUSED: 409,
  INSUFFICIENT_FUNDS: 402,
  CREDIT_LIMIT_EXCEEDED: 402,
  NO_PAYMENT_ROUTE: 402,
  PROVIDER_NOT_TRUSTED: 409,
  CARRIER_ACCOUNT_NOT_FOUND: 409,
  CARRIER_CURRENCY_MISMATCH: 409,
  CARRIER_LINK_NOT_FOUND: 404,
  CARRIER_LINK_EXPIRED: 409,
  CARRIER_LINK_USED: 409,
  CARRIER_ACCOUNT_EXISTS: 409,
  // A new carrier link while the former carrier's account still owes or holds money (docs/identity.md).
  CARRIER_BALANCE_OUTSTANDING: 409,
  // A carrier link whose credit limit differs from the customer's carrier account in its currency.
  CARRIER_CREDIT_LIMIT_FIXED: 409,
  REFUND_NOT_ALLOWED: 403,
  PURCHASE_NOT_REFUNDABLE: 409,
  SETTLEMENT_MESSAGE_MALFORMED: 422,
  // Channels and reservations.
  CHANNEL_NOT_FOUND: 404,
  RESERVATION_NOT_FOUND: 404,
  MISALIGNED_START: 422,
  INSIDE_RECONFIRM_LEAD: 422,
  BEYOND_BOOKING_HORIZON: 422,
  RANGE_TOO_LARGE: 422,
  SLOT_TAKEN: 409,
  QUOTA_EXCEEDED: 409,
  RESERVATION_EXPIRED: 409,
  RESERVATION_NOT_ACTIVE: 409,
  SHOW_ENDED: 409,
  CHANGE_NOT_ALLOWED: 409,
  PASSWORD_REQUIRED: 422,
  WRONG_PASSWORD: 403,
  RESERVATION_FULL: 409,
  NOT_ADMITTING: 409,
  VIEWER_NOT_FOUND: 404,
  // Identity: registrations, sessions, devices, device pairs, machine credentials.
  REGISTRATION_NOT_FOUND: 404,
  REGISTRATION_PENDING: 409,
  REGISTRATION_CODE_INVALID: 422,
  REGISTRATION_EXPIRED: 409,
  EMAIL_ALREADY_REGISTERED: 409,
  PASSWORD_REJECTED: 422,
  INVALID_CREDENTIALS: 401,
  SIGN_IN_CHALLENGE_REQUIRED: 401,
  DPOP_PROOF_MISSING: 401,
  DPOP_PROOF_INVALID: 401,
  DPOP_PROOF_STALE: 401,
  DPOP_PROOF_REPLAYED: 401,
  DEVICE_NOT_REGISTERED: 401,
  DEVICE_NOT_FOUND: 404,
  DEVICE_ALREADY_REGISTERED: 409,
  DEVICE_LIMIT_REACHED: 409,
  LAST_DEVICE: 409,
  DEVICE_IN_PAIR: 409,
  DEVICE_PAIR_NOT_FOUND: 404,
  DEVICE_PAIR_SAME_DEVICE: 422,
  CREDENTIAL_NOT_FOUND: 404,
  CREDENTIALS_LIMIT_REACHED: 409,
  CLIENT_NOT_REGISTERED: 401,
  SESSION_REVOKED: 401,
  // Batch billing.
  BILLING_RUN_NOT_FOUND: 404,
  STATEMENT_NOT_FOUND: 404,
  STATEMENT_PAGE_NOT_FOUND: 404,
  PERIOD_NOT_CLOSED: 409,
  PREVIOUS_PERIOD_NOT_BILLED: 409,
  PERIOD_BEFORE_BILLING_START: 409,
  PERIOD_WITHOUT_ACTIVITY: 409,
  BILLING_RUN_NOT_COMPLETED: 409,
  REMITTANCE_ALREADY_IMPORTED: 409,
  REMITTANCE_NOT_FOUND: 404,
  NO_COLLECTIONS_BILLED: 422,
  REMITTANCE_NOT_BILLED: 422,
  STATEMENT_TOO_LARGE: 422,
  STATEMENT_AMOUNT_TOO_LARGE: 422,
  // Usage rights: contents, redeem, one-time passwords, device proofs, grants, transfers, drain.
  CONTENT_NOT_FOUND: 404,
  PURPOSE_NOT_ALLOWED: 422,
  PERIOD_TOO_LONG: 422,
  TICKET_REVOKED: 409,
  TICKET_EXPIRED: 409,
  TICKET_NOT_YET_VALID: 409,
  TICKET_EXHAUSTED: 409,
  DEVICE_PROOF_INVALID: 403,
  OTP_INVALID: 403,
  REDEMPTION_NOT_FOUND: 404,
  USAGE_NOT_RESERVED: 409,
  USAGE_RESERVATION_EXPIRED: 409,
  USAGE_ALREADY_REPORTED: 409,
  GRANT_EXCEEDS_ALLOWANCE: 409,
  TICKET_NOT_BOUND: 409,
  TICKET_NOT_DIVISIBLE: 409,
  TICKET_IN_USE: 409,
  OTP_NOT_REQUIRED: 409,
  FIXED_PASSWORD_NOT_REQUIRED: 409,
  TRANSFER_NOT_ALLOWED: 403,
  INTAKE_DRAINING: 503,
  // The API's timeout guard (shared/http/middleware.ts): the request ran out of time and may
  // have taken effect; its repeat with the same Idempotency-Key answers as it did.
  REQUEST_TIMED_OUT: 503,
  // Answered by API Gateway and its WAF web ACL before any handler runs (the deployed stack
  // only; infra/constructs/kippu-api.ts and kippu-waf.ts): the stage or a caller went over
  // its request rate; a request the gateway refused for any other reason (a malformed request
  // line, say); a request a WAF managed rule blocked.
  THROTTLED: 429,
  REQUEST_REJECTED: 400,
  REQUEST_BLOCKED: 403,
  // Anything unexpected. Never used for bad input.
  INTERNAL_ERROR: 500,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_STATUS;

/**
 * The codes API Gateway and its WAF web ACL can answer on any operation of the deployed API,
 * before kippu's handler runs: the OpenAPI document declares them on every operation.
 */
export const GATEWAY_PROBLEM_CODES = ['THROTTLED', 'REQUEST_REJECTED', 'REQUEST_BLOCKED'] as const satisfies readonly ErrorCode[];

export interface FieldIssue {
  /** JSON path of the offending field, e.g. `transfers.2.amountMinor`. */
  readonly field: string;
  readonly message: string;
}

/**
 * A caller's text (a path, an id, a field name) inside a problem's `detail`, delimited: in
 * double quotes, JSON-escaped, so that the sentence's own full stop, or a quote in the text,
 * never reads as part of it (`No route for GET "/v1/offers/x/".`). Every detail that names
 * what the caller sent at the end of a sentence names it through this.
 */
export const quoted = (text: string): string => JSON.stringify(text);

/**
 * The 404 of an object the caller named (by path, query or body) that does not exist or that the
 * caller may not see, alike: `No purchase "pur_x." is visible to you.`, the id quoted like every
 * other caller's text. Every operation's not-found refusal of a caller's id is built here.
 */
export const notVisible = (code: ErrorCode, what: string, id: string, fields: readonly FieldIssue[] = []): DomainError =>
  new DomainError(code, `No ${what} ${quoted(id)} is visible to you.`, fields);

/** Several names, each quoted, separated by commas. */
export const quotedList = (names: readonly string[]): string => names.map(quoted).join(', ');

export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly fields: readonly FieldIssue[] = [],
    /** Extra members for the problem document (e.g. `index` of a failing linked leg). */
    readonly extensions: Readonly<Record<string, unknown>> = {},
  ) {
    super(`${code}: ${detail}`);
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export class InvariantViolationError extends Error {
  override readonly name = 'InvariantViolationError';
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new InvariantViolationError(message);
}

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;
