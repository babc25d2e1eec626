import { describe, expect, it } from 'vitest';
import {
  agentFeeAccountId,
  customerCarrierAccountId,
  customerWalletAccountId,
  platformFeeAccountId,
  providerRevenueAccountId,
} from '../../../shared/domain/parties/accounts';
import { setProviderTrust } from '../../../shared/domain/parties/trust';
import { createReservation } from '../../../shared/domain/reservations/booking';
import { createChannel } from '../../../shared/domain/reservations/channels';
import { completeReservation } from '../../../shared/domain/reservations/complete';
import { reportFailure } from '../../../shared/domain/reservations/failure';
import { reconfirmReservation } from '../../../shared/domain/reservations/reconfirm';
import { reservationHoldTransferIdFor } from '../../../shared/domain/payments/charge-legs';
import { reservationView } from '../../../shared/domain/reservations/views';
import {
  alignedStart,
  balancesOf,
  booking,
  crashNextTransition,
  customer,
  makeMemoryDeps,
  provider,
  registerAgent,
  registerCustomers,
  registerProvider,
  TEST_OPERATOR,
} from '../../fixtures/reservations';

/**
 * How a show is paid: the purchase route rules (carrier account for a trusted provider when
 * it has room, else the wallet), the fee rates fixed at reconfirmation, and the split at
 * posting (fees rounded down, the provider keeps the remainder, legs summing exactly).
 */
const PROVIDER = provider('prov-pay');
const CARRIER = 'agt-pay';

const setUp = async (options: {
  trusted: boolean;
  feePerSlotMinor?: number;
  platformFeeBps?: number;
  carrierFeeBps?: number;
  creditLimitMinor?: number;
  walletMinor?: number;
}) => {
  const fixture = makeMemoryDeps();
  await registerProvider(fixture.deps, PROVIDER.subject, {
    trusted: options.trusted,
    platformFeeBps: options.platformFeeBps ?? 1_000,
  });
  await registerAgent(fixture.deps, CARRIER, options.carrierFeeBps ?? 500);
  await registerCustomers(fixture.deps, [
    {
      id: 'alice',
      fundMinor: options.walletMinor ?? 0,
      carrier: { agentId: CARRIER, creditLimitMinor: options.creditLimitMinor ?? 10_000 },
    },
  ]);
  const channel = await createChannel(fixture.deps, PROVIDER, 'chn_pay', {
    name: 'pay',
    capacity: 3,
    bandwidthKbps: 1_000,
    feePerSlotMinor: options.feePerSlotMinor ?? 100,
    currency: 'JPY',
  });
  const show = await createReservation(
    fixture.deps,
    customer('alice'),
    'rsv_pay',
    booking(channel.id, alignedStart(fixture.clock.now(), 24), { slots: 3 }),
  );
  const posted = async (accountId: string) => (await balancesOf(fixture.ledger, accountId)).posted;
  const pending = async (accountId: string) => (await balancesOf(fixture.ledger, accountId)).pending;
  return { ...fixture, show, posted, pending };
};

