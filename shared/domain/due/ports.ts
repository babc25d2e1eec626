/**
 * A due index: a sparse index of entries keyed by the time bucket in which they fall due and
 * sorted by due time inside it, so that "what is due by now" is read without touching an
 * entry that is not due. An entry is in the index only while someone must act on it; the
 * write that finishes it takes it out. Ledger holds, stranded purchases and reservation jobs
 * each have one (and each says in its own store how its entries get in and out).
 */

/** How entries are placed: buckets `bucketSeconds` wide (from the epoch), each split over `shards` partitions. */
export interface DueLayout {
  readonly bucketSeconds: number;
  /** Partitions per bucket (1 = unsharded), so that a burst due in one bucket is spread out. */
  readonly shards: number;
}

export interface DueEntry {
  readonly id: string;
}

export interface DuePage<Entry extends DueEntry> {
  /** In due order (then by id). */
  readonly entries: readonly Entry[];
  /** Index items read to answer. */
  readonly itemsRead: number;
  /**
   * True when the bucket shard holds no further entries due by `upToMs` than were returned.
   * False when it may: a page filled to `limit` is never reported exhausted (DynamoDB cannot
   * tell whether anything follows it).
   */
  readonly exhausted: boolean;
}

export interface DueIndex<Entry extends DueEntry = DueEntry> {
  readonly layout: DueLayout;
  /** Start of the first bucket a sweep must still read, if a sweep ever stored one. */
  readWatermarkMs(): Promise<number | undefined>;
  /**
   * The entries of one bucket shard due at or before `upToMs`, at most `limit` (≥ 1).
   * Eventually consistent: an entry may appear late or linger after its item left the
   * index, so whoever acts on an entry re-reads its item first.
   */
  queryBucket(bucketStartMs: number, shard: number, upToMs: number, limit: number): Promise<DuePage<Entry>>;
  /** Moves the watermark forward only: a slower, overlapping sweep never moves it back. */
  advanceWatermarkMs(bucketStartMs: number): Promise<void>;
}

export const bucketMilliseconds = (layout: DueLayout): number => layout.bucketSeconds * 1000;

/** Start of the bucket that contains the instant. */
export const bucketStartOf = (layout: DueLayout, instantMs: number): number =>
  Math.floor(instantMs / bucketMilliseconds(layout)) * bucketMilliseconds(layout);
