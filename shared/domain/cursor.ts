import { DomainError } from '../errors';

/**
 * Page cursors are opaque to clients. A store's cursor is its position: JSON in base64url.
 * Decoding only undoes that wrapping; each store checks the shape, because only it knows
 * which start keys its query accepts, and throws its own error for a cursor it did not issue.
 * The API hands positions out sealed (list-cursor.ts, shared/http/list.ts), so a position
 * that reaches a store is one that store handed out for the same list, caller and query.
 */
export const encodeJsonCursor = (value: object): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

export const decodeJsonCursor = (cursor: string, invalid: () => DomainError): unknown => {
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
};

/** The refusal of a cursor that a listing did not hand out, the same from every listing and store. */
export const invalidListingCursor = (): DomainError =>
  new DomainError('INVALID_CURSOR', 'The cursor is not one this listing issued.', [
    { field: 'cursor', message: 'pass nextCursor from the previous page unchanged' },
  ]);
