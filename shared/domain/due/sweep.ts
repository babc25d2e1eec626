import { assert } from '../../errors';
import { DUE_SWEEP_CONCURRENCY, type DueSweepLimits } from '../../limits';
import type { BusinessMetrics } from '../../ports';
import type { FunctionId } from '../../resources/functions';
import { periodicSchedules } from '../../resources/schedules';
import { bucketMilliseconds, bucketStartOf, type DueEntry, type DueIndex } from './ports';

/** What a step did with an entry; `staysDue` when the entry is still in its bucket and the watermark must wait for it. */
export interface DueStepResult {
  readonly staysDue: boolean;
}

export interface DueSweep<Entry extends DueEntry, Result extends DueStepResult> {
  readonly index: DueIndex<Entry>;
  readonly limits: DueSweepLimits;
  /** Entries due at or before this instant are read (now, or now minus a grace); later ones never are. */
  readonly upToMs: number;
  /**
   * Acts on one due entry; must be idempotent (overlapping sweeps and a stale index hand the
   * same entry out twice). A throw stops the sweep and propagates: the schedule runs it again
   * and what was done stays done. A use that must go on past a failing entry catches it here.
   */
  readonly step: (entry: Entry) => Promise<Result>;
}

export interface DueSweepReport<Entry extends DueEntry, Result extends DueStepResult> {
  /** Every entry the sweep handed to the step (each id at most once), in index order. */
  readonly handled: readonly { readonly entry: Entry; readonly result: Result }[];
  /** The watermark read plus the index entries read; never an entry that is not due. */
  readonly itemsRead: number;
  readonly bucketsWalked: number;
  /** Where the next sweep starts. */
  readonly watermarkMs: number;
  /**
   * True when the run stopped at a limit before it had read everything due by `upToMs` (its
   * item limit, a page it could not read to the end, or buckets beyond its bucket limit):
   * the next run has due items waiting. How many would take further reads.
   */
  readonly behind: boolean;
}

const checkLimits = (limits: DueSweepLimits): void => {
  for (const [name, value] of Object.entries(limits)) {
    if (typeof value === 'number') assert(Number.isSafeInteger(value) && value >= 0, `due sweep limit ${name} is a whole number`);
  }
  assert(limits.bucketsPerSweepMax >= 1 && limits.itemsPerSweepMax >= 1, 'a due sweep may read at least one bucket and entry');
};

/** The buckets of one run, oldest first: the window from the start, then (when behind) the recent ones. */
const bucketsToWalk = (startMs: number, lastBucketMs: number, bucketMs: number, limits: DueSweepLimits): number[] => {
  const windowEndMs = Math.min(lastBucketMs, startMs + (limits.bucketsPerSweepMax - 1) * bucketMs);
  const buckets: number[] = [];
  for (let bucket = startMs; bucket <= windowEndMs; bucket += bucketMs) buckets.push(bucket);
  if (limits.readRecentWhenBehind) {
    const recentStartMs = Math.max(windowEndMs + bucketMs, lastBucketMs - limits.lookbackBuckets * bucketMs);
    for (let bucket = recentStartMs; bucket <= lastBucketMs; bucket += bucketMs) buckets.push(bucket);
  }
  return buckets;
};

/**
 * Runs `step` on at most `concurrency` items at a time; results in input order. After the
 * first failure no further item is started, the running ones finish, then the failure is thrown.
 */
