// ---------------------------------------------------------------------------------------
// Due-index sweeps (shared/domain/due). One sweeper walks the time buckets of every sparse
// due index; each use names its layout as <USE>_DUE_BUCKET_SECONDS (and
// _BUCKET_SHARDS) and what one of its sweeps reads as one <USE>_DUE_SWEEP, next to the rest
// of its limits.
// ---------------------------------------------------------------------------------------

/** Due entries one sweep hands to its step in parallel. */
export const DUE_SWEEP_CONCURRENCY = 8;

/** DynamoDB query pages (1 MB each) read from one bucket partition in one sweep. */
export const DUE_QUERY_PAGES_MAX = 10;

/** What one use's sweeps may read per run; each use declares one (`<USE>_DUE_SWEEP`) next to its other limits. */
export interface DueSweepLimits {
  /** How far back the first sweep (no watermark yet) starts, in buckets before the latest one. */
  readonly lookbackBuckets: number;
  /** A bucket is closed (the watermark may pass it) only this long after it ended: the index is eventually consistent. */
  readonly settleSeconds: number;
  /** Buckets one sweep walks from the watermark at most; a sweeper that fell behind catches up over several runs. */
  readonly bucketsPerSweepMax: number;
  /** Index entries one sweep reads at most; the rest waits for the next run. */
  readonly itemsPerSweepMax: number;
  /**
   * When the walk from the watermark stops short of the latest bucket, also read the last
   * `lookbackBuckets` buckets, so that an old backlog never starves what is due now.
   */
  readonly readRecentWhenBehind: boolean;
}
