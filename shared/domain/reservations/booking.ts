import { DomainError, isDomainError } from '../../errors';
import { RESERVATION_HORIZON_SECONDS_MAX } from '../../limits';
import { errorFields } from '../../logger';
import type { Principal } from '../principal';
import { refuseSelfOrRepeatedFriends, requireRegisteredCustomer, requireRegisteredFriends, reservationNotFound } from './access';
import { requireChannel } from './channels';
import type { ReservationDeps } from './deps';
import type { BookingResult, NewBooking } from './ports';
import { expireTransition } from './expire';
import { isPastDeadline, iso, outboxEvent, quotaMonthsOf, reminderEventIdOf, requirePasswordFor } from './rules';
import type { ChannelRecord, OpenLevel, OutboxEvent, ReservationRecord } from './types';

export interface BookingInput {
  readonly channelId: string;
  /** The start in whole milliseconds; with `startsAtBelowMs`, the instant the request named (shared/domain/instant.ts). */
  readonly startsAtMs: number;
  /**
   * The digits of the start below the millisecond, trailing zeros dropped (ExactInstant.belowMs):
   * absent or '' when the start is `startsAtMs` exactly. Any other start lies after `startsAtMs`,
   * between two slot boundaries: MISALIGNED_START, never rounded to another instant.
   */
  readonly startsAtBelowMs?: string;
  readonly slots: number;
  readonly title: string;
  readonly genre?: string;
  readonly outline?: string;
  readonly detail?: string;
  readonly openLevel: OpenLevel;
  readonly password?: string;
  readonly friends?: readonly string[];
}

type BookingDeps = Pick<
  ReservationDeps,
  'store' | 'parties' | 'scheduler' | 'clock' | 'reservationConfig' | 'logger' | 'passwords' | 'metrics'
>;
type BookingConfig = ReservationDeps['reservationConfig'];

/** Step 1 and 2: the request against the clock and the rules; the booking's deadline and quota months. */
const checkBooking = (config: BookingConfig, nowMs: number, input: BookingInput) => {
  const slotMs = config.slotSeconds * 1000;
  if (input.startsAtMs % slotMs !== 0 || (input.startsAtBelowMs ?? '') !== '') {
    throw new DomainError('MISALIGNED_START', `A show starts on a ${config.slotSeconds}-second slot boundary (UTC).`, [
      {
        field: 'startsAt',
        message: `must be a multiple of ${config.slotSeconds} seconds since the epoch, e.g. ${iso((Math.floor(input.startsAtMs / slotMs) + 1) * slotMs)}`,
      },
    ]);
  }
  const reconfirmByMs = input.startsAtMs - config.reconfirmLeadSeconds * 1000;
  if (reconfirmByMs <= nowMs) {
    throw new DomainError(
      'INSIDE_RECONFIRM_LEAD',
      `A show must start more than ${config.reconfirmLeadSeconds} seconds from now, so that it can be reconfirmed before startsAt − ${config.reconfirmLeadSeconds} s.`,
      [{ field: 'startsAt', message: `must be after ${iso(nowMs + config.reconfirmLeadSeconds * 1000)}` }],
    );
  }
  if (input.startsAtMs - nowMs > RESERVATION_HORIZON_SECONDS_MAX * 1000) {
    throw new DomainError(
      'BEYOND_BOOKING_HORIZON',
      `A show may start at most ${RESERVATION_HORIZON_SECONDS_MAX} seconds ahead.`,
      [{ field: 'startsAt', message: `must be before ${iso(nowMs + RESERVATION_HORIZON_SECONDS_MAX * 1000)}` }],
    );
  }
  requirePasswordFor(input.openLevel, input.password);
  const quotaMonths = quotaMonthsOf(input.startsAtMs, slotMs, input.slots);
  for (const [month, count] of Object.entries(quotaMonths)) {
    if (count > config.monthlySlotQuota) {
      throw new DomainError(
        'QUOTA_EXCEEDED',
        `At most ${config.monthlySlotQuota} slots per calendar month (UTC); this booking needs ${count} in ${month}.`,
        [{ field: 'slots', message: `exceeds the monthly quota of ${config.monthlySlotQuota} in ${month}` }],
      );
    }
  }
  return { slotMs, reconfirmByMs, quotaMonths };
};

