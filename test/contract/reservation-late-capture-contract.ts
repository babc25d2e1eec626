import { describe, expect, it } from 'vitest';
import type { Ledger } from '../../shared/domain/ledger/ports';
import {
  agentFeeAccountId,
  customerCarrierAccountId,
  customerWalletAccountId,
  platformFeeAccountId,
  providerRevenueAccountId,
} from '../../shared/domain/parties/accounts';
import {
  chargeLegOf,
  reservationHoldTransferIdFor,
  reservationLateCaptureTransferIdFor,
  reservationLegTransferIdFor,
} from '../../shared/domain/payments/charge-legs';
import { requireReversalsNotOfFlows } from '../../shared/domain/payments/owned-transfers';
import { createReservation } from '../../shared/domain/reservations/booking';
import { cancelReservation } from '../../shared/domain/reservations/cancel';
import { createChannel } from '../../shared/domain/reservations/channels';
import { completeReservation } from '../../shared/domain/reservations/complete';
import type { ReservationDeps } from '../../shared/domain/reservations/deps';
import { reportFailure } from '../../shared/domain/reservations/failure';
import type { ReservationStore } from '../../shared/domain/reservations/ports';
import { reconfirmReservation } from '../../shared/domain/reservations/reconfirm';
import { reservationView } from '../../shared/domain/reservations/views';
import type { ManualClock } from '../fixtures/clock';
import { codeOf } from '../fixtures/errors';
import { alignedStart, balancesOf, booking, customer, openAccounts, provider, registerAgent } from '../fixtures/reservations';

/**
 * A show whose hold expired in the ledger before its money step (the completion job was down
 * longer than the hold's margin, or the local clock jumped) is still paid for: the booker
 * reconfirmed and the show ran (or was cancelled after reconfirmation), so the price is
 * captured late, from the payer, with the same fee split. The same scenarios run on the
 * in-memory adapters and on DynamoDB Local.
 */
export interface LateCaptureWorld {
  readonly deps: ReservationDeps;
  readonly clock: ManualClock;
  readonly store: ReservationStore;
  /** The whole ledger behind `deps.ledger`: a scenario runs its expiry sweep. */
  readonly ledger: Ledger;
}

/** 101 per slot, 3 slots: a platform fee of 10 % and a carrier fee of 5 % round down (30, 15), the provider keeps 258. */
const FEE = 101;
const PRICE = 3 * FEE;
const PLATFORM_FEE = 30;
const CARRIER_FEE = 15;
const FUNDING = 'test-funding:JPY';

let worlds = 0;

/** A provider (10 % platform fee) with a channel, a booker whose wallet holds exactly the price, and a reconfirmed show. */
export const lateCaptureSetUp = async (world: LateCaptureWorld, options: { carrier?: boolean } = {}) => {
  worlds += 1;
  const suffix = `${Date.now().toString(36)}-${worlds}`;
  const providerPrincipal = provider(`prov-late-${suffix}`);
  const booker = customer(`booker-late-${suffix}`);
  const agentId = `carrier-late-${suffix}`;
  if (options.carrier === true) await registerAgent(world.deps, agentId, 500);
  await openAccounts(world.deps, {
    providerId: providerPrincipal.subject,
    platformFeeBps: 1_000,
    trusted: options.carrier === true,
    customers: [
      {
        id: booker.subject,
        fundMinor: PRICE,
        ...(options.carrier === true ? { carrier: { agentId, creditLimitMinor: PRICE } } : {}),
      },
    ],
  });
  const channel = await createChannel(world.deps, providerPrincipal, `chn_late_${suffix}`, {
    name: 'late',
    capacity: 5,
    bandwidthKbps: 4_000,
    feePerSlotMinor: FEE,
    currency: 'JPY',
  });
  const booked = await createReservation(
    world.deps,
    booker,
    `rsv_late_${suffix}`,
    booking(channel.id, alignedStart(world.clock.now(), 24)),
  );
  const { reservation } = await reconfirmReservation(world.deps, booker, booked.id);
  const payerAccountId =
    options.carrier === true ? customerCarrierAccountId(booker.subject, 'JPY') : customerWalletAccountId(booker.subject, 'JPY');
  expect(reservation.payment?.payerAccountId).toBe(payerAccountId);
  const hold = await world.ledger.getTransfer(reservationHoldTransferIdFor(reservation.id));
  const accounts = {
    payer: payerAccountId,
    revenue: providerRevenueAccountId(providerPrincipal.subject, 'JPY'),
    platform: platformFeeAccountId('JPY'),
    carrier: agentFeeAccountId(agentId, 'JPY'),
  };
  /** Posted balances (credits − debits) of the accounts the show's money touches, and the payer's pending debits. */
  const money = async () => ({
    payerPosted: (await balancesOf(world.ledger, accounts.payer)).posted,
    payerPending: (await balancesOf(world.ledger, accounts.payer)).debitsPending,
    revenue: (await balancesOf(world.ledger, accounts.revenue)).posted,
    platformFees: (await balancesOf(world.ledger, accounts.platform)).posted,
    carrierFees: options.carrier === true ? (await balancesOf(world.ledger, accounts.carrier)).posted : 0,
  });
  /** The first instant the hold is expired by the ledger's clock. */
  const afterHoldExpiry = () => world.clock.set(Date.parse(hold.expiresAt ?? '') + 60_000);
  return { ...world, provider: providerPrincipal, booker, reservation, accounts, money, afterHoldExpiry };
};

