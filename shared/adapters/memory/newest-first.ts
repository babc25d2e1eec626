import { decodeJsonCursor, encodeJsonCursor, invalidListingCursor } from '../../domain/cursor';
import type { Page } from '../../domain/page';
import { IDENTIFIER_LENGTH_MAX } from '../../limits';

/**
 * One page of a newest-first listing in memory (offers, contents): items ordered by
 * `<createdAt>#<id>` descending. Like the DynamoDB stores, a cursor names the listing it was
 * handed out for and the last item returned; a cursor for another listing, or one that is not
 * a cursor at all, is INVALID_CURSOR.
 */
export const newestFirstPage = <Item extends { readonly id: string; readonly createdAt: string }>(
  items: readonly Item[],
  listing: string,
  limit: number,
  cursor: string | undefined,
): Page<Item> => {
  const after = cursor === undefined ? undefined : decodeCursor(cursor, listing);
  const ordered = [...items].sort((left, right) => descendingByCodeUnits(sortKey(left), sortKey(right)));
  const start = after === undefined ? 0 : ordered.filter((item) => sortKey(item) >= after).length;
  const page = ordered.slice(start, start + limit);
  const last = page.at(-1);
  const more = start + limit < ordered.length;
  return {
    items: page,
    nextCursor: more && last !== undefined ? encodeJsonCursor({ listing, createdAt: last.createdAt, id: last.id }) : undefined,
  };
};

/**
 * Descending by UTF-16 code units, the order DynamoDB sorts string keys in and the order the
 * cursors' `<` and `>=` compare by (`localeCompare` orders '_', '-' and case by locale, so a
 * listing walked page by page repeated or skipped items).
 */
export const descendingByCodeUnits = (left: string, right: string): number => (left < right ? 1 : left > right ? -1 : 0);

const sortKey = (item: { readonly createdAt: string; readonly id: string }): string => `${item.createdAt}#${item.id}`;

/** The sort key a cursor continues after, if the cursor is one this listing handed out. */
const decodeCursor = (cursor: string, listing: string): string => {
  const value = decodeJsonCursor(cursor, invalidListingCursor);
  if (typeof value !== 'object' || value === null) throw invalidListingCursor();
  const { listing: cursorListing, createdAt, id } = value as Record<string, unknown>;
  if (cursorListing !== listing || typeof createdAt !== 'string' || typeof id !== 'string') throw invalidListingCursor();
  if (id === '' || id.length > IDENTIFIER_LENGTH_MAX || Number.isNaN(Date.parse(createdAt))) throw invalidListingCursor();
  return sortKey({ createdAt, id });
};
