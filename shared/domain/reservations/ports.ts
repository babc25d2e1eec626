import { RESERVATION_DUE_BUCKET_SECONDS } from '../../limits';
import type { DueEntry, DueIndex, DueLayout } from '../due/ports';
import type { PaymentTerms } from '../payments/route';
import type { TicketRecord } from '../tickets/ticket';
import type { OwnedPage, OwnedQuery } from '../owned';
import type {
  ChannelRecord,
  DueKind,
  OutboxEvent,
  ReservationRecord,
  ReservationStatus,
  SettlementNote,
  ShowMetadata,
  ViewerRecord,
} from './types';

/**
 * What the reservation use cases need from storage and from the scheduler, declared by their
 * consumer. Every method that changes state is ONE atomic, conditional write in the DynamoDB
 * adapter (TransactWriteItems), and check-and-write without an `await` in between in memory.
 */
export interface NewBooking {
  readonly reservation: ReservationRecord;
  /** The quota; each month in `reservation.quotaMonths` must stay at or below it. */
  readonly monthlySlotQuota: number;
  readonly events: readonly OutboxEvent[];
}

/** Refusals are thrown as DomainError: SLOT_TAKEN (naming the slots), QUOTA_EXCEEDED, CHANNEL_NOT_FOUND. */
export type BookingResult =
  { readonly result: 'created' } | { readonly result: 'exists'; readonly reservation: ReservationRecord };

/** Where the reservation stands in the `due` index after a transition. */
type DueChange = { readonly kind: 'complete'; readonly atMs: number } | 'remove' | 'keep';

export interface Transition {
  readonly reservationId: string;
  readonly from: ReservationStatus;
  readonly to: ReservationStatus;
  readonly nowMs: number;
  /** `before`: only while nowMs < reconfirmBy (reconfirm); `reached`: only once nowMs >= reconfirmBy (expiry). */
  readonly deadline?: 'before' | 'reached';
  /**
   * The record as the caller read it: the write is conditional on its version (nothing, e.g.
   * its open level, changed since it was read), and a store builds the write from it instead
   * of reading the reservation again. Without it the store reads the record itself.
   */
  readonly read?: ReservationRecord;
  /** Delete the slot locks (they become bookable) in the same write. */
  readonly releaseSlots: boolean;
  /** Give the slots back to the booker's monthly quota in the same write. */
  readonly returnQuota: boolean;
  readonly due: DueChange;
  /** Whether the show is in the listings index afterwards (never for secret shows). */
  readonly listed: boolean;
  readonly set?: {
    readonly holdTransferId?: string;
    readonly payment?: PaymentTerms;
    readonly ticketId?: string;
    readonly failureReason?: string;
  };
  readonly events: readonly OutboxEvent[];
  /** Outbox events to withdraw (the reminder, once there is nothing to remind of). */
  readonly withdrawEventIds: readonly string[];
  /**
   * A signed ticket stored in the same write (the broadcaster ticket of a confirmation:
   * confirmed ⇔ its ticket is stored; only the one confirmation that commits writes it). A
   * store that keeps no tickets refuses a transition with one.
   */
  readonly ticket?: TicketRecord;
}

export interface MetadataUpdate {
  readonly reservationId: string;
  readonly expectedVersion: number;
  readonly nowMs: number;
  /** The whole new metadata; optional fields absent here are removed. */
  readonly metadata: ShowMetadata;
  readonly listed: boolean;
  readonly events: readonly OutboxEvent[];
}

/**
 * `seated`: the customer already holds a seat of the show under another viewer ticket (one
 * seat per show and customer); nothing was written.
 */
export type AdmitResult =
  'admitted' | 'exists' | 'full' | 'not_admitting' | { readonly result: 'seated'; readonly ticketId: string };

/** The `due` index of each kind: hour buckets, one partition each, by the time the job must act. */
export const RESERVATION_DUE_LAYOUT: DueLayout = { bucketSeconds: RESERVATION_DUE_BUCKET_SECONDS, shards: 1 };

export interface ListingsPage {
  readonly items: readonly ReservationRecord[];
  readonly nextCursor?: string;
}

/**
 * The reservation records alone: read one, move it, take it out of (or postpone it in) the
 * `due` index, and its viewers' seats. Finishing a show (cancel, failure, expiry) needs only
 * these, so reservation-cancel and -outcome are wired with this part and do not bundle the
 * booking, listing and sweeping code of the whole store.
 */
