import { decodeJsonCursor, encodeJsonCursor } from '../../domain/cursor';
import { iso } from '../../domain/reservations/rules';
import type { ReservationRecord } from '../../domain/reservations/types';
import { DomainError } from '../../errors';
import { DAY_MS, listPartition, listSort, reservationKey, type Item } from './reservations-items';

/**
 * The listings cursor: the day partition being read and the `listing` index key of the last
 * show handed out (DynamoDB's ExclusiveStartKey). The in-memory store hands out and accepts
 * the same cursors, so both refuse the same ones.
 */
export interface ListingCursor {
  readonly dayMs: number;
  readonly startKey: { readonly pk: string; readonly sk: string; readonly listPk: string; readonly listSk: string };
}

export const encodeListingCursor = (last: Pick<ReservationRecord, 'id' | 'startsAtMs'>): string =>
  encodeJsonCursor({
    dayMs: Math.floor(last.startsAtMs / DAY_MS) * DAY_MS,
    startKey: {
      ...reservationKey(last.id),
      listPk: listPartition(last.startsAtMs),
      listSk: listSort(last.startsAtMs, last.id),
    },
  });

const invalidCursor = () =>
  new DomainError('INVALID_CURSOR', 'The cursor is not one this API returned for this range.', [
    { field: 'cursor', message: 'is not valid' },
  ]);

const nonEmptyString = (value: unknown): value is string => typeof value === 'string' && value.length > 0;

/**
 * A cursor is the client's to send, so everything DynamoDB would refuse (a start key outside
 * the query's partition or range, a key of the wrong shape) is refused here as 400
 * INVALID_CURSOR instead of reaching the query as a ValidationException (a 500).
 */
export const parseListingCursor = (cursor: string | undefined, fromMs: number, toMs: number): ListingCursor | undefined => {
  if (cursor === undefined) return undefined;
  const parsed = decodeJsonCursor(cursor, invalidCursor);
  if (typeof parsed !== 'object' || parsed === null || !('dayMs' in parsed) || !('startKey' in parsed)) throw invalidCursor();
  const { dayMs, startKey } = parsed as { dayMs: unknown; startKey: unknown };
  if (typeof dayMs !== 'number' || !Number.isSafeInteger(dayMs) || dayMs % DAY_MS !== 0) throw invalidCursor();
  if (dayMs < Math.floor(fromMs / DAY_MS) * DAY_MS || dayMs > Math.floor((toMs - 1) / DAY_MS) * DAY_MS) throw invalidCursor();
  if (typeof startKey !== 'object' || startKey === null) throw invalidCursor();
  const { pk, sk, listPk, listSk } = startKey as Item;
  if (!nonEmptyString(pk) || !nonEmptyString(sk) || !nonEmptyString(listPk) || !nonEmptyString(listSk)) throw invalidCursor();
  const reservationId = pk.startsWith('RESERVATION#') ? pk.slice('RESERVATION#'.length) : '';
  const valid =
    reservationId.length > 0 &&
    sk === reservationKey(reservationId).sk &&
    listPk === listPartition(dayMs) &&
    listSk.startsWith(iso(dayMs).slice(0, 10)) &&
    listSk.endsWith(`#${reservationId}`) &&
    listSk >= iso(fromMs) &&
    listSk <= iso(toMs);
  if (!valid) throw invalidCursor();
  return { dayMs, startKey: { pk, sk, listPk, listSk } };
};
