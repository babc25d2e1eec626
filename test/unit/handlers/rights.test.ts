import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { makeHandler as makeContentManage } from '../../../functions/content-manage/handler';
import { makeHandler as makeOfferCreate } from '../../../functions/offer-create/handler';
import { makeHandler as makeTicketRedeem } from '../../../functions/ticket-redeem/handler';
import { makeHandler as makeTicketShare } from '../../../functions/ticket-share/handler';
import { makeHandler as makeUsageExpire } from '../../../functions/usage-expire/handler';
import { operationFor } from '../../../shared/api/operations';
import type { Principal } from '../../../shared/domain/principal';
import { DEVICE_PROOF_FRESHNESS } from '../../../shared/limits';
import { apiEvent, call, handlerBase, memoryIdempotency } from '../../fixtures/handlers';
import { deviceProof, makeRightsWorld, RESERVATION_SECONDS } from '../../fixtures/rights-world';

/** The usage-rights handlers through makeHandler, on the in-memory rights world. */
const makeRightsApi = () => {
  const world = makeRightsWorld();
  const base = handlerBase();
  const idempotency = memoryIdempotency(world.clock);
  return {
    world,
    contents: makeContentManage({ ...base, ...idempotency, contents: world.contentDeps, usage: world.usageLogDeps }),
    redeem: makeTicketRedeem({ ...base, ...idempotency, redeem: world.redeemDeps, intake: world.intakeDeps }),
    share: makeTicketShare({
      ...base,
      ...idempotency,
      otp: world.otpDeps,
      grants: world.grantDeps,
      transfers: world.transferDeps,
      intake: world.intakeDeps,
    }),
    expire: makeUsageExpire({ ...base, metrics: world.metrics, allowances: world.allowanceDeps }),
  };
};

const asProvider = (id: string): Principal => ({ role: 'provider', subject: id });
const operator: Principal = { role: 'operator', subject: 'op-1' };

/** `POST /v1/contents` with that body, as that principal. */
const postContent = (api: ReturnType<typeof makeRightsApi>, principal: Principal, body: unknown) =>
  call(api.contents, apiEvent({ method: 'POST', path: '/v1/contents', principal, body }));

const redeemEvent = (principal: Principal, ticketId: string, body: unknown) =>
  apiEvent({ method: 'POST', path: '/v1/tickets/{id}/redeem', principal, pathParameters: { id: ticketId }, body });