export interface ReservationRecords {
  getReservation(reservationId: string): Promise<ReservationRecord | undefined>;
  /** Conditional on `from` (and the deadline); the new record, or undefined when the condition failed. */
  transition(transition: Transition): Promise<ReservationRecord | undefined>;
  /**
   * Takes the reservation out of the `due` index if it is still in `status`; records the
   * settlement note (a problem, or a late capture) in the same write when there is one.
   */
  clearDue(reservationId: string, status: ReservationStatus, note?: SettlementNote): Promise<void>;
  /**
   * Moves a due item (reservation or outbox event) to `atMs` if it is still due as `kind`:
   * a failed step is retried later from a newer bucket instead of holding the watermark.
   */
  postponeDue(kind: DueKind, id: string, atMs: number): Promise<void>;
  /** Frees the seat if the viewer is active (exactly once), and the customer's seat of the show with it; false when it was not. */
  releaseViewer(viewer: Pick<ViewerRecord, 'reservationId' | 'ticketId' | 'customerId'>, nowMs: number): Promise<boolean>;
  /** Up to `limit` active viewers of a show; `more` when there may be others after them. */
  activeViewers(
    reservationId: string,
    limit: number,
  ): Promise<{ readonly viewers: readonly ViewerRecord[]; readonly more: boolean }>;
}

export interface ReservationStore extends ReservationRecords {
  /** Idempotent on id: an existing channel is returned as it is. */
  createChannel(channel: ChannelRecord): Promise<{ readonly created: boolean; readonly channel: ChannelRecord }>;
  getChannel(channelId: string): Promise<ChannelRecord | undefined>;
  /** Slot locks of a channel with fromMs <= start < toMs, in time order. */
  bookedSlots(
    channelId: string,
    fromMs: number,
    toMs: number,
  ): Promise<readonly { slotStartMs: number; reservationId: string }[]>;

  /** The reservations with these ids that exist, in no particular order (BatchGetItem, consistent reads). */
  getReservations(reservationIds: readonly string[]): Promise<readonly ReservationRecord[]>;

  /** Reservation, slot locks, quota counters and events in one transaction. */
  createReservation(booking: NewBooking): Promise<BookingResult>;
  /** Conditional on the version and an active status; undefined when it moved meanwhile. */
  updateMetadata(update: MetadataUpdate): Promise<ReservationRecord | undefined>;

  /**
   * A seat while `viewersWatching < capacity` and confirmed, with the viewer record and the
   * customer's seat of the show (at most one active viewer per show and customer), in one
   * transaction. The viewer record's condition decides first (`exists`), then the customer's
   * seat (`seated`), then the count.
   */
  admitViewer(viewer: ViewerRecord): Promise<AdmitResult>;
  getViewer(reservationId: string, ticketId: string): Promise<ViewerRecord | undefined>;
  /**
   * The viewer ticket holding the customer's seat of the show (consistent read), undefined
   * when the customer holds none: the seat is written with the admit and deleted with the leave.
   */
  seatTicketId(reservationId: string, customerId: string): Promise<string | undefined>;

  /**
   * The sparse `due` index of one kind (RESERVATION_DUE_LAYOUT), with its own watermark:
   * reservation ids (expire, complete) or event ids (outbox), by the time they are due.
   */
  dueIndex(kind: DueKind): DueIndex<DueEntry>;
  /**
   * The customer's bookings created at or after `createdFromMs` that are still stored
   * `pending_reconfirmation` although their `reconfirmBy` is at or before `nowMs` (their expiry
   * has not run yet), in no particular order: the `booker` index, every page, never a scan.
   */
  lapsedBookings(customerId: string, nowMs: number, createdFromMs: number): Promise<readonly ReservationRecord[]>;
  /** A customer's bookings, newest first, optionally in one status (an index, never a scan). */
  listByBooker(query: OwnedQuery<ReservationStatus>): Promise<OwnedPage<ReservationRecord>>;
  /** Listed (public and password, confirmed) shows starting in [fromMs, toMs), by start time. */
  listings(query: { fromMs: number; toMs: number; limit: number; cursor?: string }): Promise<ListingsPage>;

  getEvent(eventId: string): Promise<OutboxEvent | undefined>;
  /** Marks an event delivered (takes it out of the index); false if it already was. */
  markDelivered(eventId: string, nowMs: number): Promise<boolean>;
}

/** One-time schedules: EventBridge Scheduler `at(reconfirmBy)` invoking reservation-expire. */
export interface ExpiryScheduler {
  /** Idempotent: a schedule that exists already is fine. */
  scheduleExpiry(reservationId: string, atMs: number): Promise<void>;
  /** Idempotent: a schedule that is gone already is fine. */
  cancelExpiry(reservationId: string): Promise<void>;
}

/** Where the outbox relay hands notifications (the log, locally and in this version in AWS). */
export interface Notifier {
  deliver(event: OutboxEvent): Promise<void>;
}
