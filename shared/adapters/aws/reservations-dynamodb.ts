import type { DynamoDBDocumentClient, QueryCommandInput, UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
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
  type Transition,
} from '../../domain/reservations/ports';
import { iso } from '../../domain/reservations/rules';
import type {
  ChannelRecord,
  DueKind,
  ReservationRecord,
  ReservationStatus,
  SettlementProblem,
  ViewerRecord,
} from '../../domain/reservations/types';
import { DomainError, InvariantViolationError } from '../../errors';
import { LISTINGS_RANGE_DAYS_MAX, RESERVATION_CONFLICT_RETRY } from '../../limits';
import { putIfAbsent, storedInstead, transactWrite, updateIfHeld } from './conditional-writes';
import { DynamoDueIndex } from './due-index-dynamodb';
import { queryPages, readItem } from './items';
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
  dueSort,
  dueSortUpTo,
  eventKey,
  eventOf,
  idOfDueSort,
  listPartition,
  reservationKey,
  reservationOf,
  viewerItem,
  viewerKey,
  viewerOf,
  watermarkKey,
  type Item,
} from './reservations-items';
import {
  afterMetadataUpdate,
  afterTransition,
  bookingItems,
  bookingRefusal,
  metadataItems,
  transitionItems,
  type TransactItem,
} from './reservations-transactions';
import { backoff, isContention, reasonsOfCancellation, realSleep, type Sleep } from './retry';

/** Pages one slot, viewer or listing query reads at most (each up to 1 MB; the answers are far smaller). */
const QUERY_PAGES_MAX = 10;

type TransactOutcome = { readonly ok: true } | { readonly ok: false; readonly reasons: readonly string[] };

/**
 * Reservations on DynamoDB: one table (`reservationsTable`, items in reservations-items.ts),
 * every state change ONE TransactWriteItems (reservations-transactions.ts) whose conditions
 * make the domain's decision true at commit time. `sleep` waits between contended attempts
 * (real time unless a test injects another).
 */
