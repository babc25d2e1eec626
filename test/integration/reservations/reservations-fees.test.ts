import { afterAll, describe, expect, it } from 'vitest';
import { makeHandler as makeCompleteHandler } from '../../../functions/reservation-complete/handler';
import { makeHandler as makeReconfirmHandler } from '../../../functions/reservation-reconfirm/handler';
import { loadConfig } from '../../../shared/config';
import {
  agentFeeAccountId,
  customerCarrierAccountId,
  customerWalletAccountId,
  platformFeeAccountId,
  providerRevenueAccountId,
} from '../../../shared/domain/parties/accounts';
import { createReservation } from '../../../shared/domain/reservations/booking';
import { cancelReservation } from '../../../shared/domain/reservations/cancel';
import { createChannel } from '../../../shared/domain/reservations/channels';
import { completeReservation } from '../../../shared/domain/reservations/complete';
import { silentLogger } from '../../../shared/logger';
import { uniqueId } from '../../fixtures/api';
import {
  alignedStart,
  balancesOf,
  booking,
  customer,
  provider,
  registerAgent,
  registerCustomers,
  registerProvider,
} from '../../fixtures/reservations';
import { dropDynamoLedgers } from '../ledger/table';
import { apiEvent, call, dropReservationTables, makeDynamoReservations } from './reservations-fixture';

afterAll(async () => {
  await dropReservationTables();
  await dropDynamoLedgers();
});

/**
 * The fee split of channel reservations on the real adapters (DynamoDB Local, KMS from the
 * emulator): a provider at 10 % (platformFeeBps 1,000), a channel at 100 per slot, shows of
 * 3 slots. The reconfirm (through its handler) fixes the route and the rates; the completion
 * job (through its handler) posts the hold and moves the fees in one linked write. Every
 * fixture has its own ledger table, so the platform fee account starts at zero.
 */
const FEE_PER_SLOT = 100;
const SLOTS = 3;
const PRICE = FEE_PER_SLOT * SLOTS;
const base = { config: loadConfig(process.env), logger: silentLogger };

const setUp = async (options: {
  trusted: boolean;
  carrier?: { feeBps: number; creditLimitMinor: number };
  walletMinor: number;
}) => {
  const fixture = await makeDynamoReservations();
  const { deps } = fixture;
  // Parties live in the shared core table: fresh ids per test.
  const providerId = uniqueId('prov-fees');
  const customerId = uniqueId('cust-fees');
  const agentId = uniqueId('agt-fees');
  await registerProvider(deps, providerId, { platformFeeBps: 1_000, trusted: options.trusted });
  if (options.carrier !== undefined) await registerAgent(deps, agentId, options.carrier.feeBps);
  await registerCustomers(deps, [
    {
      id: customerId,
      fundMinor: options.walletMinor,
      ...(options.carrier === undefined ? {} : { carrier: { agentId, creditLimitMinor: options.carrier.creditLimitMinor } }),
    },
  ]);
  const channel = await createChannel(deps, provider(providerId), uniqueId('chn-fees'), {
    name: 'fees',
    capacity: 5,
    bandwidthKbps: 1_000,
    feePerSlotMinor: FEE_PER_SLOT,
    currency: 'JPY',
  });
  const booked = await createReservation(
    deps,
    customer(customerId),
    uniqueId('rsv-fees'),
    booking(channel.id, alignedStart(fixture.clock.now(), 24), { slots: SLOTS }),
  );
  const requestDeps = { ...base, ...deps, ...fixture.idempotency };
  const reconfirmed = await call(
    makeReconfirmHandler(requestDeps),
    apiEvent({
      method: 'POST',
      path: `/v1/reservations/${booked.id}/reconfirm`,
      principal: customer(customerId),
      pathParameters: { id: booked.id },
    }),
  );
  const posted = async (accountId: string) => {
    const balances = await balancesOf(deps.ledger, accountId);
    return { creditsPosted: balances.creditsPosted, debitsPosted: balances.debitsPosted, pending: balances.pending };
  };
  return { ...fixture, providerId, customerId, agentId, booked, reconfirmed, posted };
};

