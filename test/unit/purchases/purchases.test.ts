import { verifyDocket, verifyRevocationList } from '@kippu/verify';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { MemoryPartyStore } from '../../../shared/adapters/memory/parties';
import type { MemoryPurchaseStore } from '../../../shared/adapters/memory/purchases';
import type { LocalKeyJwsSigner, MemoryTicketStore } from '../../../shared/adapters/memory/tickets';
import { createPurchase } from '../../../shared/domain/purchases/create';
import { DOCKET_TYPE } from '../../../shared/domain/purchases/docket';
import { authorizePurchaseRead, purchaseDocket, purchaseView } from '../../../shared/domain/purchases/purchase';
import type { PurchaseStore } from '../../../shared/domain/purchases/ports';
import { refundPurchase } from '../../../shared/domain/purchases/refund';
import { processSettlementBatch, settlePurchase } from '../../../shared/domain/purchases/settle';
import { revokeTicket, signedRevocationList } from '../../../shared/domain/revocations/revocations';
import { DomainError } from '../../../shared/errors';
import { KMS_SIGN_MESSAGE_BYTES_MAX } from '../../../shared/limits';
import { HOLD_TIMEOUT_SECONDS, makeWorld, WORLD_ISSUER, type World } from '../../fixtures/purchases-world';
import { rejection } from '../../fixtures/errors';

const keySetOf = async (world: World) => ({ keys: [await (world.signer as LocalKeyJwsSigner).publicJwk()] });
const jwksOf = async (world: World) => createLocalJWKSet(await keySetOf(world));

/** A wallet customer with funds, an untrusted provider at 10 %, an offer at 1,000 JPY. */
const walletScene = async (world: World, fundsMinor = 5_000) => {
  const provider = await world.provider({ trusted: false, platformFeeBps: 1_000 });
  const kiosk = await world.agent(300);
  const customer = await world.customer();
  await world.topUp(customer.id, kiosk.id, fundsMinor);
  const offer = await world.offer(provider.id, 1_000);
  return { provider, kiosk, customer, offer };
};

/** A trusted provider at 10 %, a carrier at 5 % with a credit limit, a customer of the carrier. */
const carrierScene = async (world: World, creditLimitMinor = 10_000, walletMinor = 0) => {
  const provider = await world.provider({ trusted: true, platformFeeBps: 1_000 });
  const carrier = await world.agent(500);
  const customer = await world.customer({ agentId: carrier.id, creditLimitMinor });
  if (walletMinor > 0) await world.topUp(customer.id, carrier.id, walletMinor);
  const offer = await world.offer(provider.id, 1_000);
  return { provider, carrier, customer, offer };
};

/** Fault injection: the store throws once at the named step, as a crash there would. */
const crashOnce = <Method extends Exclude<keyof PurchaseStore, 'claims'>>(store: PurchaseStore, method: Method): void => {
  const original = store[method].bind(store) as (...args: unknown[]) => Promise<unknown>;
  let crashed = false;
  (store as unknown as Record<string, unknown>)[method] = async (...args: unknown[]) => {
    if (!crashed) {
      crashed = true;
      throw new Error(`injected crash in ${String(method)}`);
    }
    return original(...args);
  };
};

describe('buying on the wallet route and settling', () => {
  it('a wallet purchase holds the price, and settlement moves exact amounts to provider and platform', async () => {
    // Prepare
    const world = makeWorld();
    const { provider, customer, offer } = await walletScene(world);

    // Act
    const { purchase, ticket } = await world.buy(customer.id, { offerId: offer.id });
    const heldWallet = await world.pending(world.accounts.wallet(customer.id));
    const failed = await world.deliverAll();

    // Assess
    expect(purchase).toMatchObject({ status: 'authorized', route: 'wallet', amountMinor: 1_000 });
    expect(heldWallet).toBe(-1_000);
    expect(failed).toEqual([]);
    expect((await world.purchases.get(purchase.id))?.status).toBe('settled');
    expect(await world.posted(world.accounts.wallet(customer.id))).toBe(4_000);
    expect(await world.pending(world.accounts.wallet(customer.id))).toBe(0);
    expect(await world.posted(world.accounts.revenue(provider.id))).toBe(900);
    expect(await world.posted(world.accounts.platform())).toBe(100);
    expect(ticket?.token.split('.')).toHaveLength(3);
  });

  it('the ticket names purchase and hold, and carries a pseudonym instead of the customer id', async () => {
    // Prepare
    const world = makeWorld();
    const { provider, customer, offer } = await walletScene(world);

    // Act
    const { purchase, ticket } = await world.buy(customer.id, { offerId: offer.id });

    // Assess
    const { payload } = await jwtVerify(ticket?.token ?? '', await jwksOf(world), {
      currentDate: new Date(world.clock.now()),
      issuer: WORLD_ISSUER,
      audience: provider.id,
    });
    expect(payload).toMatchObject({
      pur: purchase.id,
      txn: purchase.holdTransferId,
      res: 'server-1/stream-7',
      cap: ['image', 'voice'],
    });
    expect(payload.sub).toMatch(/^sub_/);
    expect(JSON.stringify(payload)).not.toContain(customer.id);
  });

  it('the docket verifies against the signing key and states purchase, amounts, route, provider and times', async () => {
    // Prepare
    const world = makeWorld();
    const { provider, customer, offer } = await walletScene(world);
    const { purchase } = await world.buy(customer.id, { offerId: offer.id });

    // Act
    await world.deliverAll();

    // Assess
    const settled = await world.purchases.get(purchase.id);
    const verified = await verifyDocket(settled?.settlement?.docket ?? '', {
      jwks: await keySetOf(world),
      now: new Date(world.clock.now()),
      issuer: WORLD_ISSUER,
      audience: provider.id,
    });
    if (!verified.ok) throw new Error(`the docket was rejected: ${verified.reason}`);
    const { claims: payload, header } = verified;
    expect(header.typ).toBe(DOCKET_TYPE);
    expect(payload).toMatchObject({
      pur: purchase.id,
      route: 'wallet',
      prv: provider.id,
      cur: 'JPY',
      amounts: { grossMinor: 1_000, providerNetMinor: 900, platformFeeMinor: 100, carrierFeeMinor: 0 },
      authorizedAt: Math.floor(Date.parse(purchase.createdAt) / 1000),
    });
    expect(payload.settledAt).toBeTypeOf('number');
  });
});

