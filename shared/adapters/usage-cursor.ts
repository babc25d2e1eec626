import { decodeJsonCursor, encodeJsonCursor, invalidListingCursor } from '../domain/cursor';
import type { UsageEvent } from '../domain/rights/ports';

/**
 * Cursors of the usage log listings, the same in both stores: which listing issued it and the
 * sort key (`<at>#<event id>`) of the last event of the page, plus the event's partition for a
 * customer's listing (DynamoDB needs the base table key to continue an index query; it names
 * the customer's own content or ticket). A cursor of another listing, or of any other shape,
 * is INVALID_CURSOR, never a query the database refuses with a 500.
 */
export type UsageListing = 'content' | 'holder';

export interface UsageCursor {
  readonly sortKey: string;
  /** The event's partition (`USAGE#CONTENT#…` or `USAGE#TICKET#…`); customer listings only. */
  readonly partition?: string;
}

const SORT_KEY_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z#use_[A-Za-z0-9_-]{22}$/;
const PARTITION_PATTERN = /^USAGE#(CONTENT|TICKET)#[A-Za-z0-9][A-Za-z0-9_.:@-]{0,199}$/;

export const usageSortKey = (event: Pick<UsageEvent, 'at' | 'id'>): string => `${event.at}#${event.id}`;

/** The partition an event is stored under: its content's log, or (no content) its ticket's. */
export const usagePartition = (event: Pick<UsageEvent, 'contentId' | 'ticketId'>): string =>
  event.contentId === undefined ? `USAGE#TICKET#${event.ticketId}` : `USAGE#CONTENT#${event.contentId}`;

export const encodeUsageCursor = (listing: UsageListing, owner: string, event: UsageEvent): string =>
  encodeJsonCursor({
    listing,
    owner,
    after: usageSortKey(event),
    ...(listing === 'holder' ? { partition: usagePartition(event) } : {}),
  });

export const decodeUsageCursor = (listing: UsageListing, owner: string, cursor: string): UsageCursor => {
  const value = decodeJsonCursor(cursor, invalidListingCursor);
  if (typeof value !== 'object' || value === null) throw invalidListingCursor();
  const fields = value as Record<string, unknown>;
  if (fields['listing'] !== listing || fields['owner'] !== owner) throw invalidListingCursor();
  const after = fields['after'];
  if (typeof after !== 'string' || !SORT_KEY_PATTERN.test(after)) throw invalidListingCursor();
  if (listing === 'content') return { sortKey: after };
  const partition = fields['partition'];
  if (typeof partition !== 'string' || !PARTITION_PATTERN.test(partition)) throw invalidListingCursor();
  return { sortKey: after, partition };
};