describe('the route of a reservation', () => {
  it('a trusted provider and a carrier account with room: the carrier account pays and the carrier earns its fee at completion', async () => {
    // Prepare
    const { deps, clock, show, posted } = await setUp({ trusted: true });

    // Act
    const { reservation } = await reconfirmReservation(deps, customer('alice'), show.id);
    clock.set(show.endsAtMs + 15 * 60_000);
    await completeReservation(deps, show.id);

    // Assess
    expect(reservationView(customer('alice'), reservation).payment).toEqual({
      route: 'carrier',
      payerAccountId: customerCarrierAccountId('alice', 'JPY'),
      agentId: CARRIER,
      platformFeeBps: 1_000,
      carrierFeeBps: 500,
      split: { grossMinor: 300, providerNetMinor: 255, platformFeeMinor: 30, carrierFeeMinor: 15 },
    });
    expect(await posted(customerCarrierAccountId('alice', 'JPY'))).toBe(-300);
    expect(await posted(providerRevenueAccountId(PROVIDER.subject, 'JPY'))).toBe(255);
    expect(await posted(platformFeeAccountId('JPY'))).toBe(30);
    expect(await posted(agentFeeAccountId(CARRIER, 'JPY'))).toBe(15);
  });

  it('over the credit limit the wallet pays, and no carrier fee is taken', async () => {
    // Prepare
    const { deps, show } = await setUp({ trusted: true, creditLimitMinor: 200, walletMinor: 1_000 });

    // Act
    const { reservation } = await reconfirmReservation(deps, customer('alice'), show.id);

    // Assess
    expect(reservation.payment).toEqual({
      route: 'wallet',
      payerAccountId: customerWalletAccountId('alice', 'JPY'),
      platformFeeBps: 1_000,
      carrierFeeBps: 0,
    });
  });

  it('an untrusted provider is paid from the wallet, though the customer has a carrier account with room', async () => {
    // Prepare
    const { deps, show, pending } = await setUp({ trusted: false, walletMinor: 1_000 });

    // Act
    const { reservation } = await reconfirmReservation(deps, customer('alice'), show.id);

    // Assess
    expect(reservation.payment?.route).toBe('wallet');
    expect(await pending(customerWalletAccountId('alice', 'JPY'))).toBe(-300);
    expect(await pending(customerCarrierAccountId('alice', 'JPY'))).toBe(0);
  });

  it('when neither route can pay: 402 NO_PAYMENT_ROUTE naming both, nothing held, the booking stays pending', async () => {
    // Prepare
    const { deps, show, ledger } = await setUp({ trusted: true, creditLimitMinor: 200, walletMinor: 100 });

    // Act
    const refusal = reconfirmReservation(deps, customer('alice'), show.id);

    // Assess
    await expect(refusal).rejects.toMatchObject({
      code: 'NO_PAYMENT_ROUTE',
      extensions: { routes: { carrier: 'CREDIT_LIMIT_EXCEEDED', wallet: 'INSUFFICIENT_FUNDS' }, priceMinor: 300 },
    });
    // A reconfirm has no `route` field: the refusal names no field (README: one `errors` entry per field sent).
    await expect(refusal).rejects.toMatchObject({ fields: [] });
    await expect(refusal).rejects.toMatchObject({ detail: expect.stringMatching(/^Reconfirming needs 300 JPY .*\.$/) });
    await expect(ledger.getTransfer(reservationHoldTransferIdFor(show.id))).rejects.toMatchObject({ code: 'TRANSFER_NOT_FOUND' });
    expect((await deps.store.getReservation(show.id))?.status).toBe('pending_reconfirmation');
  });

  it('a reconfirm that crashed after its carrier hold adopts that hold on the retry: one hold, on the carrier route', async () => {
    // Prepare
    const { deps, clock, store, show, pending } = await setUp({ trusted: true });
    crashNextTransition(store);
    await expect(reconfirmReservation(deps, customer('alice'), show.id)).rejects.toThrow('injected crash');
    clock.advanceSeconds(7);

    // Act
    const { reservation } = await reconfirmReservation(deps, customer('alice'), show.id);

    // Assess
    expect(reservation.payment?.route).toBe('carrier');
    expect(await pending(customerCarrierAccountId('alice', 'JPY'))).toBe(-300);
  });

  it('the route is chosen at reconfirm: trust withdrawn after the booking, the show is paid from the wallet', async () => {
    // Prepare
    const { deps, show, pending } = await setUp({ trusted: true, walletMinor: 1_000 });
    await setProviderTrust(deps, PROVIDER.subject, false, TEST_OPERATOR);

    // Act
    const { reservation } = await reconfirmReservation(deps, customer('alice'), show.id);

    // Assess
    expect(reservation.payment).toMatchObject({ route: 'wallet', carrierFeeBps: 0 });
    expect(await pending(customerWalletAccountId('alice', 'JPY'))).toBe(-300);
    expect(await pending(customerCarrierAccountId('alice', 'JPY'))).toBe(0);
  });

  it('trust withdrawn after the reconfirm: the show is captured on the carrier route it was confirmed on', async () => {
    // Prepare
    const { deps, clock, show, posted } = await setUp({ trusted: true, walletMinor: 1_000 });
    await reconfirmReservation(deps, customer('alice'), show.id);
    await setProviderTrust(deps, PROVIDER.subject, false, TEST_OPERATOR);

    // Act
    clock.set(show.endsAtMs + 15 * 60_000);
    await completeReservation(deps, show.id);

    // Assess
    expect(await posted(customerCarrierAccountId('alice', 'JPY'))).toBe(-300);
    expect(await posted(customerWalletAccountId('alice', 'JPY'))).toBe(1_000);
    expect(await posted(agentFeeAccountId(CARRIER, 'JPY'))).toBe(15);
  });
});