describe('content-manage', () => {
  it('creates a content for its provider without answering the key, and finds it by keyword and id', async () => {
    // Prepare
    const api = makeRightsApi();
    const provider = await api.world.provider();
    const body = {
      title: 'Harbour at dawn',
      keywords: ['harbour', 'timelapse'],
      purposes: ['viewing'],
      maxPeriodSeconds: 86_400,
      capabilities: ['view'],
      contentKey: randomBytes(32).toString('base64url'),
    };

    // Act
    const created = await postContent(api, asProvider(provider.id), body);
    const customer = { role: 'customer', subject: 'cus_reader' } as const;
    const found = await call(
      api.contents,
      apiEvent({ method: 'GET', path: '/v1/contents', principal: customer, query: { q: 'harb' } }),
    );
    const read = await call(
      api.contents,
      apiEvent({
        method: 'GET',
        path: '/v1/contents/{id}',
        principal: customer,
        pathParameters: { id: String(created.body['id']) },
      }),
    );

    // Assess
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: expect.stringMatching(/^cnt_/), providerId: provider.id, title: body.title });
    expect(JSON.stringify(created.body)).not.toContain(body.contentKey);
    expect(created.body).not.toHaveProperty('sealedKey');
    expect(found.body).toEqual({ items: [created.body] });
    expect(read.body).toEqual(created.body);
  });

  it('refuses a key of another length, a customer creating contents, and an unknown content', async () => {
    // Prepare
    const api = makeRightsApi();
    const provider = await api.world.provider();
    const body = {
      title: 'T',
      keywords: [],
      purposes: [],
      maxPeriodSeconds: 3_600,
      capabilities: ['view'],
      contentKey: randomBytes(20).toString('base64url'),
    };

    // Act
    const badKey = await postContent(api, asProvider(provider.id), body);
    const byCustomer = await postContent(api, { role: 'customer', subject: 'cus_1' }, body);
    const unknown = await call(
      api.contents,
      apiEvent({ method: 'GET', path: '/v1/contents/{id}', principal: operator, pathParameters: { id: 'cnt_nothing' } }),
    );

    // Assess
    expect(badKey.status).toBe(422);
    expect(badKey.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'contentKey' }] });
    expect(byCustomer.status).toBe(403);
    expect(unknown).toMatchObject({ status: 404, body: { code: 'CONTENT_NOT_FOUND' } });
  });

  it("answers a content's usage log to its provider only, and a customer's own log to the customer", async () => {
    // Prepare
    const api = makeRightsApi();
    const provider = await api.world.provider();
    const other = await api.world.provider();
    const { customer, device } = await api.world.customerWithDevice();
    const { content } = await api.world.content(provider.id);
    const ticket = await api.world.ticket(provider.id, customer.id, { maxUses: 2, contentId: content.id });
    await call(api.redeem, redeemEvent(asProvider(provider.id), ticket.id, { nonce: 'n-1' }));
    const usage = (principal: Principal, path: string, query?: Record<string, string>) =>
      call(api.contents, apiEvent({ method: 'GET', path, principal, ...(query === undefined ? {} : { query }) }));

    // Act
    const byProvider = await usage(asProvider(provider.id), '/v1/usage', { contentId: content.id });
    const byOther = await usage(asProvider(other.id), '/v1/usage', { contentId: content.id });
    const byCustomer = await usage({ role: 'customer', subject: customer.id }, '/v1/usage', { contentId: content.id });
    const mine = await usage({ role: 'customer', subject: customer.id }, '/v1/me/usage');

    // Assess
    expect(byProvider.status).toBe(200);
    expect(byProvider.body['items']).toEqual([expect.objectContaining({ kind: 'redeem', ticketId: ticket.id, uses: 1 })]);
    expect(byProvider.body['items']).toEqual([expect.not.objectContaining({ holderId: customer.id })]);
    expect(byOther).toMatchObject({ status: 404, body: { code: 'CONTENT_NOT_FOUND' } });
    expect(byCustomer).toMatchObject({ status: 404, body: { code: 'CONTENT_NOT_FOUND' } });
    expect(mine.body['items']).toEqual([expect.objectContaining({ kind: 'redeem', holderId: customer.id })]);
    expect(device.record.customerId).toBe(customer.id);
  });
});

describe('ticket-redeem', () => {
  it('redeems for the provider, replays a nonce, settles a usage report and refuses other parties', async () => {
    // Prepare
    const api = makeRightsApi();
    const provider = await api.world.provider();
    const { customer } = await api.world.customerWithDevice();
    const ticket = await api.world.ticket(provider.id, customer.id, { maxSeconds: 600 });

    // Act
    const first = await call(api.redeem, redeemEvent(asProvider(provider.id), ticket.id, { nonce: 'n-1', seconds: 300 }));
    const again = await call(api.redeem, redeemEvent(asProvider(provider.id), ticket.id, { nonce: 'n-1', seconds: 300 }));
    const report = await call(
      api.redeem,
      apiEvent({
        method: 'POST',
        path: '/v1/tickets/{id}/usage',
        principal: asProvider(provider.id),
        pathParameters: { id: ticket.id },
        body: { redemptionId: first.body['redemptionId'], usedSeconds: 100 },
      }),
    );
    const byCustomer = await call(
      api.redeem,
      redeemEvent({ role: 'customer', subject: customer.id }, ticket.id, { nonce: 'n-2' }),
    );
    const byOther = await call(api.redeem, redeemEvent(asProvider('prv_other'), ticket.id, { nonce: 'n-3', seconds: 1 }));

    // Assess
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      redemptionId: expect.any(String),
      remaining: { seconds: 300 },
      reservation: { seconds: 300 },
    });
    expect(again.body).toEqual(first.body);
    expect(report.body).toMatchObject({ status: 'settled', usedSeconds: 100, releasedSeconds: 200, remaining: { seconds: 500 } });
    expect(byCustomer.status).toBe(403);
    expect(byOther).toMatchObject({ status: 404, body: { code: 'TICKET_NOT_FOUND' } });
  });

  it('drains: the operator sets the switch, a new redeem is 503 with Retry-After, reopening restores it', async () => {
    // Prepare
    const api = makeRightsApi();
    const provider = await api.world.provider();
    const { customer } = await api.world.customerWithDevice();
    const ticket = await api.world.ticket(provider.id, customer.id, { maxUses: 5 });
    const intake = (method: string, body?: unknown) =>
      call(api.redeem, apiEvent({ method, path: '/v1/admin/intake', principal: operator, body }));

    // Act
    const drained = await intake('PUT', { redeem: 'draining' });
    const refused = await call(api.redeem, redeemEvent(asProvider(provider.id), ticket.id, { nonce: 'n-1' }));
    const reopened = await intake('PUT', { redeem: 'open' });
    const accepted = await call(api.redeem, redeemEvent(asProvider(provider.id), ticket.id, { nonce: 'n-1' }));
    const read = await intake('GET');
    const byProvider = await call(
      api.redeem,
      apiEvent({ method: 'GET', path: '/v1/admin/intake', principal: asProvider(provider.id) }),
    );

    // Assess
    expect(drained.body).toMatchObject({ redeem: 'draining', inFlight: 0 });
    expect(refused).toMatchObject({ status: 503, body: { code: 'INTAKE_DRAINING' } });
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);
    expect(reopened.body).toMatchObject({ redeem: 'open' });
    expect(accepted.body).toMatchObject({ remaining: { uses: 4 } });
    expect(read.body).toMatchObject({ redeem: 'open', inFlight: 0 });
    expect(byProvider.status).toBe(403);
  });
});