describe('choosing the route', () => {
  it('a trusted provider and a carrier account with room: the carrier pays and earns its fee', async () => {
    // Prepare
    const world = makeWorld();
    const { provider, carrier, customer, offer } = await carrierScene(world);

    // Act
    const { purchase } = await world.buy(customer.id, { offerId: offer.id });
    await world.deliverAll();

    // Assess
    expect(purchase.route).toBe('carrier');
    expect(await world.posted(world.accounts.carrier(customer.id))).toBe(-1_000);
    expect(await world.posted(world.accounts.revenue(provider.id))).toBe(850);
    expect(await world.posted(world.accounts.platform())).toBe(100);
    expect(await world.posted(world.accounts.agentFees(carrier.id))).toBe(50);
  });

  it('an untrusted provider: the wallet pays even though the customer has a carrier account', async () => {
    // Prepare
    const world = makeWorld();
    const provider = await world.provider({ trusted: false });
    const carrier = await world.agent(500);
    const customer = await world.customer({ agentId: carrier.id, creditLimitMinor: 10_000 });
    await world.topUp(customer.id, carrier.id, 2_000);
    const offer = await world.offer(provider.id, 1_000);

    // Act
    const { purchase } = await world.buy(customer.id, { offerId: offer.id });

    // Assess
    expect(purchase.route).toBe('wallet');
    expect(await world.pending(world.accounts.carrier(customer.id))).toBe(0);
  });

  it('over the credit limit the wallet pays instead', async () => {
    // Prepare
    const world = makeWorld();
    const { customer, offer } = await carrierScene(world, 500, 2_000);

    // Act
    const { purchase } = await world.buy(customer.id, { offerId: offer.id });

    // Assess
    expect(purchase.route).toBe('wallet');
    expect(await world.pending(world.accounts.carrier(customer.id))).toBe(0);
    expect(await world.pending(world.accounts.wallet(customer.id))).toBe(-1_000);
  });

  it('when the carrier route never applied and the wallet cannot pay, the 402 is the wallet’s INSUFFICIENT_FUNDS, saying why the carrier does not apply', async () => {
    // Prepare: an untrusted provider, a customer without a carrier account, a carrier account in another currency.
    const world = makeWorld();
    const kiosk = await world.agent(500);
    const untrusted = await world.provider({ trusted: false });
    const trusted = await world.provider({ trusted: true });
    const withCarrier = await world.customer({ agentId: kiosk.id, creditLimitMinor: 10_000 });
    const withoutCarrier = await world.customer();
    const cases = [
      { customer: withCarrier, offer: await world.offer(untrusted.id, 100), carrier: 'PROVIDER_NOT_TRUSTED' },
      { customer: withoutCarrier, offer: await world.offer(trusted.id, 100), carrier: 'CARRIER_ACCOUNT_NOT_FOUND' },
      {
        customer: withCarrier,
        offer: await world.offer(trusted.id, 100, { currency: 'USD' }),
        carrier: 'CARRIER_CURRENCY_MISMATCH',
      },
    ];

    for (const { customer, offer, carrier } of cases) {
      // Act
      const error = await rejection(world.buy(customer.id, { offerId: offer.id }));

      // Assess
      expect(error).toMatchObject({ code: 'INSUFFICIENT_FUNDS', status: 402 });
      expect(error.detail).toMatch(/^The wallet cannot pay: .*; the carrier route does not apply: .*\.$/);
      expect(error.extensions).toEqual({ routes: { carrier, wallet: 'INSUFFICIENT_FUNDS' } });
      // The request named no route: no `errors` entry for a field it does not have (README: one entry per field sent).
      expect(error.fields).toEqual([]);
    }
  });

  it('over the credit limit with an empty wallet is a 402 naming both routes, and nothing is held', async () => {
    // Prepare
    const world = makeWorld();
    const { customer, offer } = await carrierScene(world, 500, 0);

    // Act
    const error = await rejection(world.buy(customer.id, { offerId: offer.id }));

    // Assess
    expect(error.code).toBe('NO_PAYMENT_ROUTE');
    expect(error.status).toBe(402);
    expect(error.detail).toMatch(/^No route can pay: carrier: .*; wallet: .*\.$/);
    expect(error.extensions).toEqual({ routes: { carrier: 'CREDIT_LIMIT_EXCEEDED', wallet: 'INSUFFICIENT_FUNDS' } });
    expect(error.fields).toEqual([]);
    expect(await world.pending(world.accounts.carrier(customer.id))).toBe(0);
    expect(await world.pending(world.accounts.wallet(customer.id))).toBe(0);
  });

  it('asking for the carrier route from an untrusted provider is refused with PROVIDER_NOT_TRUSTED', async () => {
    // Prepare
    const world = makeWorld();
    const provider = await world.provider({ trusted: false });
    const carrier = await world.agent();
    const customer = await world.customer({ agentId: carrier.id, creditLimitMinor: 10_000 });
    const offer = await world.offer(provider.id, 1_000);

    // Act
    const error = await rejection(world.buy(customer.id, { offerId: offer.id, route: 'carrier' }));

    // Assess
    expect(error.code).toBe('PROVIDER_NOT_TRUSTED');
    expect(error.fields.map((issue) => issue.field)).toEqual(['route']);
  });

  it('asking for the wallet route is honoured even when the carrier could pay', async () => {
    // Prepare
    const world = makeWorld();
    const { customer, offer } = await carrierScene(world, 10_000, 2_000);

    // Act
    const { purchase } = await world.buy(customer.id, { offerId: offer.id, route: 'wallet' });

    // Assess
    expect(purchase.route).toBe('wallet');
  });

  it('a wallet that cannot pay without a carrier route is INSUFFICIENT_FUNDS', async () => {
    // Prepare
    const world = makeWorld();
    const { customer, offer } = await walletScene(world, 999);

    // Act
    const error = await rejection(world.buy(customer.id, { offerId: offer.id }));

    // Assess
    expect(error.code).toBe('INSUFFICIENT_FUNDS');
    expect(await world.pending(world.accounts.wallet(customer.id))).toBe(0);
  });
});

