import { createHmac, timingSafeEqual } from 'node:crypto';
import { invalidListingCursor } from './cursor';

/**
 * Which list a cursor belongs to: the operation, the caller it was handed to (its role and
 * party, or `public`), and every filter of the query (path and query parameters but where
 * the page starts and its size), as name/value pairs in any order.
 */
export interface CursorBinding {
  readonly list: string;
  readonly caller: string;
  readonly filters: readonly (readonly [string, string])[];
}

/** Where the key that seals cursors comes from (a deployment's secret; README, API conventions). */
export interface ListCursorKey {
  key(): Promise<Uint8Array>;
}

/** 128 bits of HMAC-SHA-256: a forger must guess it (2^-128 a try); it keeps cursors short. */
const SEAL_BYTES = 16;
/** The seal's length in base64url. */
const SEAL_LENGTH = 22;
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
