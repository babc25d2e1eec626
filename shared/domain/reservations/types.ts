import type { PaymentTerms } from '../payments/route';

/**
 * Channel reservations (SPEC S2). A *channel* belongs to a provider and has a viewer capacity,
 * a bandwidth and a fee per slot. A *reservation* books consecutive slots of one channel; it
 * is tentative (`pending_reconfirmation`) until reconfirmed before `reconfirmBy`, when a
 * *hold* (pending transfer) for the price is placed on the booker's wallet.
 *
 * pending_reconfirmation ─reconfirm→ confirmed ─completion job→ completed (hold posted)
 *        │                               ├─cancel→ cancelled (hold posted: the fee is captured)
 *        ├─deadline→ expired             └─provider reports failure→ failed (hold voided)
 *        └─cancel→ cancelled (nothing charged)
 */
export const RESERVATION_STATUSES = [
  'pending_reconfirmation',
  'confirmed',
  'expired',
  'cancelled',
  'completed',
  'failed',
] as const;
export type ReservationStatus = (typeof RESERVATION_STATUSES)[number];

export const OPEN_LEVELS = ['public', 'password', 'secret'] as const;
export type OpenLevel = (typeof OPEN_LEVELS)[number];

export interface ChannelRecord {
  readonly id: string;
  readonly providerId: string;
  readonly name: string;
  readonly capacity: number;
  readonly bandwidthKbps: number;
  readonly feePerSlotMinor: number;
  readonly currency: string;
  readonly createdAtMs: number;
}

/** The show's description: the only part of a booking that may change. */
export interface ShowMetadata {
  readonly title: string;
  readonly genre?: string;
  readonly outline?: string;
  readonly detail?: string;
  readonly openLevel: OpenLevel;
  /** `scrypt$<salt>$<hash>`, never the password; present exactly for password and secret shows. */
  readonly passwordHash?: string;
}

export interface ReservationRecord extends ShowMetadata {
  readonly id: string;
  readonly channelId: string;
  readonly providerId: string;
  readonly customerId: string;
  readonly startsAtMs: number;
  readonly endsAtMs: number;
  /** The slot length when booked: the slot locks are at startsAtMs + i × slotMs. */
  readonly slotMs: number;
  readonly slots: number;
  readonly reconfirmByMs: number;
  readonly priceMinor: number;
  readonly currency: string;
  /** Customers told about changes and cancellations. */
  readonly friends: readonly string[];
  readonly status: ReservationStatus;
  /** Copied from the channel when booked. */
  readonly capacity: number;
  readonly viewersWatching: number;
  /** Slots counted against the booker's quota per UTC month (`YYYY-MM`), given back exactly on expiry. */
  readonly quotaMonths: Readonly<Record<string, number>>;
  readonly holdTransferId?: string;
  /**
   * How the price is paid, fixed at reconfirmation with the hold: the route (carrier account
   * or wallet) and the fee rates (the provider's platform fee, the carrier's fee on the
   * carrier route), so a later rate change does not alter it. Absent on a free show.
   */
  readonly payment?: PaymentTerms;
  readonly ticketId?: string;
  readonly failureReason?: string;
  /**
   * Set when the money step found the hold already resolved (expired in the ledger because
   * the completion job was down too long, or posted / voided by someone else), or the ledger
   * refused the capture for good (`balance_overflow`: the hold was voided): the outcome is
   * final and needs an operator's attention.
   */
  readonly settlementProblem?: SettlementProblem;
  /**
   * Set when the hold had expired in the ledger before the money step (the completion job was
   * down longer than the hold's margin) and the price was captured anyway, as a posted transfer
   * from the payer with the same fee split: the id of that capture transfer.
   */
  readonly lateCaptureTransferId?: string;
  readonly version: number;
  readonly createdAtMs: number;
  readonly updatedAtMs: number;
}

/**
 * What the money step found instead of a pending hold it could post or void; or
 * `balance_overflow`: the ledger refused the capture for good (an account it moves money
 * through is at its stated bound, docs/ledger.md "Accounts on statements"), so the hold was
 * voided and nothing was charged.
 */
export const SETTLEMENT_PROBLEMS = [
  'hold_expired',
  'hold_already_posted',
  'hold_already_voided',
  'hold_not_found',
  'balance_overflow',
] as const;
export type SettlementProblem = (typeof SETTLEMENT_PROBLEMS)[number];

/** What the money step records on the reservation when the hold was not simply posted or voided. */
export type SettlementNote = { readonly settlementProblem: SettlementProblem } | { readonly lateCaptureTransferId: string };

type ViewerStatus = 'active' | 'left';

export interface ViewerRecord {
  readonly reservationId: string;
  readonly ticketId: string;
  readonly customerId: string;
  readonly status: ViewerStatus;
  readonly admittedAtMs: number;
  readonly leftAtMs?: number;
}

export type OutboxEventType =
  | 'reservation.booked'
  | 'reservation.reminder'
  | 'reservation.confirmed'
  | 'reservation.changed'
  | 'reservation.cancelled'
  | 'reservation.expired'
  | 'reservation.failed';

/** A notification, written in the same transaction as the state change it reports. */
export interface OutboxEvent {
  readonly id: string;
  readonly type: OutboxEventType;
  readonly reservationId: string;
  /** Customer ids. */
  readonly recipients: readonly string[];
  /** Not delivered before this instant (reminders are written at booking for later). */
  readonly deliverAtMs: number;
  readonly message: string;
  readonly createdAtMs: number;
}

/** Which sweep finds an item through the `due` index. */
export type DueKind = 'expire' | 'complete' | 'outbox';
