import type { MemoryTicketStore } from './tickets';
import { DomainError, InvariantViolationError, quoted } from '../../errors';
import type { DueEntry } from '../../domain/due/ports';
import {
  RESERVATION_DUE_LAYOUT,
  type AdmitResult,
  type BookingResult,
  type ExpiryScheduler,
  type ListingsPage,
  type MetadataUpdate,
  type NewBooking,
  type Notifier,
  type ReservationStore,
  type Transition,
} from '../../domain/reservations/ports';
import { quotaExceeded, slotTaken } from '../../domain/reservations/errors';
import { iso, reservationAt, slotStartsOf } from '../../domain/reservations/rules';
import type {
  ChannelRecord,
  DueKind,
  OutboxEvent,
  ReservationRecord,
  ReservationStatus,
  SettlementNote,
  ViewerRecord,
} from '../../domain/reservations/types';
import { encodeListingCursor, parseListingCursor } from '../aws/reservations-cursor';
import { ownedPageOf, ownedSortKey, type OwnedQuery } from '../../domain/owned';
import { MemoryDueIndex } from './due-index';
import { putIfAbsent } from './records';

const DUE_KINDS: readonly DueKind[] = ['expire', 'complete', 'outbox'];

/**
 * Reservations in memory, for unit tests. Same decisions as the DynamoDB store: every method
 * checks its conditions and writes without an `await` in between, so concurrent calls
 * interleave only between operations, as DynamoDB transactions do.
 */
export class MemoryReservationStore implements ReservationStore {
  /** `tickets`: where a confirmation stores its broadcaster ticket (Transition.ticket), the ticket store of the same deps. */
  constructor(private readonly tickets?: MemoryTicketStore) {}

  readonly channels = new Map<string, ChannelRecord>();
  readonly reservations = new Map<string, ReservationRecord>();
  /** `channelId#slotStartMs` -> reservation id. */
  readonly slots = new Map<string, string>();
  /** `customerId#YYYY-MM` -> slots used. */
  readonly quota = new Map<string, number>();
  readonly viewers = new Map<string, ViewerRecord>();
  /** Each customer's one seat of a show (`<reservationId>#<customerId>`): the viewer ticket holding it. */
  private readonly seats = new Map<string, string>();
  readonly events = new Map<string, OutboxEvent & { delivered: boolean }>();
  /** The `listing` index: ids of the shows the last transition or change listed. */
  private readonly listed = new Set<string>();
  /** The `due` index of each kind, bucketed and with a watermark as in DynamoDB; an id is in at most one. */
  private readonly due: Readonly<Record<DueKind, MemoryDueIndex<DueEntry>>> = {
    expire: new MemoryDueIndex(RESERVATION_DUE_LAYOUT),
    complete: new MemoryDueIndex(RESERVATION_DUE_LAYOUT),
    outbox: new MemoryDueIndex(RESERVATION_DUE_LAYOUT),
  };

  async createChannel(channel: ChannelRecord) {
    const { created, stored } = putIfAbsent(this.channels, channel);
    return { created, channel: stored };
  }

  async getChannel(channelId: string) {
    return this.channels.get(channelId);
  }

  async bookedSlots(channelId: string, fromMs: number, toMs: number) {
    return [...this.slots]
      .map(([key, reservationId]) => ({ key, reservationId }))
      .filter(({ key }) => key.startsWith(`${channelId}#`))
      .map(({ key, reservationId }) => ({ slotStartMs: Number(key.slice(channelId.length + 1)), reservationId }))
      .filter(({ slotStartMs }) => slotStartMs >= fromMs && slotStartMs < toMs)
      .sort((left, right) => left.slotStartMs - right.slotStartMs);
  }

  async getReservations(reservationIds: readonly string[]) {
    return [...new Set(reservationIds)].flatMap((id) => {
      const reservation = this.reservations.get(id);
      return reservation === undefined ? [] : [reservation];
    });
  }

  async createReservation(booking: NewBooking): Promise<BookingResult> {
    const { reservation } = booking;
    const existing = this.reservations.get(reservation.id);
    if (existing !== undefined) return { result: 'exists', reservation: existing };
    if (!this.channels.has(reservation.channelId))
      throw new DomainError('CHANNEL_NOT_FOUND', `No channel ${quoted(reservation.channelId)}.`);
    const taken = slotStartsOf(reservation).filter((startMs) => this.slots.has(`${reservation.channelId}#${startMs}`));
    if (taken.length > 0) throw slotTaken(taken);
    for (const [month, count] of Object.entries(reservation.quotaMonths)) {
      if ((this.quota.get(`${reservation.customerId}#${month}`) ?? 0) + count > booking.monthlySlotQuota) {
        throw quotaExceeded(month, booking.monthlySlotQuota);
      }
    }
    this.reservations.set(reservation.id, reservation);
    this.setDue(reservation.id, 'expire', reservation.reconfirmByMs);
    for (const startMs of slotStartsOf(reservation)) this.slots.set(`${reservation.channelId}#${startMs}`, reservation.id);
    for (const [month, count] of Object.entries(reservation.quotaMonths)) {
      const key = `${reservation.customerId}#${month}`;
      this.quota.set(key, (this.quota.get(key) ?? 0) + count);
    }
    this.addEvents(booking.events);
    return { result: 'created' };
  }

