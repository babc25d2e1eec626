import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { DomainError, InvariantViolationError, assert } from '../../errors';
import { quotaExceeded, slotTaken } from '../../domain/reservations/errors';
import type {
  AdmitResult,
  BookingResult,
  DueScan,
  ListingsPage,
  MetadataUpdate,
  NewBooking,
  ReservationStore,
  Transition,
} from '../../domain/reservations/ports';
import { iso, slotStartsOf } from '../../domain/reservations/rules';
import type {
  ChannelRecord,
  DueKind,
  OutboxEvent,
  ReservationRecord,
  ReservationStatus,
  SettlementProblem,
  ViewerRecord,
} from '../../domain/reservations/types';
import {
  LISTINGS_RANGE_DAYS_MAX,
  RESERVATION_CONFLICT_BACKOFF_BASE_MILLISECONDS,
  RESERVATION_CONFLICT_BACKOFF_CAP_MILLISECONDS,
  RESERVATION_DUE_BUCKET_SECONDS,
  RESERVATION_DUE_BUCKETS_PER_SWEEP_MAX,
  RESERVATION_DUE_LOOKBACK_BUCKETS,
  RESERVATION_DUE_SETTLE_SECONDS,
  RESERVATION_TRANSACTION_ATTEMPTS_MAX,
} from '../../limits';
import { decodeJsonCursor, encodeJsonCursor } from '../../domain/cursor';

/**
 * Reservations on DynamoDB: one table (`reservationsTable`), every state change ONE
 * TransactWriteItems whose conditions make the domain's decision true at commit time.
 *
 * Items (pk / sk):
 *   CHANNEL#<id> / CHANNEL                 the channel
 *   SLOT#<channelId> / <slot start ISO>     a slot lock (attribute_not_exists on create)
 *   RESERVATION#<id> / RESERVATION          the reservation; sparse GSI attributes:
 *       duePk = <kind>#<UTC hour>, dueSk = <due ISO>#<id>    (`due` index: expire | complete)
 *       listPk = listing#<UTC day of start>, listSk = <start ISO>#<id>  (`listing` index)
 *   RESERVATION#<id> / VIEWER#<ticketId>    a viewer's seat
 *   QUOTA#<customerId> / MONTH#<YYYY-MM>    slots used in a UTC month
 *   EVENT#<id> / EVENT                      an outbox event; in the `due` index (outbox#…) until delivered
 *   SWEEP / <kind>                          the sweep watermark of a kind (a due-bucket start)
 */
type Item = Record<string, unknown>;
type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const BUCKET_MS = RESERVATION_DUE_BUCKET_SECONDS * 1000;
const DAY_MS = 86_400_000;
/** Delivered events and left viewers are kept this long, then TTL cleans them up. */
const RETENTION_SECONDS = 30 * 86_400;
/** Pages one slot or listing query reads at most (each up to 1 MB; the answers are far smaller). */
const QUERY_PAGES_MAX = 10;
const CONTENTION_REASONS = new Set(['TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded']);

export const channelKey = (channelId: string) => ({ pk: `CHANNEL#${channelId}`, sk: 'CHANNEL' });
export const slotKey = (channelId: string, slotStartMs: number) => ({ pk: `SLOT#${channelId}`, sk: iso(slotStartMs) });
export const reservationKey = (reservationId: string) => ({ pk: `RESERVATION#${reservationId}`, sk: 'RESERVATION' });
export const viewerKey = (reservationId: string, ticketId: string) => ({
  pk: `RESERVATION#${reservationId}`,
  sk: `VIEWER#${ticketId}`,
});
export const quotaKey = (customerId: string, month: string) => ({ pk: `QUOTA#${customerId}`, sk: `MONTH#${month}` });
export const eventKey = (eventId: string) => ({ pk: `EVENT#${eventId}`, sk: 'EVENT' });
const watermarkKey = (kind: DueKind) => ({ pk: 'SWEEP', sk: kind });

const bucketStart = (ms: number): number => Math.floor(ms / BUCKET_MS) * BUCKET_MS;
export const duePartition = (kind: DueKind, atMs: number): string => `${kind}#${iso(bucketStart(atMs)).slice(0, 13)}`;
export const dueSort = (atMs: number, id: string): string => `${iso(atMs)}#${id}`;
const idOfSortKey = (sortKey: string): string => sortKey.slice(sortKey.indexOf('#') + 1);
const listPartition = (startsAtMs: number): string => `listing#${iso(startsAtMs).slice(0, 10)}`;

