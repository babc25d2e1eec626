import { DomainError, quoted } from '../../errors';
import { AVAILABILITY_SLOTS_MAX, CHANNEL_FEE_PER_SLOT_MINOR_MAX } from '../../limits';
import { openProviderCurrency, requireCallerProvider } from '../parties/parties';
import type { LedgerAccounts } from '../ledger/ports';
import { type ExactInstant, isAfter, msAtOrAfter } from '../instant';
import type { Principal } from '../principal';
import type { ReservationDeps } from './deps';
import { isPastDeadline, iso } from './rules';
import type { ChannelRecord } from './types';
import { rangeEndsBeforeStart } from './errors';

export interface ChannelInput {
  readonly name: string;
  readonly capacity: number;
  readonly bandwidthKbps: number;
  readonly feePerSlotMinor: number;
  readonly currency: string;
}

/** Creating a channel opens the provider's accounts, nothing more: the ledger at that level. */
export type ChannelCreationDeps = Pick<ReservationDeps, 'store' | 'parties' | 'clock'> & { readonly ledger: LedgerAccounts };

/**
 * A provider creates its own channels; the channel id is derived from the Idempotency-Key
 * when there is one.
 *
 * Flow:
 *  1. The fee per slot is at most CHANNEL_FEE_PER_SLOT_MINOR_MAX, so that the price of the
 *     longest booking (fee × RESERVATION_SLOTS_MAX) is a safe integer (422 naming the field).
 *  2. The caller must be a registered provider (404 PROVIDER_NOT_FOUND naming `providerId`):
 *     its fee terms (`platformFeeBps`, trust for proxy settlement) decide how the shows'
 *     fees are split and paid, as for its offers.
 *  3. Open the provider's revenue account and the platform fee account in the channel's
 *     currency (idempotent, with exactly the fields every capability uses), so that the
 *     reconfirm hold and the fee legs of the posting have somewhere to go.
 *  4. Store the channel (idempotent on id).
 */
export const createChannel = async (
  deps: ChannelCreationDeps,
  principal: Principal,
  channelId: string,
  input: ChannelInput,
): Promise<ChannelRecord> => {
  if (
    !Number.isSafeInteger(input.feePerSlotMinor) ||
    input.feePerSlotMinor < 0 ||
    input.feePerSlotMinor > CHANNEL_FEE_PER_SLOT_MINOR_MAX
  ) {
    throw new DomainError('VALIDATION_FAILED', `The fee per slot is at most ${CHANNEL_FEE_PER_SLOT_MINOR_MAX}.`, [
      { field: 'feePerSlotMinor', message: `must be an integer from 0 to ${CHANNEL_FEE_PER_SLOT_MINOR_MAX}` },
    ]);
  }
  const provider = await requireCallerProvider(deps.parties, principal.subject);
  await openProviderCurrency(deps, provider, input.currency);
  const channel: ChannelRecord = { id: channelId, providerId: principal.subject, ...input, createdAtMs: deps.clock.now() };
  const stored = await deps.store.createChannel(channel);
  return stored.channel;
};

export const requireChannel = async (deps: Pick<ReservationDeps, 'store'>, channelId: string): Promise<ChannelRecord> => {
  const channel = await deps.store.getChannel(channelId);
  if (channel === undefined) {
    throw new DomainError('CHANNEL_NOT_FOUND', `No channel ${quoted(channelId)}.`, [
      { field: 'channelId', message: 'does not exist' },
    ]);
  }
  return channel;
};

/**
 * Each slot of [from, to) free or booked. `from` is rounded down and `to` up to slot
 * boundaries, from the instants as the request wrote them (a `to` a fraction of a millisecond
 * past a boundary reaches into the slot after it); who booked a slot is never shown. A slot
 * whose booking is past its deadline (pending at or after `reconfirmBy`) is free, as a booking
 * of it succeeds: the bookings behind the booked slots are read (one BatchGetItem per 100) to
 * judge that.
 */
export const channelAvailability = async (
  deps: Pick<ReservationDeps, 'store' | 'reservationConfig' | 'clock'>,
  channelId: string,
  from: ExactInstant,
  to: ExactInstant,
) => {
  const channel = await requireChannel(deps, channelId);
  const slotMs = deps.reservationConfig.slotSeconds * 1000;
  const firstMs = Math.floor(from.ms / slotMs) * slotMs;
  const endMs = Math.ceil(msAtOrAfter(to) / slotMs) * slotMs;
  const count = (endMs - firstMs) / slotMs;
  if (!isAfter(to, from)) {
    throw rangeEndsBeforeStart();
  }
  if (count > AVAILABILITY_SLOTS_MAX) {
    throw new DomainError('RANGE_TOO_LARGE', `Ask for at most ${AVAILABILITY_SLOTS_MAX} slots at a time.`, [
      { field: 'to', message: `the range covers ${count} slots, more than ${AVAILABILITY_SLOTS_MAX}` },
    ]);
  }
  const locks = count === 0 ? [] : await deps.store.bookedSlots(channelId, firstMs, endMs);
  // A slot held by a booking past its deadline is free already (SPEC S2), whether or not its expiry has run.
  const nowMs = deps.clock.now();
  const holders = locks.length === 0 ? [] : await deps.store.getReservations(locks.map((slot) => slot.reservationId));
  const stale = new Set(holders.filter((holder) => isPastDeadline(holder, nowMs)).map((holder) => holder.id));
  const booked = new Set(locks.filter((slot) => !stale.has(slot.reservationId)).map((slot) => slot.slotStartMs));
  return {
    channelId: channel.id,
    slotSeconds: deps.reservationConfig.slotSeconds,
    feePerSlotMinor: channel.feePerSlotMinor,
    currency: channel.currency,
    slots: Array.from({ length: count }, (_, index) => {
      const startMs = firstMs + index * slotMs;
      return {
        startsAt: iso(startMs),
        endsAt: iso(startMs + slotMs),
        status: booked.has(startMs) ? ('booked' as const) : ('free' as const),
      };
    }),
  };
};