describe('ticket-share', () => {
  it('gives the holder a one-time password, a grant and a transfer along a registered pair', async () => {
    // Prepare
    const api = makeRightsApi();
    const provider = await api.world.provider();
    const { customer, principal, device } = await api.world.customerWithDevice();
    const grantee = await api.world.customer();
    const otpTicket = await api.world.ticket(provider.id, customer.id, { maxUses: 2, otp: true });
    const bound = await api.world.ticket(provider.id, customer.id, {
      maxUses: 4,
      binding: { deviceId: device.record.id, jkt: device.record.jkt, publicJwk: device.record.publicJwk },
    });
    const tablet = await api.world.addDevice(customer.id, 'tablet');
    await api.world.pair(customer.id, device, tablet);
    const share = (path: string, ticketId: string, body?: unknown, headers?: Record<string, string>) =>
      call(
        api.share,
        apiEvent({
          method: 'POST',
          path,
          principal,
          pathParameters: { id: ticketId },
          body,
          ...(headers === undefined ? {} : { headers }),
        }),
      );

    // Act
    const otp = await share('/v1/tickets/{id}/otp', otpTicket.id);
    const withoutKey = await share('/v1/tickets/{id}/grants', otpTicket.id, { granteeId: grantee.id, uses: 1 });
    const grant = await share(
      '/v1/tickets/{id}/grants',
      otpTicket.id,
      { granteeId: grantee.id, uses: 1 },
      { 'idempotency-key': 'g-1' },
    );
    const tooMuch = await share(
      '/v1/tickets/{id}/grants',
      otpTicket.id,
      { granteeId: grantee.id, uses: 5 },
      { 'idempotency-key': 'g-2' },
    );
    const moved = await share('/v1/tickets/{id}/transfer', bound.id, { toDeviceId: tablet.record.id });
    const backwards = await share('/v1/tickets/{id}/transfer', String((moved.body['ticket'] as { id: string }).id), {
      toDeviceId: device.record.id,
    });

    // Assess
    expect(otp).toMatchObject({ status: 201, body: { password: expect.any(String), expiresAt: expect.any(String) } });
    expect(withoutKey).toMatchObject({ status: 400, body: { code: 'MISSING_IDEMPOTENCY_KEY' } });
    expect(grant).toMatchObject({
      status: 201,
      body: { ticket: { id: expect.stringMatching(/^tkt_/), token: expect.any(String) } },
    });
    expect(tooMuch).toMatchObject({ status: 409, body: { code: 'GRANT_EXCEEDS_ALLOWANCE' } });
    expect(moved).toMatchObject({ status: 201, body: { ticket: { id: expect.stringMatching(/^tkt_/) } } });
    expect(backwards).toMatchObject({ status: 403, body: { code: 'TRANSFER_NOT_ALLOWED' } });
  });
});

