import { derivedId } from '../../ids';
import { LEDGER_DUE_BUCKET_SECONDS, LEDGER_DUE_BUCKET_SHARDS } from '../../limits';
import { bucketStartOf, type DueLayout } from '../due/ports';

/**
 * Orderings and placements shared by every ledger implementation, so that the in-memory
 * ledger and the DynamoDB one list history in the same order and pick the same shards.
 */

const FNV_OFFSET_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a (32 bit): cheap, stable across processes, well spread over short ids. */
export const stableHash = (text: string): number => {
  let hash = FNV_OFFSET_BASIS;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, FNV_PRIME) >>> 0;
  }
  return hash;
};

/** The balance shard a transfer lands on: by hash of the transfer id (or of the hold it resolves, or of its batch's key). */
export const shardOf = (placementKey: string, balanceShards: number): number =>
  balanceShards <= 1 ? 0 : stableHash(placementKey) % balanceShards;

const TIME_DIGITS = 15;
const LEG_DIGITS = 2;

/**
 * Entries sort by recordedAt, then by the leg's index in its batch (so a linked batch reads
 * in the order it was written), then by transfer id (unique). Fixed-width numbers make the
 * string order the numeric order, so DynamoDB sort keys and in-memory arrays agree.
 */
export const entrySortKey = (recordedAtMs: number, legIndex: number, transferId: string): string =>
  `${String(recordedAtMs).padStart(TIME_DIGITS, '0')}#${String(legIndex).padStart(LEG_DIGITS, '0')}#${transferId}`;

/**
 * The prefix of every transfer id kippu derives for its own flows (`derivedId('trf', …)`: a
 * hold's post/void/expire, top-ups, purchases, reservations, refunds, billing). A client-chosen
 * transfer id must not start with it: such an id could be the one a flow or the expiry sweeper
 * is about to write, and taking it first would block that write for good (docs/ledger.md,
 * "Transfer ids kippu derives").
 */
export const KIPPU_TRANSFER_ID_PREFIX = 'trf_';

/** The rule as the pattern a client's transfer id must match, for the request schemas (and so the OpenAPI document). */
export const CLIENT_TRANSFER_ID_PATTERN = /* @__PURE__ */ new RegExp(`^(?!${KIPPU_TRANSFER_ID_PREFIX})`);

/** Whether an id is in the namespace kippu derives its transfer ids in: one a client may not choose. */
export const isKippuTransferId = (id: string): boolean => !CLIENT_TRANSFER_ID_PATTERN.test(id);

/** Ids of the transfers that resolve a hold when the caller does not choose one. */
export const derivedResolutionId = (pendingId: string, action: 'post' | 'void' | 'expire'): string =>
  derivedId('trf', 'ledger-resolution', action, pendingId);

/** The due index of pending holds, which the expiry sweep walks: minute buckets, each over a few partitions. */
export const LEDGER_DUE_LAYOUT: DueLayout = { bucketSeconds: LEDGER_DUE_BUCKET_SECONDS, shards: LEDGER_DUE_BUCKET_SHARDS };

/** Start of the due bucket (a minute) that contains the instant. */
export const dueBucketStartMs = (instantMs: number): number => bucketStartOf(LEDGER_DUE_LAYOUT, instantMs);

/** The sub-partition of a bucket a hold is indexed under, so one busy minute is spread out. */
export const dueShardOf = (transferId: string): number => stableHash(`due:${transferId}`) % LEDGER_DUE_LAYOUT.shards;

/** e.g. `DUE#2026-11-22T02:13#3`: readable in the console, one partition per minute and shard. */
export const duePartitionKey = (bucketStartMs: number, dueShard: number): string =>
  `DUE#${new Date(bucketStartMs).toISOString().slice(0, 16)}#${dueShard}`;

/** Sorts by due time inside a bucket, so a sweep reads only `dueSortKey <= now`. */
export const dueSortKey = (expiresAtMs: number, transferId: string): string =>
  `${String(expiresAtMs).padStart(TIME_DIGITS, '0')}#${transferId}`;

/** The largest sort key due at `nowMs` (`~` sorts after every id character we allow). */
export const dueSortKeyUpTo = (nowMs: number): string => `${String(nowMs).padStart(TIME_DIGITS, '0')}#~`;
