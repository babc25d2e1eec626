import type { Page } from '../../domain/page';
import type { UsageEvent } from '../../domain/rights/ports';
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
    // Code-unit order, as DynamoDB sorts keys and as the cursor's `<` below compares them
    // (localeCompare orders `_`, `-` and case otherwise, which lost events across pages).
    .sort((left, right) => (usageSortKey(left) < usageSortKey(right) ? 1 : usageSortKey(left) > usageSortKey(right) ? -1 : 0))
    .filter((event) => after === undefined || usageSortKey(event) < after);
  const items = ordered.slice(0, limit);
  const last = items.at(-1);
  // As in the DynamoDB store: a cursor only when more events follow the page.
  return {
    items,
    nextCursor: ordered.length > limit && last !== undefined ? encodeUsageCursor(listing, owner, last) : undefined,
  };
};
