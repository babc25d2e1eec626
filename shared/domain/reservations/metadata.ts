import { DomainError } from '../../errors';
import type { SecretHasher } from '../../ports';
import type { Principal } from '../principal';
import { decideAsBooker, expiredError, notActive } from './access';
import type { ReservationDeps } from './deps';
import { bookerAndFriends, isListed, iso, outboxEvent, requirePasswordFor } from './rules';
import type { OpenLevel, ReservationRecord, ShowMetadata } from './types';

export interface MetadataPatch {
  readonly title?: string;
  readonly genre?: string | null;
  readonly outline?: string | null;
  readonly detail?: string | null;
  readonly openLevel?: OpenLevel;
  readonly password?: string;
}

/** Fields that define what was booked: changing them means cancelling and booking again. */
const FIXED_FIELDS = ['channelId', 'startsAt', 'slots', 'endsAt'] as const;

export const refuseFixedFieldChanges = (body: Readonly<Record<string, unknown>>): void => {
  const present = FIXED_FIELDS.filter((field) => body[field] !== undefined);
  if (present.length > 0) {
    throw new DomainError(
      'CHANGE_NOT_ALLOWED',
      `Only the show's metadata can change; to change ${present.join(', ')}, cancel and book again.`,
      present.map((field) => ({ field, message: 'cannot change: cancel and book again' })),
    );
  }
};

const optional = <Key extends string>(key: Key, value: string | undefined): { [K in Key]?: string } =>
  (value === undefined ? {} : { [key]: value }) as { [K in Key]?: string };

/**
 * The whole new metadata: the patch over the current one (`null` removes an optional field).
 * A password or secret show needs a password, given now or stored before; a public show
 * keeps none.
 */
const patchedMetadata = async (
  passwords: SecretHasher,
  reservation: ReservationRecord,
  patch: MetadataPatch,
): Promise<ShowMetadata> => {
  const openLevel = patch.openLevel ?? reservation.openLevel;
  requirePasswordFor(openLevel, patch.password, openLevel !== 'public' && reservation.passwordHash !== undefined);
  const passwordHash =
    openLevel === 'public'
      ? undefined
      : patch.password !== undefined
        ? await passwords.hash(patch.password)
        : reservation.passwordHash;
  const pick = (value: string | null | undefined, current: string | undefined) =>
    value === null ? undefined : (value ?? current);
  return {
    title: patch.title ?? reservation.title,
    ...optional('genre', pick(patch.genre, reservation.genre)),
    ...optional('outline', pick(patch.outline, reservation.outline)),
    ...optional('detail', pick(patch.detail, reservation.detail)),
    openLevel,
    ...optional('passwordHash', passwordHash),
  };
};

/**
 * Change the show's metadata (title, genre, outline, detail, open level, password) of a
 * pending or confirmed reservation, under optimistic concurrency on its version; the friend
 * list hears about it through the outbox in the same write.
 *
 * Flow:
 *  1. Read it as its booker; only pending and confirmed reservations change (409 otherwise):
 *     an expired one, or one still pending at or past its deadline (it is expired by then,
 *     whether or not the expiry has run yet), is 409 RESERVATION_EXPIRED, as for reconfirm
 *     and cancel.
 *  2. Apply the patch to the metadata read (a password where the open level needs one).
 *  3. ONE conditional write on the version read: the metadata, the listing (a confirmed show
 *     is listed unless it is secret now) and the `changed` event. Someone changed it
 *     meanwhile: apply the patch to the new version (the password hashed in the first
 *     attempt is reused), within the request's time (decideUntilSettled).
 */
export const updateReservation = (
  deps: MetadataDeps,
  principal: Principal,
  reservationId: string,
  patch: MetadataPatch,
): Promise<ReservationRecord> => {
  const once = { ...deps, passwords: hashingOnce(deps.passwords) };
  return decideAsBooker(deps, principal, reservationId, (reservation) => updateOnce(once, reservation, patch));
};

/**
 * The hasher an update's attempts share: a password is hashed (scrypt, the slow part of an
 * attempt) once per request, not again on every attempt that lost a race.
 */
const hashingOnce = (passwords: SecretHasher): SecretHasher => {
  const hashes = new Map<string, Promise<string>>();
  return {
    hash: (secret) => {
      const known = hashes.get(secret);
      if (known !== undefined) return known;
      const made = passwords.hash(secret);
      hashes.set(secret, made);
      return made;
    },
    matches: (secret, storedHash) => passwords.matches(secret, storedHash),
  };
};

type MetadataDeps = Pick<ReservationDeps, 'store' | 'clock' | 'passwords'>;

/** Steps 2–3 on the reservation as read; undefined when someone changed it meanwhile. */
const updateOnce = async (
  deps: MetadataDeps,
  reservation: ReservationRecord,
  patch: MetadataPatch,
): Promise<ReservationRecord | undefined> => {
  const nowMs = deps.clock.now();
  if (
    reservation.status === 'expired' ||
    (reservation.status === 'pending_reconfirmation' && nowMs >= reservation.reconfirmByMs)
  ) {
    throw expiredError(reservation);
  }
  if (reservation.status !== 'pending_reconfirmation' && reservation.status !== 'confirmed') throw notActive(reservation);
  const metadata = await patchedMetadata(deps.passwords, reservation, patch);
  const updated = await deps.store.updateMetadata({
    reservationId: reservation.id,
    expectedVersion: reservation.version,
    nowMs,
    metadata,
    listed: reservation.status === 'confirmed' && isListed(metadata.openLevel),
    events: [
      outboxEvent(
        reservation,
        'reservation.changed',
        bookerAndFriends(reservation),
        `Show "${metadata.title}" on ${iso(reservation.startsAtMs)} changed.`,
        nowMs,
        { idParts: [String(reservation.version + 1)] },
      ),
    ],
  });
  return updated;
};