describe('usage-expire', () => {
  it('gives back the seconds of a reservation nobody reported once it is due, and counts each run as a sweep', async () => {
    // Prepare
    const api = makeRightsApi();
    const provider = await api.world.provider();
    const { customer } = await api.world.customerWithDevice();
    const ticket = await api.world.ticket(provider.id, customer.id, { maxSeconds: 600 });
    await call(api.redeem, redeemEvent(asProvider(provider.id), ticket.id, { nonce: 'n-1', seconds: 400 }));
    const early = await api.expire();
    api.world.clock.advanceSeconds(RESERVATION_SECONDS + 120);
    const sweeps = () => api.world.metrics.points.filter((point) => point.name.startsWith('Sweeper'));
    const before = sweeps().length;

    // Act
    const summary = await api.expire();

    // Assess
    expect(early.expired).toBe(0);
    expect(summary.expired).toBe(1);
    expect((await api.world.store.read(ticket.id))?.allowance).toMatchObject({ secondsLeft: 600, secondsReserved: 0 });
    const sweeper = { sweeper: 'usageReservationExpirySweep' };
    expect(before).toBe(2);
    expect(sweeps().slice(before)).toEqual([
      { name: 'SweeperItemsRead', value: summary.itemsRead, dimensions: sweeper },
      { name: 'SweeperDueItemsLeft', value: 0, dimensions: sweeper },
    ]);
  });
});

describe('a bound ticket through ticket-redeem', () => {
  it('needs the device proof and answers the content key', async () => {
    // Prepare
    const api = makeRightsApi();
    const provider = await api.world.provider();
    const { customer, device } = await api.world.customerWithDevice();
    const { content } = await api.world.content(provider.id);
    const ticket = await api.world.ticket(provider.id, customer.id, {
      maxUses: 3,
      contentId: content.id,
      binding: { deviceId: device.record.id, jkt: device.record.jkt, publicJwk: device.record.publicJwk },
    });
    const proof = await deviceProof(device.keys, { nonce: 'n-1', tkt: ticket.id, iat: api.world.nowSeconds() });

    // Act
    const without = await call(api.redeem, redeemEvent(asProvider(provider.id), ticket.id, { nonce: 'n-1' }));
    const withProof = await call(api.redeem, redeemEvent(asProvider(provider.id), ticket.id, { nonce: 'n-1', proof }));

    // Assess
    expect(without).toMatchObject({ status: 403, body: { code: 'DEVICE_PROOF_INVALID' } });
    expect(withProof.body).toMatchObject({
      remaining: { uses: 2 },
      contentKey: expect.stringMatching(/^[\w-]+\.\.[\w-]+\.[\w-]+\.[\w-]+$/),
    });
  });
});

describe('a device proof’s iat through ticket-redeem', () => {
  it('a proof from too far in the future is 403 naming how far, with the rule in its configured numbers', async () => {
    // Prepare
    const api = makeRightsApi();
    const provider = await api.world.provider();
    const { customer, device } = await api.world.customerWithDevice();
    const ticket = await api.world.ticket(provider.id, customer.id, {
      maxUses: 3,
      binding: { deviceId: device.record.id, jkt: device.record.jkt, publicJwk: device.record.publicJwk },
    });
    const now = api.world.nowSeconds();
    const { ageSecondsMax, clockSkewSeconds } = DEVICE_PROOF_FRESHNESS;
    const redeemWith = async (nonce: string, iat: number) =>
      call(
        api.redeem,
        redeemEvent(asProvider(provider.id), ticket.id, {
          nonce,
          proof: await deviceProof(device.keys, { nonce, tkt: ticket.id, iat }),
        }),
      );

    // Act
    const ahead = await redeemWith('n-ahead', now + 30);
    const old = await redeemWith('n-old', now - ageSecondsMax - 1);
    const atSkew = await redeemWith('n-skew', now + clockSkewSeconds);

    // Assess
    const rule = `it must be at most ${ageSecondsMax} s old and at most ${clockSkewSeconds} s in the future; the device makes a new proof for every redeem.`;
    expect(ahead).toMatchObject({
      status: 403,
      body: { code: 'DEVICE_PROOF_INVALID', detail: `The device proof is refused: its iat is 30 s in the future, and ${rule}` },
    });
    expect(old).toMatchObject({
      status: 403,
      body: {
        code: 'DEVICE_PROOF_INVALID',
        detail: `The device proof is refused: its iat is ${ageSecondsMax + 1} s old, and ${rule}`,
      },
    });
    expect(atSkew).toMatchObject({ status: 200, body: { remaining: { uses: 2 } } });
  });
});

