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