/** The new record: pending, priced at the channel's fee, capacity copied from the channel. */
const newReservation = (
  channel: ChannelRecord,
  principal: Principal,
  reservationId: string,
  input: BookingInput,
  checked: ReturnType<typeof checkBooking>,
  passwordHash: string | undefined,
  nowMs: number,
): ReservationRecord => {
  const reservation: ReservationRecord = {
    id: reservationId,
    channelId: channel.id,
    providerId: channel.providerId,
    customerId: principal.subject,
    startsAtMs: input.startsAtMs,
    endsAtMs: input.startsAtMs + input.slots * checked.slotMs,
    slotMs: checked.slotMs,
    slots: input.slots,
    reconfirmByMs: checked.reconfirmByMs,
    priceMinor: channel.feePerSlotMinor * input.slots,
    currency: channel.currency,
    title: input.title,
    ...(input.genre === undefined ? {} : { genre: input.genre }),
    ...(input.outline === undefined ? {} : { outline: input.outline }),
    ...(input.detail === undefined ? {} : { detail: input.detail }),
    openLevel: input.openLevel,
    ...(passwordHash === undefined ? {} : { passwordHash }),
    friends: input.friends ?? [],
    status: 'pending_reconfirmation',
    capacity: channel.capacity,
    viewersWatching: 0,
    quotaMonths: checked.quotaMonths,
    version: 1,
    createdAtMs: nowMs,
    updatedAtMs: nowMs,
  };
  // Channels cap their fee so that this holds; a channel stored before that cap is refused here, not a 500.
  if (!Number.isSafeInteger(reservation.priceMinor)) {
    throw new DomainError('VALIDATION_FAILED', `The price of ${input.slots} slots of this channel is too large.`, [
      { field: 'slots', message: 'fee × slots exceeds the largest amount' },
    ]);
  }
  return reservation;
};

/** The booking id to the booker now, and a reminder before the deadline (withdrawn once there is nothing to remind of). */
const bookingEvents = (reservation: ReservationRecord, config: BookingConfig, nowMs: number): OutboxEvent[] => [
  outboxEvent(
    reservation,
    'reservation.booked',
    [reservation.customerId],
    `Booked ${reservation.id}: reconfirm before ${iso(reservation.reconfirmByMs)}.`,
    nowMs,
  ),
  {
    ...outboxEvent(
      reservation,
      'reservation.reminder',
      [reservation.customerId],
      `Reminder: reconfirm ${reservation.id} before ${iso(reservation.reconfirmByMs)} or it expires.`,
      nowMs,
      { deliverAtMs: Math.max(nowMs, reservation.reconfirmByMs - config.reminderLeadSeconds * 1000) },
    ),
    id: reminderEventIdOf(reservation.id),
  },
];

/**
 * The bookings that hold slots of `reservation` and are past their deadline (pending at or after
 * `reconfirmBy`, their expiry not run yet) are expired now, each through the expiry's one
 * conditional transition (exactly once with the schedule and the sweeper, which void a hold a
 * crashed reconfirm may have left and take it out of the queue afterwards). True when the
 * slots may be free now (a holder expired, or is gone already: let the booking try again).
 */
const expireStaleHolders = async (deps: BookingDeps, reservation: ReservationRecord): Promise<boolean> => {
  const held = await deps.store.bookedSlots(reservation.channelId, reservation.startsAtMs, reservation.endsAtMs);
  const holders = [...new Set(held.map((slot) => slot.reservationId))].filter((id) => id !== reservation.id);
  const outcomes = await Promise.all(
    holders.map(async (holderId) => {
      const holder = await deps.store.getReservation(holderId);
      if (holder === undefined || !isPastDeadline(holder, deps.clock.now())) return 'held';
      // Expired by this call or by a racer (the schedule, the sweeper, another booking): its slots are free either way.
      await expireTransition(deps, holder);
      return 'freed';
    }),
  );
  return outcomes.includes('freed');
};

/**
 * How far back a booking that counts in a month of a new booking may have been created: the
 * new booking starts after now, so its months are this month or later; a booking counting in
 * one of them ends after this month began (more than 31 days ago), is at most 28 days long
 * (shared/config/reservations.ts) and was made at most RESERVATION_HORIZON_SECONDS_MAX before
 * its start.
 */
const QUOTA_LOOKBACK_MS = (31 + 28) * 86_400_000 + RESERVATION_HORIZON_SECONDS_MAX * 1000;

/**
 * The booker's bookings past their deadline (pending at or after `reconfirmBy`, their expiry
 * not run yet) that count in a month of `reservation` are expired now, each through the
 * expiry's one conditional transition, which gives their slots back to the quota (exactly once
 * with the schedule, the sweeper and a booking of their slots). True when one was found: its
 * slots are back in the quota whoever expired it, so the booking may try again.
 */