  async getReservation(reservationId: string) {
    return this.reservations.get(reservationId);
  }

  async transition(transition: Transition) {
    const current = this.reservations.get(transition.reservationId);
    if (current === undefined || current.status !== transition.from) return undefined;
    if (transition.read !== undefined && current.version !== transition.read.version) return undefined;
    if (transition.deadline === 'before' && !(transition.nowMs < current.reconfirmByMs)) return undefined;
    if (transition.deadline === 'reached' && !(transition.nowMs >= current.reconfirmByMs)) return undefined;
    const { ticket } = transition;
    if (ticket !== undefined) {
      if (this.tickets === undefined)
        throw new InvariantViolationError(`a transition stores ticket ${ticket.id}, and this store keeps none`);
      this.tickets.records.set(ticket.id, ticket);
    }
    const next: ReservationRecord = {
      ...current,
      ...transition.set,
      status: transition.to,
      version: current.version + 1,
      updatedAtMs: transition.nowMs,
    };
    this.reservations.set(next.id, next);
    if (transition.releaseSlots) {
      for (const startMs of slotStartsOf(current)) {
        const key = `${current.channelId}#${startMs}`;
        if (this.slots.get(key) === current.id) this.slots.delete(key);
      }
    }
    if (transition.returnQuota) {
      for (const [month, count] of Object.entries(current.quotaMonths)) {
        const key = `${current.customerId}#${month}`;
        this.quota.set(key, (this.quota.get(key) ?? 0) - count);
      }
    }
    if (transition.due === 'remove') this.clearDueOf(next.id);
    else if (transition.due !== 'keep') this.setDue(next.id, transition.due.kind, transition.due.atMs);
    this.setListed(next.id, transition.listed);
    for (const eventId of transition.withdrawEventIds) this.withdraw(eventId);
    this.addEvents(transition.events);
    return next;
  }

  async updateMetadata(update: MetadataUpdate) {
    const current = this.reservations.get(update.reservationId);
    if (current === undefined || current.version !== update.expectedVersion) return undefined;
    if (current.status !== 'pending_reconfirmation' && current.status !== 'confirmed') return undefined;
    const { title: _title, genre: _genre, outline: _outline, detail: _detail, passwordHash: _hash, ...fixed } = current;
    const next: ReservationRecord = { ...fixed, ...update.metadata, version: current.version + 1, updatedAtMs: update.nowMs };
    this.reservations.set(next.id, next);
    this.setListed(next.id, update.listed);
    this.addEvents(update.events);
    return next;
  }

  async clearDue(reservationId: string, status: ReservationStatus, note?: SettlementNote) {
    const current = this.reservations.get(reservationId);
    if (current?.status !== status) return;
    this.clearDueOf(reservationId);
    if (note !== undefined) this.reservations.set(reservationId, { ...current, ...note });
  }

  async postponeDue(kind: DueKind, id: string, atMs: number) {
    if (this.due[kind].dueAtMs(id) !== undefined) this.setDue(id, kind, atMs);
  }

  /** Where an id stands in the due index (tests). */
  dueEntry(id: string): { kind: DueKind; atMs: number } | undefined {
    for (const kind of DUE_KINDS) {
      const atMs = this.due[kind].dueAtMs(id);
      if (atMs !== undefined) return { kind, atMs };
    }
    return undefined;
  }

  dueIndex(kind: DueKind) {
    return this.due[kind];
  }

  async admitViewer(viewer: ViewerRecord): Promise<AdmitResult> {
    const key = `${viewer.reservationId}#${viewer.ticketId}`;
    const reservation = this.reservations.get(viewer.reservationId);
    // The viewer record's condition decides first, as in the DynamoDB transaction.
    if (this.viewers.has(key)) return 'exists';
    const seatedAs = this.seats.get(`${viewer.reservationId}#${viewer.customerId}`);
    if (seatedAs !== undefined) return { result: 'seated', ticketId: seatedAs };
    if (reservation === undefined || reservation.status !== 'confirmed') return 'not_admitting';
    if (reservation.viewersWatching >= reservation.capacity) return 'full';
    this.reservations.set(reservation.id, { ...reservation, viewersWatching: reservation.viewersWatching + 1 });
    this.viewers.set(key, viewer);
    this.seats.set(`${viewer.reservationId}#${viewer.customerId}`, viewer.ticketId);
    return 'admitted';
  }

  async getViewer(reservationId: string, ticketId: string) {
    return this.viewers.get(`${reservationId}#${ticketId}`);
  }

