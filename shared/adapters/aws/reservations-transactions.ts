import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { quotaExceeded, slotTaken } from '../../domain/reservations/errors';
import type { MetadataUpdate, NewBooking, Transition } from '../../domain/reservations/ports';
import { slotStartsOf } from '../../domain/reservations/rules';
import type { OutboxEvent, ReservationRecord } from '../../domain/reservations/types';
import { DomainError, InvariantViolationError, assert, quoted } from '../../errors';
import { DYNAMODB_TRANSACTION_ITEMS_MAX } from '../../limits';
import {
  channelKey,
  duePartition,
  dueSort,
  eventItem,
  eventKey,
  listPartition,
  listSort,
  quotaKey,
  reservationItem,
  reservationKey,
  slotKey,
  type Item,
} from './reservations-items';
import { putNew } from './conditional-writes';
import { ticketItem } from './tickets-dynamodb';

/**
 * The transactions of the reservations store: what each state change writes, with the
 * conditions that make the domain's decision true at commit time. Each builder returns the
 * items of ONE TransactWriteItems; the store sends it and reads the cancellation reasons.
 */
export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** An UpdateExpression assembled from its SET and REMOVE parts, with the version bumped. */
interface RecordUpdate {
  readonly sets: string[];
  readonly removes: string[];
  readonly values: Item;
}

const updateExpression = (update: RecordUpdate): string =>
  `SET ${update.sets.join(', ')}${update.removes.length > 0 ? ` REMOVE ${update.removes.join(', ')}` : ''} ADD #version :one`;

/** In the `listing` index afterwards, or not. */
const changeListing = (update: RecordUpdate, current: ReservationRecord, listed: boolean): void => {
  if (listed) {
    update.sets.push('listPk = :listPk', 'listSk = :listSk');
    update.values[':listPk'] = listPartition(current.startsAtMs);
    update.values[':listSk'] = listSort(current.startsAtMs, current.id);
  } else {
    update.removes.push('listPk', 'listSk');
  }
};

const eventPuts = (tableName: string, events: readonly OutboxEvent[]): TransactItem[] =>
  events.map((event) => ({
    Put: { TableName: tableName, Item: eventItem(event), ConditionExpression: 'attribute_not_exists(pk)' },
  }));

/**
 * A booking: the reservation (item 0), the channel check (1), a lock per slot (2 …), the
 * quota counter per month, then the events. `bookingRefusal` reads the reasons in that order.
 */
export const bookingItems = (tableName: string, booking: NewBooking): TransactItem[] => {
  const { reservation } = booking;
  const items: TransactItem[] = [
    { Put: { TableName: tableName, Item: reservationItem(reservation), ConditionExpression: 'attribute_not_exists(pk)' } },
    {
      ConditionCheck: {
        TableName: tableName,
        Key: channelKey(reservation.channelId),
        ConditionExpression: 'attribute_exists(pk)',
      },
    },
    ...slotStartsOf(reservation).map((startMs): TransactItem =>
      putNew(tableName, {
        ...slotKey(reservation.channelId, startMs),
        entity: 'slot',
        reservationId: reservation.id,
        slotStartMs: startMs,
      }),
    ),
    ...Object.entries(reservation.quotaMonths).map(([month, count]): TransactItem => ({
      Update: {
        TableName: tableName,
        Key: quotaKey(reservation.customerId, month),
        // Conditions cannot add, so the headroom is computed here: used <= quota − n.
        UpdateExpression: 'ADD slotsUsed :count SET entity = :entity',
        ConditionExpression: 'attribute_not_exists(slotsUsed) OR slotsUsed <= :headroom',
        ExpressionAttributeValues: { ':count': count, ':headroom': booking.monthlySlotQuota - count, ':entity': 'quota' },
      },
    })),
    ...eventPuts(tableName, booking.events),
  ];
  assert(items.length <= DYNAMODB_TRANSACTION_ITEMS_MAX, 'a booking fits one transaction (RESERVATION_SLOTS_MAX)');
  return items;
};

/** Why a booking was cancelled: it exists (a retry), or the refusal the first failed condition names. */
export const bookingRefusal = (booking: NewBooking, reasons: readonly string[]): 'exists' | DomainError => {
  const { reservation } = booking;
  const failed = (index: number) => reasons[index] === 'ConditionalCheckFailed';
  if (failed(0)) return 'exists';
  if (failed(1)) return new DomainError('CHANNEL_NOT_FOUND', `No channel ${quoted(reservation.channelId)}.`);
  const slotStarts = slotStartsOf(reservation);
  const taken = slotStarts.filter((_, index) => failed(2 + index));
  if (taken.length > 0) return slotTaken(taken);
  const month = Object.entries(reservation.quotaMonths).find((_, index) => failed(2 + slotStarts.length + index));
  if (month !== undefined) return quotaExceeded(month[0], booking.monthlySlotQuota);
  throw new InvariantViolationError(`booking ${reservation.id} failed on ${reasons.join(',')}`);
};