const KEY_ATTRIBUTES = ['pk', 'sk', 'duePk', 'dueSk', 'listPk', 'listSk', 'entity', 'ttl'] as const;
const strip = (item: Item): Item => {
  const copy = { ...item };
  for (const attribute of KEY_ATTRIBUTES) delete copy[attribute];
  return copy;
};

/** The stored form of a new reservation (exported for the bench and the scale test, which write many at once). */
export const reservationItem = (reservation: ReservationRecord): Item => ({
  ...reservationKey(reservation.id),
  entity: 'reservation',
  ...reservation,
  duePk: duePartition('expire', reservation.reconfirmByMs),
  dueSk: dueSort(reservation.reconfirmByMs, reservation.id),
});

const eventItem = (event: OutboxEvent): Item => ({
  ...eventKey(event.id),
  entity: 'event',
  ...event,
  duePk: duePartition('outbox', event.deliverAtMs),
  dueSk: dueSort(event.deliverAtMs, event.id),
});

const realSleep = (milliseconds: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, milliseconds);
  });

type TransactOutcome = { readonly ok: true } | { readonly ok: false; readonly reasons: readonly string[] };

export class DynamoReservationStore implements ReservationStore {
  /** Items read by the last findDue, for tests and the bench. */
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly sleep: (milliseconds: number) => Promise<void> = realSleep,
  ) {}

  async createChannel(channel: ChannelRecord) {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...channelKey(channel.id), entity: 'channel', ...channel },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { created: true, channel };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    const existing = await this.getChannel(channel.id);
    assert(existing !== undefined, 'a channel that failed its create condition exists');
    return { created: false, channel: existing };
  }

  async getChannel(channelId: string) {
    const item = await this.get(channelKey(channelId));
    return item === undefined ? undefined : (strip(item) as unknown as ChannelRecord);
  }

  async bookedSlots(channelId: string, fromMs: number, toMs: number) {
    const slots: { slotStartMs: number; reservationId: string }[] = [];
    let startKey: Item | undefined;
    for (let page = 0; page < QUERY_PAGES_MAX; page += 1) {
      const answer = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': `SLOT#${channelId}`, ':from': iso(fromMs), ':to': iso(toMs - 1) },
          ConsistentRead: true,
          ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
        }),
      );
      for (const item of answer.Items ?? []) {
        slots.push({ slotStartMs: Date.parse(String(item.sk)), reservationId: String(item.reservationId) });
      }
      startKey = answer.LastEvaluatedKey;
      if (startKey === undefined) break;
    }
    return slots;
  }

  async createReservation(booking: NewBooking): Promise<BookingResult> {
    const { reservation } = booking;
    const slotStarts = slotStartsOf(reservation);
    const months = Object.entries(reservation.quotaMonths);
    const items: TransactItem[] = [
      { Put: { TableName: this.tableName, Item: reservationItem(reservation), ConditionExpression: 'attribute_not_exists(pk)' } },
      {
        ConditionCheck: {
          TableName: this.tableName,
          Key: channelKey(reservation.channelId),
          ConditionExpression: 'attribute_exists(pk)',
        },
      },
      ...slotStarts.map((startMs): TransactItem => ({
        Put: {
          TableName: this.tableName,
          Item: {
            ...slotKey(reservation.channelId, startMs),
            entity: 'slot',
            reservationId: reservation.id,
            slotStartMs: startMs,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      })),
      ...months.map(([month, count]): TransactItem => ({
        Update: {
          TableName: this.tableName,
          Key: quotaKey(reservation.customerId, month),
          // Conditions cannot add, so the headroom is computed here: used <= quota − n.
          UpdateExpression: 'ADD slotsUsed :count SET entity = :entity',
          ConditionExpression: 'attribute_not_exists(slotsUsed) OR slotsUsed <= :headroom',
          ExpressionAttributeValues: { ':count': count, ':headroom': booking.monthlySlotQuota - count, ':entity': 'quota' },
        },
      })),
      ...booking.events.map((event): TransactItem => ({
        Put: { TableName: this.tableName, Item: eventItem(event), ConditionExpression: 'attribute_not_exists(pk)' },
      })),
    ];
    assert(items.length <= 100, 'a booking fits one transaction (RESERVATION_SLOTS_MAX)');
    const outcome = await this.transact(items);
    if (outcome.ok) return { result: 'created' };
    const failed = (index: number) => outcome.reasons[index] === 'ConditionalCheckFailed';
    if (failed(0)) {
      const existing = await this.getReservation(reservation.id);
      assert(existing !== undefined, 'a reservation that failed its create condition exists');
      return { result: 'exists', reservation: existing };
    }
    if (failed(1)) throw new DomainError('CHANNEL_NOT_FOUND', `No channel ${reservation.channelId}.`);
    const taken = slotStarts.filter((_, index) => failed(2 + index));
    if (taken.length > 0) throw slotTaken(taken);
    const month = months.find((_, index) => failed(2 + slotStarts.length + index));
    if (month !== undefined) throw quotaExceeded(month[0], booking.monthlySlotQuota);
    throw new InvariantViolationError(`booking ${reservation.id} failed on ${outcome.reasons.join(',')}`);
  }

  async getReservation(reservationId: string) {
    const item = await this.get(reservationKey(reservationId));
    return item === undefined ? undefined : (strip(item) as unknown as ReservationRecord);
  }

  async transition(transition: Transition) {
    const current = await this.getReservation(transition.reservationId);
    if (current === undefined || current.status !== transition.from) return undefined;
    if (transition.expectedVersion !== undefined && current.version !== transition.expectedVersion) return undefined;
    const sets = ['#status = :to', 'updatedAtMs = :now'];
    const removes: string[] = [];
    const values: Item = { ':to': transition.to, ':from': transition.from, ':now': transition.nowMs, ':one': 1 };
    for (const [name, value] of Object.entries(transition.set ?? {})) {
      if (value === undefined) continue;
      sets.push(`${name} = :set_${name}`);
      values[`:set_${name}`] = value;
    }
    if (transition.due === 'remove') removes.push('duePk', 'dueSk');
    else if (transition.due !== 'keep') {
      sets.push('duePk = :duePk', 'dueSk = :dueSk');
      values[':duePk'] = duePartition(transition.due.kind, transition.due.atMs);
      values[':dueSk'] = dueSort(transition.due.atMs, current.id);
    }
    this.listingChange(current, transition.listed, sets, removes, values);
    let condition = '#status = :from';
    if (transition.deadline === 'before') condition += ' AND reconfirmByMs > :now';
    if (transition.deadline === 'reached') condition += ' AND reconfirmByMs <= :now';
    if (transition.expectedVersion !== undefined) {
      condition += ' AND #version = :expectedVersion';
      values[':expectedVersion'] = transition.expectedVersion;
    }
    const items: TransactItem[] = [
      {
        Update: {
          TableName: this.tableName,
          Key: reservationKey(current.id),
          UpdateExpression: `SET ${sets.join(', ')}${removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : ''} ADD #version :one`,
          ConditionExpression: condition,
          ExpressionAttributeNames: { '#status': 'status', '#version': 'version' },
          ExpressionAttributeValues: values,
        },
      },
      ...(transition.releaseSlots
        ? slotStartsOf(current).map((startMs): TransactItem => ({
            Delete: {
              TableName: this.tableName,
              Key: slotKey(current.channelId, startMs),
              ConditionExpression: 'reservationId = :id',
              ExpressionAttributeValues: { ':id': current.id },
            },
          }))
        : []),
      ...(transition.returnQuota
        ? Object.entries(current.quotaMonths).map(([month, count]): TransactItem => ({
            Update: {
              TableName: this.tableName,
              Key: quotaKey(current.customerId, month),
              UpdateExpression: 'ADD slotsUsed :minus',
              ExpressionAttributeValues: { ':minus': -count },
            },
          }))
        : []),
      ...transition.withdrawEventIds.map((eventId): TransactItem => ({
        Delete: { TableName: this.tableName, Key: eventKey(eventId) },
      })),
      ...transition.events.map((event): TransactItem => ({
        Put: { TableName: this.tableName, Item: eventItem(event), ConditionExpression: 'attribute_not_exists(pk)' },
      })),
    ];
    const outcome = await this.transact(items);
    if (!outcome.ok) {
      if (outcome.reasons[0] === 'ConditionalCheckFailed') return undefined;
      throw new InvariantViolationError(`transition of ${current.id} failed on ${outcome.reasons.join(',')}`);
    }
    return {
      ...current,
      ...Object.fromEntries(Object.entries(transition.set ?? {}).filter(([, value]) => value !== undefined)),
      status: transition.to,
      version: current.version + 1,
      updatedAtMs: transition.nowMs,
    };
  }

  async updateMetadata(update: MetadataUpdate) {
    const current = await this.getReservation(update.reservationId);
    if (current === undefined || current.version !== update.expectedVersion) return undefined;
    const sets = ['title = :title', 'openLevel = :openLevel', 'updatedAtMs = :now'];
    const removes: string[] = [];
    const values: Item = {
      ':title': update.metadata.title,
      ':openLevel': update.metadata.openLevel,
      ':now': update.nowMs,
      ':one': 1,
      ':expected': update.expectedVersion,
      ':pending': 'pending_reconfirmation',
      ':confirmed': 'confirmed',
    };
    for (const name of ['genre', 'outline', 'detail', 'passwordHash'] as const) {
      const value = update.metadata[name];
      if (value === undefined) removes.push(name);
      else {
        sets.push(`${name} = :${name}`);
        values[`:${name}`] = value;
      }
    }
    this.listingChange(current, update.listed, sets, removes, values);
    const outcome = await this.transact([
      {
        Update: {
          TableName: this.tableName,
          Key: reservationKey(current.id),
          UpdateExpression: `SET ${sets.join(', ')}${removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : ''} ADD #version :one`,
          ConditionExpression: '#version = :expected AND #status IN (:pending, :confirmed)',
          ExpressionAttributeNames: { '#status': 'status', '#version': 'version' },
          ExpressionAttributeValues: values,
        },
      },
      ...update.events.map((event): TransactItem => ({
        Put: { TableName: this.tableName, Item: eventItem(event), ConditionExpression: 'attribute_not_exists(pk)' },
      })),
    ]);
    if (!outcome.ok) return undefined;
    const { title: _title, genre: _genre, outline: _outline, detail: _detail, passwordHash: _hash, ...fixed } = current;
    return { ...fixed, ...update.metadata, version: current.version + 1, updatedAtMs: update.nowMs };
  }

  async clearDue(reservationId: string, status: ReservationStatus, settlementProblem?: SettlementProblem) {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: reservationKey(reservationId),
          UpdateExpression: `${settlementProblem === undefined ? '' : 'SET settlementProblem = :problem '}REMOVE duePk, dueSk`,
          ConditionExpression: '#status = :status',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':status': status,
            ...(settlementProblem === undefined ? {} : { ':problem': settlementProblem }),
          },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async postponeDue(kind: DueKind, id: string, atMs: number) {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: kind === 'outbox' ? eventKey(id) : reservationKey(id),
          UpdateExpression: 'SET duePk = :duePk, dueSk = :dueSk',
          // Only while it is still due as this kind: an item finished meanwhile stays out of the index.
          ConditionExpression: 'begins_with(duePk, :kind)',
          ExpressionAttributeValues: { ':duePk': duePartition(kind, atMs), ':dueSk': dueSort(atMs, id), ':kind': `${kind}#` },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
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
      {
        Put: {
          TableName: this.tableName,
          Item: { ...viewerKey(viewer.reservationId, viewer.ticketId), entity: 'viewer', ...viewer },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ]);
    if (outcome.ok) return 'admitted';
    if (outcome.reasons[1] === 'ConditionalCheckFailed') return 'exists';
    const reservation = await this.getReservation(viewer.reservationId);
    return reservation?.status === 'confirmed' ? 'full' : 'not_admitting';
  }

  async getViewer(reservationId: string, ticketId: string) {
    const item = await this.get(viewerKey(reservationId, ticketId));
    return item === undefined ? undefined : (strip(item) as unknown as ViewerRecord);
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
    let startKey: Item | undefined;
    for (let page = 0; page < QUERY_PAGES_MAX && viewers.length < limit; page += 1) {
      const answer = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :viewer)',
          FilterExpression: '#status = :active',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':pk': reservationKey(reservationId).pk, ':viewer': 'VIEWER#', ':active': 'active' },
          ConsistentRead: true,
          ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
        }),
      );
      for (const item of answer.Items ?? []) viewers.push(strip(item) as unknown as ViewerRecord);
      startKey = answer.LastEvaluatedKey;
      if (startKey === undefined) break;
    }
    return { viewers: viewers.slice(0, limit), more: viewers.length > limit || startKey !== undefined };
  }

  /**
   * Walk the due buckets of `kind` from the watermark to now and read the entries due by
   * now (the key condition stops at now, so entries due later are never read). The
   * watermark moves past buckets that are closed (ended more than the settle time ago) and
   * empty; the first sweep looks back a bounded number of buckets. The walk from the
   * watermark covers at most RESERVATION_DUE_BUCKETS_PER_SWEEP_MAX buckets; when that does not
   * reach now (a sweeper far behind), the most recent lookback buckets are read too, so what
   * is due now is never starved by an old backlog. (A failing item does not hold the
   * watermark either: the sweep postpones it into a newer bucket.)
   */
  async findDue(kind: DueKind, nowMs: number, limit: number): Promise<DueScan> {
    const watermark = await this.get(watermarkKey(kind));
    let itemsRead = 1;
    const currentBucket = bucketStart(nowMs);
    const lookbackStart = currentBucket - RESERVATION_DUE_LOOKBACK_BUCKETS * BUCKET_MS;
    const firstBucket = typeof watermark?.bucketMs === 'number' ? watermark.bucketMs : lookbackStart;
    const windowEnd = Math.min(currentBucket, firstBucket + (RESERVATION_DUE_BUCKETS_PER_SWEEP_MAX - 1) * BUCKET_MS);
    const buckets: number[] = [];
    for (let bucket = firstBucket; bucket <= windowEnd; bucket += BUCKET_MS) buckets.push(bucket);
    for (let bucket = Math.max(windowEnd + BUCKET_MS, lookbackStart); bucket <= currentBucket; bucket += BUCKET_MS) {
      buckets.push(bucket);
    }
    const ids: string[] = [];
    let advanceTo: number | undefined;
    let clean = true;
    for (const bucket of buckets) {
      let found = 0;
      let startKey: Item | undefined;
      for (let page = 0; page < QUERY_PAGES_MAX && ids.length < limit; page += 1) {
        const answer = await this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: 'due',
            KeyConditionExpression: 'duePk = :pk AND dueSk <= :upper',
            ExpressionAttributeValues: { ':pk': duePartition(kind, bucket), ':upper': `${iso(nowMs)}#\uffff` },
            ProjectionExpression: 'dueSk',
            Limit: limit - ids.length,
            ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
          }),
        );
        for (const item of answer.Items ?? []) ids.push(idOfSortKey(String(item.dueSk)));
        found += answer.Items?.length ?? 0;
        itemsRead += answer.Items?.length ?? 0;
        startKey = answer.LastEvaluatedKey;
        if (startKey === undefined) break;
      }
      // Only a contiguous run of clean buckets from the watermark moves it.
      clean =
        clean &&
        bucket === (advanceTo ?? firstBucket) &&
        found === 0 &&
        startKey === undefined &&
        bucket + BUCKET_MS + RESERVATION_DUE_SETTLE_SECONDS * 1000 <= nowMs;
      if (clean) advanceTo = bucket + BUCKET_MS;
      if (ids.length >= limit) break;
    }
    if (advanceTo !== undefined && advanceTo > firstBucket) {
      try {
        await this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...watermarkKey(kind), entity: 'watermark', bucketMs: advanceTo },
            ConditionExpression: 'attribute_not_exists(bucketMs) OR bucketMs < :bucket',
            ExpressionAttributeValues: { ':bucket': advanceTo },
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
    return { ids: [...new Set(ids)], itemsRead };
  }

  async listings(query: { fromMs: number; toMs: number; limit: number; cursor?: string }): Promise<ListingsPage> {
    const cursor = parseCursor(query.cursor, query.fromMs, query.toMs);
    const items: ReservationRecord[] = [];
    let day = cursor?.dayMs ?? Math.floor(query.fromMs / DAY_MS) * DAY_MS;
    let startKey: Item | undefined = cursor?.startKey;
    const lastDay = Math.floor((query.toMs - 1) / DAY_MS) * DAY_MS;
    for (let days = 0; day <= lastDay && days <= LISTINGS_RANGE_DAYS_MAX + 1; day += DAY_MS, days += 1) {
      for (let page = 0; page < QUERY_PAGES_MAX; page += 1) {
        const answer = await this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: 'listing',
            KeyConditionExpression: 'listPk = :pk AND listSk BETWEEN :from AND :to',
            ExpressionAttributeValues: { ':pk': listPartition(day), ':from': iso(query.fromMs), ':to': iso(query.toMs) },
            Limit: query.limit - items.length,
            ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
          }),
        );
        for (const item of answer.Items ?? []) items.push(strip(item) as unknown as ReservationRecord);
        startKey = answer.LastEvaluatedKey;
        if (items.length >= query.limit) {
          const last = items.at(-1);
          assert(last !== undefined, 'a full page has a last item');
          return { items, nextCursor: makeCursor(day, last) };
        }
        if (startKey === undefined) break;
      }
      startKey = undefined;
    }
    return { items };
  }

  async getEvent(eventId: string) {
    const item = await this.get(eventKey(eventId));
    if (item === undefined) return undefined;
    const { deliveredAtMs: _delivered, ...event } = strip(item);
    return event as unknown as OutboxEvent;
  }

  async markDelivered(eventId: string, nowMs: number) {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: eventKey(eventId),
          UpdateExpression: 'REMOVE duePk, dueSk SET deliveredAtMs = :now, #ttl = :ttl',
          ConditionExpression: 'attribute_exists(duePk)',
          ExpressionAttributeNames: { '#ttl': 'ttl' },
          ExpressionAttributeValues: { ':now': nowMs, ':ttl': Math.floor(nowMs / 1000) + RETENTION_SECONDS },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  private listingChange(current: ReservationRecord, listed: boolean, sets: string[], removes: string[], values: Item): void {
    if (listed) {
      sets.push('listPk = :listPk', 'listSk = :listSk');
      values[':listPk'] = listPartition(current.startsAtMs);
      values[':listSk'] = `${iso(current.startsAtMs)}#${current.id}`;
    } else {
      removes.push('listPk', 'listSk');
    }
  }

  private async get(key: { pk: string; sk: string }): Promise<Item | undefined> {
    const answer = await this.client.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
    return answer.Item;
  }

  /** One transaction; contention is retried with full-jitter backoff, a failed condition is returned with the reasons. */
  private async transact(items: TransactItem[]): Promise<TransactOutcome> {
    for (let attempt = 1; attempt <= RESERVATION_TRANSACTION_ATTEMPTS_MAX; attempt += 1) {
      try {
        await this.client.send(new TransactWriteCommand({ TransactItems: items }));
        return { ok: true };
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const reasons = (error.CancellationReasons ?? []).map((reason) => reason.Code ?? 'None');
        if (reasons.includes('ConditionalCheckFailed')) return { ok: false, reasons };
        if (!reasons.some((reason) => CONTENTION_REASONS.has(reason))) throw error;
        const capMs = Math.min(
          RESERVATION_CONFLICT_BACKOFF_CAP_MILLISECONDS,
          RESERVATION_CONFLICT_BACKOFF_BASE_MILLISECONDS * 2 ** attempt,
        );
        await this.sleep(Math.random() * capMs);
      }
    }
    throw new DomainError('TRANSACTION_CONFLICT', 'The reservation stayed contended; retry the request.');
  }
}

