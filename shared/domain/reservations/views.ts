import { actsFor, type Principal } from '../principal';
import { reservationSplit } from './posting';
import { iso } from './rules';
import type { ChannelRecord, ReservationRecord, SettlementProblem } from './types';

/** What callers see. Never the password hash; the booker's id only to the booker and operators (reservationView). */
export const channelView = (channel: ChannelRecord) => ({
  id: channel.id,
  providerId: channel.providerId,
  name: channel.name,
  capacity: channel.capacity,
  bandwidthKbps: channel.bandwidthKbps,
  feePerSlotMinor: channel.feePerSlotMinor,
  currency: channel.currency,
  createdAt: iso(channel.createdAtMs),
});

/** Settlement problems after which the booker was not charged: the fee never moved. */
const UNCHARGED_PROBLEMS: ReadonlySet<SettlementProblem> = new Set([
  'hold_expired',
  'hold_already_voided',
  'hold_not_found',
  'balance_overflow',
]);

/**
 * Whether the price is (or will be) charged: once a hold is placed at reconfirmation, for a
 * show that runs (confirmed, completed) or is cancelled after reconfirmation (the fee is
 * captured, on time or late). Tentative and expired bookings cost nothing, and neither does a
 * show whose provider reported a failure (its hold is voided), nor one whose money step found
 * the fee gone (a settlement problem that moved nothing: the hold expired and the payer could
 * not pay late, or it was voided or is missing), or whose capture the ledger refused at the
 * stated bound (the hold voided); a free show has no hold.
 */
const isChargeable = (reservation: Pick<ReservationRecord, 'status' | 'holdTransferId' | 'settlementProblem'>): boolean =>
  reservation.holdTransferId !== undefined &&
  (reservation.status === 'confirmed' || reservation.status === 'completed' || reservation.status === 'cancelled') &&
  (reservation.settlementProblem === undefined || !UNCHARGED_PROBLEMS.has(reservation.settlementProblem));

/**
 * Viewers watching now: only a confirmed show has any. A show that is over, cancelled or
 * failed has no one watching, whatever seats its tickets' revocation has not released yet.
 */
const viewersWatching = (reservation: Pick<ReservationRecord, 'status' | 'viewersWatching'>): number =>
  reservation.status === 'confirmed' ? reservation.viewersWatching : 0;

/**
 * How a reconfirmed show is paid: the route and the fee rates fixed at reconfirmation, and
 * the split of the price that the posting moves (the provider keeps the remainder). The
 * payer's account (its id names the customer) and the carrier agent only to those who see the
 * booker.
 */
const paymentView = (reservation: ReservationRecord, seesBooker: boolean) => {
  const { payment } = reservation;
  const split = reservationSplit(reservation);
  if (payment === undefined || split === undefined) return {};
  return {
    payment: {
      route: payment.route,
      ...(seesBooker ? { payerAccountId: payment.payerAccountId } : {}),
      ...(seesBooker && payment.agentId !== undefined ? { agentId: payment.agentId } : {}),
      platformFeeBps: payment.platformFeeBps,
      carrierFeeBps: payment.carrierFeeBps,
      split,
    },
  };
};

/**
 * What a caller sees of a reservation. Who booked it (`customerId`), the friends, and how the
 * booker pays (`payment.payerAccountId`, `payment.agentId`) only the booker and operators see;
 * anyone else a use case lets read one, which is the channel's provider through a failed
 * show's outcome, sees the show's state and money without them (SPEC S1: providers see
 * pseudonymous subjects, not identities; the same rule as purchaseView).
 */
export const reservationView = (principal: Principal, reservation: ReservationRecord) =>
  viewFor(reservation, actsFor(principal, 'customer', reservation.customerId));

const viewFor = (reservation: ReservationRecord, seesBooker: boolean) => ({
  id: reservation.id,
  channelId: reservation.channelId,
  ...(seesBooker ? { customerId: reservation.customerId } : {}),
  status: reservation.status,
  startsAt: iso(reservation.startsAtMs),
  endsAt: iso(reservation.endsAtMs),
  slots: reservation.slots,
  reconfirmBy: iso(reservation.reconfirmByMs),
  priceMinor: reservation.priceMinor,
  currency: reservation.currency,
  chargeable: isChargeable(reservation),
  title: reservation.title,
  ...(reservation.genre === undefined ? {} : { genre: reservation.genre }),
  ...(reservation.outline === undefined ? {} : { outline: reservation.outline }),
  ...(reservation.detail === undefined ? {} : { detail: reservation.detail }),
  openLevel: reservation.openLevel,
  ...(seesBooker ? { friends: [...reservation.friends] } : {}),
  capacity: reservation.capacity,
  viewersWatching: viewersWatching(reservation),
  ...(reservation.holdTransferId === undefined ? {} : { holdTransferId: reservation.holdTransferId }),
  ...paymentView(reservation, seesBooker),
  ...(reservation.ticketId === undefined ? {} : { ticketId: reservation.ticketId }),
  ...(reservation.failureReason === undefined ? {} : { failureReason: reservation.failureReason }),
  ...(reservation.settlementProblem === undefined ? {} : { settlementProblem: reservation.settlementProblem }),
  ...(reservation.lateCaptureTransferId === undefined ? {} : { lateCaptureTransferId: reservation.lateCaptureTransferId }),
  createdAt: iso(reservation.createdAtMs),
  updatedAt: iso(reservation.updatedAtMs),
});
