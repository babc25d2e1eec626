import { describe, expect, it } from 'vitest';
import { createReservation } from '../../../shared/domain/reservations/booking';
import { channelAvailability, createChannel } from '../../../shared/domain/reservations/channels';
import { wholeMs } from '../../../shared/domain/instant';
import { reconfirmReservation } from '../../../shared/domain/reservations/reconfirm';
import { admitViewer } from '../../../shared/domain/reservations/viewers';
import { alignedStart, booking, customer, makeMemoryDeps, openAccounts, provider } from '../../fixtures/reservations';

/**
 * Only registered customers book, reconfirm and take seats, and only registered providers
 * open channels: a token with a role and an unknown subject cannot squat slots or seats.
 */
const PROVIDER = provider('prov-registered');

const setUp = async () => {
  const fixture = makeMemoryDeps();
  await openAccounts(fixture.deps, {
    providerId: PROVIDER.subject,
    customers: [{ id: 'alice', fundMinor: 10_000 }, { id: 'bob', fundMinor: 10_000 }, { id: 'v1' }],
  });
  const channel = await createChannel(fixture.deps, PROVIDER, 'chn_registered', {
    name: 'registered',
    capacity: 3,
    bandwidthKbps: 1_000,
    feePerSlotMinor: 500,
    currency: 'JPY',
  });
  return { ...fixture, channel };
};

describe('only registered customers book, reconfirm and take seats', () => {
  it('a customer token whose subject nobody registered cannot book: CUSTOMER_NOT_FOUND, and the slots stay free', async () => {
    // Prepare
    const { deps, clock, channel } = await setUp();
    const startsAtMs = alignedStart(clock.now(), 24);

    // Act
    const squatter = createReservation(deps, customer('squatter'), 'rsv_squat', booking(channel.id, startsAtMs));

    // Assess
    await expect(squatter).rejects.toMatchObject({ code: 'CUSTOMER_NOT_FOUND' });
    expect(await deps.store.getReservation('rsv_squat')).toBeUndefined();
    const availability = await channelAvailability(deps, channel.id, wholeMs(startsAtMs), wholeMs(startsAtMs + 3 * 600_000));
    expect(availability.slots.map((slot) => slot.status)).toEqual(['free', 'free', 'free']);
  });

  it('friends must be registered customers: the refusal names each friend who is not', async () => {
    // Prepare
    const { deps, clock, channel } = await setUp();

    // Act
    const refusal = createReservation(
      deps,
      customer('alice'),
      'rsv_friends',
      booking(channel.id, alignedStart(clock.now(), 24), { friends: ['bob', 'ghost', 'v1', 'phantom'] }),
    );

    // Assess
    await expect(refusal).rejects.toMatchObject({
      code: 'CUSTOMER_NOT_FOUND',
      fields: [
        { field: 'friends.1', message: 'is not a registered customer' },
        { field: 'friends.3', message: 'is not a registered customer' },
      ],
    });
    expect(await deps.store.getReservation('rsv_friends')).toBeUndefined();
  });

  it('friends are other customers, each named once: the booker itself and a repeat are refused with 422 naming each', async () => {
    // Prepare
    const { deps, clock, channel } = await setUp();

    // Act
    const refusal = createReservation(
      deps,
      customer('alice'),
      'rsv_self_friend',
      booking(channel.id, alignedStart(clock.now(), 24), { friends: ['bob', 'alice', 'v1', 'bob'] }),
    );

    // Assess
    await expect(refusal).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      detail: 'Friends must be other customers, each named once: friends.1, friends.3.',
      fields: [
        { field: 'friends.1', message: 'is the booker: friends are other customers' },
        { field: 'friends.3', message: 'repeats friends.0' },
      ],
    });
    expect(await deps.store.getReservation('rsv_self_friend')).toBeUndefined();
  });

  it('an unregistered viewer takes no seat, and a booking whose booker is no longer registered is not reconfirmed', async () => {
    // Prepare
    const { deps, clock, channel, parties } = await setUp();
    const show = await createReservation(deps, customer('alice'), 'rsv_seat', booking(channel.id, alignedStart(clock.now(), 24)));
    const other = await createReservation(deps, customer('bob'), 'rsv_gone', booking(channel.id, alignedStart(clock.now(), 30)));
    await reconfirmReservation(deps, customer('alice'), show.id);
    // A booking made before bookings needed a registered customer: its booker is unknown to the party store.
    const getCustomer = parties.getCustomer.bind(parties);
    parties.getCustomer = async (id) => (id === 'bob' ? undefined : getCustomer(id));

    // Act
    const seat = admitViewer(deps, customer('stranger'), show.id, 'tkt_stranger', undefined);
    const reconfirm = reconfirmReservation(deps, customer('bob'), other.id);

    // Assess
    await expect(seat).rejects.toMatchObject({ code: 'CUSTOMER_NOT_FOUND' });
    await expect(reconfirm).rejects.toMatchObject({ code: 'CUSTOMER_NOT_FOUND' });
    expect((await deps.store.getReservation(show.id))?.viewersWatching).toBe(0);
    expect((await deps.store.getReservation(other.id))?.status).toBe('pending_reconfirmation');
  });

  it('a provider nobody registered cannot create a channel', async () => {
    // Prepare
    const { deps } = await setUp();

    // Act
    const channel = createChannel(deps, provider('prov-unknown'), 'chn_unknown', {
      name: 'unknown',
      capacity: 1,
      bandwidthKbps: 1,
      feePerSlotMinor: 100,
      currency: 'JPY',
    });

    // Assess
    // The provider is the caller, no field of the request: the refusal names no `providerId`.
    await expect(channel).rejects.toMatchObject({
      code: 'PROVIDER_NOT_FOUND',
      detail: 'You act as provider "prov-unknown", which is not registered.',
      fields: [],
    });
    expect(await deps.store.getChannel('chn_unknown')).toBeUndefined();
  });
});