const expireLapsedBookings = async (deps: BookingDeps, reservation: ReservationRecord): Promise<boolean> => {
  const nowMs = deps.clock.now();
  const lapsed = await deps.store.lapsedBookings(reservation.customerId, nowMs, nowMs - QUOTA_LOOKBACK_MS);
  const counting = lapsed.filter(
    (booking) =>
      booking.id !== reservation.id && Object.keys(booking.quotaMonths).some((month) => month in reservation.quotaMonths),
  );
  await Promise.all(counting.map((booking) => expireTransition(deps, booking)));
  return counting.length > 0;
};

/**
 * The booking's one transaction; a refusal caused by a booking past its deadline is not final
 * (SPEC S2, deadlines are read at the instant): slots it holds are free (SLOT_TAKEN:
 * expireStaleHolders) and its slots do not count in the quota (QUOTA_EXCEEDED:
 * expireLapsedBookings). Each remedy is tried once; after it the transaction runs again.
 */
const bookFreeingLapsed = async (deps: BookingDeps, booking: NewBooking): Promise<BookingResult> => {
  const tried = new Set<string>();
  for (;;) {
    try {
      return await deps.store.createReservation(booking);
    } catch (error) {
      if (!isDomainError(error) || tried.has(error.code)) throw error;
      tried.add(error.code);
      const freed =
        error.code === 'SLOT_TAKEN'
          ? await expireStaleHolders(deps, booking.reservation)
          : error.code === 'QUOTA_EXCEEDED' && (await expireLapsedBookings(deps, booking.reservation));
      if (!freed) throw error;
    }
  }
};

/**
 * Book channel slots, tentatively.
 *
 * Flow:
 *  0. The booker and every friend must be registered customers (404 CUSTOMER_NOT_FOUND, for
 *     a friend naming `friends.<index>`): an unregistered subject cannot squat slots. The
 *     friends are other customers, each named once (else 422 VALIDATION_FAILED naming
 *     `friends.<index>`). The channel must exist (404 CHANNEL_NOT_FOUND).
 *  1. Check the request against the channel and the clock: the start aligned to the slot
 *     length, to the last digit the request wrote (MISALIGNED_START), reconfirmBy = startsAt − lead still in the future
 *     (INSIDE_RECONFIRM_LEAD), not beyond the horizon, a password for password/secret shows.
 *  2. Count the slots per UTC month of each slot's start; a month above the quota on its own
 *     is refused before writing anything.
 *  3. ONE transaction: the reservation (`pending_reconfirmation`, in the `due` index at
 *     reconfirmBy), a lock per slot (attribute_not_exists: the loser of a race gets
 *     SLOT_TAKEN naming the slots), the quota counter per month (`slotsUsed <= quota − n`:
 *     QUOTA_EXCEEDED), and the outbox events (booking id to the booker now, a reminder
 *     before the deadline). A retry with the same id finds its reservation (`exists`).
 *     Slots held by a booking past its deadline (its expiry not run yet) are free, and the
 *     booker's bookings past their deadline do not count in the quota: such a booking is
 *     expired now (bookFreeingLapsed) and the transaction tried once more.
 *  4. Create the one-time expiry schedule at reconfirmBy. If that fails the booking stands:
 *     the periodic sweeper expires it anyway (logged).
 */
export const createReservation = async (
  deps: BookingDeps,
  principal: Principal,
  reservationId: string,
  input: BookingInput,
): Promise<ReservationRecord> => {
  const config = deps.reservationConfig;
  const nowMs = deps.clock.now();
  await requireRegisteredCustomer(deps, principal.subject);
  const channel = await requireChannel(deps, input.channelId);
  refuseSelfOrRepeatedFriends(principal.subject, input.friends ?? []);
  await requireRegisteredFriends(deps, input.friends ?? []);
  const checked = checkBooking(config, nowMs, input);
  const passwordHash = input.password === undefined ? undefined : await deps.passwords.hash(input.password);
  const reservation = newReservation(channel, principal, reservationId, input, checked, passwordHash, nowMs);
  const events = bookingEvents(reservation, config, nowMs);
  const stored = await bookFreeingLapsed(deps, { reservation, monthlySlotQuota: config.monthlySlotQuota, events });
  if (stored.result === 'exists') {
    if (stored.reservation.customerId !== principal.subject) throw reservationNotFound(reservationId);
    return stored.reservation;
  }
  deps.metrics.record('reservationsBooked', 1, {});
  try {
    await deps.scheduler.scheduleExpiry(reservation.id, reservation.reconfirmByMs);
  } catch (error) {
    deps.logger.warn('expiry schedule not created; the sweeper will expire the booking', {
      reservationId: reservation.id,
      ...errorFields(error),
    });
  }
  return reservation;
};