  async seatTicketId(reservationId: string, customerId: string) {
    return this.seats.get(`${reservationId}#${customerId}`);
  }

  async releaseViewer(
    { reservationId, ticketId }: Pick<ViewerRecord, 'reservationId' | 'ticketId' | 'customerId'>,
    nowMs: number,
  ) {
    const key = `${reservationId}#${ticketId}`;
    const viewer = this.viewers.get(key);
    const reservation = this.reservations.get(reservationId);
    if (viewer === undefined || viewer.status !== 'active' || reservation === undefined) return false;
    this.viewers.set(key, { ...viewer, status: 'left', leftAtMs: nowMs });
    const seat = `${reservationId}#${viewer.customerId}`;
    if (this.seats.get(seat) === ticketId) this.seats.delete(seat);
    this.reservations.set(reservationId, { ...reservation, viewersWatching: reservation.viewersWatching - 1 });
    return true;
  }

  async activeViewers(reservationId: string, limit: number) {
    const active = [...this.viewers.values()]
      .filter((viewer) => viewer.reservationId === reservationId && viewer.status === 'active')
      .sort((left, right) => (left.ticketId < right.ticketId ? -1 : 1));
    return { viewers: active.slice(0, limit), more: active.length > limit };
  }

  async lapsedBookings(customerId: string, nowMs: number, createdFromMs: number) {
    return [...this.reservations.values()].filter(
      (reservation) =>
        reservation.customerId === customerId &&
        reservation.status === 'pending_reconfirmation' &&
        reservation.reconfirmByMs <= nowMs &&
        reservation.createdAtMs >= createdFromMs,
    );
  }

  /** The same pages and cursors as the DynamoDB store: a full page carries a cursor, a cursor not handed out is refused. */
  async listByBooker(query: OwnedQuery<ReservationStatus>) {
    const { asOfMs } = query;
    return ownedPageOf(
      [...this.reservations.values()].map((reservation) =>
        asOfMs === undefined ? reservation : reservationAt(reservation, asOfMs),
      ),
      query,
      (reservation) => reservation.customerId,
      (reservation) => ownedSortKey(iso(reservation.createdAtMs), reservation.id),
    );
  }

  async listings(query: { fromMs: number; toMs: number; limit: number; cursor?: string }): Promise<ListingsPage> {
    const after = parseListingCursor(query.cursor, query.fromMs, query.toMs)?.startKey.listSk ?? '';
    const listed = [...this.listed]
      .map((id) => this.reservations.get(id))
      .filter((reservation) => reservation !== undefined)
      .filter((reservation) => reservation.startsAtMs >= query.fromMs && reservation.startsAtMs < query.toMs)
      .map((reservation) => ({ sortKey: `${iso(reservation.startsAtMs)}#${reservation.id}`, reservation }))
      .filter(({ sortKey }) => sortKey > after)
      .sort((left, right) => (left.sortKey < right.sortKey ? -1 : 1));
    const items = listed.slice(0, query.limit).map(({ reservation }) => reservation);
    const last = items.at(-1);
    return { items, ...(listed.length > query.limit && last !== undefined ? { nextCursor: encodeListingCursor(last) } : {}) };
  }

  async getEvent(eventId: string) {
    const stored = this.events.get(eventId);
    if (stored === undefined) return undefined;
    const { delivered: _delivered, ...event } = stored;
    return event;
  }

  async markDelivered(eventId: string) {
    const stored = this.events.get(eventId);
    if (stored === undefined || stored.delivered) return false;
    this.events.set(eventId, { ...stored, delivered: true });
    this.clearDueOf(eventId);
    return true;
  }

  private addEvents(events: readonly OutboxEvent[]): void {
    for (const event of events) {
      if (this.events.has(event.id)) continue;
      this.events.set(event.id, { ...event, delivered: false });
      this.setDue(event.id, 'outbox', event.deliverAtMs);
    }
  }

  private withdraw(eventId: string): void {
    this.events.delete(eventId);
    this.clearDueOf(eventId);
  }

  private setListed(id: string, listed: boolean): void {
    if (listed) this.listed.add(id);
    else this.listed.delete(id);
  }

  private setDue(id: string, kind: DueKind, atMs: number): void {
    this.clearDueOf(id);
    this.due[kind].put({ id }, atMs);
  }

  private clearDueOf(id: string): void {
    for (const kind of DUE_KINDS) this.due[kind].remove(id);
  }
}

/** Records schedules instead of creating them; tests fire them by hand. */
export class MemoryExpiryScheduler implements ExpiryScheduler {
  readonly schedules = new Map<string, number>();
  async scheduleExpiry(reservationId: string, atMs: number) {
    this.schedules.set(reservationId, atMs);
  }
  async cancelExpiry(reservationId: string) {
    this.schedules.delete(reservationId);
  }
}

export class MemoryNotifier implements Notifier {
  readonly delivered: OutboxEvent[] = [];
  async deliver(event: OutboxEvent) {
    this.delivered.push(event);
  }
}
