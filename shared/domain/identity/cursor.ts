import { DomainError } from '../../errors';
import { decodeJsonCursor, encodeJsonCursor } from '../cursor';

/**
 * Cursors of the device and device-pair listings, the same in both stores: the id of the last
 * item of the page, wrapped. A cursor that does not name an id of this listing's kind was not
 * handed out by it and is INVALID_CURSOR (never a query the database refuses with a 500).
 */
export type ListingKind = 'dev' | 'dpr';

const ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

const invalidCursor = () =>
  new DomainError('INVALID_CURSOR', 'The cursor is not one this listing issued.', [
    { field: 'cursor', message: 'pass nextCursor from the previous page unchanged' },
  ]);

export const encodeIdCursor = (kind: ListingKind, lastId: string): string => encodeJsonCursor({ kind, after: lastId });

/** The id after which the next page starts. */
export const decodeIdCursor = (kind: ListingKind, cursor: string): string => {
  const value = decodeJsonCursor(cursor, invalidCursor);
  if (typeof value !== 'object' || value === null) throw invalidCursor();
  const { kind: cursorKind, after } = value as Record<string, unknown>;
  if (cursorKind !== kind || typeof after !== 'string' || !after.startsWith(`${kind}_`)) throw invalidCursor();
  if (!ID_PATTERN.test(after.slice(kind.length + 1))) throw invalidCursor();
  return after;
};