describe('Idempotency-Key on the usage-rights routes', () => {
  const keyed = (key: string) => ({ 'idempotency-key': key });

  it('a refused grant is the answer of its key: the same key with another body is 422, a replay is marked', async () => {
    // Prepare
    const api = makeRightsApi();
    const provider = await api.world.provider();
    const { customer, principal } = await api.world.customerWithDevice();
    const grantee = await api.world.customer();
    const ticket = await api.world.ticket(provider.id, customer.id, { maxUses: 5 });
    const grant = (uses: number, key: string) =>
      call(
        api.share,
        apiEvent({
          method: 'POST',
          path: '/v1/tickets/{id}/grants',
          principal,
          pathParameters: { id: ticket.id },
          body: { granteeId: grantee.id, uses },
          headers: keyed(key),
        }),
      );

    // Act
    const refused = await grant(10, 'K2');
    const sameKeySmaller = await grant(1, 'K2');
    const granted = await grant(1, 'K3');
    const replayed = await grant(1, 'K3');

    // Assess
    expect(refused).toMatchObject({ status: 409, body: { code: 'GRANT_EXCEEDS_ALLOWANCE' } });
    expect(sameKeySmaller).toMatchObject({ status: 422, body: { code: 'IDEMPOTENCY_KEY_REUSED' } });
    expect(granted.status).toBe(201);
    expect(granted.headers['idempotent-replayed']).toBe('false');
    expect(replayed).toMatchObject({ status: 201, body: granted.body });
    expect(replayed.headers).toMatchObject({ 'idempotent-replayed': 'true' });
    // No Location: the new ticket is the grantee's, which the grantor may not read.
    expect(granted.headers).not.toHaveProperty('location');
  });

  it('a transfer, a redeem, a usage report and the intake switch take a key: a replay is marked, another body is 422', async () => {
    // Prepare
    const api = makeRightsApi();
    const provider = await api.world.provider();
    const { customer, principal, device } = await api.world.customerWithDevice();
    const bound = await api.world.ticket(provider.id, customer.id, {
      maxUses: 4,
      binding: { deviceId: device.record.id, jkt: device.record.jkt, publicJwk: device.record.publicJwk },
    });
    const seconds = await api.world.ticket(provider.id, customer.id, { maxSeconds: 600 });
    const tablet = await api.world.addDevice(customer.id, 'tablet');
    await api.world.pair(customer.id, device, tablet);
    const post = (handler: typeof api.share, path: string, who: Principal, id: string, body: unknown, key: string) =>
      call(handler, apiEvent({ method: 'POST', path, principal: who, pathParameters: { id }, body, headers: keyed(key) }));
    const intake = (redeem: string, key: string) =>
      call(
        api.redeem,
        apiEvent({ method: 'PUT', path: '/v1/admin/intake', principal: operator, body: { redeem }, headers: keyed(key) }),
      );
    const asOwner = asProvider(provider.id);

    // Act
    const moves = [
      await post(api.share, '/v1/tickets/{id}/transfer', principal, bound.id, { toDeviceId: tablet.record.id }, 't-1'),
      await post(api.share, '/v1/tickets/{id}/transfer', principal, bound.id, { toDeviceId: tablet.record.id }, 't-1'),
      await post(api.share, '/v1/tickets/{id}/transfer', principal, bound.id, { toDeviceId: device.record.id }, 't-1'),
    ];
    const redeems = [
      await post(api.redeem, '/v1/tickets/{id}/redeem', asOwner, seconds.id, { nonce: 'n-1', seconds: 100 }, 'r-1'),
      await post(api.redeem, '/v1/tickets/{id}/redeem', asOwner, seconds.id, { nonce: 'n-1', seconds: 100 }, 'r-1'),
      await post(api.redeem, '/v1/tickets/{id}/redeem', asOwner, seconds.id, { nonce: 'n-2', seconds: 100 }, 'r-1'),
    ];
    const report = { redemptionId: String(redeems[0]?.body['redemptionId']), usedSeconds: 40 };
    const reports = [
      await post(api.redeem, '/v1/tickets/{id}/usage', asOwner, seconds.id, report, 'u-1'),
      await post(api.redeem, '/v1/tickets/{id}/usage', asOwner, seconds.id, report, 'u-1'),
      await post(api.redeem, '/v1/tickets/{id}/usage', asOwner, seconds.id, { ...report, usedSeconds: 41 }, 'u-1'),
    ];
    const switches = [await intake('draining', 'ik1'), await intake('draining', 'ik1'), await intake('open', 'ik1')];
    const state = await call(api.redeem, apiEvent({ method: 'GET', path: '/v1/admin/intake', principal: operator }));

    // Assess
    for (const [first, replay, other] of [moves, redeems, reports, switches]) {
      expect(first?.headers['idempotent-replayed']).toBe('false');
      expect(replay).toMatchObject({ status: first?.status, body: first?.body, headers: { 'idempotent-replayed': 'true' } });
      expect(other).toMatchObject({ status: 422, body: { code: 'IDEMPOTENCY_KEY_REUSED' } });
    }
    expect(moves[0]?.status).toBe(201);
    expect(redeems[0]?.status).toBe(200);
    expect(reports[0]?.status).toBe(200);
    expect(state.body).toMatchObject({ redeem: 'draining' });
  });

  it('while the intake drains, grants and transfers are 503 with Retry-After, not stored under their key; a repeated PUT keeps changedAt', async () => {
    // Prepare
    const api = makeRightsApi();
    const provider = await api.world.provider();
    const { customer, principal, device } = await api.world.customerWithDevice();
    const grantee = await api.world.customer();
    const shared = await api.world.ticket(provider.id, customer.id, { maxUses: 5 });
    const bound = await api.world.ticket(provider.id, customer.id, {
      maxUses: 4,
      binding: { deviceId: device.record.id, jkt: device.record.jkt, publicJwk: device.record.publicJwk },
    });
    const tablet = await api.world.addDevice(customer.id, 'tablet');
    await api.world.pair(customer.id, device, tablet);
    const intake = (redeem: string) =>
      call(api.redeem, apiEvent({ method: 'PUT', path: '/v1/admin/intake', principal: operator, body: { redeem } }));
    const grant = () =>
      call(
        api.share,
        apiEvent({
          method: 'POST',
          path: '/v1/tickets/{id}/grants',
          principal,
          pathParameters: { id: shared.id },
          body: { granteeId: grantee.id, uses: 2 },
          headers: { 'idempotency-key': 'g-drain' },
        }),
      );
    const transfer = () =>
      call(
        api.share,
        apiEvent({
          method: 'POST',
          path: '/v1/tickets/{id}/transfer',
          principal,
          pathParameters: { id: bound.id },
          body: { toDeviceId: tablet.record.id },
        }),
      );

    // Act
    const drained = await intake('draining');
    api.world.clock.advanceSeconds(7);
    const drainedAgain = await intake('draining');
    const grantRefused = await grant();
    const transferRefused = await transfer();
    const whileDraining = await call(api.redeem, apiEvent({ method: 'GET', path: '/v1/admin/intake', principal: operator }));
    await intake('open');
    const granted = await grant();
    const moved = await transfer();

    // Assess
    expect(drained.body).toMatchObject({ redeem: 'draining', changed: true });
    expect(drainedAgain.body).toEqual({ ...drained.body, changed: false });
    for (const refused of [grantRefused, transferRefused]) {
      expect(refused).toMatchObject({ status: 503, body: { code: 'INTAKE_DRAINING' } });
      expect(refused.headers['retry-after']).toMatch(/^\d+$/);
    }
    expect(whileDraining.body).toMatchObject({ redeem: 'draining', inFlight: 0, changedAt: drained.body['changedAt'] });
    expect(granted.status).toBe(201);
    expect(granted.headers['idempotent-replayed']).toBe('false');
    expect(moved.status).toBe(201);
    expect((await api.world.store.read(shared.id))?.allowance).toMatchObject({ usesLeft: 3 });
  });

  it('while the intake drains, the retry of a redeemed nonce answers its first answer; a new nonce is 503', async () => {
    // Prepare
    const api = makeRightsApi();
    const provider = await api.world.provider();
    const { customer } = await api.world.customerWithDevice();
    const ticket = await api.world.ticket(provider.id, customer.id, { maxUses: 5 });
    const redeem = (nonce: string) => call(api.redeem, redeemEvent(asProvider(provider.id), ticket.id, { nonce }));
    const first = await redeem('n-1');
    await call(
      api.redeem,
      apiEvent({ method: 'PUT', path: '/v1/admin/intake', principal: operator, body: { redeem: 'draining' } }),
    );

    // Act
    const retried = await redeem('n-1');
    const fresh = await redeem('n-2');
    const stranger = await call(api.redeem, redeemEvent(asProvider('prv_other'), ticket.id, { nonce: 'n-1' }));

    // Assess
    expect(first.status).toBe(200);
    expect(retried).toMatchObject({ status: 200, body: first.body });
    expect(fresh).toMatchObject({ status: 503, body: { code: 'INTAKE_DRAINING' } });
    expect(stranger).toMatchObject({ status: 404, body: { code: 'TICKET_NOT_FOUND' } });
  });
});

