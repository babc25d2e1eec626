import { iso } from './rules';
import type { ChannelRecord, ReservationRecord } from './types';

/** What callers see. Never the password hash; the booker's id only to the booker and operators. */
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

export const reservationView = (reservation: ReservationRecord) => ({
  id: reservation.id,
  channelId: reservation.channelId,
  customerId: reservation.customerId,
  status: reservation.status,
  startsAt: iso(reservation.startsAtMs),
  endsAt: iso(reservation.endsAtMs),
  slots: reservation.slots,
  reconfirmBy: iso(reservation.reconfirmByMs),
  priceMinor: reservation.priceMinor,
  currency: reservation.currency,
  /** Tentative bookings cost nothing; reconfirmation makes the price chargeable. */
  chargeable:
    reservation.status !== 'pending_reconfirmation' &&
    reservation.status !== 'expired' &&
    reservation.holdTransferId !== undefined,
  title: reservation.title,
  ...(reservation.genre === undefined ? {} : { genre: reservation.genre }),
  ...(reservation.outline === undefined ? {} : { outline: reservation.outline }),
  ...(reservation.detail === undefined ? {} : { detail: reservation.detail }),
  openLevel: reservation.openLevel,
  friends: [...reservation.friends],
  capacity: reservation.capacity,
  viewersWatching: reservation.viewersWatching,
  ...(reservation.holdTransferId === undefined ? {} : { holdTransferId: reservation.holdTransferId }),
  ...(reservation.ticketId === undefined ? {} : { ticketId: reservation.ticketId }),
  ...(reservation.failureReason === undefined ? {} : { failureReason: reservation.failureReason }),
  ...(reservation.settlementProblem === undefined ? {} : { settlementProblem: reservation.settlementProblem }),
  createdAt: iso(reservation.createdAtMs),
  updatedAt: iso(reservation.updatedAtMs),
});
