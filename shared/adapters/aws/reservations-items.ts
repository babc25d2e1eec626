import { RESERVATION_DUE_LAYOUT } from '../../domain/reservations/ports';
import { iso } from '../../domain/reservations/rules';
import type { ChannelRecord, DueKind, OutboxEvent, ReservationRecord, ViewerRecord } from '../../domain/reservations/types';
import { bucketStartOf } from '../../domain/due/ports';
import { ownedSortKey } from '../../domain/owned';
import { recordOf } from './items';

/**
 * Item codecs of the reservations table (`reservationsTable`):
 *
 *   CHANNEL#<id> / CHANNEL                 the channel
 *   SLOT#<channelId> / <slot start ISO>     a slot lock (attribute_not_exists on create)
 *   RESERVATION#<id> / RESERVATION          the reservation; sparse GSI attributes:
 *       duePk = <kind>#<UTC hour>, dueSk = <due ISO>#<id>    (`due` index: expire | complete)
 *       listPk = listing#<UTC day of start>, listSk = <start ISO>#<id>  (`listing` index)
 *       bookerPk = BOOKER#<customerId>, bookerSk = <created ISO>#<id>   (`booker` index, always)
 *   RESERVATION#<id> / VIEWER#<ticketId>    a viewer's seat
 *   QUOTA#<customerId> / MONTH#<YYYY-MM>    slots used in a UTC month
 *   EVENT#<id> / EVENT                      an outbox event; in the `due` index (outbox#…) until delivered
 *   SWEEP / <kind>                          the sweep watermark of a kind (`bucketMs`, a due-bucket start)
 */
export type Item = Record<string, unknown>;

export const DAY_MS = 86_400_000;

/** Delivered events and left viewers are kept this long, then TTL cleans them up. */
export const RETENTION_SECONDS = 30 * 86_400;

export const channelKey = (channelId: string) => ({ pk: `CHANNEL#${channelId}`, sk: 'CHANNEL' });
export const slotKey = (channelId: string, slotStartMs: number) => ({ pk: `SLOT#${channelId}`, sk: iso(slotStartMs) });
export const reservationKey = (reservationId: string) => ({ pk: `RESERVATION#${reservationId}`, sk: 'RESERVATION' });
export const viewerKey = (reservationId: string, ticketId: string) => ({
  pk: `RESERVATION#${reservationId}`,
  sk: `VIEWER#${ticketId}`,
});
/** A customer's one seat of a show: `ticketId` names the viewer that holds it (docs/reservations.md, "One seat per customer"). */
export const seatKey = (reservationId: string, customerId: string) => ({
  pk: `RESERVATION#${reservationId}`,
  sk: `SEAT#${customerId}`,
});
export const quotaKey = (customerId: string, month: string) => ({ pk: `QUOTA#${customerId}`, sk: `MONTH#${month}` });
export const eventKey = (eventId: string) => ({ pk: `EVENT#${eventId}`, sk: 'EVENT' });
export const watermarkKey = (kind: DueKind) => ({ pk: 'SWEEP', sk: kind });

/** The `due` index partition of a kind's bucket: e.g. `expire#2026-11-22T02`. */
export const duePartition = (kind: DueKind, atMs: number): string =>
  `${kind}#${iso(bucketStartOf(RESERVATION_DUE_LAYOUT, atMs)).slice(0, 13)}`;
export const dueSort = (atMs: number, id: string): string => `${iso(atMs)}#${id}`;
/** The `due` index attributes of item `id`, due as `kind` at `atMs`. */
const dueAttributes = (kind: DueKind, atMs: number, id: string) => ({
  duePk: duePartition(kind, atMs),
  dueSk: dueSort(atMs, id),
});
/** The largest `due` sort key of an item due at `upToMs`. */
export const dueSortUpTo = (upToMs: number): string => `${iso(upToMs)}#\uffff`;
/** The item id of a `due` index entry, from its sort key. */
export const idOfDueSort = (sortKey: string): string => sortKey.slice(sortKey.indexOf('#') + 1);

export const listPartition = (startsAtMs: number): string => `listing#${iso(startsAtMs).slice(0, 10)}`;
export const listSort = (startsAtMs: number, reservationId: string): string => `${iso(startsAtMs)}#${reservationId}`;

export const bookerPartition = (customerId: string): string => `BOOKER#${customerId}`;

/** What only the table needs (beside `pk` and `sk`): index keys, the entity tag, `ttl`. */
const TABLE_ONLY_ATTRIBUTES = ['duePk', 'dueSk', 'listPk', 'listSk', 'bookerPk', 'bookerSk', 'entity', 'ttl'] as const;
const strip = (item: Item): Item => recordOf(item, ...TABLE_ONLY_ATTRIBUTES);

export const channelItem = (channel: ChannelRecord): Item => ({ ...channelKey(channel.id), entity: 'channel', ...channel });

/** The stored form of a new reservation (exported for the bench and the scale test, which write many at once). */
export const reservationItem = (reservation: ReservationRecord): Item => ({
  ...reservationKey(reservation.id),
  entity: 'reservation',
  ...reservation,
  ...dueAttributes('expire', reservation.reconfirmByMs, reservation.id),
  bookerPk: bookerPartition(reservation.customerId),
  bookerSk: ownedSortKey(iso(reservation.createdAtMs), reservation.id),
});

export const viewerItem = (viewer: ViewerRecord): Item => ({
  ...viewerKey(viewer.reservationId, viewer.ticketId),
  entity: 'viewer',
  ...viewer,
});

export const seatItem = (viewer: ViewerRecord): Item => ({
  ...seatKey(viewer.reservationId, viewer.customerId),
  entity: 'seat',
  ticketId: viewer.ticketId,
});

export const eventItem = (event: OutboxEvent): Item => ({
  ...eventKey(event.id),
  entity: 'event',
  ...event,
  ...dueAttributes('outbox', event.deliverAtMs, event.id),
});

export const channelOf = (item: Item): ChannelRecord => strip(item) as unknown as ChannelRecord;
export const reservationOf = (item: Item): ReservationRecord => strip(item) as unknown as ReservationRecord;
export const viewerOf = (item: Item): ViewerRecord => strip(item) as unknown as ViewerRecord;
export const eventOf = (item: Item): OutboxEvent => {
  const { deliveredAtMs: _delivered, ...event } = strip(item);
  return event as unknown as OutboxEvent;
};
