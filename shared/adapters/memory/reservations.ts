import { DomainError } from '../../errors';
import type {
  AdmitResult,
  BookingResult,
  DueScan,
  ExpiryScheduler,
  ListingsPage,
  MetadataUpdate,
  NewBooking,
  Notifier,
  ReservationStore,
  Transition,
} from '../../domain/reservations/ports';
import { quotaExceeded, slotTaken } from '../../domain/reservations/errors';
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

/**
 * Reservations in memory, for unit tests. Same decisions as the DynamoDB store: every method
 * checks its conditions and writes without an `await` in between, so concurrent calls
 * interleave only between operations, as DynamoDB transactions do.
 */
export class MemoryReservationStore implements ReservationStore {
  readonly channels = new Map<string, ChannelRecord>();
  readonly reservations = new Map<string, ReservationRecord>();
  /** `channelId#slotStartMs` -> reservation id. */
  readonly slots = new Map<string, string>();
  /** `customerId#YYYY-MM` -> slots used. */
  readonly quota = new Map<string, number>();
  readonly viewers = new Map<string, ViewerRecord>();
  readonly events = new Map<string, OutboxEvent & { delivered: boolean }>();
  /** The due index: id -> kind and due time. */
  private readonly due = new Map<string, { kind: DueKind; atMs: number }>();

  async createChannel(channel: ChannelRecord) {
    const existing = this.channels.get(channel.id);
    if (existing !== undefined) return { created: false, channel: existing };
    this.channels.set(channel.id, channel);
    return { created: true, channel };
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

  async createReservation(booking: NewBooking): Promise<BookingResult> {
    const { reservation } = booking;
    const existing = this.reservations.get(reservation.id);
    if (existing !== undefined) return { result: 'exists', reservation: existing };
    if (!this.channels.has(reservation.channelId))
      throw new DomainError('CHANNEL_NOT_FOUND', `No channel ${reservation.channelId}.`);
    const taken = slotStartsOf(reservation).filter((startMs) => this.slots.has(`${reservation.channelId}#${startMs}`));
    if (taken.length > 0) throw slotTaken(taken);
    for (const [month, count] of Object.entries(reservation.quotaMonths)) {
      if ((this.quota.get(`${reservation.customerId}#${month}`) ?? 0) + count > booking.monthlySlotQuota) {
        throw quotaExceeded(month, booking.monthlySlotQuota);
      }
    }
    this.reservations.set(reservation.id, reservation);
    this.due.set(reservation.id, { kind: 'expire', atMs: reservation.reconfirmByMs });
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
    if (transition.expectedVersion !== undefined && current.version !== transition.expectedVersion) return undefined;
    if (transition.deadline === 'before' && !(transition.nowMs < current.reconfirmByMs)) return undefined;
    if (transition.deadline === 'reached' && !(transition.nowMs >= current.reconfirmByMs)) return undefined;
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
    if (transition.due === 'remove') this.due.delete(next.id);
    else if (transition.due !== 'keep') this.due.set(next.id, { kind: 'complete', atMs: transition.due.atMs });
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
    this.addEvents(update.events);
    return next;
  }

  async clearDue(reservationId: string, status: ReservationStatus, settlementProblem?: SettlementProblem) {
    const current = this.reservations.get(reservationId);
    if (current?.status !== status) return;
    this.due.delete(reservationId);
    if (settlementProblem !== undefined) this.reservations.set(reservationId, { ...current, settlementProblem });
  }

  async postponeDue(kind: DueKind, id: string, atMs: number) {
    if (this.due.get(id)?.kind === kind) this.due.set(id, { kind, atMs });
  }

  /** Where an id stands in the due index (tests). */
  dueEntry(id: string): { kind: DueKind; atMs: number } | undefined {
    return this.due.get(id);
  }

  async admitViewer(viewer: ViewerRecord): Promise<AdmitResult> {
    const key = `${viewer.reservationId}#${viewer.ticketId}`;
    const reservation = this.reservations.get(viewer.reservationId);
    if (reservation === undefined || reservation.status !== 'confirmed') return 'not_admitting';
    if (this.viewers.has(key)) return 'exists';
    if (reservation.viewersWatching >= reservation.capacity) return 'full';
    this.reservations.set(reservation.id, { ...reservation, viewersWatching: reservation.viewersWatching + 1 });
    this.viewers.set(key, viewer);
    return 'admitted';
  }

  async getViewer(reservationId: string, ticketId: string) {
    return this.viewers.get(`${reservationId}#${ticketId}`);
  }

  async releaseViewer(reservationId: string, ticketId: string, nowMs: number) {
    const key = `${reservationId}#${ticketId}`;
    const viewer = this.viewers.get(key);
    const reservation = this.reservations.get(reservationId);
    if (viewer === undefined || viewer.status !== 'active' || reservation === undefined) return false;
    this.viewers.set(key, { ...viewer, status: 'left', leftAtMs: nowMs });
    this.reservations.set(reservationId, { ...reservation, viewersWatching: reservation.viewersWatching - 1 });
    return true;
  }

  async activeViewers(reservationId: string, limit: number) {
    const active = [...this.viewers.values()].filter(
      (viewer) => viewer.reservationId === reservationId && viewer.status === 'active',
    );
    return { viewers: active.slice(0, limit), more: active.length > limit };
  }

  async findDue(kind: DueKind, nowMs: number, limit: number): Promise<DueScan> {
    const ids = [...this.due]
      .filter(([, entry]) => entry.kind === kind && entry.atMs <= nowMs)
      .sort(([, left], [, right]) => left.atMs - right.atMs)
      .slice(0, limit)
      .map(([id]) => id);
    return { ids, itemsRead: ids.length };
  }

  async listings(query: { fromMs: number; toMs: number; limit: number; cursor?: string }): Promise<ListingsPage> {
    const after = query.cursor === undefined ? '' : Buffer.from(query.cursor, 'base64url').toString('utf8');
    const listed = [...this.reservations.values()]
      .filter((reservation) => reservation.status === 'confirmed' && reservation.openLevel !== 'secret')
      .filter((reservation) => reservation.startsAtMs >= query.fromMs && reservation.startsAtMs < query.toMs)
      .map((reservation) => ({ sortKey: `${iso(reservation.startsAtMs)}#${reservation.id}`, reservation }))
      .filter(({ sortKey }) => sortKey > after)
      .sort((left, right) => left.sortKey.localeCompare(right.sortKey));
    const page = listed.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page.map(({ reservation }) => reservation),
      ...(listed.length > query.limit && last !== undefined
        ? { nextCursor: Buffer.from(last.sortKey).toString('base64url') }
        : {}),
    };
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
    this.due.delete(eventId);
    return true;
  }

  private addEvents(events: readonly OutboxEvent[]): void {
    for (const event of events) {
      if (this.events.has(event.id)) continue;
      this.events.set(event.id, { ...event, delivered: false });
      this.due.set(event.id, { kind: 'outbox', atMs: event.deliverAtMs });
    }
  }

  private withdraw(eventId: string): void {
    this.events.delete(eventId);
    this.due.delete(eventId);
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
