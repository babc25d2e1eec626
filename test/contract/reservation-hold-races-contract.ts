import { describe, expect, it } from 'vitest';
import { customerWalletAccountId } from '../../shared/domain/parties/accounts';
import type { Ledger } from '../../shared/domain/ledger/ports';
import { createReservation } from '../../shared/domain/reservations/booking';
import { cancelReservation } from '../../shared/domain/reservations/cancel';
import { createChannel } from '../../shared/domain/reservations/channels';
import type { ReservationDeps } from '../../shared/domain/reservations/deps';
import { expireReservation } from '../../shared/domain/reservations/expire';
import { reportFailure } from '../../shared/domain/reservations/failure';
import { updateReservation } from '../../shared/domain/reservations/metadata';
import type { ReservationStore, Transition } from '../../shared/domain/reservations/ports';
import { reconfirmReservation } from '../../shared/domain/reservations/reconfirm';
import { reservationHoldTransferIdFor } from '../../shared/domain/payments/charge-legs';
import type { ReservationRecord } from '../../shared/domain/reservations/types';
import type { ManualClock } from '../fixtures/clock';
import { codeOf } from '../fixtures/errors';
import { alignedStart, balancesOf, booking, customer, openAccounts, provider } from '../fixtures/reservations';

/**
 * Every racer of a reservation shares one hold (its id derives from the reservation). These
 * scenarios replay, step by step, the interleavings in which a reconfirm loses its
 * transition to a concurrent reconfirm, cancel, change, failure or expiry: the loser must
 * never release a hold that the winner's committed state relies on, and must answer what is
 * true of the reservation (never a ledger code). The interleaving is injected through the
 * store's transition and the ledger's posting (methods of the instances the use cases call),
 * not by timing; the same scenarios run on the in-memory adapters and on DynamoDB Local.
 */
export interface HoldRaceWorld {
  readonly deps: ReservationDeps;
  readonly clock: ManualClock;
  /** The instance behind `deps.store`, whose `transition` a scenario wraps. */
  readonly store: ReservationStore;
  /** The instance behind `deps.ledger`, whose `createTransfers` a scenario wraps. */
  readonly ledger: Ledger;
}

const FEE = 100;
const PRICE = 3 * FEE;
const FUNDS = 10_000;

let worlds = 0;

/** A channel (fee 100 per slot), a funded booker and a tentative 3-slot booking, with fresh ids in each world. */
export const holdRaceSetUp = async (world: HoldRaceWorld) => {
  worlds += 1;
  const suffix = `${Date.now().toString(36)}-${worlds}`;
  const providerPrincipal = provider(`prov-races-${suffix}`);
  const booker = customer(`booker-${suffix}`);
  await openAccounts(world.deps, {
    providerId: providerPrincipal.subject,
    customers: [{ id: booker.subject, fundMinor: FUNDS }],
  });
  const channel = await createChannel(world.deps, providerPrincipal, `chn_races_${suffix}`, {
    name: 'races',
    capacity: 5,
    bandwidthKbps: 4_000,
    feePerSlotMinor: FEE,
    currency: 'JPY',
  });
  const reservation = await createReservation(
    world.deps,
    booker,
    `rsv_race_${suffix}`,
    booking(channel.id, alignedStart(world.clock.now(), 24)),
  );
  const wallet = () => balancesOf(world.ledger, customerWalletAccountId(booker.subject, 'JPY'));
  const hold = () => world.ledger.getTransfer(reservationHoldTransferIdFor(reservation.id));
  return { ...world, provider: providerPrincipal, booker, reservation, wallet, hold };
};

type Fixture = Awaited<ReturnType<typeof holdRaceSetUp>>;

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
  const gate = deferred();
  const arrived = deferred();
  let paused = false;
  fixture.ledger.createTransfers = async (operations) => {
    if (!paused && operations.some((operation) => operation.action === 'post')) {
      paused = true;
      arrived.resolve();
      await gate.promise;
    }
    return original(operations);
  };
  return { reached: arrived.promise, release: gate.resolve };
};

