import { describe, expect, it } from 'vitest';
import type { DueEntry, DueIndex, DueLayout } from '../../shared/domain/due/ports';
import { sweepDue } from '../../shared/domain/due/sweep';
import type { DueSweepLimits } from '../../shared/limits';

/**
 * One behaviour suite for every DueIndex (in memory and on a DynamoDB GSI) and the sweeper
 * that walks it, so the in-memory index answers exactly as the real one: buckets, shards,
 * due order, pages filled to the limit, the watermark.
 */
interface DueIndexFixture {
  readonly index: DueIndex<DueEntry>;
  /** Puts an entry in the index (or moves it), as its owner's write would. */
  put(id: string, dueAtMs: number): Promise<void>;
  /** Takes an entry out, as the write that finishes it would. */
  remove(id: string): Promise<void>;
}

export type MakeDueIndex = (layout: DueLayout, shardOf: (id: string) => number) => Promise<DueIndexFixture>;

const MINUTE_MS = 60_000;
/** A bucket start: 02:13 UTC. */
const T0 = Date.parse('2026-11-22T02:13:00.000Z');
const LAYOUT: DueLayout = { bucketSeconds: 60, shards: 1 };
const LIMITS: DueSweepLimits = {
  lookbackBuckets: 3,
  settleSeconds: 10,
  bucketsPerSweepMax: 5,
  itemsPerSweepMax: 4,
  readRecentWhenBehind: false,
};
const unsharded = () => 0;

/** A sweep whose step records the ids it is given; `staysDue` decides whether they hold their bucket. */
const sweep = (
  index: DueIndex<DueEntry>,
  upToMs: number,
  options: { limits?: Partial<DueSweepLimits>; staysDue?: boolean } = {},
) => {
  const seen: string[] = [];
  const report = sweepDue({
    index,
    limits: { ...LIMITS, ...options.limits },
    upToMs,
    step: async ({ id }) => {
      seen.push(id);
      return { staysDue: options.staysDue ?? false };
    },
  });
  return report.then((result) => ({ ...result, ids: result.handled.map(({ entry }) => entry.id), seen }));
};