type Fixture = Awaited<ReturnType<typeof lateCaptureSetUp>>;

/** Fault injection: the ledger is down for the next posting (a linked write that starts with the post leg). */
const failNextPosting = (fixture: Fixture): void => {
  const original = fixture.ledger.createTransfers.bind(fixture.ledger);
  let failed = false;
  fixture.ledger.createTransfers = async (operations) => {
    if (!failed && operations[0]?.action === 'post') {
      failed = true;
      throw new Error('injected ledger outage');
    }
    return original(operations);
  };
};

export const lateCaptureContract = (name: string, makeWorld: () => Promise<LateCaptureWorld>): void => {
  describe(`a show whose hold expired before its money step (${name})`, () => {
    it('is captured late at completion: the payer debited once, the provider credited the net, the fees split exactly', async () => {
      // Prepare: the hold is past its timeout, and the ledger's sweep has not released it yet.
      const fixture = await lateCaptureSetUp(await makeWorld());
      fixture.afterHoldExpiry();

      // Act
      const outcome = await completeReservation(fixture.deps, fixture.reservation.id);

      // Assess
      expect(outcome).toBe('completed');
      const lateCaptureTransferId = reservationLateCaptureTransferIdFor(fixture.reservation.id);
      const stored = await fixture.store.getReservation(fixture.reservation.id);
      expect(stored).toMatchObject({ status: 'completed', lateCaptureTransferId });
      expect(stored === undefined ? undefined : reservationView({ role: 'operator', subject: 'op-1' }, stored).chargeable).toBe(
        true,
      );
      expect(stored?.settlementProblem).toBeUndefined();
      expect(await fixture.money()).toEqual({
        payerPosted: 0,
        payerPending: 0,
        revenue: PRICE - PLATFORM_FEE,
        platformFees: PLATFORM_FEE,
        carrierFees: 0,
      });
      expect(await fixture.ledger.getTransfer(lateCaptureTransferId)).toMatchObject({
        kind: 'single',
        debitAccountId: fixture.accounts.payer,
        creditAccountId: fixture.accounts.revenue,
        amountMinor: PRICE,
        code: 'reservation',
        reference: fixture.reservation.id,
      });
      expect(await fixture.ledger.getTransfer(reservationHoldTransferIdFor(fixture.reservation.id))).toMatchObject({
        state: 'expired',
      });
    });

    it("is recognised as the show's sale and fee everywhere, and an operator cannot reverse it", async () => {
      // Prepare
      const fixture = await lateCaptureSetUp(await makeWorld());
      fixture.afterHoldExpiry();
      await completeReservation(fixture.deps, fixture.reservation.id);
      const capture = await fixture.ledger.getTransfer(reservationLateCaptureTransferIdFor(fixture.reservation.id));
      const fee = await fixture.ledger.getTransfer(reservationLateCaptureTransferIdFor(fixture.reservation.id, 'platformFee'));

      // Act
      const reversal = await codeOf(
        requireReversalsNotOfFlows(fixture.ledger, [{ id: 'op-reversal', reversesTransferId: capture.id }]),
      );

      // Assess
      expect(chargeLegOf(capture)).toEqual({ chargeId: fixture.reservation.id, leg: 'post', reversal: false });
      expect(chargeLegOf(fee)).toEqual({ chargeId: fixture.reservation.id, leg: 'platformFee', reversal: false });
      expect(reversal).toBe('TRANSFER_OWNED_BY_FLOW');
      expect(await codeOf(requireReversalsNotOfFlows(fixture.ledger, [{ id: 'op-reversal', reversesTransferId: fee.id }]))).toBe(
        'TRANSFER_OWNED_BY_FLOW',
      );
      // The hold's own posting legs were never written.
      expect(await codeOf(fixture.ledger.getTransfer(reservationLegTransferIdFor(fixture.reservation.id, 'post')))).toBe(
        'TRANSFER_NOT_FOUND',
      );
    });

    it('moves nothing more when the money step is repeated, also after the ledger sweep expired the hold', async () => {
      // Prepare
      const fixture = await lateCaptureSetUp(await makeWorld());
      fixture.afterHoldExpiry();
      await completeReservation(fixture.deps, fixture.reservation.id);
      const captured = await fixture.money();
      await fixture.ledger.expireDue({ limit: 100 });

      // Act
      const repeated = await completeReservation(fixture.deps, fixture.reservation.id);

      // Assess
      expect(repeated).toBe('settled');
      expect(await fixture.money()).toEqual(captured);
      expect(await fixture.store.getReservation(fixture.reservation.id)).toMatchObject({
        status: 'completed',
        lateCaptureTransferId: reservationLateCaptureTransferIdFor(fixture.reservation.id),
      });
    });

    it('is captured likewise when the ledger sweep expired the hold first', async () => {
      // Prepare
      const fixture = await lateCaptureSetUp(await makeWorld());
      fixture.afterHoldExpiry();
      const swept = await fixture.ledger.expireDue({ limit: 100 });
      expect(swept.expired).toContain(reservationHoldTransferIdFor(fixture.reservation.id));

      // Act
      await completeReservation(fixture.deps, fixture.reservation.id);

      // Assess
      expect(await fixture.money()).toMatchObject({ payerPosted: 0, revenue: PRICE - PLATFORM_FEE, platformFees: PLATFORM_FEE });
    });

    it('keeps hold_expired and moves nothing when the wallet was spent after the hold expired', async () => {
      // Prepare: the sweep released the hold, and the booker spent the money.
      const fixture = await lateCaptureSetUp(await makeWorld());
      fixture.afterHoldExpiry();
      await fixture.ledger.expireDue({ limit: 100 });
      await fixture.ledger.createTransfers([
        {
          action: 'create',
          id: `spent-${fixture.reservation.id}`,
          debitAccountId: fixture.accounts.payer,
          creditAccountId: FUNDING,
          amountMinor: 1,
          currency: 'JPY',
        },
      ]);

      // Act
      await completeReservation(fixture.deps, fixture.reservation.id);

      // Assess
      const stored = await fixture.store.getReservation(fixture.reservation.id);
      expect(stored).toMatchObject({ status: 'completed', settlementProblem: 'hold_expired' });
      expect(stored?.lateCaptureTransferId).toBeUndefined();
      expect(stored === undefined ? undefined : reservationView({ role: 'operator', subject: 'op-1' }, stored).chargeable).toBe(
        false,
      );
      expect(await fixture.money()).toEqual({
        payerPosted: PRICE - 1,
        payerPending: 0,
        revenue: 0,
        platformFees: 0,
        carrierFees: 0,
      });
      expect(await codeOf(fixture.ledger.getTransfer(reservationLateCaptureTransferIdFor(fixture.reservation.id)))).toBe(
        'TRANSFER_NOT_FOUND',
      );
    });

    it('captures a show cancelled after reconfirmation whose money step is finished after the hold expired', async () => {
      // Prepare: the cancel committed, its posting failed, and the completion job runs only after the hold's timeout.
      const fixture = await lateCaptureSetUp(await makeWorld());
      failNextPosting(fixture);
      await expect(cancelReservation(fixture.deps, fixture.booker, fixture.reservation.id)).rejects.toThrow('injected');
      fixture.afterHoldExpiry();

      // Act
      const outcome = await completeReservation(fixture.deps, fixture.reservation.id);

      // Assess
      expect(outcome).toBe('settled');
      expect(await fixture.store.getReservation(fixture.reservation.id)).toMatchObject({
        status: 'cancelled',
        lateCaptureTransferId: reservationLateCaptureTransferIdFor(fixture.reservation.id),
      });
      expect(await fixture.money()).toMatchObject({ payerPosted: 0, revenue: PRICE - PLATFORM_FEE, platformFees: PLATFORM_FEE });
    });

    it('captures nothing for a failed show whose hold expired before its void', async () => {
      // Prepare: the failure committed, its void failed (fault injection), the job runs after the hold's timeout.
      const fixture = await lateCaptureSetUp(await makeWorld());
      const voidPending = fixture.ledger.voidPending.bind(fixture.ledger);
      fixture.ledger.voidPending = () => Promise.reject(new Error('injected ledger outage'));
      await expect(reportFailure(fixture.deps, fixture.provider, fixture.reservation.id, 'encoder down')).rejects.toThrow(
        'injected',
      );
      fixture.ledger.voidPending = voidPending;
      fixture.afterHoldExpiry();

      // Act
      await completeReservation(fixture.deps, fixture.reservation.id);

      // Assess
      const stored = await fixture.store.getReservation(fixture.reservation.id);
      expect(stored?.status).toBe('failed');
      expect(stored?.lateCaptureTransferId).toBeUndefined();
      expect(stored?.settlementProblem).toBeUndefined();
      expect(await fixture.money()).toMatchObject({ payerPosted: PRICE, revenue: 0, platformFees: 0 });
    });

    it('captures a carrier-route show from the carrier account, with the carrier fee, the legs summing to the price', async () => {
      // Prepare
      const fixture = await lateCaptureSetUp(await makeWorld(), { carrier: true });
      fixture.afterHoldExpiry();

      // Act
      await completeReservation(fixture.deps, fixture.reservation.id);

      // Assess
      const money = await fixture.money();
      expect(money).toEqual({
        payerPosted: -PRICE,
        payerPending: 0,
        revenue: PRICE - PLATFORM_FEE - CARRIER_FEE,
        platformFees: PLATFORM_FEE,
        carrierFees: CARRIER_FEE,
      });
      expect(Number(money.revenue) + Number(money.platformFees) + Number(money.carrierFees)).toBe(PRICE);
    });
  });
};