/** Item 0 of a transition: the reservation, conditional on `from`, the deadline side and the version. */
const transitionUpdate = (tableName: string, current: ReservationRecord, transition: Transition): TransactItem => {
  const update: RecordUpdate = {
    sets: ['#status = :to', 'updatedAtMs = :now'],
    removes: [],
    values: { ':to': transition.to, ':from': transition.from, ':now': transition.nowMs, ':one': 1 },
  };
  for (const [name, value] of Object.entries(transition.set ?? {})) {
    if (value === undefined) continue;
    update.sets.push(`${name} = :set_${name}`);
    update.values[`:set_${name}`] = value;
  }
  if (transition.due === 'remove') update.removes.push('duePk', 'dueSk');
  else if (transition.due !== 'keep') {
    update.sets.push('duePk = :duePk', 'dueSk = :dueSk');
    update.values[':duePk'] = duePartition(transition.due.kind, transition.due.atMs);
    update.values[':dueSk'] = dueSort(transition.due.atMs, current.id);
  }
  changeListing(update, current, transition.listed);
  let condition = '#status = :from';
  if (transition.deadline === 'before') condition += ' AND reconfirmByMs > :now';
  if (transition.deadline === 'reached') condition += ' AND reconfirmByMs <= :now';
  if (transition.read !== undefined) {
    condition += ' AND #version = :expectedVersion';
    update.values[':expectedVersion'] = transition.read.version;
  }
  return {
    Update: {
      TableName: tableName,
      Key: reservationKey(current.id),
      UpdateExpression: updateExpression(update),
      ConditionExpression: condition,
      ExpressionAttributeNames: { '#status': 'status', '#version': 'version' },
      ExpressionAttributeValues: update.values,
    },
  };
};

/**
 * A transition: the reservation's update (item 0, whose failed condition means "moved
 * meanwhile"), the slot locks deleted (only while they are still this reservation's), the
 * quota given back, withdrawn events deleted and new events written.
 */
/**
 * The items of a transition's TransactWriteItems: the reservation first (its condition failing
 * means it moved meanwhile), then the slots, the quota, the events and, for a confirmation,
 * the broadcaster ticket in the tickets' table (`ticketTableName`, the core table).
 */
export const transitionItems = (
  tableName: string,
  current: ReservationRecord,
  transition: Transition,
  ticketTableName?: string,
): TransactItem[] => [
  transitionUpdate(tableName, current, transition),
  ...(transition.releaseSlots
    ? slotStartsOf(current).map((startMs): TransactItem => ({
        Delete: {
          TableName: tableName,
          Key: slotKey(current.channelId, startMs),
          ConditionExpression: 'reservationId = :id',
          ExpressionAttributeValues: { ':id': current.id },
        },
      }))
    : []),
  ...(transition.returnQuota
    ? Object.entries(current.quotaMonths).map(([month, count]): TransactItem => ({
        Update: {
          TableName: tableName,
          Key: quotaKey(current.customerId, month),
          UpdateExpression: 'ADD slotsUsed :minus',
          ExpressionAttributeValues: { ':minus': -count },
        },
      }))
    : []),
  ...transition.withdrawEventIds.map((eventId): TransactItem => ({ Delete: { TableName: tableName, Key: eventKey(eventId) } })),
  ...eventPuts(tableName, transition.events),
  ...(transition.ticket === undefined ? [] : [ticketPut(transition.ticket, ticketTableName)]),
];

const ticketPut = (ticket: NonNullable<Transition['ticket']>, ticketTableName: string | undefined): TransactItem => {
  if (ticketTableName === undefined) {
    throw new InvariantViolationError(`a transition stores ticket ${ticket.id}, and this store was given no tickets table`);
  }
  // Unconditional: the reservation's own condition lets exactly one confirmation commit, and
  // only a confirmation writes the ticket of its id (a retry of a confirmed booking reads it).
  return { Put: { TableName: ticketTableName, Item: ticketItem(ticket) } };
};

/** The record a committed transition leaves (what a read after it would return). */
export const afterTransition = (current: ReservationRecord, transition: Transition): ReservationRecord => ({
  ...current,
  ...Object.fromEntries(Object.entries(transition.set ?? {}).filter(([, value]) => value !== undefined)),
  status: transition.to,
  version: current.version + 1,
  updatedAtMs: transition.nowMs,
});

/** A metadata change: the whole metadata (absent optional fields removed) at the version read, while active, and its events. */
export const metadataItems = (tableName: string, current: ReservationRecord, change: MetadataUpdate): TransactItem[] => {
  const update: RecordUpdate = {
    sets: ['title = :title', 'openLevel = :openLevel', 'updatedAtMs = :now'],
    removes: [],
    values: {
      ':title': change.metadata.title,
      ':openLevel': change.metadata.openLevel,
      ':now': change.nowMs,
      ':one': 1,
      ':expected': change.expectedVersion,
      ':pending': 'pending_reconfirmation',
      ':confirmed': 'confirmed',
    },
  };
  for (const name of ['genre', 'outline', 'detail', 'passwordHash'] as const) {
    const value = change.metadata[name];
    if (value === undefined) update.removes.push(name);
    else {
      update.sets.push(`${name} = :${name}`);
      update.values[`:${name}`] = value;
    }
  }
  changeListing(update, current, change.listed);
  return [
    {
      Update: {
        TableName: tableName,
        Key: reservationKey(current.id),
        UpdateExpression: updateExpression(update),
        ConditionExpression: '#version = :expected AND #status IN (:pending, :confirmed)',
        ExpressionAttributeNames: { '#status': 'status', '#version': 'version' },
        ExpressionAttributeValues: update.values,
      },
    },
    ...eventPuts(tableName, change.events),
  ];
};

/** The record a committed metadata change leaves. */
export const afterMetadataUpdate = (current: ReservationRecord, change: MetadataUpdate): ReservationRecord => {
  const { title: _title, genre: _genre, outline: _outline, detail: _detail, passwordHash: _hash, ...fixed } = current;
  return { ...fixed, ...change.metadata, version: current.version + 1, updatedAtMs: change.nowMs };
};
