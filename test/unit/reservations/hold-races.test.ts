import { describe, expect, it } from 'vitest';
import { DomainError, InvariantViolationError } from '../../../shared/errors';
import { customerWalletAccountId } from '../../../shared/domain/parties/accounts';
import { createReservation } from '../../../shared/domain/reservations/booking';
import { cancelReservation } from '../../../shared/domain/reservations/cancel';
import { createChannel } from '../../../shared/domain/reservations/channels';
import { expireReservation } from '../../../shared/domain/reservations/expire';
import { reportFailure } from '../../../shared/domain/reservations/failure';
import { updateReservation } from '../../../shared/domain/reservations/metadata';
import type { Transition } from '../../../shared/domain/reservations/ports';
import { reconfirmReservation } from '../../../shared/domain/reservations/reconfirm';
import { holdTransferIdOf } from '../../../shared/domain/reservations/rules';
import type { ReservationRecord } from '../../../shared/domain/reservations/types';
import { alignedStart, balancesOf, booking, customer, makeMemoryDeps, openAccounts, provider } from '../../fixtures/reservations';
import { codeOf } from '../../fixtures/errors';

/**
 * Every racer of a reservation shares one hold (its id derives from the reservation). These
 * tests replay, step by step, the interleavings in which a reconfirm loses its transition
 * to a concurrent reconfirm, cancel, change, failure or expiry: the loser must never release
 * a hold that the winner's committed state relies on, and must answer what is true of the
 * reservation (never a ledger code). The interleaving is injected through the in-memory
 * store's transition and the ledger's posting, not by timing.
 */
const PROVIDER = provider('prov-races');
const ALICE = customer('alice');
const FEE = 100;
const PRICE = 3 * FEE;
const FUNDS = 10_000;

const setUp = async () => {
  const fixture = makeMemoryDeps();
  await openAccounts(fixture.deps, { providerId: PROVIDER.subject, customers: [{ id: 'alice', fundMinor: FUNDS }] });
  const channel = await createChannel(fixture.deps, PROVIDER, 'chn_races', {
    name: 'races',
    capacity: 5,
    bandwidthKbps: 4_000,
    feePerSlotMinor: FEE,
    currency: 'JPY',
  });
  const reservation = await createReservation(
    fixture.deps,
    ALICE,
    'rsv_race',
    booking(channel.id, alignedStart(fixture.clock.now(), 24)),
  );
  const wallet = () => balancesOf(fixture.ledger, customerWalletAccountId('alice', 'JPY'));
  const hold = () => fixture.ledger.getTransfer(holdTransferIdOf(reservation.id));
  return { ...fixture, reservation, wallet, hold };
};

type Fixture = Awaited<ReturnType<typeof setUp>>;

const deferred = () => {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve: () => resolve() };
};

/**
 * Run `meanwhile` just before the first transition to `confirmed` is written: the reconfirm
 * making it has read the booking and placed (or adopted) the hold, and loses its write to
 * whatever `meanwhile` commits.
 */
const beforeFirstConfirmation = (fixture: Fixture, meanwhile: () => Promise<void>): void => {
  const original = fixture.store.transition.bind(fixture.store);
  let interleaved = false;
  fixture.store.transition = async (transition: Transition): Promise<ReservationRecord | undefined> => {
    if (!interleaved && transition.to === 'confirmed') {
      interleaved = true;
      await meanwhile();
    }
    return original(transition);
  };
};

/** The next posting of a hold waits until `release` is called; `reached` resolves once it waits. */
const pauseNextPosting = (fixture: Fixture) => {
  const original = fixture.ledger.createTransfers.bind(fixture.ledger);
  let release = (): void => undefined;
  let arrived = (): void => undefined;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const reached = new Promise<void>((resolve) => {
    arrived = resolve;
  });
  let paused = false;
  fixture.ledger.createTransfers = async (operations) => {
    if (!paused && operations.some((operation) => operation.action === 'post')) {
      paused = true;
      arrived();
      await gate;
    }
    return original(operations);
  };
  return { reached, release: () => release() };
};