const mapBounded = async <Item, Result>(
  items: readonly Item[],
  concurrency: number,
  step: (item: Item) => Promise<Result>,
): Promise<Result[]> => {
  const results: Result[] = [];
  let next = 0;
  let failure: { readonly error: unknown } | undefined;
  const worker = async () => {
    while (failure === undefined && next < items.length) {
      const index = next;
      next += 1;
      try {
        results[index] = await step(items[index] as Item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  if (failure !== undefined) throw failure.error;
  return results;
};

/**
 * One sweep of a due index. Ledger expiry, purchase recovery and the reservation jobs all
 * run this; overlapping runs are safe because every step is idempotent.
 *
 * Flow:
 *  1. Read the watermark (1 item). Without one (the first sweep), start `lookbackBuckets`
 *     before the bucket of `upToMs`.
 *  2. Walk the buckets from there up to the bucket of `upToMs`, at most `bucketsPerSweepMax`
 *     of them; when that stops short and `readRecentWhenBehind`, the last `lookbackBuckets`
 *     buckets are read as well.
 *  3. In each bucket shard, read the entries due by `upToMs` (the key condition stops
 *     there: entries due later are never read), at most `itemsPerSweepMax` in the whole run,
 *     and hand each to the step, `DUE_SWEEP_CONCURRENCY` at a time, each id at most once.
 *     A step that throws ends the sweep (steps already done stay done).
 *  4. Move the watermark past the leading run of buckets that are closed (ended more than
 *     `settleSeconds` before `upToMs`, so an entry the index shows late is still seen), were
 *     read to the end, and hold no entry that stays due. It only ever moves forward, and is
 *     stored on the first sweep even when it did not move, so the lookback is anchored once.
 */
export const sweepDue = async <Entry extends DueEntry, Result extends DueStepResult>(
  sweep: DueSweep<Entry, Result>,
): Promise<DueSweepReport<Entry, Result>> => {
  const { index, limits, upToMs } = sweep;
  checkLimits(limits);
  const bucketMs = bucketMilliseconds(index.layout);
  const settleMs = limits.settleSeconds * 1000;
  const lastBucketMs = bucketStartOf(index.layout, upToMs);
  const storedWatermarkMs = await index.readWatermarkMs();
  const startMs = storedWatermarkMs ?? lastBucketMs - limits.lookbackBuckets * bucketMs;
  const handled: { entry: Entry; result: Result }[] = [];
  const seen = new Set<string>();
  let entriesRead = 0;
  let bucketsWalked = 0;
  let watermarkMs = startMs;
  let contiguous = true;
  const buckets = bucketsToWalk(startMs, lastBucketMs, bucketMs, limits);
  let behind = buckets.length < Math.floor((lastBucketMs - startMs) / bucketMs) + 1;
  for (const bucketStartMs of buckets) {
    if (entriesRead >= limits.itemsPerSweepMax) {
      behind = true;
      break;
    }
    bucketsWalked += 1;
    let drained = true;
    let holds = false;
    for (let shard = 0; shard < index.layout.shards; shard += 1) {
      const room = limits.itemsPerSweepMax - entriesRead;
      if (room <= 0) {
        drained = false;
        break;
      }
      const page = await index.queryBucket(bucketStartMs, shard, upToMs, room);
      entriesRead += page.itemsRead;
      if (!page.exhausted) drained = false;
      const fresh = page.entries.filter((entry) => !seen.has(entry.id));
      // An entry seen earlier in this run (moved into this bucket meanwhile) is still here.
      if (fresh.length < page.entries.length) holds = true;
      for (const entry of fresh) seen.add(entry.id);
      const results = await mapBounded(fresh, DUE_SWEEP_CONCURRENCY, sweep.step);
      for (const [position, result] of results.entries()) {
        handled.push({ entry: fresh[position] as Entry, result });
        if (result.staysDue) holds = true;
      }
    }
    if (!drained) behind = true;
    const closed = bucketStartMs + bucketMs + settleMs <= upToMs;
    if (contiguous && bucketStartMs === watermarkMs && drained && !holds && closed) watermarkMs = bucketStartMs + bucketMs;
    else contiguous = false;
  }
  if (watermarkMs > startMs || storedWatermarkMs === undefined) await index.advanceWatermarkMs(watermarkMs);
  return { handled, itemsRead: 1 + entriesRead, bucketsWalked, watermarkMs, behind };
};

/**
 * The metrics of one run of a sweeper (the target of a periodic schedule, named by the
 * schedule's id): the due items it read, and whether it left due items for the next run (1)
 * or drained everything due (0). A count of what was left would cost the reads the limits
 * exist to avoid; the backlog alarm only asks whether every run in a row left some.
 */
export const recordSweep = (
  metrics: BusinessMetrics,
  functionId: FunctionId,
  run: { readonly itemsRead: number; readonly behind: boolean },
): void => {
  const schedule = periodicSchedules.find((candidate) => candidate.functionId === functionId);
  assert(schedule !== undefined, `function ${functionId} is the target of a periodic schedule`);
  metrics.record('sweeperItemsRead', run.itemsRead, { sweeper: schedule.id });
  metrics.record('sweeperDueItemsLeft', run.behind ? 1 : 0, { sweeper: schedule.id });
};
