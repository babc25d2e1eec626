import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { makeHandler as makeProviderRevocationsGet } from '../../../functions/provider-revocations-get/handler';
import { makeHandler as makePurchaseCreate } from '../../../functions/purchase-create/handler';
import { makeHandler as makePurchaseDocketGet } from '../../../functions/purchase-docket-get/handler';
import { makeHandler as makePurchaseGet } from '../../../functions/purchase-get/handler';
import { makeHandler as makePurchaseRefund } from '../../../functions/purchase-refund/handler';
import { makeHandler as makeSettlementWorker } from '../../../functions/settlement-worker/handler';
import { SETTLEMENT_PURCHASE_ID_ATTRIBUTE } from '../../../shared/domain/purchases/settlement-message';
import type { Principal } from '../../../shared/domain/principal';
import { apiEvent, call, handlerBase, memoryIdempotency } from '../../fixtures/handlers';
import { fundedWalletScene, makeWorld } from '../../fixtures/purchases-world';
import { readServedDocket } from '../../fixtures/served-docket';

/** The purchase path through makeHandler, on the in-memory world of the purchase tests. */
const makePurchaseApi = () => {
  const world = makeWorld();
  const base = handlerBase();
  const idempotency = memoryIdempotency(world.clock);
  return {
    world,
    purchaseCreate: makePurchaseCreate({ ...base, ...idempotency, purchases: world.purchaseDeps(), dockets: world.docketDeps }),
    purchaseGet: makePurchaseGet({
      ...base,
      purchases: world.purchases,
      parties: world.partyDeps.parties,
      dockets: world.docketDeps,
    }),
    docketGet: makePurchaseDocketGet({ ...base, purchases: world.purchases, dockets: world.docketDeps }),
    purchaseRefund: makePurchaseRefund({ ...base, ...idempotency, refunds: world.refundDeps, dockets: world.docketDeps }),
    revocationsGet: makeProviderRevocationsGet({ ...base, revocations: world.listDeps, parties: world.partyDeps.parties }),
    settlementWorker: makeSettlementWorker(world.settlementDeps),
  };
};

const scene = fundedWalletScene;

const sqsRecord = (messageId: string, body: string, purchaseId?: string): SQSRecord =>
  ({
    messageId,
    receiptHandle: messageId,
    body,
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 'test', ApproximateFirstReceiveTimestamp: '0' },
    messageAttributes:
      purchaseId === undefined ? {} : { [SETTLEMENT_PURCHASE_ID_ATTRIBUTE]: { stringValue: purchaseId, dataType: 'String' } },
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:local:000000000000:settlement',
    awsRegion: 'local',
  }) as SQSRecord;

