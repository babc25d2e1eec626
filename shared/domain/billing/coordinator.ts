import { BILLING_ACTIVITY_SHARDS, BILLING_LISTING_PAGE_SIZE, BILLING_LISTING_PAGES_PER_INVOCATION } from '../../limits';
import type { BillingDeps } from './deps';
import { finalizeIfDone, type FinalizeDeps } from './reconcile';
import type { ListingState } from './types';

export type CoordinatorDeps = Pick<BillingDeps, 'runs' | 'activity' | 'queue'> & FinalizeDeps;

export type CoordinationOutcome = 'listed' | 'continued' | 'superseded' | 'not_running';

const nextListing = (listing: ListingState, nextCursor: string | undefined): ListingState => {
  const version = listing.version + 1;
  if (nextCursor !== undefined) return { shard: listing.shard, cursor: nextCursor, complete: false, version };
  if (listing.shard + 1 < BILLING_ACTIVITY_SHARDS) return { shard: listing.shard + 1, complete: false, version };
  return { shard: listing.shard, complete: true, version };
};

/**
 * The fan-out of one run: list the period's activity index (16 shards, page by page) and send
 * one statement message per party and currency.
 *
 * Flow, per page:
 *  1. Read the page at the run's stored listing cursor.
 *  2. Send its messages.
 *  3. In one conditional update, move the cursor and add the page to partiesTotal — only if
 *     the cursor is still where step 1 read it. A crash between 2 and 3 sends the page again
 *     on redelivery (workers are idempotent) but never counts it twice; a second coordinator
 *     of the same run that loses the condition stops ("superseded").
 * After BILLING_LISTING_PAGES_PER_INVOCATION pages it sends itself a continuation message. Once
 * the listing is complete it finalizes the run if every party is already accounted for (the
 * workers may have finished first).
 */
export const coordinateRun = async (deps: CoordinatorDeps, runId: string): Promise<CoordinationOutcome> => {
  const run = await deps.runs.getRun(runId);
  if (run === undefined || run.status !== 'running') return 'not_running';
  let listing = run.listing;
  for (let pages = 0; !listing.complete; pages += 1) {
    if (pages === BILLING_LISTING_PAGES_PER_INVOCATION) {
      await deps.queue.sendRun(runId);
      return 'continued';
    }
    const page = await deps.activity.list(run.period, listing.shard, {
      limit: BILLING_LISTING_PAGE_SIZE,
      ...(listing.cursor === undefined ? {} : { cursor: listing.cursor }),
    });
    await deps.queue.sendStatements(
      page.marks.map((mark) => ({ runId, kind: mark.kind, partyId: mark.partyId, currency: mark.currency })),
    );
    const next = nextListing(listing, page.nextCursor);
    if (!(await deps.runs.advanceListing(runId, listing, next, page.marks.length))) return 'superseded';
    listing = next;
  }
  await finalizeIfDone(deps, runId);
  return 'listed';
};