interface ListingCursor {
  readonly dayMs: number;
  readonly startKey: Item;
}

const makeCursor = (dayMs: number, last: ReservationRecord): string =>
  encodeJsonCursor({
    dayMs,
    startKey: {
      ...reservationKey(last.id),
      listPk: listPartition(last.startsAtMs),
      listSk: `${iso(last.startsAtMs)}#${last.id}`,
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
const parseCursor = (cursor: string | undefined, fromMs: number, toMs: number): ListingCursor | undefined => {
  if (cursor === undefined) return undefined;
  const parsed = decodeJsonCursor(cursor, invalidCursor);
  if (typeof parsed !== 'object' || parsed === null || !('dayMs' in parsed) || !('startKey' in parsed)) throw invalidCursor();
  const { dayMs, startKey } = parsed as { dayMs: unknown; startKey: unknown };
  if (typeof dayMs !== 'number' || !Number.isSafeInteger(dayMs) || dayMs % DAY_MS !== 0) throw invalidCursor();
  if (dayMs < Math.floor(fromMs / DAY_MS) * DAY_MS || dayMs > Math.floor((toMs - 1) / DAY_MS) * DAY_MS) throw invalidCursor();
  if (typeof startKey !== 'object' || startKey === null) throw invalidCursor();
  const { pk, sk, listPk, listSk } = startKey as Record<string, unknown>;
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