describe('the fee split of a reservation', () => {
  it('uses the rates fixed at reconfirmation: a later change of the provider rate does not alter the posting', async () => {
    // Prepare
    const { deps, clock, show, parties, posted } = await setUp({ trusted: false, walletMinor: 1_000 });
    await reconfirmReservation(deps, customer('alice'), show.id);
    const getProvider = parties.getProvider.bind(parties);
    parties.getProvider = async (id) => {
      const stored = await getProvider(id);
      return stored === undefined ? undefined : { ...stored, platformFeeBps: 5_000 };
    };
    clock.set(show.endsAtMs + 15 * 60_000);

    // Act
    await completeReservation(deps, show.id);

    // Assess
    expect(await posted(platformFeeAccountId('JPY'))).toBe(30);
    expect(await posted(providerRevenueAccountId(PROVIDER.subject, 'JPY'))).toBe(270);
  });

  it('rounds each fee down and gives the provider the remainder: the legs sum to the price exactly', async () => {
    // Prepare: 3 slots of 333 = 999 at 10 % and 5 %.
    const { deps, clock, show, posted } = await setUp({ trusted: true, feePerSlotMinor: 333 });
    await reconfirmReservation(deps, customer('alice'), show.id);
    clock.set(show.endsAtMs + 15 * 60_000);

    // Act
    await completeReservation(deps, show.id);

    // Assess
    const [revenue, platform, carrier] = [
      await posted(providerRevenueAccountId(PROVIDER.subject, 'JPY')),
      await posted(platformFeeAccountId('JPY')),
      await posted(agentFeeAccountId(CARRIER, 'JPY')),
    ];
    expect([revenue, platform, carrier]).toEqual([851, 99, 49]);
    expect(Number(revenue) + Number(platform) + Number(carrier)).toBe(999);
    expect(await posted(customerCarrierAccountId('alice', 'JPY'))).toBe(-999);
  });

  it('a show whose provider reported a failure moves no fee: the hold is voided, and it is not chargeable', async () => {
    // Prepare
    const { deps, show, posted, pending } = await setUp({ trusted: true });
    await reconfirmReservation(deps, customer('alice'), show.id);

    // Act
    const failed = await reportFailure(deps, PROVIDER, show.id, 'encoder down');

    // Assess
    expect(reservationView(PROVIDER, failed).chargeable).toBe(false);
    expect(await pending(customerCarrierAccountId('alice', 'JPY'))).toBe(0);
    expect(await posted(customerCarrierAccountId('alice', 'JPY'))).toBe(0);
    expect(await posted(platformFeeAccountId('JPY'))).toBe(0);
  });

  it("shows the channel's provider neither who booked nor how they pay; the booker and operators see both", async () => {
    // Prepare: a carrier-route show with a friend, reconfirmed, then failed
    const { deps, show } = await setUp({ trusted: true });
    await registerCustomers(deps, [{ id: 'bob' }]);
    const withFriend = await createReservation(
      deps,
      customer('alice'),
      'rsv_pay_friend',
      booking(show.channelId, show.endsAtMs, { friends: ['bob'] }),
    );
    await reconfirmReservation(deps, customer('alice'), withFriend.id);
    const failed = await reportFailure(deps, PROVIDER, withFriend.id, 'encoder down');

    // Act
    const toProvider = reservationView(PROVIDER, failed);
    const toBooker = reservationView(customer('alice'), failed);
    const toOperator = reservationView({ role: 'operator', subject: 'op-1' }, failed);

    // Assess
    expect(toProvider).not.toHaveProperty('customerId');
    expect(toProvider).not.toHaveProperty('friends');
    expect(toProvider.payment).toEqual({
      route: 'carrier',
      platformFeeBps: 1_000,
      carrierFeeBps: 500,
      split: { grossMinor: 300, providerNetMinor: 255, platformFeeMinor: 30, carrierFeeMinor: 15 },
    });
    expect(JSON.stringify(toProvider)).not.toMatch(/alice|bob|agt-pay/);
    for (const view of [toBooker, toOperator]) {
      expect(view).toMatchObject({
        customerId: 'alice',
        friends: ['bob'],
        payment: { payerAccountId: customerCarrierAccountId('alice', 'JPY'), agentId: CARRIER },
      });
    }
  });
});