describe('the purchase handlers', () => {
  it('purchase-create buys with the ticket token and enqueues settlement; a repeat with the key replays it', async () => {
    // Prepare
    const api = makePurchaseApi();
    const { offer, buyer } = await scene(api.world);
    const buy = () =>
      call(
        api.purchaseCreate,
        apiEvent({
          method: 'POST',
          path: '/v1/purchases',
          principal: buyer,
          headers: { 'idempotency-key': 'buy-1' },
          body: { offerId: offer.id },
        }),
      );

    // Act
    const bought = await buy();
    const repeat = await buy();

    // Assess
    expect(bought).toMatchObject({ status: 201, body: { status: 'authorized', route: 'wallet', offerId: offer.id } });
    expect((bought.body.ticket as { token?: string }).token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(repeat.body).toEqual(bought.body);
    expect(api.world.queue.sent).toEqual([{ purchaseId: bought.body.id }]);
  });

  it('purchase-create needs an Idempotency-Key', async () => {
    // Prepare
    const api = makePurchaseApi();
    const { offer, buyer } = await scene(api.world);

    // Act
    const answer = await call(
      api.purchaseCreate,
      apiEvent({ method: 'POST', path: '/v1/purchases', principal: buyer, body: { offerId: offer.id } }),
    );

    // Assess
    expect(answer).toMatchObject({ status: 400, body: { code: 'MISSING_IDEMPOTENCY_KEY' } });
    expect(api.world.queue.sent).toEqual([]);
  });

  it('settlement-worker settles each record on its own and reports only the malformed one for retry', async () => {
    // Prepare
    const api = makePurchaseApi();
    const { customer, offer } = await scene(api.world);
    const { purchase } = await api.world.buy(customer.id, { offerId: offer.id });
    const event: SQSEvent = {
      Records: [sqsRecord('good', JSON.stringify({ purchaseId: purchase.id }), purchase.id), sqsRecord('bad', '{"purchase":')],
    };

    // Act
    const answer = await api.settlementWorker(event);

    // Assess
    expect(answer).toEqual({ batchItemFailures: [{ itemIdentifier: 'bad' }] });
    expect(await api.world.purchases.get(purchase.id)).toMatchObject({ status: 'settled' });
  });

  it('purchase-get shows the purchase to its customer and provider and is a 404 for anyone else', async () => {
    // Prepare
    const api = makePurchaseApi();
    const { provider, customer, offer, buyer } = await scene(api.world);
    const { purchase } = await api.world.buy(customer.id, { offerId: offer.id });
    const read = (principal: Principal) =>
      call(
        api.purchaseGet,
        apiEvent({ method: 'GET', path: `/v1/purchases/${purchase.id}`, principal, pathParameters: { id: purchase.id } }),
      );

    // Act
    const byCustomer = await read(buyer);
    const byProvider = await read({ role: 'provider', subject: provider.id });
    const byStranger = await read({ role: 'customer', subject: 'cus-stranger' });

    // Assess
    expect(byCustomer).toMatchObject({ status: 200, body: { id: purchase.id, customerId: customer.id } });
    expect(byProvider).toMatchObject({ status: 200, body: { id: purchase.id } });
    expect(byProvider.body).not.toHaveProperty('customerId');
    expect(byStranger).toMatchObject({ status: 404, body: { code: 'PURCHASE_NOT_FOUND' } });
  });

  it('purchase-docket-get answers the signed docket once settled, to the customer and the provider; 404 before and for anyone else', async () => {
    // Prepare
    const api = makePurchaseApi();
    const { provider, buyer, customer, offer } = await scene(api.world);
    const { purchase } = await api.world.buy(customer.id, { offerId: offer.id });
    const read = (principal: Principal) => readServedDocket(api.docketGet, principal, purchase.id);
    const beforeSettlement = await read(buyer);
    await api.world.deliverAll();

    // Act
    const byCustomer = await read(buyer);
    const byProvider = await read({ role: 'provider', subject: provider.id });
    const byStranger = await read({ role: 'customer', subject: 'cus-stranger' });

    // Assess
    expect(beforeSettlement).toMatchObject({ status: 404, body: { code: 'DOCKET_NOT_FOUND' } });
    expect(byCustomer).toMatchObject({ status: 200, body: { purchaseId: purchase.id } });
    expect(String(byCustomer.body.token).split('.')).toHaveLength(3);
    expect(byProvider.body).toEqual(byCustomer.body);
    expect(byStranger).toMatchObject({ status: 404, body: { code: 'PURCHASE_NOT_FOUND' } });
  });

  it('purchase-docket-get answers the carrier agent of a carrier-route purchase; any other agent gets 404', async () => {
    // Prepare
    const api = makePurchaseApi();
    const provider = await api.world.provider({ trusted: true, platformFeeBps: 1_000 });
    const carrier = await api.world.agent(500);
    const kiosk = await api.world.agent(300);
    const customer = await api.world.customer({ agentId: carrier.id, creditLimitMinor: 10_000 });
    await api.world.topUp(customer.id, kiosk.id, 5_000);
    const offer = await api.world.offer(provider.id, 1_000);
    const { purchase: onCarrier } = await api.world.buy(customer.id, { offerId: offer.id });
    const { purchase: onWallet } = await api.world.buy(customer.id, { offerId: offer.id, route: 'wallet' }, 'wallet-key');
    await api.world.deliverAll();
    const read = (principal: Principal, purchaseId: string) => readServedDocket(api.docketGet, principal, purchaseId);

    // Act
    const byCarrier = await read({ role: 'agent', subject: carrier.id }, onCarrier.id);
    const byOtherAgent = await read({ role: 'agent', subject: kiosk.id }, onCarrier.id);
    const walletByCarrier = await read({ role: 'agent', subject: carrier.id }, onWallet.id);
    const byCustomer = await read({ role: 'customer', subject: customer.id }, onCarrier.id);

    // Assess
    expect(onCarrier.route).toBe('carrier');
    expect(byCarrier).toMatchObject({ status: 200, body: { purchaseId: onCarrier.id } });
    expect(byCarrier.body).toEqual(byCustomer.body);
    expect(byOtherAgent).toMatchObject({ status: 404, body: { code: 'PURCHASE_NOT_FOUND' } });
    expect(walletByCarrier).toMatchObject({ status: 404, body: { code: 'PURCHASE_NOT_FOUND' } });
  });

  it("purchase-get lists a customer's own purchases by status; an operator names the customer, a provider may not list", async () => {
    // Prepare
    const api = makePurchaseApi();
    const { provider, customer, offer, buyer } = await scene(api.world);
    const { purchase } = await api.world.buy(customer.id, { offerId: offer.id });
    const list = (principal: Principal, query: Record<string, string> = {}) =>
      call(api.purchaseGet, apiEvent({ method: 'GET', path: '/v1/purchases', principal, query }));
    const operator: Principal = { role: 'operator', subject: 'op-1' };

    // Act
    const own = await list(buyer);
    const settled = await list(buyer, { status: 'settled' });
    const named = await list(operator, { customerId: customer.id, status: 'authorized' });
    const unnamed = await list(operator);
    const peeking = await list({ role: 'customer', subject: 'cus-stranger' }, { customerId: customer.id });
    const byProvider = await list({ role: 'provider', subject: provider.id });

    // Assess
    expect(own).toMatchObject({ status: 200, body: { items: [{ id: purchase.id, status: 'authorized' }] } });
    expect(own.body).not.toHaveProperty('nextCursor');
    expect(settled).toMatchObject({ status: 200, body: { items: [] } });
    expect(named).toMatchObject({ status: 200, body: { items: [{ id: purchase.id }] } });
    expect(unnamed).toMatchObject({ status: 422, body: { code: 'VALIDATION_FAILED', errors: [{ field: 'customerId' }] } });
    expect(peeking).toMatchObject({ status: 404, body: { code: 'CUSTOMER_NOT_FOUND' } });
    expect(byProvider).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
  });

  it('purchase-get answers an operator naming no registered customer 404 CUSTOMER_NOT_FOUND naming customerId, not an empty list', async () => {
    // Prepare
    const api = makePurchaseApi();
    const { provider } = await scene(api.world);
    const list = (customerId: string) =>
      call(
        api.purchaseGet,
        apiEvent({
          method: 'GET',
          path: '/v1/purchases',
          principal: { role: 'operator', subject: 'op-1' },
          query: { customerId },
        }),
      );

    // Act
    const unknown = await list('cus_doesnotexist00000000');
    const aProvider = await list(provider.id);

    // Assess
    for (const answer of [unknown, aProvider]) {
      expect(answer).toMatchObject({
        status: 404,
        body: { code: 'CUSTOMER_NOT_FOUND', errors: [{ field: 'customerId', message: 'is not a registered customer' }] },
      });
    }
  });

  it('purchase-refund refunds for the provider, lists the ticket, and refuses the customer itself', async () => {
    // Prepare
    const api = makePurchaseApi();
    const { provider, customer, offer, buyer } = await scene(api.world);
    const { purchase } = await api.world.buy(customer.id, { offerId: offer.id });
    await api.world.deliverAll();
    const refund = (principal: Principal) =>
      call(
        api.purchaseRefund,
        apiEvent({ method: 'POST', path: `/v1/purchases/${purchase.id}/refund`, principal, pathParameters: { id: purchase.id } }),
      );

    // Act
    const byCustomer = await refund(buyer);
    const byProvider = await refund({ role: 'provider', subject: provider.id });
    const list = await call(
      api.revocationsGet,
      apiEvent({
        method: 'GET',
        path: `/v1/providers/${provider.id}/revocations`,
        principal: { role: 'provider', subject: provider.id },
        pathParameters: { id: provider.id },
      }),
    );

    // Assess
    expect(byCustomer).toMatchObject({ status: 403, body: { code: 'REFUND_NOT_ALLOWED' } });
    expect(byProvider).toMatchObject({ status: 200, body: { id: purchase.id, status: 'refunded' } });
    expect(list).toMatchObject({ status: 200, body: { providerId: provider.id, since: 0, version: 1, count: 1, more: false } });
  });

  it('provider-revocations-get shows a list to its provider only', async () => {
    // Prepare
    const api = makePurchaseApi();
    const provider = await api.world.provider();

    // Act
    const answer = await call(
      api.revocationsGet,
      apiEvent({
        method: 'GET',
        path: `/v1/providers/${provider.id}/revocations`,
        principal: { role: 'provider', subject: 'prv-other' },
        pathParameters: { id: provider.id },
      }),
    );

    // Assess
    expect(answer).toMatchObject({ status: 404, body: { code: 'PROVIDER_NOT_FOUND' } });
  });
});
