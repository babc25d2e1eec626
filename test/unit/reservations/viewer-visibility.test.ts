import { describe, expect, it } from 'vitest';
import { createReservation } from '../../../shared/domain/reservations/booking';
import { createChannel } from '../../../shared/domain/reservations/channels';
import { updateReservation } from '../../../shared/domain/reservations/metadata';
import { reconfirmReservation } from '../../../shared/domain/reservations/reconfirm';
import { admitViewer, releaseViewer } from '../../../shared/domain/reservations/viewers';
import type { OpenLevel } from '../../../shared/domain/reservations/types';
import { alignedStart, booking, customer, makeMemoryDeps, openAccounts, provider } from '../../fixtures/reservations';
import { rejection } from '../../fixtures/errors';

/**
 * What the viewer routes tell a caller about a show: its booker and friends, anyone while it
 * is listed (a confirmed public or password show) and anyone who proved its password learn
 * that it exists and its status; everyone else gets what an id that does not exist gets.
 */
const PROVIDER = provider('prov-visibility');
const OTHER_PROVIDER = provider('prov-other');
const PASSWORD = 'open sesame';

const setUp = async () => {
  const fixture = makeMemoryDeps();
  await openAccounts(fixture.deps, {
    providerId: PROVIDER.subject,
    customers: [{ id: 'alice', fundMinor: 10_000 }, { id: 'friend' }, { id: 'stranger' }, { id: 'bob' }],
  });
  await openAccounts(fixture.deps, { providerId: OTHER_PROVIDER.subject, customers: [] });
  const channel = await createChannel(fixture.deps, PROVIDER, 'chn_visibility', {
    name: 'visibility',
    capacity: 5,
    bandwidthKbps: 4_000,
    feePerSlotMinor: 100,
    currency: 'JPY',
  });
  let hoursAhead = 24;
  const book = (openLevel: OpenLevel) => {
    hoursAhead += 1;
    return createReservation(
      fixture.deps,
      customer('alice'),
      `rsv_${openLevel}_${hoursAhead}`,
      booking(channel.id, alignedStart(fixture.clock.now(), hoursAhead), {
        openLevel,
        friends: ['friend'],
        ...(openLevel === 'public' ? {} : { password: PASSWORD }),
      }),
    );
  };
  /** The code and detail a refusal answers with, the id of the show replaced, to compare answers across shows. */
  const answer = async (promise: Promise<unknown>, reservationId: string) => {
    const error = await rejection(promise);
    return { code: error.code, detail: error.detail.replace(reservationId, '<id>'), extensions: error.extensions };
  };
  return { ...fixture, book, answer };
};