export const holdRaceContract = (name: string, makeWorld: () => Promise<HoldRaceWorld>) =>
  describe(`${name}: a reconfirm that loses its transition`, () => {
    it('leaves the hold of a booking confirmed by another reconfirm and then cancelled to the cancel, which captures the fee', async () => {
      // Prepare: reconfirm B places the hold; meanwhile reconfirm A confirms, and a cancel
      // commits and is about to post the hold when B finds its transition lost.
      const fixture = await holdRaceSetUp(await makeWorld());
      const posting = pauseNextPosting(fixture);
      let cancel: Promise<ReservationRecord> | undefined;
      beforeFirstConfirmation(fixture, async () => {
        await reconfirmReservation(fixture.deps, fixture.booker, fixture.reservation.id);
        cancel = cancelReservation(fixture.deps, fixture.booker, fixture.reservation.id);
        await posting.reached;
      });

      // Act
      const loser = await codeOf(reconfirmReservation(fixture.deps, fixture.booker, fixture.reservation.id));
      posting.release();
      const cancelled = await cancel;

      // Assess
      expect(loser).toBe('RESERVATION_NOT_ACTIVE');
      expect(cancelled).toMatchObject({
        status: 'cancelled',
        holdTransferId: reservationHoldTransferIdFor(fixture.reservation.id),
      });
      const stored = await fixture.store.getReservation(fixture.reservation.id);
      expect(stored?.settlementProblem).toBeUndefined();
      expect(await fixture.hold()).toMatchObject({ state: 'posted' });
      expect(await fixture.wallet()).toMatchObject({ debitsPosted: PRICE, debitsPending: 0 });
    });

    it('answers 409 RESERVATION_NOT_ACTIVE, not a ledger code, when the cancel posted the hold first', async () => {
      // Prepare
      const fixture = await holdRaceSetUp(await makeWorld());
      beforeFirstConfirmation(fixture, async () => {
        await reconfirmReservation(fixture.deps, fixture.booker, fixture.reservation.id);
        await cancelReservation(fixture.deps, fixture.booker, fixture.reservation.id);
      });

      // Act
      const loser = await codeOf(reconfirmReservation(fixture.deps, fixture.booker, fixture.reservation.id));

      // Assess
      expect(loser).toBe('RESERVATION_NOT_ACTIVE');
      expect(await fixture.wallet()).toMatchObject({ debitsPosted: PRICE, debitsPending: 0 });
    });

    it('leaves the hold of a failed show to the failure, which voids it once', async () => {
      // Prepare
      const fixture = await holdRaceSetUp(await makeWorld());
      beforeFirstConfirmation(fixture, async () => {
        await reconfirmReservation(fixture.deps, fixture.booker, fixture.reservation.id);
        await reportFailure(fixture.deps, fixture.provider, fixture.reservation.id, 'the encoder broke');
      });

      // Act
      const loser = await codeOf(reconfirmReservation(fixture.deps, fixture.booker, fixture.reservation.id));

      // Assess
      expect(loser).toBe('RESERVATION_NOT_ACTIVE');
      expect((await fixture.store.getReservation(fixture.reservation.id))?.settlementProblem).toBeUndefined();
      expect(await fixture.wallet()).toMatchObject({ debitsPosted: 0, debitsPending: 0, available: FUNDS });
    });

    it('keeps the hold of a booking still pending past its deadline, which a reconfirm whose write is under way confirms', async () => {
      // Prepare: B reads version 1 and holds; a change makes version 2; A reads version 2,
      // adopts the hold and is about to write; B's write loses to the change, and when B reads
      // again the deadline has passed, while A's write is still to come.
      const fixture = await holdRaceSetUp(await makeWorld());
      const { reservation } = fixture;
      const original = fixture.store.transition.bind(fixture.store);
      const aAtItsWrite = deferred();
      const aMayWrite = deferred();
      let reconfirmA: Promise<string> | undefined;
      fixture.store.transition = async (transition: Transition): Promise<ReservationRecord | undefined> => {
        if (transition.to === 'confirmed' && transition.read?.version === reservation.version) {
          await updateReservation(fixture.deps, fixture.booker, reservation.id, { title: 'Renamed' });
          reconfirmA = codeOf(reconfirmReservation(fixture.deps, fixture.booker, reservation.id));
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
      const loserB = await codeOf(reconfirmReservation(fixture.deps, fixture.booker, reservation.id));
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

    it('a reconfirm that crashes right after its confirmation leaves the booking confirmed with its broadcaster ticket stored', async () => {
      // Prepare: the process dies as soon as the confirmation is written (fault injection: the
      // store answers the committed write with an error, as a crash after it would leave things).
      const fixture = await holdRaceSetUp(await makeWorld());
      const original = fixture.store.transition.bind(fixture.store);
      fixture.store.transition = async (transition: Transition): Promise<ReservationRecord | undefined> => {
        const written = await original(transition);
        if (transition.to === 'confirmed') throw new Error('injected: the process dies after the confirmation');
        return written;
      };

      // Act
      const crashed = reconfirmReservation(fixture.deps, fixture.booker, fixture.reservation.id);

      // Assess: confirmed ⇔ its ticket is stored, active, for this show and its hold.
      await expect(crashed).rejects.toThrow('injected');
      const stored = await fixture.store.getReservation(fixture.reservation.id);
      expect(stored?.status).toBe('confirmed');
      const ticket = await fixture.deps.tickets.ticketStore.get(stored?.ticketId ?? '');
      expect(ticket).toMatchObject({ id: stored?.ticketId, status: 'active', holderId: fixture.booker.subject });
      const claims = JSON.parse(Buffer.from(ticket?.token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<
        string,
        unknown
      >;
      expect(claims).toMatchObject({ jti: stored?.ticketId, rsv: fixture.reservation.id, txn: stored?.holdTransferId });
    });

    it('a reconfirm that loses its confirmation stores no ticket, and the winner answers its own', async () => {
      // Prepare: reconfirm B signs its ticket; meanwhile reconfirm A confirms the booking with its own.
      const fixture = await holdRaceSetUp(await makeWorld());
      let answerA: Awaited<ReturnType<typeof reconfirmReservation>> | undefined;
      beforeFirstConfirmation(fixture, async () => {
        answerA = await reconfirmReservation(fixture.deps, fixture.booker, fixture.reservation.id);
      });

      // Act
      const answerB = await reconfirmReservation(fixture.deps, fixture.booker, fixture.reservation.id);

      // Assess: one ticket, A's, which B answers too.
      const stored = await fixture.deps.tickets.ticketStore.get(answerA?.ticket.id ?? '');
      expect(stored?.token).toBe(answerA?.ticket.token);
      expect(answerB.ticket.token).toBe(answerA?.ticket.token);
      expect((await fixture.store.getReservation(fixture.reservation.id))?.status).toBe('confirmed');
    });
  });