describe('channel fees split at posting on DynamoDB', () => {
  it('wallet route at 10 %: after completion the provider revenue moved by 90 per slot and the platform fee account by 10 per slot', async () => {
    // Prepare
    const { deps, clock, booked, reconfirmed, providerId, customerId, posted } = await setUp({
      trusted: false,
      walletMinor: 1_000,
    });
    clock.set(booked.endsAtMs + 15 * 60_000);

    // Act
    const report = await makeCompleteHandler({ ...base, ...deps })();
    // A repeat of the money step (as after a crash before the queue entry went) writes every leg as `exists`.
    const repeat = await completeReservation(deps, booked.id);

    // Assess
    expect(reconfirmed.status).toBe(200);
    expect(reconfirmed.body['payment']).toEqual({
      route: 'wallet',
      payerAccountId: customerWalletAccountId(customerId, 'JPY'),
      platformFeeBps: 1_000,
      carrierFeeBps: 0,
      split: { grossMinor: PRICE, providerNetMinor: 90 * SLOTS, platformFeeMinor: 10 * SLOTS, carrierFeeMinor: 0 },
    });
    expect(report).toMatchObject({ found: 1, done: 1, failed: 0 });
    expect(repeat).toBe('settled');
    expect(await posted(providerRevenueAccountId(providerId, 'JPY'))).toEqual({
      creditsPosted: PRICE,
      debitsPosted: 10 * SLOTS,
      pending: 0,
    });
    expect((await balancesOf(deps.ledger, providerRevenueAccountId(providerId, 'JPY'))).posted).toBe(90 * SLOTS);
    expect((await balancesOf(deps.ledger, platformFeeAccountId('JPY'))).posted).toBe(10 * SLOTS);
    expect(await posted(customerWalletAccountId(customerId, 'JPY'))).toMatchObject({ debitsPosted: PRICE, pending: 0 });
  });

  it('carrier route of a trusted provider: the carrier account pays, the carrier earns its 5 %, the platform its 10 %, the provider the rest', async () => {
    // Prepare
    const { deps, clock, booked, reconfirmed, providerId, customerId, agentId, posted } = await setUp({
      trusted: true,
      carrier: { feeBps: 500, creditLimitMinor: 10_000 },
      walletMinor: 0,
    });
    clock.set(booked.endsAtMs + 15 * 60_000);

    // Act
    await makeCompleteHandler({ ...base, ...deps })();

    // Assess
    expect(reconfirmed.body['payment']).toEqual({
      route: 'carrier',
      payerAccountId: customerCarrierAccountId(customerId, 'JPY'),
      agentId,
      platformFeeBps: 1_000,
      carrierFeeBps: 500,
      split: { grossMinor: PRICE, providerNetMinor: 85 * SLOTS, platformFeeMinor: 10 * SLOTS, carrierFeeMinor: 5 * SLOTS },
    });
    expect((await balancesOf(deps.ledger, providerRevenueAccountId(providerId, 'JPY'))).posted).toBe(85 * SLOTS);
    expect((await balancesOf(deps.ledger, platformFeeAccountId('JPY'))).posted).toBe(10 * SLOTS);
    expect((await balancesOf(deps.ledger, agentFeeAccountId(agentId, 'JPY'))).posted).toBe(5 * SLOTS);
    expect(await posted(customerCarrierAccountId(customerId, 'JPY'))).toMatchObject({ debitsPosted: PRICE, pending: 0 });
    expect(await posted(customerWalletAccountId(customerId, 'JPY'))).toMatchObject({ debitsPosted: 0, pending: 0 });
  });

  it('a cancel after reconfirmation captures the fee with the same split, once, however often it is repeated', async () => {
    // Prepare
    const { deps, booked, providerId, customerId } = await setUp({ trusted: false, walletMinor: 1_000 });

    // Act
    const cancelled = await cancelReservation(deps, customer(customerId), booked.id);
    const repeated = await cancelReservation(deps, customer(customerId), booked.id);
    const job = await completeReservation(deps, booked.id); // the completion job finishing it once more

    // Assess
    expect([cancelled.status, repeated.status, job]).toEqual(['cancelled', 'cancelled', 'settled']);
    expect((await balancesOf(deps.ledger, providerRevenueAccountId(providerId, 'JPY'))).posted).toBe(90 * SLOTS);
    expect((await balancesOf(deps.ledger, platformFeeAccountId('JPY'))).posted).toBe(10 * SLOTS);
    expect((await balancesOf(deps.ledger, customerWalletAccountId(customerId, 'JPY'))).posted).toBe(1_000 - PRICE);
  });
});