export class DynamoReservationStore implements ReservationStore {
  private readonly dueIndexes: Readonly<Record<DueKind, DynamoDueIndex<DueEntry>>>;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly sleep: Sleep = realSleep,
  ) {
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

  async createReservation(booking: NewBooking): Promise<BookingResult> {
    const outcome = await this.transact(bookingItems(this.tableName, booking));
    if (outcome.ok) return { result: 'created' };
    const refusal = bookingRefusal(booking, outcome.reasons);
    if (refusal !== 'exists') throw refusal;
    return { result: 'exists', reservation: await storedInstead(this.getReservation(booking.reservation.id), 'a reservation') };
  }

  async getReservation(reservationId: string) {
    const item = await this.get(reservationKey(reservationId));
    return item === undefined ? undefined : reservationOf(item);
  }

  /** Flow: read the reservation → build the transaction from it → commit; a failed condition on the reservation = moved meanwhile. */
  async transition(transition: Transition) {
    const current = await this.getReservation(transition.reservationId);
    if (current === undefined || current.status !== transition.from) return undefined;
    if (transition.expectedVersion !== undefined && current.version !== transition.expectedVersion) return undefined;
    const outcome = await this.transact(transitionItems(this.tableName, current, transition));
    if (outcome.ok) return afterTransition(current, transition);
    if (outcome.reasons[0] === 'ConditionalCheckFailed') return undefined;
    throw new InvariantViolationError(`transition of ${current.id} failed on ${outcome.reasons.join(',')}`);
  }

  async updateMetadata(update: MetadataUpdate) {
    const current = await this.getReservation(update.reservationId);
    if (current === undefined || current.version !== update.expectedVersion) return undefined;
    const outcome = await this.transact(metadataItems(this.tableName, current, update));
    return outcome.ok ? afterMetadataUpdate(current, update) : undefined;
  }

  async clearDue(reservationId: string, status: ReservationStatus, settlementProblem?: SettlementProblem) {
    await this.updateIfStill({
      Key: reservationKey(reservationId),
      UpdateExpression: `${settlementProblem === undefined ? '' : 'SET settlementProblem = :problem '}REMOVE duePk, dueSk`,
      ConditionExpression: '#status = :status',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':status': status,
        ...(settlementProblem === undefined ? {} : { ':problem': settlementProblem }),
      },
    });
  }

  async postponeDue(kind: DueKind, id: string, atMs: number) {
    await this.updateIfStill({
      Key: kind === 'outbox' ? eventKey(id) : reservationKey(id),
      UpdateExpression: 'SET duePk = :duePk, dueSk = :dueSk',
      // Only while it is still due as this kind: an item finished meanwhile stays out of the index.
      ConditionExpression: 'begins_with(duePk, :kind)',
      ExpressionAttributeValues: { ':duePk': duePartition(kind, atMs), ':dueSk': dueSort(atMs, id), ':kind': `${kind}#` },
    });
  }

  async admitViewer(viewer: ViewerRecord): Promise<AdmitResult> {
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
    ]);
    if (outcome.ok) return 'admitted';
    if (outcome.reasons[1] === 'ConditionalCheckFailed') return 'exists';
    const reservation = await this.getReservation(viewer.reservationId);
    return reservation?.status === 'confirmed' ? 'full' : 'not_admitting';
  }

  async getViewer(reservationId: string, ticketId: string) {
    const item = await this.get(viewerKey(reservationId, ticketId));
    return item === undefined ? undefined : viewerOf(item);
  }

  async releaseViewer(reservationId: string, ticketId: string, nowMs: number) {
    const outcome = await this.transact([
      {
        Update: {
          TableName: this.tableName,
          Key: viewerKey(reservationId, ticketId),
          UpdateExpression: 'SET #status = :left, leftAtMs = :now, #ttl = :ttl',
          ConditionExpression: '#status = :active',
          ExpressionAttributeNames: { '#status': 'status', '#ttl': 'ttl' },
          ExpressionAttributeValues: {
            ':left': 'left',
            ':active': 'active',
            ':now': nowMs,
            ':ttl': Math.floor(nowMs / 1000) + RETENTION_SECONDS,
          },
        },
      },
      {
        Update: {
          TableName: this.tableName,
          Key: reservationKey(reservationId),
          UpdateExpression: 'ADD viewersWatching :minus',
          ConditionExpression: 'viewersWatching > :zero',
          ExpressionAttributeValues: { ':minus': -1, ':zero': 0 },
        },
      },
    ]);
    if (outcome.ok) return true;
    if (outcome.reasons[0] === 'ConditionalCheckFailed') return false;
    throw new InvariantViolationError(`viewer ${ticketId} was active but the seat count of ${reservationId} was zero`);
  }

  async activeViewers(reservationId: string, limit: number) {
    const viewers: ViewerRecord[] = [];
    const stoppedAt = await queryPages(
      this.client,
      QUERY_PAGES_MAX,
      () => ({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :viewer)',
        FilterExpression: '#status = :active',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':pk': reservationKey(reservationId).pk, ':viewer': 'VIEWER#', ':active': 'active' },
        ConsistentRead: true,
      }),
      (answer) => {
        for (const item of answer.Items ?? []) viewers.push(viewerOf(item));
        return viewers.length < limit;
      },
    );
    return { viewers: viewers.slice(0, limit), more: viewers.length > limit || stoppedAt !== undefined };
  }

  dueIndex(kind: DueKind) {
    return this.dueIndexes[kind];
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
      },
      query,
    );
  }

  /**
   * Listed shows by start time: one `listing` partition per UTC day, from the cursor's day and
   * key (or from `fromMs`), until the page is full (then a cursor to the last show) or the
   * range ends.
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
          Limit: query.limit - items.length,
        }),
        (answer) => {
          for (const item of answer.Items ?? []) items.push(reservationOf(item));
          return items.length < query.limit;
        },
        startKey,
      );
      const last = items.at(-1);
      if (items.length >= query.limit && last !== undefined) return { items, nextCursor: encodeListingCursor(last) };
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

  private get(key: { pk: string; sk: string }): Promise<Item | undefined> {
    return readItem(this.client, this.tableName, key);
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

  /** One conditional UpdateItem; false when the condition did not hold (nothing was written). */
  private updateIfStill(update: Omit<UpdateCommandInput, 'TableName'>): Promise<boolean> {
    return updateIfHeld(this.client, { TableName: this.tableName, ...update });
  }

  /** One transaction; contention is retried with full-jitter backoff, a failed condition is returned with the reasons. */
  private async transact(items: TransactItem[]): Promise<TransactOutcome> {
    for (let attempt = 1; attempt <= RESERVATION_CONFLICT_RETRY.attemptsMax; attempt += 1) {
      try {
        await transactWrite(this.client, items);
        return { ok: true };
      } catch (error) {
        const reasons = reasonsOfCancellation(error);
        if (reasons === undefined) throw error;
        if (reasons.includes('ConditionalCheckFailed')) return { ok: false, reasons };
        if (!isContention(reasons)) throw error;
        await backoff(attempt, RESERVATION_CONFLICT_RETRY, this.sleep);
      }
    }
    throw new DomainError('TRANSACTION_CONFLICT', 'The reservation stayed contended; retry the request.');
  }
}