describe('admitting a viewer', () => {
  it('answers a secret show to a caller without its password exactly as an id that does not exist, in every status', async () => {
    // Prepare
    const { deps, book, answer } = await setUp();
    const pending = await book('secret');
    const confirmed = await book('secret');
    await reconfirmReservation(deps, customer('alice'), confirmed.id);
    const admit = (reservationId: string, password?: string) =>
      answer(admitViewer(deps, customer('stranger'), reservationId, `tkt_${reservationId}`, password), reservationId);

    // Act
    const missing = await admit('rsv_missing', 'x');
    const answers = [
      await admit(pending.id, 'x'),
      await admit(pending.id),
      await admit(confirmed.id, 'x'),
      await admit(confirmed.id),
    ];

    // Assess
    expect(missing).toEqual({
      code: 'RESERVATION_NOT_FOUND',
      detail: 'No reservation "<id>" is visible to you.',
      extensions: {},
    });
    for (const refused of answers) expect(refused).toEqual(missing);
  });

  it('tells the status of a show that is not admitting to whoever proved its password, and to its booker and friends', async () => {
    // Prepare
    const { deps, book } = await setUp();
    const pending = await book('secret');

    // Act
    const withPassword = await rejection(admitViewer(deps, customer('stranger'), pending.id, 'tkt_a', PASSWORD));
    const friend = await rejection(admitViewer(deps, customer('friend'), pending.id, 'tkt_b', undefined));

    // Assess
    expect(withPassword).toMatchObject({ code: 'NOT_ADMITTING', extensions: { status: 'pending_reconfirmation' } });
    expect(friend).toMatchObject({ code: 'NOT_ADMITTING', extensions: { status: 'pending_reconfirmation' } });
  });

  it('says when a confirmed show closed to viewers, not only its status', async () => {
    // Prepare
    const { deps, book, clock } = await setUp();
    const show = await book('public');
    await reconfirmReservation(deps, customer('alice'), show.id);
    const closesAtMs = show.endsAtMs + deps.reservationConfig.connectAfterSeconds * 1000;
    clock.advanceSeconds((closesAtMs - clock.now()) / 1000);

    // Act
    const refused = await rejection(admitViewer(deps, customer('stranger'), show.id, 'tkt_late', undefined));

    // Assess
    expect(refused).toMatchObject({
      code: 'NOT_ADMITTING',
      detail: `Show ${JSON.stringify(show.id)} is not admitting viewers (it closed to viewers at ${new Date(closesAtMs).toISOString()}, the end of its connect window).`,
      extensions: { status: 'confirmed' },
    });
  });

  it('hides a public or password show from a stranger while it is not listed, and answers it once it is', async () => {
    // Prepare
    const { deps, book, answer } = await setUp();
    const publicShow = await book('public');
    const passwordShow = await book('password');
    const missing = await answer(admitViewer(deps, customer('stranger'), 'rsv_missing', 'tkt_m', undefined), 'rsv_missing');

    // Act
    const tentativePublic = await answer(
      admitViewer(deps, customer('stranger'), publicShow.id, 'tkt_p', undefined),
      publicShow.id,
    );
    const tentativePassword = await answer(
      admitViewer(deps, customer('stranger'), passwordShow.id, 'tkt_q', undefined),
      passwordShow.id,
    );
    await reconfirmReservation(deps, customer('alice'), passwordShow.id);
    const listedWithoutPassword = await rejection(admitViewer(deps, customer('stranger'), passwordShow.id, 'tkt_r', undefined));
    const listedWrongPassword = await rejection(admitViewer(deps, customer('stranger'), passwordShow.id, 'tkt_s', 'guess'));

    // Assess
    expect(tentativePublic).toEqual(missing);
    expect(tentativePassword).toEqual(missing);
    expect(listedWithoutPassword.code).toBe('PASSWORD_REQUIRED');
    expect(listedWrongPassword.code).toBe('WRONG_PASSWORD');
  });
});