export const dueIndexContract = (name: string, makeIndex: MakeDueIndex) =>
  describe(`due index contract: ${name}`, () => {
    describe('the index', () => {
      it('answers the entries of one bucket due by upToMs in due order, and never reads one due later', async () => {
        // Prepare
        const { index, put } = await makeIndex(LAYOUT, unsharded);
        await put('late-in-bucket', T0 + 50_000);
        await put('second', T0 + 10_000);
        await put('first', T0 + 5_000);
        await put('next-bucket', T0 + MINUTE_MS + 1_000);

        // Act
        const page = await index.queryBucket(T0, 0, T0 + 20_000, 10);

        // Assess
        expect(page).toEqual({ entries: [{ id: 'first' }, { id: 'second' }], itemsRead: 2, exhausted: true });
      });

      it('orders entries due at the same instant by id, and an entry due exactly at upToMs is due', async () => {
        // Prepare
        const { index, put } = await makeIndex(LAYOUT, unsharded);
        await put('b', T0 + 7_000);
        await put('a', T0 + 7_000);

        // Act
        const page = await index.queryBucket(T0, 0, T0 + 7_000, 10);

        // Assess
        expect(page.entries).toEqual([{ id: 'a' }, { id: 'b' }]);
      });

      it('never reports a page filled to its limit as exhausted', async () => {
        // Prepare
        const { index, put } = await makeIndex(LAYOUT, unsharded);
        for (const id of ['a', 'b', 'c']) await put(id, T0 + 1_000);

        // Act
        const partial = await index.queryBucket(T0, 0, T0 + 2_000, 2);
        const full = await index.queryBucket(T0, 0, T0 + 2_000, 3);
        const roomy = await index.queryBucket(T0, 0, T0 + 2_000, 4);

        // Assess
        expect([partial.entries.length, partial.exhausted]).toEqual([2, false]);
        expect([full.entries.length, full.exhausted]).toEqual([3, false]);
        expect([roomy.entries.length, roomy.exhausted]).toEqual([3, true]);
      });

      it('keeps each shard of a bucket in its own partition', async () => {
        // Prepare
        const shardOf = (id: string) => (id.startsWith('even') ? 0 : 1);
        const { index, put } = await makeIndex({ bucketSeconds: 60, shards: 2 }, shardOf);
        await put('even-1', T0 + 1_000);
        await put('odd-1', T0 + 2_000);
        await put('even-2', T0 + 3_000);

        // Act
        const shards = [await index.queryBucket(T0, 0, T0 + 59_000, 10), await index.queryBucket(T0, 1, T0 + 59_000, 10)];

        // Assess
        expect(shards.map((page) => page.entries.map((entry) => entry.id))).toEqual([['even-1', 'even-2'], ['odd-1']]);
      });

      it('forgets a removed entry and moves a re-put one to its new bucket', async () => {
        // Prepare
        const { index, put, remove } = await makeIndex(LAYOUT, unsharded);
        await put('gone', T0 + 1_000);
        await put('moved', T0 + 2_000);

        // Act
        await remove('gone');
        await put('moved', T0 + MINUTE_MS + 2_000);

        // Assess
        expect((await index.queryBucket(T0, 0, T0 + 5 * MINUTE_MS, 10)).entries).toEqual([]);
        expect((await index.queryBucket(T0 + MINUTE_MS, 0, T0 + 5 * MINUTE_MS, 10)).entries).toEqual([{ id: 'moved' }]);
      });

      it('moves the watermark forward only', async () => {
        // Prepare
        const { index } = await makeIndex(LAYOUT, unsharded);
        const before = await index.readWatermarkMs();

        // Act
        await index.advanceWatermarkMs(T0 + 2 * MINUTE_MS);
        await index.advanceWatermarkMs(T0);

        // Assess
        expect(before).toBeUndefined();
        expect(await index.readWatermarkMs()).toBe(T0 + 2 * MINUTE_MS);
      });
    });

    describe('the sweeper over it', () => {
      it('starts the first sweep lookbackBuckets before the latest bucket, and stores that start', async () => {
        // Prepare
        const { index, put } = await makeIndex(LAYOUT, unsharded);
        const nowMs = T0 + 10 * MINUTE_MS + 30_000;
        await put('too-old', T0 + 6 * MINUTE_MS + 1_000);
        await put('in-lookback', T0 + 7 * MINUTE_MS + 1_000);
        await put('due-now', nowMs);

        // Act
        const run = await sweep(index, nowMs, { staysDue: true });

        // Assess
        expect(run.ids).toEqual(['in-lookback', 'due-now']);
        expect(run.bucketsWalked).toBe(LIMITS.lookbackBuckets + 1);
        expect(run.watermarkMs).toBe(T0 + 7 * MINUTE_MS);
        expect(await index.readWatermarkMs()).toBe(T0 + 7 * MINUTE_MS);
      });

      it('moves the watermark past closed buckets only: a bucket closes settleSeconds after it ended', async () => {
        // Prepare
        const { index } = await makeIndex(LAYOUT, unsharded);
        await index.advanceWatermarkMs(T0);

        // Act: 02:15:05 — 02:13 closed at 02:14:10, 02:14 closes at 02:15:10.
        const early = await sweep(index, T0 + 2 * MINUTE_MS + 5_000);
        const later = await sweep(index, T0 + 2 * MINUTE_MS + 10_000);

        // Assess
        expect(early.watermarkMs).toBe(T0 + MINUTE_MS);
        expect(later.watermarkMs).toBe(T0 + 2 * MINUTE_MS);
        expect(await index.readWatermarkMs()).toBe(T0 + 2 * MINUTE_MS);
      });

      it('an entry that stays due holds the watermark at its bucket and is handed out again by the next run', async () => {
        // Prepare
        const { index, put } = await makeIndex(LAYOUT, unsharded);
        await index.advanceWatermarkMs(T0);
        await put('stuck', T0 + MINUTE_MS + 1_000);
        const nowMs = T0 + 4 * MINUTE_MS;

        // Act
        const first = await sweep(index, nowMs, { staysDue: true });
        const second = await sweep(index, nowMs, { staysDue: true });

        // Assess
        expect(first.ids).toEqual(['stuck']);
        expect(second.ids).toEqual(['stuck']);
        expect(second.watermarkMs).toBe(T0 + MINUTE_MS);
      });

      it('passes the bucket of an entry the step finished, and the next run reads only the watermark', async () => {
        // Prepare
        const { index, put, remove } = await makeIndex(LAYOUT, unsharded);
        await index.advanceWatermarkMs(T0);
        await put('done', T0 + MINUTE_MS + 1_000);
        const nowMs = T0 + 4 * MINUTE_MS;

        // Act
        const first = await sweep(index, nowMs);
        await remove('done');
        const second = await sweep(index, nowMs);

        // Assess
        expect(first.ids).toEqual(['done']);
        expect(first.watermarkMs).toBe(T0 + 3 * MINUTE_MS);
        expect(second).toMatchObject({ ids: [], itemsRead: 1, bucketsWalked: 2 });
      });

      it('reads only what is due: items read do not grow with entries due later', async () => {
        // Prepare
        const { index, put } = await makeIndex(LAYOUT, unsharded);
        await index.advanceWatermarkMs(T0);
        const nowMs = T0 + 30_000;
        await put('due', T0 + 10_000);
        for (let later = 0; later < 20; later += 1) await put(`later-${later}`, nowMs + 1_000 + later * 20_000);

        // Act
        const run = await sweep(index, nowMs);

        // Assess
        expect(run.ids).toEqual(['due']);
        expect(run.itemsRead).toBe(2);
      });

      it('walks at most bucketsPerSweepMax buckets from the watermark; the next run carries on from there', async () => {
        // Prepare: a watermark far behind (the schedule was off).
        const { index, put } = await makeIndex(LAYOUT, unsharded);
        await index.advanceWatermarkMs(T0);
        const nowMs = T0 + 8 * MINUTE_MS + 30_000;
        await put('due-now', nowMs - 1_000);

        // Act
        const first = await sweep(index, nowMs);
        const second = await sweep(index, nowMs);

        // Assess
        expect(first).toMatchObject({
          ids: [],
          bucketsWalked: LIMITS.bucketsPerSweepMax,
          watermarkMs: T0 + 5 * MINUTE_MS,
          behind: true,
        });
        expect(second).toMatchObject({ ids: ['due-now'], behind: false });
      });

      it('when behind and readRecentWhenBehind, also reads the latest lookbackBuckets buckets', async () => {
        // Prepare
        const { index, put } = await makeIndex(LAYOUT, unsharded);
        await index.advanceWatermarkMs(T0);
        const nowMs = T0 + 20 * MINUTE_MS + 30_000;
        await put('old', T0 + 1_000);
        await put('due-now', nowMs - 1_000);

        // Act
        const run = await sweep(index, nowMs, { limits: { readRecentWhenBehind: true }, staysDue: true });

        // Assess
        expect(run.ids).toEqual(['old', 'due-now']);
        expect(run.bucketsWalked).toBe(LIMITS.bucketsPerSweepMax + LIMITS.lookbackBuckets + 1);
        expect(run.watermarkMs).toBe(T0);
        // The buckets between the window and the recent ones are still unread.
        expect(run.behind).toBe(true);
      });

      it('reads at most itemsPerSweepMax entries; the next run hands out the rest', async () => {
        // Prepare
        const { index, put, remove } = await makeIndex(LAYOUT, unsharded);
        await index.advanceWatermarkMs(T0);
        const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
        for (const [position, id] of ids.entries()) await put(id, T0 + position * 20_000);
        const nowMs = T0 + 5 * MINUTE_MS;

        // Act
        const first = await sweep(index, nowMs);
        for (const id of first.ids) await remove(id);
        const second = await sweep(index, nowMs);

        // Assess
        expect(first.ids).toEqual(['a', 'b', 'c', 'd']);
        expect(first.itemsRead).toBe(1 + LIMITS.itemsPerSweepMax);
        // The bucket it read to the end is passed; the one it stopped in is not.
        expect(first.watermarkMs).toBe(T0 + MINUTE_MS);
        expect(first.behind).toBe(true);
        expect(second.ids).toEqual(['e', 'f']);
        expect(second.behind).toBe(false);
      });

      it('reads every shard of a bucket', async () => {
        // Prepare
        const shardOf = (id: string) => Number(id.slice(-1)) % 3;
        const { index, put } = await makeIndex({ bucketSeconds: 60, shards: 3 }, shardOf);
        await index.advanceWatermarkMs(T0);
        for (const id of ['h0', 'h1', 'h2', 'h5']) await put(id, T0 + 1_000);

        // Act
        const run = await sweep(index, T0 + 3 * MINUTE_MS, { limits: { itemsPerSweepMax: 10 } });

        // Assess
        expect(run.ids).toEqual(['h0', 'h1', 'h2', 'h5']);
        expect(run.watermarkMs).toBe(T0 + 2 * MINUTE_MS);
        expect(run.behind).toBe(false);
      });

      it('a step that throws stops the sweep: what was done stays done, and the next run hands out the rest', async () => {
        // Prepare
        const { index, put, remove } = await makeIndex(LAYOUT, unsharded);
        await index.advanceWatermarkMs(T0);
        await put('fine', T0 + 1_000);
        await put('broken', T0 + MINUTE_MS + 1_000);
        const done: string[] = [];
        let failNext = true;
        const run = () =>
          sweepDue({
            index,
            limits: LIMITS,
            upToMs: T0 + 4 * MINUTE_MS,
            step: async ({ id }) => {
              if (id === 'broken' && failNext) {
                failNext = false;
                throw new Error('injected step failure');
              }
              done.push(id);
              await remove(id);
              return { staysDue: false };
            },
          });

        // Act
        const failed = run();
        await expect(failed).rejects.toThrow('injected step failure');
        const rerun = await run();

        // Assess
        expect(done).toEqual(['fine', 'broken']);
        expect(rerun.handled.map(({ entry }) => entry.id)).toEqual(['broken']);
      });

      it('hands an id to the step once per run, even when the step moves it into a later bucket that is due', async () => {
        // Prepare
        const { index, put } = await makeIndex(LAYOUT, unsharded);
        await index.advanceWatermarkMs(T0);
        await put('mover', T0 + 1_000);
        const nowMs = T0 + 4 * MINUTE_MS;
        let calls = 0;

        // Act
        const run = await sweepDue({
          index,
          limits: LIMITS,
          upToMs: nowMs,
          step: async ({ id }) => {
            calls += 1;
            await put(id, T0 + 2 * MINUTE_MS + 1_000);
            return { staysDue: false };
          },
        });

        // Assess
        expect(calls).toBe(1);
        expect(run.watermarkMs).toBe(T0 + 2 * MINUTE_MS);
      });
    });
  });
