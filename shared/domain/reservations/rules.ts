import { DomainError } from '../../errors';
import { derivedId } from '../../ids';
import type { ReservationConfig } from '../../config';
import type { OpenLevel, OutboxEvent, OutboxEventType, ReservationRecord } from './types';

/** Pure rules of reservations: time arithmetic, quota months, derived ids, which shows need a password. */

export const iso = (ms: number): string => new Date(ms).toISOString();

/** Secret shows are never listed; public and password ones are, while confirmed. */
export const isListed = (openLevel: OpenLevel): boolean => openLevel !== 'secret';

/** A calendar month in UTC, `YYYY-MM`: the unit of the booker's slot quota. */
export const utcMonth = (ms: number): string => iso(ms).slice(0, 7);

/** Slots counted per UTC month of each slot's start. */
export const quotaMonthsOf = (startsAtMs: number, slotMs: number, slots: number): Record<string, number> => {
  const months: Record<string, number> = {};
  for (let index = 0; index < slots; index += 1) {
    const month = utcMonth(startsAtMs + index * slotMs);
    months[month] = (months[month] ?? 0) + 1;
  }
  return months;
};

export const slotStartsOf = (reservation: Pick<ReservationRecord, 'startsAtMs' | 'slotMs' | 'slots'>): number[] =>
  Array.from({ length: reservation.slots }, (_, index) => reservation.startsAtMs + index * reservation.slotMs);

/** The broadcaster and viewer ticket window: startsAt − before … endsAt + after. */
export const connectWindow = (
  reservation: Pick<ReservationRecord, 'startsAtMs' | 'endsAtMs'>,
  config: Pick<ReservationConfig, 'connectBeforeSeconds' | 'connectAfterSeconds'>,
) => ({
  opensAtMs: reservation.startsAtMs - config.connectBeforeSeconds * 1000,
  closesAtMs: reservation.endsAtMs + config.connectAfterSeconds * 1000,
});

/** When the completion job settles a confirmed show: after its end plus the grace for failure reports. */
export const completionDueMs = (
  reservation: Pick<ReservationRecord, 'endsAtMs'>,
  config: Pick<ReservationConfig, 'completionGraceSeconds'>,
) => reservation.endsAtMs + config.completionGraceSeconds * 1000;

/** Derived ids make every step idempotent: a retry lands on the same hold (charge-legs.ts), ticket and events. */
export const broadcasterTicketIdOf = (reservationId: string): string =>
  derivedId('tkt', 'reservation-broadcaster', reservationId);
const eventIdOf = (reservationId: string, type: OutboxEventType, ...more: readonly string[]): string =>
  derivedId('evt', reservationId, type, ...more);

export const outboxEvent = (
  reservation: Pick<ReservationRecord, 'id'>,
  type: OutboxEventType,
  recipients: readonly string[],
  message: string,
  nowMs: number,
  options: { deliverAtMs?: number; idParts?: readonly string[] } = {},
): OutboxEvent => ({
  id: eventIdOf(reservation.id, type, ...(options.idParts ?? [])),
  type,
  reservationId: reservation.id,
  recipients: [...new Set(recipients)],
  deliverAtMs: options.deliverAtMs ?? nowMs,
  message,
  createdAtMs: nowMs,
});

/** The booker and the friend list: who hears about changes and cancellations. */
export const bookerAndFriends = (reservation: Pick<ReservationRecord, 'customerId' | 'friends'>): string[] => [
  reservation.customerId,
  ...reservation.friends,
];

export const reminderEventIdOf = (reservationId: string): string => eventIdOf(reservationId, 'reservation.reminder');

/** Password and secret shows need a password; public shows must not carry one. */
export const requirePasswordFor = (openLevel: string, password: string | undefined, hasStoredHash = false): void => {
  if (openLevel !== 'public' && password === undefined && !hasStoredHash) {
    throw new DomainError('PASSWORD_REQUIRED', `A ${openLevel} show needs a password.`, [
      { field: 'password', message: `is required for openLevel ${openLevel}` },
    ]);
  }
  if (openLevel === 'public' && password !== undefined) {
    throw new DomainError('VALIDATION_FAILED', 'A public show has no password.', [
      { field: 'password', message: 'is only for password and secret shows' },
    ]);
  }
};

/**
 * Whether a booking is past its deadline without its expiry having run yet: pending at or
 * after `reconfirmBy`. The write routes refuse it already (409 RESERVATION_EXPIRED); the
 * expiry (schedule, sweeper, or a booking that needs its slots) makes it `expired`.
 */
export const isPastDeadline = (reservation: Pick<ReservationRecord, 'status' | 'reconfirmByMs'>, nowMs: number): boolean =>
  reservation.status === 'pending_reconfirmation' && nowMs >= reservation.reconfirmByMs;

/**
 * The reservation as it stands at `nowMs`: a booking past its deadline reads `expired` (updated
 * at its deadline) whether or not its expiry has run, so that reads judge the deadline as the
 * write routes do (SPEC S2: expiry at the exact deadline).
 */
export const reservationAt = (reservation: ReservationRecord, nowMs: number): ReservationRecord =>
  isPastDeadline(reservation, nowMs)
    ? { ...reservation, status: 'expired', updatedAtMs: Math.max(reservation.updatedAtMs, reservation.reconfirmByMs) }
    : reservation;