describe('crashes and retries of the purchase request', () => {
  it('a crash after the hold and before the purchase record, then a retry with the same key: one hold, one ticket', async () => {
    // Prepare
    const world = makeWorld();
    const { customer, offer } = await walletScene(world, 1_500);
    crashOnce(world.purchases, 'create'); // fault injection: the process dies after the hold is placed

    // Act
    const first = world.buy(customer.id, { offerId: offer.id }, 'key-1');
    await expect(first).rejects.toThrow('injected crash');
    const retry = await world.buy(customer.id, { offerId: offer.id }, 'key-1');

    // Assess: the wallet had room for one purchase only, and the retry adopted the existing hold.
    expect(retry.purchase.status).toBe('authorized');
    expect(await world.pending(world.accounts.wallet(customer.id))).toBe(-1_000);
    expect(world.queue.sent).toEqual([{ purchaseId: retry.purchase.id }]);
  });

  it('a crash after the ticket and before the enqueue, then a retry: the same ticket and one settlement', async () => {
    // Prepare
    const world = makeWorld();
    const { customer, offer } = await walletScene(world);
    let calls = 0;
    const flakyQueue = {
      enqueue: async (message: { purchaseId: string }) => {
        calls += 1;
        if (calls === 1) throw new Error('injected crash before enqueue');
        world.queue.sent.push(message);
      },
    };
    const principal = { role: 'customer', subject: customer.id } as const;

    // Act
    await expect(createPurchase(world.purchaseDeps(flakyQueue), principal, { offerId: offer.id }, 'key-2')).rejects.toThrow();
    const retry = await createPurchase(world.purchaseDeps(flakyQueue), principal, { offerId: offer.id }, 'key-2');
    await world.deliverAll();

    // Assess
    expect(retry.ticket?.id).toBe(retry.purchase.ticketId);
    expect((world.ticketStore as MemoryTicketStore).records.size).toBe(1);
    expect((await world.purchases.get(retry.purchase.id))?.status).toBe('settled');
    expect(await world.posted(world.accounts.wallet(customer.id))).toBe(4_000);
  });
});

