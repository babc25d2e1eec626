import { DomainError } from '../../errors';
import { LISTINGS_RANGE_DAYS_MAX } from '../../limits';
import type { ReservationDeps } from './deps';
import { connectWindow, iso } from './rules';
import type { ReservationRecord } from './types';
import { rangeEndsBeforeStart } from './errors';

/**
 * Listings: confirmed public and password shows starting in [from, to), by start time, from
 * the sparse `listing` index (secret shows are never in it). OPEN while the show admits
 * connections now (inside its connect window), CLOSE otherwise.
 */
const listingState = (
  reservation: ReservationRecord,
  nowMs: number,
  config: ReservationDeps['reservationConfig'],
): 'OPEN' | 'CLOSE' => {
  const window = connectWindow(reservation, config);
  return reservation.status === 'confirmed' && nowMs >= window.opensAtMs && nowMs < window.closesAtMs ? 'OPEN' : 'CLOSE';
};

export const listShows = async (
  deps: Pick<ReservationDeps, 'store' | 'clock' | 'reservationConfig'>,
  query: { fromMs: number; toMs: number; limit: number; cursor?: string },
) => {
  if (query.toMs <= query.fromMs) {
    throw rangeEndsBeforeStart();
  }
  if (query.toMs - query.fromMs > LISTINGS_RANGE_DAYS_MAX * 86_400_000) {
    throw new DomainError('RANGE_TOO_LARGE', `Ask for at most ${LISTINGS_RANGE_DAYS_MAX} days at a time.`, [
      { field: 'to', message: `at most ${LISTINGS_RANGE_DAYS_MAX} days after from` },
    ]);
  }
  const page = await deps.store.listings(query);
  const nowMs = deps.clock.now();
  return {
    items: page.items
      .filter((reservation) => reservation.openLevel !== 'secret')
      .map((reservation) => ({
        reservationId: reservation.id,
        channelId: reservation.channelId,
        title: reservation.title,
        ...(reservation.genre === undefined ? {} : { genre: reservation.genre }),
        ...(reservation.outline === undefined ? {} : { outline: reservation.outline }),
        startsAt: iso(reservation.startsAtMs),
        endsAt: iso(reservation.endsAtMs),
        openLevel: reservation.openLevel as 'public' | 'password',
        state: listingState(reservation, nowMs, deps.reservationConfig),
      })),
    ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }),
  };
};
