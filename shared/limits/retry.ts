// ---------------------------------------------------------------------------------------
// Retried writes (shared/adapters/aws/retry.ts). Each write that retries contention names its
// attempts and its full-jitter backoff as one <USE>_RETRY, next to the rest of its limits.
// ---------------------------------------------------------------------------------------

/** How often one contended write is tried, and how long it waits between attempts. */
export interface RetryLimits {
  /** Attempts at most; then the write gives up. */
  readonly attemptsMax: number;
  /** Base of the full-jitter backoff between attempts: the wait before attempt n is below min(cap, base × 2^n). */
  readonly baseMilliseconds: number;
  /** Cap of the full-jitter backoff between attempts. */
  readonly capMilliseconds: number;
}

/**
 * What a request keeps back for its answer: a retry loop waits no backoff and starts no
 * attempt that would leave less than this of the invocation (shared/contention.ts). It
 * answers its conflict instead (409 TRANSACTION_CONFLICT, nothing written), well before the
 * API's timeout guard (shared/http/middleware.ts) would answer for it. Sized for one more
 * contended attempt (reads, a scrypt hash, a transaction) and the steps that follow a commit
 * (a cancel's ticket revocations stop at this reserve too, and the completion job finishes them).
 */
export const CONTENTION_ANSWER_RESERVE_MILLISECONDS = 3_000;

/**
 * Retry-After of the timeout guard's 503 REQUEST_TIMED_OUT: the request may have taken effect,
 * and its repeat with the same Idempotency-Key replays the answer once the first run stored it
 * (a 409 IDEMPOTENCY_REQUEST_IN_PROGRESS until then).
 */
export const REQUEST_TIMED_OUT_RETRY_AFTER_SECONDS = 2;
