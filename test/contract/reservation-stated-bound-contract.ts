import { describe, expect, it } from 'vitest';
import {
  reservationHoldTransferIdFor,
  reservationLateCaptureTransferIdFor,
  reservationRefusedCaptureVoidIdFor,
} from '../../shared/domain/payments/charge-legs';
import { createReservation } from '../../shared/domain/reservations/booking';
import { cancelReservation } from '../../shared/domain/reservations/cancel';
import { completeReservation } from '../../shared/domain/reservations/complete';
import { completionDueMs } from '../../shared/domain/reservations/rules';
import { sweepCompletions } from '../../shared/domain/reservations/sweeps';
import { reservationView } from '../../shared/domain/reservations/views';
import { codeOf } from '../fixtures/errors';
import { booking } from '../fixtures/reservations';
import { fillToStatedBound } from '../fixtures/stated-bound';
import { lateCaptureSetUp, type LateCaptureWorld } from './reservation-late-capture-contract';

/**
 * A show's capture that the ledger refuses for good because the provider's revenue account is
 * at its stated bound (BALANCE_OVERFLOW, docs/ledger.md "Accounts on statements"): no retry can
 * pass the bound, so the money step settles it as a failed show's, once: the hold voided,
 * nothing charged, `settlementProblem: balance_overflow` on the reservation. The completion
 * does not loop, and a cancel after reconfirmation still cancels (the slots freed) and says so.
 * The same scenarios run on the in-memory adapters and on DynamoDB Local.
 */
const atBound = async (world: LateCaptureWorld) => {
  const fixture = await lateCaptureSetUp(world);
  await fillToStatedBound(fixture.ledger, fixture.accounts.revenue);
  const before = await fixture.money();
  return { ...fixture, before };
};

const OPERATOR = { role: 'operator', subject: 'op-1' } as const;

export const statedBoundReservationContract = (name: string, makeWorld: () => Promise<LateCaptureWorld>): void => {
  describe(`a show whose capture the ledger refuses at the stated bound (${name})`, () => {
    it('is completed by the job once, with the hold voided and balance_overflow recorded; a repeat of the money step moves nothing', async () => {
      // Prepare
      const fixture = await atBound(await makeWorld());
      fixture.clock.set(completionDueMs(fixture.reservation, fixture.deps.reservationConfig));

      // Act
      const run = await sweepCompletions(fixture.deps);
      const nextRun = await sweepCompletions(fixture.deps);
      const repeated = await completeReservation(fixture.deps, fixture.reservation.id);

      // Assess: not failed and postponed, run after run.
      expect(run).toMatchObject({ found: 1, done: 1, failed: 0 });
      expect(nextRun).toMatchObject({ found: 0, failed: 0 });
      expect(repeated).toBe('settled');
      const stored = await fixture.store.getReservation(fixture.reservation.id);
      expect(stored).toMatchObject({ status: 'completed', settlementProblem: 'balance_overflow' });
      expect(stored === undefined ? undefined : reservationView(OPERATOR, stored).chargeable).toBe(false);
      expect(await fixture.money()).toEqual({ ...fixture.before, payerPending: 0 });
      expect(fixture.before.payerPending).toBeGreaterThan(0);
      expect(await fixture.ledger.getTransfer(reservationHoldTransferIdFor(fixture.reservation.id))).toMatchObject({
        state: 'voided',
        resolvedByTransferId: reservationRefusedCaptureVoidIdFor(fixture.reservation.id),
      });
    });

    it('records balance_overflow for a late capture refused at the bound, moving nothing, again when repeated', async () => {
      // Prepare
      const fixture = await atBound(await makeWorld());
      fixture.afterHoldExpiry();

      // Act
      const outcome = await completeReservation(fixture.deps, fixture.reservation.id);
      const repeated = await completeReservation(fixture.deps, fixture.reservation.id);

      // Assess
      expect([outcome, repeated]).toEqual(['completed', 'settled']);
      const stored = await fixture.store.getReservation(fixture.reservation.id);
      expect(stored).toMatchObject({ status: 'completed', settlementProblem: 'balance_overflow' });
      expect(stored?.lateCaptureTransferId).toBeUndefined();
      expect(await fixture.money()).toEqual({ ...fixture.before, payerPending: 0 });
      expect(await codeOf(fixture.ledger.getTransfer(reservationLateCaptureTransferIdFor(fixture.reservation.id)))).toBe(
        'TRANSFER_NOT_FOUND',
      );
    });

    it('cancels after reconfirmation: the slots freed, the hold voided, the ticket revoked, the answer and its repeat say balance_overflow', async () => {
      // Prepare
      const fixture = await atBound(await makeWorld());

      // Act
      const cancelled = await cancelReservation(fixture.deps, fixture.booker, fixture.reservation.id);
      const repeated = await cancelReservation(fixture.deps, fixture.booker, fixture.reservation.id);
      const rebooked = await createReservation(
        fixture.deps,
        fixture.booker,
        `${fixture.reservation.id}-again`,
        booking(fixture.reservation.channelId, fixture.reservation.startsAtMs),
      );

      // Assess
      expect(cancelled).toMatchObject({ status: 'cancelled', settlementProblem: 'balance_overflow' });
      expect(repeated).toMatchObject({ status: 'cancelled', settlementProblem: 'balance_overflow' });
      expect(await fixture.store.getReservation(fixture.reservation.id)).toMatchObject({
        status: 'cancelled',
        settlementProblem: 'balance_overflow',
      });
      expect(reservationView(OPERATOR, cancelled).chargeable).toBe(false);
      expect(rebooked.status).toBe('pending_reconfirmation');
      expect(await fixture.money()).toEqual({ ...fixture.before, payerPending: 0 });
      expect((await fixture.deps.tickets.ticketStore.get(fixture.reservation.ticketId ?? ''))?.status).toBe('revoked');
    });
  });
};
