import { createHmac, timingSafeEqual } from 'node:crypto';
import { DomainError } from '../errors';

/**
 * Page cursors are opaque to clients. A store's cursor is its position: JSON in base64url.
 * Decoding only undoes that wrapping; each store checks the shape, because only it knows
 * which start keys its query accepts, and throws its own error for a cursor it did not issue.
 * The API hands positions out sealed (`sealCursor` below, shared/http/list.ts), so a position
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

/**
 * Which list a cursor belongs to: the operation, the caller it was handed to (its role and
 * party, or `public`), and every filter of the query (path and query parameters but the
 * cursor and the page size), as name/value pairs in any order.
 */
export interface CursorBinding {
  readonly list: string;
  readonly caller: string;
  readonly filters: readonly (readonly [string, string])[];
}

/** Where the key that seals cursors comes from (a deployment's secret; see docs/api.md, "Lists"). */
export interface ListCursorKey {
  key(): Promise<Uint8Array>;
}

/** 128 bits of HMAC-SHA-256: a forger must guess it (2^-128 a try); it keeps cursors short. */
const SEAL_BYTES = 16;
const SEAL_LENGTH = Math.ceil((SEAL_BYTES * 4) / 3);
const SEAL_PATTERN = /^[A-Za-z0-9_-]+$/;

const sealOf = (key: Uint8Array, binding: CursorBinding, position: string): Buffer => {
  const filters = [...binding.filters].sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
  // One JSON array: no two different bindings or positions give the same text.
  const text = JSON.stringify(['kippu-list-cursor/1', binding.list, binding.caller, filters, position]);
  return createHmac('sha256', key).update(text, 'utf8').digest().subarray(0, SEAL_BYTES);
};

/**
 * A list's position (the store's own cursor: base64url text) sealed for this list, caller and
 * query: `<position>.<seal>`. Only the holder of the key can make one, so what the position
 * carries (a start key, a running balance) can be trusted when it comes back.
 */
export const sealCursor = (key: Uint8Array, binding: CursorBinding, position: string): string =>
  `${position}.${sealOf(key, binding, position).toString('base64url')}`;

/** The position a cursor sealed for this binding carries; any other cursor is INVALID_CURSOR. */
export const openCursor = (key: Uint8Array, binding: CursorBinding, cursor: string): string => {
  const dot = cursor.lastIndexOf('.');
  const position = cursor.slice(0, Math.max(dot, 0));
  const seal = cursor.slice(dot + 1);
  if (dot < 1 || seal.length !== SEAL_LENGTH || !SEAL_PATTERN.test(seal)) throw invalidListingCursor();
  const given = Buffer.from(seal, 'base64url');
  // The canonical encoding only: another text that decodes to the same bytes is not the cursor handed out.
  if (given.length !== SEAL_BYTES || given.toString('base64url') !== seal) throw invalidListingCursor();
  if (!timingSafeEqual(given, sealOf(key, binding, position))) throw invalidListingCursor();
  return position;
};