describe('a reconfirm that loses its transition', () => {
  it('leaves the hold of a booking confirmed by another reconfirm and then cancelled to the cancel, which captures the fee', async () => {
    // Prepare: reconfirm B places the hold; meanwhile reconfirm A confirms, and a cancel
    // commits and is about to post the hold when B finds its transition lost.
    const fixture = await setUp();
    const posting = pauseNextPosting(fixture);
    let cancel: Promise<ReservationRecord> | undefined;
    beforeFirstConfirmation(fixture, async () => {
      await reconfirmReservation(fixture.deps, ALICE, fixture.reservation.id);
      cancel = cancelReservation(fixture.deps, ALICE, fixture.reservation.id);
      await posting.reached;
    });

    // Act
    const loser = await codeOf(reconfirmReservation(fixture.deps, ALICE, fixture.reservation.id));
    posting.release();
    const cancelled = await cancel;

    // Assess
    expect(loser).toBe('RESERVATION_NOT_ACTIVE');
    expect(cancelled).toMatchObject({ status: 'cancelled', holdTransferId: holdTransferIdOf(fixture.reservation.id) });
    const stored = await fixture.store.getReservation(fixture.reservation.id);
    expect(stored?.settlementProblem).toBeUndefined();
    expect(await fixture.hold()).toMatchObject({ state: 'posted' });
    expect(await fixture.wallet()).toMatchObject({ debitsPosted: PRICE, debitsPending: 0 });
  });

  it('answers 409 RESERVATION_NOT_ACTIVE, not a ledger code, when the cancel posted the hold first', async () => {
    // Prepare
    const fixture = await setUp();
    beforeFirstConfirmation(fixture, async () => {
      await reconfirmReservation(fixture.deps, ALICE, fixture.reservation.id);
      await cancelReservation(fixture.deps, ALICE, fixture.reservation.id);
    });

    // Act
    const loser = await codeOf(reconfirmReservation(fixture.deps, ALICE, fixture.reservation.id));

    // Assess
    expect(loser).toBe('RESERVATION_NOT_ACTIVE');
    expect(await fixture.wallet()).toMatchObject({ debitsPosted: PRICE, debitsPending: 0 });
  });

  it('leaves the hold of a failed show to the failure, which voids it once', async () => {
    // Prepare
    const fixture = await setUp();
    beforeFirstConfirmation(fixture, async () => {
      await reconfirmReservation(fixture.deps, ALICE, fixture.reservation.id);
      await reportFailure(fixture.deps, PROVIDER, fixture.reservation.id, 'the encoder broke');
    });

    // Act
    const loser = await codeOf(reconfirmReservation(fixture.deps, ALICE, fixture.reservation.id));

    // Assess
    expect(loser).toBe('RESERVATION_NOT_ACTIVE');
    expect((await fixture.store.getReservation(fixture.reservation.id))?.settlementProblem).toBeUndefined();
    expect(await fixture.wallet()).toMatchObject({ debitsPosted: 0, debitsPending: 0, available: FUNDS });
  });

  it('keeps the hold of a booking still pending past its deadline, which a reconfirm whose write is under way confirms', async () => {
    // Prepare: B reads version 1 and holds; a change makes version 2; A reads version 2,
    // adopts the hold and is about to write; B's write loses to the change, and when B reads
    // again the deadline has passed, while A's write is still to come.
    const fixture = await setUp();
    const { reservation } = fixture;
    const original = fixture.store.transition.bind(fixture.store);
    const aAtItsWrite = deferred();
    const aMayWrite = deferred();
    let reconfirmA: Promise<string> | undefined;
    fixture.store.transition = async (transition: Transition): Promise<ReservationRecord | undefined> => {
      if (transition.to === 'confirmed' && transition.read?.version === reservation.version) {
        await updateReservation(fixture.deps, ALICE, reservation.id, { title: 'Renamed' });
        reconfirmA = codeOf(reconfirmReservation(fixture.deps, ALICE, reservation.id));
        await aAtItsWrite.promise;
        const lost = await original(transition);
        fixture.clock.set(reservation.reconfirmByMs);
        return lost;
      }
      if (transition.to === 'confirmed') {
        aAtItsWrite.resolve();
        await aMayWrite.promise;
      }
      return original(transition);
    };

    // Act
    const loserB = await codeOf(reconfirmReservation(fixture.deps, ALICE, reservation.id));
    aMayWrite.resolve();
    const answerA = await reconfirmA;
    await expireReservation(fixture.deps, reservation.id);

    // Assess
    expect(loserB).toBe('RESERVATION_EXPIRED');
    const stored = await fixture.store.getReservation(reservation.id);
    const hold = await fixture.hold();
    // A's write was sent before the deadline and commits: the hold it relies on is still pending.
    expect({ answerA, status: stored?.status, hold: hold.state }).toEqual({
      answerA: 'NO_ERROR',
      status: 'confirmed',
      hold: 'pending',
    });
    expect(await fixture.wallet()).toMatchObject({ debitsPosted: 0, debitsPending: PRICE });
  });
});

describe('a ledger refusal inside a reservation change', () => {
  it('is never answered as the ledger code: a refusal on a reservation that did not move is a broken invariant', async () => {
    // Prepare: the ledger refuses every posting (fault injection: the emulated ledger never refuses this one).
    const fixture = await setUp();
    await reconfirmReservation(fixture.deps, ALICE, fixture.reservation.id);
    fixture.ledger.createTransfers = () =>
      Promise.reject(new DomainError('LINKED_TRANSFER_FAILED', 'The linked posting was refused.'));

    // Act
    const answer = cancelReservation(fixture.deps, ALICE, fixture.reservation.id);

    // Assess
    await expect(answer).rejects.toBeInstanceOf(InvariantViolationError);
    // The cancel committed; the completion job finishes the money step once the ledger takes it.
    expect(await fixture.store.getReservation(fixture.reservation.id)).toMatchObject({ status: 'cancelled' });
    expect(fixture.store.dueEntry(fixture.reservation.id)).toMatchObject({ kind: 'complete' });
  });
});
