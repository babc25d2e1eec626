import type { Page } from '../../domain/page';
import type { UsageEvent } from '../../domain/rights/ports';
import { descendingByCodeUnits } from './newest-first';
import { decodeUsageCursor, encodeUsageCursor, usageSortKey, type UsageListing } from '../usage-cursor';

/** Whose events a listing holds: a content's, or a holder's. */
const ownerOf = (listing: UsageListing, event: UsageEvent): string | undefined =>
  listing === 'content' ? event.contentId : event.holderId;

/** One page of one owner's usage events in memory, newest first, with the DynamoDB store's cursors. */
export const usagePage = (
  events: readonly UsageEvent[],
  listing: UsageListing,
  owner: string,
  limit: number,
  cursor: string | undefined,
): Page<UsageEvent> => {
  const after = cursor === undefined ? undefined : decodeUsageCursor(listing, owner, cursor).sortKey;
  const ordered = events
    .filter((event) => ownerOf(listing, event) === owner)
    .sort((left, right) => descendingByCodeUnits(usageSortKey(left), usageSortKey(right)))
    .filter((event) => after === undefined || usageSortKey(event) < after);
  const items = ordered.slice(0, limit);
  const last = items.at(-1);
  // As in the DynamoDB store: a cursor only when more events follow the page.
  return {
    items,
    nextCursor: ordered.length > limit && last !== undefined ? encodeUsageCursor(listing, owner, last) : undefined,
  };
};