describe('a customer holding a seat', () => {
  it('gets its ticket again under any ticket id, with no password or a wrong one, and takes no second seat', async () => {
    // Prepare
    const { deps, book } = await setUp();
    const show = await book('password');
    await reconfirmReservation(deps, customer('alice'), show.id);
    const seat = await admitViewer(deps, customer('stranger'), show.id, 'tkt_first', PASSWORD);

    // Act
    const withoutPassword = await admitViewer(deps, customer('stranger'), show.id, 'tkt_second', undefined);
    const wrongPassword = await admitViewer(deps, customer('stranger'), show.id, 'tkt_third', 'guess');
    const samePassword = await admitViewer(deps, customer('stranger'), show.id, 'tkt_fourth', PASSWORD);

    // Assess
    for (const again of [withoutPassword, wrongPassword, samePassword]) expect(again).toEqual(seat);
    expect((await deps.store.getReservation(show.id))?.viewersWatching).toBe(1);
    for (const ticketId of ['tkt_second', 'tkt_third', 'tkt_fourth']) {
      expect(await deps.store.getViewer(show.id, ticketId)).toBeUndefined();
    }
  });

  it('gets its ticket of a show switched to secret with a new password since; others are judged as before', async () => {
    // Prepare
    const { deps, book, answer } = await setUp();
    const show = await book('password');
    await reconfirmReservation(deps, customer('alice'), show.id);
    const seat = await admitViewer(deps, customer('stranger'), show.id, 'tkt_seat', PASSWORD);
    await updateReservation(deps, customer('alice'), show.id, { openLevel: 'secret', password: 'new secret' });
    const missing = await answer(admitViewer(deps, customer('bob'), 'rsv_missing', 'tkt_m', 'x'), 'rsv_missing');

    // Act
    const seatHolder = await admitViewer(deps, customer('stranger'), show.id, 'tkt_again', undefined);
    const oldPassword = await answer(admitViewer(deps, customer('bob'), show.id, 'tkt_bob', PASSWORD), show.id);
    const noPassword = await answer(admitViewer(deps, customer('bob'), show.id, 'tkt_bob', undefined), show.id);
    const friendWithout = await rejection(admitViewer(deps, customer('friend'), show.id, 'tkt_friend', undefined));
    const friendWrong = await rejection(admitViewer(deps, customer('friend'), show.id, 'tkt_friend', PASSWORD));

    // Assess
    expect(seatHolder).toEqual(seat);
    expect(oldPassword).toEqual(missing);
    expect(noPassword).toEqual(missing);
    expect(friendWithout.code).toBe('PASSWORD_REQUIRED');
    expect(friendWrong.code).toBe('WRONG_PASSWORD');
    expect((await deps.store.getReservation(show.id))?.viewersWatching).toBe(1);
  });

  it('is judged as anyone once it left: the password again, and a new seat with a new ticket', async () => {
    // Prepare
    const { deps, book } = await setUp();
    const show = await book('password');
    await reconfirmReservation(deps, customer('alice'), show.id);
    const seat = await admitViewer(deps, customer('stranger'), show.id, 'tkt_first', PASSWORD);
    await releaseViewer(deps, customer('stranger'), show.id, seat.id);

    // Act
    const withoutPassword = await rejection(admitViewer(deps, customer('stranger'), show.id, 'tkt_second', undefined));
    const wrongPassword = await rejection(admitViewer(deps, customer('stranger'), show.id, 'tkt_second', 'guess'));
    const again = await admitViewer(deps, customer('stranger'), show.id, 'tkt_second', PASSWORD);

    // Assess
    expect([withoutPassword.code, wrongPassword.code]).toEqual(['PASSWORD_REQUIRED', 'WRONG_PASSWORD']);
    expect(again.id).toBe('tkt_second');
    expect((await deps.store.getReservation(show.id))?.viewersWatching).toBe(1);
  });

  it('is still refused a show that is over: the seat answers no ticket after the show closed to viewers', async () => {
    // Prepare
    const { deps, book, clock } = await setUp();
    const show = await book('secret');
    await reconfirmReservation(deps, customer('alice'), show.id);
    await admitViewer(deps, customer('stranger'), show.id, 'tkt_first', PASSWORD);
    clock.advanceSeconds((show.endsAtMs + deps.reservationConfig.connectAfterSeconds * 1000 - clock.now()) / 1000);

    // Act
    const late = await rejection(admitViewer(deps, customer('stranger'), show.id, 'tkt_late', undefined));

    // Assess
    expect(late).toMatchObject({ code: 'NOT_ADMITTING', extensions: { status: 'confirmed' } });
  });
});

describe('a viewer leaving', () => {
  it('answers a caller who holds no such seat exactly as a show that does not exist', async () => {
    // Prepare
    const { deps, book, answer } = await setUp();
    const show = await book('secret');
    await reconfirmReservation(deps, customer('alice'), show.id);
    const seat = await admitViewer(deps, customer('friend'), show.id, 'tkt_friend', PASSWORD);

    // Act
    const missing = await answer(releaseViewer(deps, customer('stranger'), 'rsv_missing', 'tkt_x'), 'rsv_missing');
    const answers = [
      await answer(releaseViewer(deps, customer('stranger'), show.id, 'tkt_x'), show.id),
      await answer(releaseViewer(deps, customer('stranger'), show.id, seat.id), show.id),
      await answer(releaseViewer(deps, customer('alice'), show.id, seat.id), show.id),
      await answer(releaseViewer(deps, OTHER_PROVIDER, show.id, seat.id), show.id),
    ];
    const channelProvider = await rejection(releaseViewer(deps, PROVIDER, show.id, 'tkt_x'));

    // Assess
    expect(missing.code).toBe('RESERVATION_NOT_FOUND');
    for (const refused of answers) expect(refused).toEqual(missing);
    expect(channelProvider.code).toBe('VIEWER_NOT_FOUND');
    expect((await releaseViewer(deps, customer('friend'), show.id, seat.id)).status).toBe('left');
  });
});