describe('one Idempotency-Key, one purchase', () => {
  it('a retry whose key already holds money for another offer is refused naming offerId, and nothing is stored', async () => {
    // Prepare
    const world = makeWorld();
    const { customer, offer } = await walletScene(world);
    const otherProvider = await world.provider({ trusted: false });
    const dearOffer = await world.offer(otherProvider.id, 50_000);
    crashOnce(world.purchases, 'create'); // fault injection: the purchase write fails after the hold is placed
    await expect(world.buy(customer.id, { offerId: offer.id }, 'key-reused')).rejects.toThrow('injected crash');

    // Act
    const error = await rejection(world.buy(customer.id, { offerId: dearOffer.id }, 'key-reused'));

    // Assess
    expect(error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(error.fields.map((issue) => issue.field)).toEqual(['offerId']);
    expect((world.purchases as MemoryPurchaseStore).records.size).toBe(0);
    expect(await world.pending(world.accounts.wallet(customer.id))).toBe(-1_000);
    expect(await world.pending(world.accounts.revenue(otherProvider.id))).toBe(0);
  });

  it('a key already used for a stored purchase of another offer is refused naming offerId', async () => {
    // Prepare
    const world = makeWorld();
    const { provider, customer, offer } = await walletScene(world);
    const otherOffer = await world.offer(provider.id, 2_000);
    const { purchase } = await world.buy(customer.id, { offerId: offer.id }, 'key-stored');

    // Act
    const error = await rejection(world.buy(customer.id, { offerId: otherOffer.id }, 'key-stored'));

    // Assess
    expect(error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(error.status).toBe(422);
    expect(error.fields.map((issue) => issue.field)).toEqual(['offerId']);
    expect(await world.purchases.get(purchase.id)).toMatchObject({ offerId: offer.id, amountMinor: 1_000 });
  });

  it('a key already used for a wallet purchase, repeated naming the carrier route, is refused naming route', async () => {
    // Prepare
    const world = makeWorld();
    const { customer, offer } = await carrierScene(world, 10_000, 2_000);
    await world.buy(customer.id, { offerId: offer.id, route: 'wallet' }, 'key-route');

    // Act
    const error = await rejection(world.buy(customer.id, { offerId: offer.id, route: 'carrier' }, 'key-route'));
    const sameAgain = await world.buy(customer.id, { offerId: offer.id }, 'key-route');

    // Assess
    expect(error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(error.fields.map((issue) => issue.field)).toEqual(['route']);
    expect(sameAgain.purchase.route).toBe('wallet');
    expect(await world.pending(world.accounts.carrier(customer.id))).toBe(0);
  });
});

describe('a ticket issued after its purchase ended', () => {
  it('a refund that finishes between storing the purchase and issuing its ticket leaves that ticket revoked and listed', async () => {
    // Prepare: the refund runs just before the ticket is written (steps ordered by a hook).
    const world = makeWorld();
    const { provider, customer, offer } = await walletScene(world);
    const { deps, refunded } = world.refundBeforeTicket();

    // Act
    const result = await createPurchase(deps, { role: 'customer', subject: customer.id }, { offerId: offer.id }, 'key-late');

    // Assess
    expect(refunded()).toBe(true);
    expect(result.purchase.status).toBe('refunded');
    expect((await world.ticketStore.get(result.purchase.ticketId))?.status).toBe('revoked');
    const list = await world.revocations.list(provider.id, 0, 10);
    expect(list.entries.map((entry) => entry.ticketId)).toEqual([result.purchase.ticketId]);
    expect(await world.pending(world.accounts.wallet(customer.id))).toBe(0);
  });
});

describe('the settlement worker', () => {
  it('every message delivered twice settles once', async () => {
    // Prepare
    const world = makeWorld();
    const { provider, customer, offer } = await walletScene(world);
    const { purchase } = await world.buy(customer.id, { offerId: offer.id });

    // Act
    const failed = await processSettlementBatch(world.settlementDeps, [world.delivery(purchase.id), world.delivery(purchase.id)]);
    const again = await processSettlementBatch(world.settlementDeps, [world.delivery(purchase.id)]);

    // Assess
    expect([...failed, ...again]).toEqual([]);
    expect(await world.posted(world.accounts.revenue(provider.id))).toBe(900);
    expect(await world.posted(world.accounts.wallet(customer.id))).toBe(4_000);
    const history = await world.ledgerEntries.listEntries(world.accounts.wallet(customer.id), { limit: 100 });
    expect(history.entries.map((entry) => entry.kind).sort()).toEqual(['pending', 'post', 'single']);
  });

  it('a crash after posting and before marking settled (fault injection) posts nothing more on redelivery', async () => {
    // Prepare
    const world = makeWorld();
    const { provider, customer, offer } = await walletScene(world);
    const { purchase } = await world.buy(customer.id, { offerId: offer.id });
    crashOnce(world.purchases, 'markSettled');

    // Act
    const firstFailed = await processSettlementBatch(world.settlementDeps, [world.delivery(purchase.id, 1)]);
    const afterCrash = (await world.purchases.get(purchase.id))?.status;
    const secondFailed = await processSettlementBatch(world.settlementDeps, [world.delivery(purchase.id, 2)]);

    // Assess
    expect(firstFailed).toHaveLength(1);
    expect(afterCrash).toBe('authorized');
    expect(secondFailed).toEqual([]);
    expect((await world.purchases.get(purchase.id))?.status).toBe('settled');
    expect(await world.posted(world.accounts.revenue(provider.id))).toBe(900);
    expect(await world.posted(world.accounts.platform())).toBe(100);
  });

  it('a hold that expired before settlement rejects the purchase with its reason code, and the ticket is revoked and listed', async () => {
    // Prepare
    const world = makeWorld();
    const { provider, customer, offer } = await walletScene(world);
    const { purchase } = await world.buy(customer.id, { offerId: offer.id });
    world.clock.advanceSeconds(HOLD_TIMEOUT_SECONDS + 1);

    // Act
    const outcome = await settlePurchase(world.settlementDeps, purchase.id);

    // Assess
    const stored = await world.purchases.get(purchase.id);
    expect(outcome).toBe('rejected');
    expect(stored?.status).toBe('rejected');
    expect(stored?.rejection?.reasonCode).toBe('PENDING_TRANSFER_EXPIRED');
    expect(stored?.rejection?.detail).toBe(
      'The payment hold expired before the purchase could be settled. Nothing was charged and the ticket was revoked.',
    );
    expect(await world.posted(world.accounts.wallet(customer.id))).toBe(5_000);
    // An expired hold cannot be voided; the ledger's scheduled sweeper releases it.
    await world.ledger.expireDue({ limit: 10 });
    expect(await world.pending(world.accounts.wallet(customer.id))).toBe(0);
    expect((await world.ticketStore.get(purchase.ticketId))?.status).toBe('revoked');
    const list = await world.revocations.list(provider.id, 0, 10);
    expect(list.entries.map((entry) => entry.ticketId)).toEqual([purchase.ticketId]);
  });

  it('a malformed message fails its record on every receive and flags the purchase for attention on the fifth', async () => {
    // Prepare
    const world = makeWorld();
    const { customer, offer } = await walletScene(world);
    const { purchase } = await world.buy(customer.id, { offerId: offer.id });
    const poison = (receiveCount: number) => ({
      messageId: `poison-${receiveCount}`,
      message: undefined,
      receiveCount,
      purchaseIdAttribute: purchase.id,
    });

    // Act
    const early = await processSettlementBatch(world.settlementDeps, [poison(4), world.delivery(purchase.id)]);
    const flaggedBefore = (await world.purchases.get(purchase.id))?.attention;
    const last = await processSettlementBatch(world.settlementDeps, [poison(5)]);

    // Assess: only the poison record failed; the good one in the same batch settled.
    expect(early).toEqual(['poison-4']);
    expect(flaggedBefore).toBeUndefined();
    expect(last).toEqual(['poison-5']);
    expect((await world.purchases.get(purchase.id))?.attention).toMatchObject({
      reason: 'SETTLEMENT_MESSAGE_MALFORMED',
      messageId: 'poison-5',
    });
  });

  it('an infrastructure error keeps failing the record and flags the purchase on its last receive', async () => {
    // Prepare
    const world = makeWorld();
    const { customer, offer } = await walletScene(world);
    const { purchase } = await world.buy(customer.id, { offerId: offer.id });
    const brokenLedger = Object.create(world.ledger) as typeof world.ledger;
    brokenLedger.createTransfers = async () => {
      throw new Error('injected: DynamoDB unavailable');
    };
    const deps = { ...world.settlementDeps, ledger: brokenLedger };

    // Act
    const failed = await processSettlementBatch(deps, [world.delivery(purchase.id, 5)]);

    // Assess
    expect(failed).toHaveLength(1);
    const stored = await world.purchases.get(purchase.id);
    expect(stored?.status).toBe('authorized');
    expect(stored?.attention?.reason).toBe('SETTLEMENT_RETRIES_EXHAUSTED');
  });
});

describe('refund and settlement racing for the hold', () => {
  it('a refund that voided the hold and crashed before marking it refunded (fault injection) ends refunded, the message is done', async () => {
    // Prepare
    const world = makeWorld();
    const { provider, customer, offer } = await walletScene(world);
    const { purchase } = await world.buy(customer.id, { offerId: offer.id });
    crashOnce(world.purchases, 'markRefunded');
    await expect(refundPurchase(world.refundDeps, world.operator, purchase.id)).rejects.toThrow('injected crash');

    // Act
    const failed = await world.deliverAll();
    const retried = await refundPurchase(world.refundDeps, world.operator, purchase.id);

    // Assess
    expect(failed).toEqual([]);
    expect(retried.status).toBe('refunded');
    expect((await world.purchases.get(purchase.id))?.status).toBe('refunded');
    expect(await world.posted(world.accounts.wallet(customer.id))).toBe(5_000);
    expect(await world.pending(world.accounts.wallet(customer.id))).toBe(0);
    expect((await world.ticketStore.get(purchase.ticketId))?.status).toBe('revoked');
    expect((await world.revocations.list(provider.id, 0, 10)).entries).toHaveLength(1);
  });

  it('a rejection that voided the hold and crashed before marking it rejected (fault injection) does not block the refund', async () => {
    // Prepare
    const world = makeWorld();
    const { customer, offer } = await walletScene(world);
    const { purchase } = await world.buy(customer.id, { offerId: offer.id });
    const refusingLedger = Object.create(world.ledger) as typeof world.ledger;
    refusingLedger.createTransfers = async (operations) => {
      // Fault injection: the settlement write is refused, every other write goes through.
      if (operations[0]?.action === 'post') throw new DomainError('LINKED_TRANSFER_FAILED', 'injected refusal');
      return world.ledger.createTransfers(operations);
    };
    crashOnce(world.purchases, 'markRejected');
    const crashed = await processSettlementBatch({ ...world.settlementDeps, ledger: refusingLedger }, [
      world.delivery(purchase.id),
    ]);

    // Act
    const refunded = await refundPurchase(world.refundDeps, world.operator, purchase.id);
    const redelivered = await processSettlementBatch(world.settlementDeps, [world.delivery(purchase.id, 2)]);

    // Assess
    expect(crashed).toHaveLength(1);
    expect(refunded.status).toBe('refunded');
    expect(redelivered).toEqual([]);
    expect((await world.purchases.get(purchase.id))?.status).toBe('refunded');
    expect(await world.posted(world.accounts.wallet(customer.id))).toBe(5_000);
    expect(await world.pending(world.accounts.wallet(customer.id))).toBe(0);
  });
});

/**
 * The refund overtakes the settlement's state change: the worker has posted the legs and is
 * about to record the settlement when the refund runs whole (it finds the hold posted,
 * reverses the legs, marks the purchase refunded). Deterministic: the refund runs inside the
 * worker's markSettled, before the store's own write; `crash` then fails that write as a
 * crash there would.
 */
const refundInsideMarkSettled = (world: World, purchaseId: string, crash = false): void => {
  const markSettled = world.purchases.markSettled.bind(world.purchases);
  let interleaved = false;
  world.purchases.markSettled = async (purchase, settlement) => {
    if (!interleaved && purchase.id === purchaseId) {
      interleaved = true;
      await refundPurchase(world.refundDeps, world.operator, purchaseId);
      if (crash) throw new Error('injected crash in markSettled');
    }
    return markSettled(purchase, settlement);
  };
};

describe('a refund that overtakes the settlement between its ledger write and its purchase write', () => {
  const scenes = [
    { route: 'wallet', scene: walletScene, legs: 2, payer: (world: World, id: string) => world.accounts.wallet(id) },
    { route: 'carrier', scene: carrierScene, legs: 3, payer: (world: World, id: string) => world.accounts.carrier(id) },
  ] as const;

  for (const { route, scene, legs, payer } of scenes) {
    it(`${route} route: the purchase is refunded and keeps its settlement and docket; a redelivery changes nothing`, async () => {
      // Prepare
      const world = makeWorld();
      const { provider, customer, offer } = await scene(world);
      const payerBefore = await world.posted(payer(world, customer.id));
      const { purchase } = await world.buy(customer.id, { offerId: offer.id });
      refundInsideMarkSettled(world, purchase.id);

      // Act
      const failed = await processSettlementBatch(world.settlementDeps, [world.delivery(purchase.id, 1)]);
      const recorded = await world.purchases.get(purchase.id);
      const redelivered = await processSettlementBatch(world.settlementDeps, [world.delivery(purchase.id, 2)]);

      // Assess
      expect(failed).toEqual([]);
      expect(redelivered).toEqual([]);
      expect(recorded?.route).toBe(route);
      expect(recorded?.status).toBe('refunded');
      expect(recorded?.settlement?.legs).toHaveLength(legs);
      expect(recorded?.refund?.transferIds).toHaveLength(legs);
      expect(recorded?.settlement?.split.grossMinor).toBe(1_000);
      expect(await world.purchases.get(purchase.id)).toEqual(recorded);
      const verified = await verifyDocket(purchaseDocket(recorded ?? purchase).token, {
        jwks: await keySetOf(world),
        now: new Date(world.clock.now()),
        issuer: WORLD_ISSUER,
        audience: provider.id,
      });
      if (!verified.ok) throw new Error(`the docket was rejected: ${verified.reason}`);
      expect(verified.claims).toMatchObject({
        pur: purchase.id,
        route,
        legs: recorded?.settlement?.legs.map((leg) => leg.transferId),
      });
      expect(await world.posted(payer(world, customer.id))).toBe(payerBefore);
      expect(await world.pending(payer(world, customer.id))).toBe(0);
      expect(await world.posted(world.accounts.revenue(provider.id))).toBe(0);
    });

    it(`${route} route: the worker crashes after the refund overtook it, and the redelivered message records the settlement`, async () => {
      // Prepare
      const world = makeWorld();
      const { provider, customer, offer } = await scene(world);
      const { purchase } = await world.buy(customer.id, { offerId: offer.id });
      refundInsideMarkSettled(world, purchase.id, true);
      const crashed = await processSettlementBatch(world.settlementDeps, [world.delivery(purchase.id, 1)]);
      const afterCrash = await world.purchases.get(purchase.id);

      // Act
      const redelivered = await processSettlementBatch(world.settlementDeps, [world.delivery(purchase.id, 2)]);
      const recorded = await world.purchases.get(purchase.id);
      const again = await settlePurchase(world.settlementDeps, purchase.id);

      // Assess
      expect(crashed).toHaveLength(1);
      expect(afterCrash?.status).toBe('refunded');
      expect(afterCrash?.settlement).toBeUndefined();
      expect(redelivered).toEqual([]);
      expect(recorded?.status).toBe('refunded');
      expect(recorded?.refund).toEqual(afterCrash?.refund);
      expect(recorded?.settlement?.legs).toHaveLength(legs);
      expect(again).toBe('unchanged');
      expect(await world.purchases.get(purchase.id)).toEqual(recorded);
      const verified = await verifyDocket(purchaseDocket(recorded ?? purchase).token, {
        jwks: await keySetOf(world),
        now: new Date(world.clock.now()),
        issuer: WORLD_ISSUER,
        audience: provider.id,
      });
      if (!verified.ok) throw new Error(`the docket was rejected: ${verified.reason}`);
      expect(await world.posted(world.accounts.revenue(provider.id))).toBe(0);
    });
  }

  it('a refund that voided the hold before the worker posted leaves no settlement: the docket is 404', async () => {
    // Prepare
    const world = makeWorld();
    const { customer, offer } = await walletScene(world);
    const { purchase } = await world.buy(customer.id, { offerId: offer.id });
    await refundPurchase(world.refundDeps, world.operator, purchase.id);

    // Act
    const outcome = await settlePurchase(world.settlementDeps, purchase.id);
    const stored = await world.purchases.get(purchase.id);

    // Assess
    expect(outcome).toBe('unchanged');
    expect(stored?.settlement).toBeUndefined();
    expect(await rejection((async () => purchaseDocket(stored ?? purchase))())).toMatchObject({
      code: 'DOCKET_NOT_FOUND',
      detail: `Purchase ${JSON.stringify(purchase.id)} has no docket: it has not been settled (it is refunded).`,
    });
  });
});

describe('refunds and revocation lists', () => {
  it('refunding a settled carrier purchase returns every balance to its prior value and revokes the ticket', async () => {
    // Prepare
    const world = makeWorld();
    const { provider, carrier, customer, offer } = await carrierScene(world);
    const accounts = [
      world.accounts.carrier(customer.id),
      world.accounts.revenue(provider.id),
      world.accounts.platform(),
      world.accounts.agentFees(carrier.id),
    ];
    const before = await Promise.all(accounts.map((id) => world.posted(id)));
    const { purchase } = await world.buy(customer.id, { offerId: offer.id });
    await world.deliverAll();

    // Act
    const refunded = await refundPurchase(world.refundDeps, { role: 'provider', subject: provider.id }, purchase.id);

    // Assess
    expect(refunded.status).toBe('refunded');
    expect(refunded.refund?.transferIds).toHaveLength(3);
    expect(await Promise.all(accounts.map((id) => world.posted(id)))).toEqual(before);
    expect((await world.ticketStore.get(purchase.ticketId))?.status).toBe('revoked');
  });

  it('refunding an authorized purchase voids the hold, and a repeat changes nothing', async () => {
    // Prepare
    const world = makeWorld();
    const { customer, offer } = await walletScene(world);
    const { purchase } = await world.buy(customer.id, { offerId: offer.id });

    // Act
    const first = await refundPurchase(world.refundDeps, world.operator, purchase.id);
    const again = await refundPurchase(world.refundDeps, world.operator, purchase.id);
    const settleAfter = await settlePurchase(world.settlementDeps, purchase.id);

    // Assess
    expect(first.status).toBe('refunded');
    expect(again).toEqual(first);
    expect(settleAfter).toBe('unchanged');
    expect(await world.posted(world.accounts.wallet(customer.id))).toBe(5_000);
    expect(await world.pending(world.accounts.wallet(customer.id))).toBe(0);
  });

  it('the signed revocation list names the refunded ticket with version 1 and verifies with audience = the provider', async () => {
    // Prepare
    const world = makeWorld();
    const { provider, customer, offer } = await walletScene(world);
    const { purchase } = await world.buy(customer.id, { offerId: offer.id });
    await world.deliverAll();
    await refundPurchase(world.refundDeps, world.operator, purchase.id);

    // Act
    const list = await signedRevocationList(world.listDeps, provider.id, 0);

    // Assess
    const verified = await verifyRevocationList(list.token, {
      jwks: await keySetOf(world),
      now: new Date(world.clock.now()),
      issuer: WORLD_ISSUER,
      audience: provider.id,
    });
    expect(verified.ok && verified.claims).toMatchObject({
      since: 0,
      ver: 1,
      latest: 1,
      more: false,
      revoked: [{ jti: purchase.ticketId, ver: 1 }],
    });
    expect(list).toMatchObject({ version: 1, latestVersion: 1, more: false, count: 1 });
  });

  it('a long revocation list comes in signed pages under the KMS size limit that chain by version to the end', async () => {
    // Prepare
    const world = makeWorld();
    const providerId = 'prv_many';
    for (let index = 0; index < 130; index += 1) {
      await revokeTicket(world.refundDeps, `tkt_${String(index).padStart(22, 'x')}`, providerId, 'refunded');
    }

    // Act
    const seen: string[] = [];
    let since = 0;
    let pages = 0;
    let more = true;
    while (more && pages < 20) {
      const page = await signedRevocationList(world.listDeps, providerId, since);
      const [header, payload] = page.token.split('.');
      expect(`${header}.${payload}`.length).toBeLessThanOrEqual(KMS_SIGN_MESSAGE_BYTES_MAX);
      const verified = await verifyRevocationList(page.token, {
        jwks: await keySetOf(world),
        now: new Date(world.clock.now()),
        issuer: WORLD_ISSUER,
        audience: providerId,
      });
      if (!verified.ok) throw new Error(`page ${pages} was rejected: ${verified.reason}`);
      seen.push(...verified.claims.revoked.map((entry) => entry.jti));
      since = page.version;
      more = page.more;
      pages += 1;
    }

    // Assess
    expect(seen).toHaveLength(130);
    expect(new Set(seen).size).toBe(130);
    expect(pages).toBeGreaterThan(1);
    expect(since).toBe(130);
  });

  it('revoking the same ticket twice lists it once', async () => {
    // Prepare
    const world = makeWorld();

    // Act
    const first = await revokeTicket(world.refundDeps, 'tkt_once', 'prv_1', 'refunded');
    const second = await revokeTicket(world.refundDeps, 'tkt_once', 'prv_1', 'refunded');

    // Assess
    expect(second).toEqual(first);
    expect((await world.revocations.list('prv_1', 0, 10)).latestVersion).toBe(1);
  });
});

describe('ownership', () => {
  it('customer B cannot read customer A purchase: 404 as if it did not exist', async () => {
    // Prepare
    const world = makeWorld();
    const { customer, offer } = await walletScene(world);
    const { purchase } = await world.buy(customer.id, { offerId: offer.id });

    // Act
    const read = () => authorizePurchaseRead({ role: 'customer', subject: 'cus_other' }, purchase, purchase.id);

    // Assess
    expect(read).toThrow(expect.objectContaining({ code: 'PURCHASE_NOT_FOUND' }));
  });

  it('customer B cannot refund A purchase (404), and A may not refund it either (403)', async () => {
    // Prepare
    const world = makeWorld();
    const { customer, offer } = await walletScene(world);
    const { purchase } = await world.buy(customer.id, { offerId: offer.id });

    // Act
    const byOther = await rejection(refundPurchase(world.refundDeps, { role: 'customer', subject: 'cus_other' }, purchase.id));
    const byOwner = await rejection(refundPurchase(world.refundDeps, { role: 'customer', subject: customer.id }, purchase.id));
    const byOtherProvider = await rejection(
      refundPurchase(world.refundDeps, { role: 'provider', subject: 'prv_other' }, purchase.id),
    );

    // Assess
    expect(byOther.code).toBe('PURCHASE_NOT_FOUND');
    expect(byOwner.code).toBe('REFUND_NOT_ALLOWED');
    expect(byOtherProvider.code).toBe('PURCHASE_NOT_FOUND');
    expect((await world.purchases.get(purchase.id))?.status).toBe('authorized');
  });

  it('a provider reading a purchase never sees the customer id or the paying account', async () => {
    // Prepare
    const world = makeWorld();
    const { provider, customer, offer } = await walletScene(world);
    const { purchase } = await world.buy(customer.id, { offerId: offer.id });
    await world.deliverAll();
    const settled = await world.purchases.get(purchase.id);

    // Act
    const view = purchaseView({ role: 'provider', subject: provider.id }, await world.served(settled ?? purchase));

    // Assess
    expect(JSON.stringify(view)).not.toContain(customer.id);
    expect(view.settlement?.legs[0]).toEqual({ kind: 'post', transferId: expect.any(String), amountMinor: 1_000 });
  });

  it('a provider reading a carrier-route purchase sees what it nets, not the carrier; the customer, the carrier and operators do', async () => {
    // Prepare
    const world = makeWorld();
    const { provider, carrier, customer, offer } = await carrierScene(world);
    const { purchase } = await world.buy(customer.id, { offerId: offer.id });
    await world.deliverAll();
    const settled = await world.served((await world.purchases.get(purchase.id)) ?? purchase);

    // Act
    const toProvider = purchaseView({ role: 'provider', subject: provider.id }, settled);
    const toCustomer = purchaseView({ role: 'customer', subject: customer.id }, settled);
    const toCarrier = purchaseView({ role: 'agent', subject: carrier.id }, settled);
    const toOtherAgent = purchaseView({ role: 'agent', subject: 'agt_other' }, settled);
    const toOperator = purchaseView({ role: 'operator', subject: 'op-1' }, settled);

    // Assess
    expect(settled.route).toBe('carrier');
    expect(toProvider).not.toHaveProperty('agentId');
    expect(toProvider).not.toHaveProperty('payerAccountId');
    expect(toProvider).not.toHaveProperty('customerId');
    // The signed docket names the carrier (its aud and agt) and stays as it is; nothing else does.
    const { docket: _docket, ...unsigned } = toProvider.settlement ?? {};
    expect(JSON.stringify({ ...toProvider, settlement: unsigned })).not.toContain(carrier.id);
    expect(toProvider).toMatchObject({ route: 'carrier', settlement: { split: { providerNetMinor: 850, carrierFeeMinor: 50 } } });
    expect(toOtherAgent).not.toHaveProperty('agentId');
    for (const view of [toCustomer, toCarrier, toOperator])
      expect(view).toMatchObject({ agentId: carrier.id, customerId: customer.id, payerAccountId: settled.payerAccountId });
  });
});

describe('offers', () => {
  it('listing finds offers by keyword and provider, newest first, page by page with a cursor', async () => {
    // Prepare
    const world = makeWorld();
    const provider = await world.provider();
    const other = await world.provider();
    for (let index = 0; index < 5; index += 1) {
      world.clock.advanceSeconds(1);
      await world.offer(provider.id, 100 + index, { title: `Harbour camera ${index}` });
    }
    await world.offer(other.id, 100, { title: 'Harbour webcam' });

    // Act
    const first = await world.offers.list({ providerId: provider.id, keywords: ['harbour'], limit: 3 });
    const second = await world.offers.list({
      providerId: provider.id,
      keywords: ['harbour'],
      limit: 3,
      ...(first.nextCursor === undefined ? {} : { cursor: first.nextCursor }),
    });
    const webcams = await world.offers.list({ keywords: ['webcam'], limit: 10 });

    // Assess
    expect(first.offers.map((offer) => offer.priceMinor)).toEqual([104, 103, 102]);
    expect(second.offers.map((offer) => offer.priceMinor)).toEqual([101, 100]);
    expect(second.nextCursor).toBeUndefined();
    expect(webcams.offers.map((offer) => offer.providerId)).toEqual([other.id]);
  });

  it('a provider cannot create offers for another provider', async () => {
    // Prepare
    const world = makeWorld();
    const provider = await world.provider();
    const { createOffer } = await import('../../../shared/domain/offers/offers');

    // Act
    const error = await rejection(
      createOffer(
        world.offerDeps,
        'ofr_x',
        {
          providerId: provider.id,
          resource: 'a/b',
          priceMinor: 1,
          currency: 'JPY',
          validitySeconds: 60,
          capabilities: ['image'],
        },
        { role: 'provider', subject: 'prv_other' },
      ),
    );

    // Assess
    expect(error.code).toBe('FORBIDDEN');
  });
});

describe('a customer of no registration buying', () => {
  it('is 404 CUSTOMER_NOT_FOUND whatever offer it names, even when the offer is found missing first', async () => {
    // Prepare: the customer's read answers after the offer's, as it may on DynamoDB.
    class SlowParties extends MemoryPartyStore {
      override async getCustomer(customerId: string) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        return super.getCustomer(customerId);
      }
    }
    const world = makeWorld({ parties: new SlowParties() });

    // Act
    const refused = createPurchase(
      world.purchaseDeps(),
      { role: 'customer', subject: 'cus_nobody' },
      { offerId: 'ofr_none' },
      'k',
    );

    // Assess
    await expect(refused).rejects.toMatchObject({ code: 'CUSTOMER_NOT_FOUND', fields: [] });
  });
});
