import type { DynamoDBDocumentClient, QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { DueEntry } from '../../domain/due/ports';
import type { OwnedQuery } from '../../domain/owned';
import {
  RESERVATION_DUE_LAYOUT,
  type AdmitResult,
  type BookingResult,
  type ListingsPage,
  type MetadataUpdate,
  type NewBooking,
  type ReservationStore,
} from '../../domain/reservations/ports';
import { iso } from '../../domain/reservations/rules';
import type { ChannelRecord, DueKind, ReservationRecord, ReservationStatus, ViewerRecord } from '../../domain/reservations/types';
import { LISTINGS_RANGE_DAYS_MAX } from '../../limits';
import { putIfAbsent, storedInstead } from './conditional-writes';
import { batchGet } from './dynamodb-batches';
import { DynamoDueIndex } from './due-index-dynamodb';
import { queryPages } from './items';
import { queryOwnedIndex } from './owned-index-dynamodb';
import { encodeListingCursor, parseListingCursor } from './reservations-cursor';
import {
  DAY_MS,
  RETENTION_SECONDS,
  bookerPartition,
  channelItem,
  channelKey,
  channelOf,
  duePartition,
  dueSortUpTo,
  eventKey,
  eventOf,
  idOfDueSort,
  listPartition,
  reservationKey,
  reservationOf,
  seatItem,
  seatKey,
  viewerItem,
  viewerKey,
  viewerOf,
  watermarkKey,
  type Item,
} from './reservations-items';
import { DynamoReservationRecords, QUERY_PAGES_MAX } from './reservations-records-dynamodb';
import { afterMetadataUpdate, bookingItems, bookingRefusal, metadataItems } from './reservations-transactions';
import { realSleep, type Sleep } from '../../contention';

/**
 * Reservations on DynamoDB: one table (`reservationsTable`, items in reservations-items.ts),
 * every state change ONE TransactWriteItems (reservations-transactions.ts) whose conditions
 * make the domain's decision true at commit time. The records' reads and moves are
 * DynamoReservationRecords' (reservations-records-dynamodb.ts); this class adds channels,
 * booking, metadata, admission, the `due` indexes, the booker's list, listings and the outbox.
 * `sleep` waits between contended attempts (real time unless a test injects another).
 */
/**
 * The status filter of a customer's list, judged at the request's instant: a booking pending at
 * or after its `reconfirmBy` is `expired` (shared/domain/reservations/rules.ts, reservationAt),
 * whether or not its expiry has run.
 */
const bookerStatusFilter = (status: string, asOfMs: number | undefined) => {
  if (asOfMs === undefined) return { expression: '#status = :status' };
  if (status === 'pending_reconfirmation') {
    return { expression: '#status = :status AND reconfirmByMs > :asOf', values: { ':asOf': asOfMs } };
  }
  if (status === 'expired') {
    return {
      expression: '#status = :status OR (#status = :pending AND reconfirmByMs <= :asOf)',
      values: { ':asOf': asOfMs, ':pending': 'pending_reconfirmation' },
    };
  }
  return { expression: '#status = :status' };
};

export class DynamoReservationStore extends DynamoReservationRecords implements ReservationStore {
  private readonly dueIndexes: Readonly<Record<DueKind, DynamoDueIndex<DueEntry>>>;

  constructor(client: DynamoDBDocumentClient, tableName: string, sleep: Sleep = realSleep, ticketTableName?: string) {
    super(client, tableName, sleep, ticketTableName);
    const dueIndexOf = (kind: DueKind) =>
      new DynamoDueIndex<DueEntry>({
        client,
        tableName,
        indexName: 'due',
        layout: RESERVATION_DUE_LAYOUT,
        partitionAttribute: 'duePk',
        sortAttribute: 'dueSk',
        partitionOf: (bucketStartMs) => duePartition(kind, bucketStartMs),
        sortKeyUpTo: dueSortUpTo,
        attributes: ['dueSk'],
        entryOf: (item) => ({ id: idOfDueSort(String(item.dueSk)) }),
        watermarkKey: watermarkKey(kind),
        watermarkAttribute: 'bucketMs',
      });
    this.dueIndexes = { expire: dueIndexOf('expire'), complete: dueIndexOf('complete'), outbox: dueIndexOf('outbox') };
  }

  async createChannel(channel: ChannelRecord) {
    const created = await putIfAbsent(this.client, { TableName: this.tableName, Item: channelItem(channel) });
    return created ? { created, channel } : { created, channel: await storedInstead(this.getChannel(channel.id), 'a channel') };
  }

  async getChannel(channelId: string) {
    const item = await this.get(channelKey(channelId));
    return item === undefined ? undefined : channelOf(item);
  }

  async bookedSlots(channelId: string, fromMs: number, toMs: number) {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': `SLOT#${channelId}`, ':from': iso(fromMs), ':to': iso(toMs - 1) },
    });
    return items.map((item) => ({ slotStartMs: Date.parse(String(item.sk)), reservationId: String(item.reservationId) }));
  }

  async getReservations(reservationIds: readonly string[]) {
    const items = await batchGet(this.client, this.tableName, [...new Set(reservationIds)].map(reservationKey));
    return items.map(reservationOf);
  }

  async createReservation(booking: NewBooking): Promise<BookingResult> {
    const outcome = await this.transact(bookingItems(this.tableName, booking));
    if (outcome.ok) return { result: 'created' };
    const refusal = bookingRefusal(booking, outcome.reasons);
    if (refusal !== 'exists') throw refusal;
    return { result: 'exists', reservation: await storedInstead(this.getReservation(booking.reservation.id), 'a reservation') };
  }

  async updateMetadata(update: MetadataUpdate) {
    const current = await this.getReservation(update.reservationId);
    if (current === undefined || current.version !== update.expectedVersion) return undefined;
    const outcome = await this.transact(metadataItems(this.tableName, current, update));
    return outcome.ok ? afterMetadataUpdate(current, update) : undefined;
  }

  async admitViewer(viewer: ViewerRecord, attempt = 1): Promise<AdmitResult> {
    const outcome = await this.transact([
      {
        Update: {
          TableName: this.tableName,
          Key: reservationKey(viewer.reservationId),
          UpdateExpression: 'ADD viewersWatching :one',
          ConditionExpression: '#status = :confirmed AND viewersWatching < #capacity',
          ExpressionAttributeNames: { '#status': 'status', '#capacity': 'capacity' },
          ExpressionAttributeValues: { ':one': 1, ':confirmed': 'confirmed' },
        },
      },
      { Put: { TableName: this.tableName, Item: viewerItem(viewer), ConditionExpression: 'attribute_not_exists(pk)' } },
      { Put: { TableName: this.tableName, Item: seatItem(viewer), ConditionExpression: 'attribute_not_exists(pk)' } },
    ]);
    if (outcome.ok) return 'admitted';
    if (outcome.reasons[1] === 'ConditionalCheckFailed') return 'exists';
    if (outcome.reasons[2] === 'ConditionalCheckFailed') {
      const seat = await this.get(seatKey(viewer.reservationId, viewer.customerId));
      if (seat !== undefined) return { result: 'seated', ticketId: String(seat['ticketId']) };
      // Released between the write and this read: decide once more on what is true now.
      if (attempt === 1) return this.admitViewer(viewer, 2);
    }
    const reservation = await this.getReservation(viewer.reservationId);
    return reservation?.status === 'confirmed' ? 'full' : 'not_admitting';
  }

  async getViewer(reservationId: string, ticketId: string) {
    const item = await this.get(viewerKey(reservationId, ticketId));
    return item === undefined ? undefined : viewerOf(item);
  }

  async seatTicketId(reservationId: string, customerId: string) {
    const seat = await this.get(seatKey(reservationId, customerId));
    return seat === undefined ? undefined : String(seat['ticketId']);
  }

  dueIndex(kind: DueKind) {
    return this.dueIndexes[kind];
  }

  /**
   * The booker's bookings created from `createdFromMs` on, still pending past their deadline:
   * the `booker` index from that creation instant on (its sort key starts with it), every page
   * up to QUERY_PAGES_MAX, filtered on the stored status and the deadline.
   */
  async lapsedBookings(customerId: string, nowMs: number, createdFromMs: number): Promise<readonly ReservationRecord[]> {
    const found: ReservationRecord[] = [];
    await queryPages(
      this.client,
      QUERY_PAGES_MAX,
      () => ({
        TableName: this.tableName,
        IndexName: 'booker',
        KeyConditionExpression: 'bookerPk = :pk AND bookerSk >= :from',
        FilterExpression: '#status = :pending AND reconfirmByMs <= :now',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':pk': bookerPartition(customerId),
          ':from': iso(createdFromMs),
          ':pending': 'pending_reconfirmation',
          ':now': nowMs,
        },
      }),
      (answer) => {
        for (const item of answer.Items ?? []) found.push(reservationOf(item));
      },
    );
    return found;
  }

  /** A customer's bookings, newest first: the `booker` index. */
  listByBooker(query: OwnedQuery<ReservationStatus>) {
    return queryOwnedIndex(
      {
        client: this.client,
        tableName: this.tableName,
        indexName: 'booker',
        partitionAttribute: 'bookerPk',
        sortAttribute: 'bookerSk',
        partitionOf: bookerPartition,
        tableKeyOf: reservationKey,
        recordOf: reservationOf,
        statusFilter: bookerStatusFilter,
      },
      query,
    );
  }

  /**
   * Listed shows by start time: one `listing` partition per UTC day, from the cursor's day and
   * key (or from `fromMs`), until it has read one show more than the page (then a cursor to
   * the page's last show) or the range ends: the last page has no cursor.
   */
  async listings(query: { fromMs: number; toMs: number; limit: number; cursor?: string }): Promise<ListingsPage> {
    const cursor = parseListingCursor(query.cursor, query.fromMs, query.toMs);
    const items: ReservationRecord[] = [];
    let day = cursor?.dayMs ?? Math.floor(query.fromMs / DAY_MS) * DAY_MS;
    let startKey: Item | undefined = cursor?.startKey;
    const lastDay = Math.floor((query.toMs - 1) / DAY_MS) * DAY_MS;
    for (let days = 0; day <= lastDay && days <= LISTINGS_RANGE_DAYS_MAX + 1; day += DAY_MS, days += 1) {
      await queryPages(
        this.client,
        QUERY_PAGES_MAX,
        () => ({
          TableName: this.tableName,
          IndexName: 'listing',
          KeyConditionExpression: 'listPk = :pk AND listSk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': listPartition(day), ':from': iso(query.fromMs), ':to': iso(query.toMs) },
          Limit: query.limit + 1 - items.length,
        }),
        (answer) => {
          for (const item of answer.Items ?? []) items.push(reservationOf(item));
          return items.length <= query.limit;
        },
        startKey,
      );
      const page = items.slice(0, query.limit);
      const last = page.at(-1);
      if (items.length > query.limit && last !== undefined) return { items: page, nextCursor: encodeListingCursor(last) };
      startKey = undefined;
    }
    return { items };
  }

  async getEvent(eventId: string) {
    const item = await this.get(eventKey(eventId));
    return item === undefined ? undefined : eventOf(item);
  }

  async markDelivered(eventId: string, nowMs: number) {
    return this.updateIfStill({
      Key: eventKey(eventId),
      UpdateExpression: 'REMOVE duePk, dueSk SET deliveredAtMs = :now, #ttl = :ttl',
      ConditionExpression: 'attribute_exists(duePk)',
      ExpressionAttributeNames: { '#ttl': 'ttl' },
      ExpressionAttributeValues: { ':now': nowMs, ':ttl': Math.floor(nowMs / 1000) + RETENTION_SECONDS },
    });
  }

  /** Every page of a consistent query on the table (bounded by QUERY_PAGES_MAX). */
  private async queryAll(query: Pick<QueryCommandInput, 'KeyConditionExpression' | 'ExpressionAttributeValues'>) {
    const items: Item[] = [];
    await queryPages(
      this.client,
      QUERY_PAGES_MAX,
      () => ({ TableName: this.tableName, ...query, ConsistentRead: true }),
      (answer) => {
        items.push(...(answer.Items ?? []));
      },
    );
    return items;
  }
}