describe('the problems the usage-rights routes answer are the ones they declare', () => {
  it('a grant of a ticket good for its window alone is 409 TICKET_NOT_DIVISIBLE naming no field, and the operation says so', async () => {
    // Prepare
    const api = makeRightsApi();
    const provider = await api.world.provider();
    const { customer, principal } = await api.world.customerWithDevice();
    const grantee = await api.world.customer();
    const windowOnly = await api.world.ticket(provider.id, customer.id, {});

    // Act (call checks that the code is declared for the operation and its status)
    const grant = await call(
      api.share,
      apiEvent({
        method: 'POST',
        path: '/v1/tickets/{id}/grants',
        principal,
        pathParameters: { id: windowOnly.id },
        body: { granteeId: grantee.id },
        headers: { 'idempotency-key': 'w-1' },
      }),
    );

    // Assess
    expect(grant).toMatchObject({ status: 409, body: { code: 'TICKET_NOT_DIVISIBLE' } });
    expect(grant.body).not.toHaveProperty('errors');
    expect(operationFor('ticketGrantCreate').description).toContain('409 TICKET_NOT_DIVISIBLE');
  });

  it('a grant to a device the grantee does not have is 404 DEVICE_NOT_FOUND; an offer longer than its content allows is 422 PERIOD_TOO_LONG', async () => {
    // Prepare
    const api = makeRightsApi();
    const offerCreate = makeOfferCreate({ ...handlerBase(), ...memoryIdempotency(api.world.clock), offers: api.world.offerDeps });
    const provider = await api.world.provider();
    const { content } = await api.world.content(provider.id, { maxPeriodSeconds: 3_600 });
    const { customer, principal, device } = await api.world.customerWithDevice();
    const grantee = await api.world.customer();
    const bound = await api.world.ticket(provider.id, customer.id, {
      maxUses: 4,
      binding: { deviceId: device.record.id, jkt: device.record.jkt, publicJwk: device.record.publicJwk },
    });

    // Act (call checks that every problem code is declared for its operation and status)
    const grant = await call(
      api.share,
      apiEvent({
        method: 'POST',
        path: '/v1/tickets/{id}/grants',
        principal,
        pathParameters: { id: bound.id },
        body: { granteeId: grantee.id, uses: 1, granteeDeviceId: 'dev_unknown' },
        headers: { 'idempotency-key': 'g-1' },
      }),
    );
    const offer = await call(
      offerCreate,
      apiEvent({
        method: 'POST',
        path: '/v1/offers',
        principal: asProvider(provider.id),
        body: {
          providerId: provider.id,
          priceMinor: 500,
          currency: 'JPY',
          validitySeconds: 7_200,
          capabilities: ['view'],
          contentId: content.id,
        },
      }),
    );

    // Assess
    expect(grant).toMatchObject({ status: 404, body: { code: 'DEVICE_NOT_FOUND' } });
    expect(offer).toMatchObject({ status: 422, body: { code: 'PERIOD_TOO_LONG' } });
  });
});
