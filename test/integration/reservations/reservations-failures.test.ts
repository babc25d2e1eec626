import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { makeHandler as makeCompleteHandler } from '../../../functions/reservation-complete/handler';
import { makeHandler as makeListingsHandler } from '../../../functions/listings-get/handler';
import { makeHandler as makeViewerAdmitHandler } from '../../../functions/reservation-viewer-admit/handler';
import { reservationKey } from '../../../shared/adapters/aws/reservations-items';
import { loadConfig } from '../../../shared/config';
import { providerRevenueAccountId } from '../../../shared/domain/parties/accounts';
import { reservationLateCaptureTransferIdFor } from '../../../shared/domain/payments/charge-legs';
import { createReservation } from '../../../shared/domain/reservations/booking';
import { createChannel } from '../../../shared/domain/reservations/channels';
import { cancelReservation } from '../../../shared/domain/reservations/cancel';
import { reconfirmReservation } from '../../../shared/domain/reservations/reconfirm';
import { admitViewer } from '../../../shared/domain/reservations/viewers';
import { RESERVATION_DUE_BUCKET_SECONDS, REVOCATION_APPEND_BATCH_MAX } from '../../../shared/limits';
import { silentLogger } from '../../../shared/logger';
import { noMetrics } from '../../../shared/ports';
import { alignedStart, balancesOf, booking, customer, openAccounts, provider } from '../../fixtures/reservations';
import { memoryListCursorKey } from '../../../shared/adapters/memory/list-cursor-key';
import { dropDynamoLedgers } from '../ledger/table';
import { apiEvent, call, dropReservationTables, makeDynamoReservations } from './reservations-fixture';

afterAll(async () => {
  await dropReservationTables();
  await dropDynamoLedgers();
});

/**
 * The reservation failure paths on the real adapters: the completion job after a long
 * outage, tickets of a cancelled show, crafted listing cursors, viewer admits without an
 * Idempotency-Key, and a metadata change racing a reconfirm.
 */
const PROVIDER = provider('prov-outage');
const FEE = 500;
const DAY_MS = 86_400_000;
const base = { config: loadConfig(process.env), logger: silentLogger, metrics: noMetrics };

const setUp = async () => {
  const fixture = await makeDynamoReservations();
  await openAccounts(fixture.deps, {
    providerId: PROVIDER.subject,
    customers: [...['alice', 'bob'].map((id) => ({ id, fundMinor: 20_000 })), { id: 'viewer-1' }, { id: 'viewer-7' }],
  });
  const channel = await createChannel(fixture.deps, PROVIDER, 'chn_outage', {
    name: 'outage',
    capacity: 10,
    bandwidthKbps: 2_000,
    feePerSlotMinor: FEE,
    currency: 'JPY',
  });
  return { ...fixture, channel };
};

const rawReservation = async (fixture: Awaited<ReturnType<typeof setUp>>, reservationId: string) =>
  (await fixture.documentClient.send(new GetCommand({ TableName: fixture.tableName, Key: reservationKey(reservationId) }))).Item;

const bucketOf = (ms: number): number =>
  Math.floor(ms / (RESERVATION_DUE_BUCKET_SECONDS * 1000)) * RESERVATION_DUE_BUCKET_SECONDS * 1000;

const watermarkOf = async (fixture: Awaited<ReturnType<typeof setUp>>, kind: string): Promise<number> => {
  const item = await fixture.documentClient.send(
    new GetCommand({ TableName: fixture.tableName, Key: { pk: 'SWEEP', sk: kind }, ConsistentRead: true }),
  );
  return Number(item.Item?.bucketMs);
};

describe('the completion job after an outage longer than the holds', () => {
  it('captures late a show whose hold expired, and a show due more than a week of buckets later still completes', async () => {
    // Prepare
    const fixture = await setUp();
    const { deps, clock, channel } = fixture;
    const early = await createReservation(
      deps,
      customer('alice'),
      'rsv_early',
      booking(channel.id, alignedStart(clock.now(), 24)),
    );
    const late = await createReservation(
      deps,
      customer('bob'),
      'rsv_late',
      booking(channel.id, alignedStart(clock.now(), 24 + 9 * 24)),
    );
    await reconfirmReservation(deps, customer('alice'), early.id);
    await reconfirmReservation(deps, customer('bob'), late.id);
    const complete = makeCompleteHandler({ ...base, ...deps });
    await complete();
    // The job is down from here until the late show is due: the early hold expires meanwhile.
    clock.set(late.endsAtMs + 15 * 60_000);

    // Act
    const first = await complete();
    const second = await complete();

    // Assess
    expect(first).toMatchObject({ found: 2, done: 2, failed: 0 });
    expect(await deps.store.getReservation(early.id)).toMatchObject({
      status: 'completed',
      lateCaptureTransferId: reservationLateCaptureTransferIdFor(early.id),
    });
    expect(await deps.store.getReservation(late.id)).toMatchObject({ status: 'completed' });
    // Both shows are charged: the late one by posting its hold, the early one by the late capture,
    // which expired its hold first (the ledger's own expiry job had not run).
    expect(await balancesOf(deps.ledger, providerRevenueAccountId(PROVIDER.subject, 'JPY'))).toMatchObject({
      creditsPosted: late.priceMinor + early.priceMinor,
      creditsPending: 0,
    });
    expect(second).toMatchObject({ found: 0, failed: 0 });
    expect(await watermarkOf(fixture, 'complete')).toBeGreaterThan(bucketOf(early.endsAtMs + 15 * 60_000));
  });

  it('moves an item whose step keeps failing out of its bucket, so the watermark passes it', async () => {
    // Prepare
    const fixture = await setUp();
    const { deps, clock, channel } = fixture;
    const show = await createReservation(
      deps,
      customer('alice'),
      'rsv_stuck',
      booking(channel.id, alignedStart(clock.now(), 24)),
    );
    await reconfirmReservation(deps, customer('alice'), show.id);
    const complete = makeCompleteHandler({ ...base, ...deps });
    await complete();
    // Fault injection: the ledger refuses every posting (a linked write that starts with the post leg) with an unexpected error.
    const failingDeps = {
      ...deps,
      ledger: Object.assign(Object.create(deps.ledger) as typeof deps.ledger, {
        createTransfers: async (operations: Parameters<typeof deps.ledger.createTransfers>[0]) => {
          if (operations[0]?.action === 'post') throw new Error('injected ledger outage');
          return deps.ledger.createTransfers(operations);
        },
      }),
    };
    const failing = makeCompleteHandler({ ...base, ...failingDeps });
    clock.set(show.endsAtMs + 15 * 60_000);

    const dueBucketMs = bucketOf(clock.now());

    // Act
    const runs = [];
    for (let run = 0; run < 3; run += 1) {
      runs.push(await failing());
      clock.advanceSeconds(2 * RESERVATION_DUE_BUCKET_SECONDS);
    }

    // Assess
    expect(runs.map((report) => [report.found, report.failed])).toEqual([
      [1, 1],
      [1, 1],
      [1, 1],
    ]);
    expect(await watermarkOf(fixture, 'complete')).toBeGreaterThan(dueBucketMs);
    expect(await deps.store.getReservation(show.id)).toMatchObject({ status: 'completed' });
  });
});

describe('tickets of a cancelled show on DynamoDB', () => {
  it('the broadcaster and viewer tickets are revoked and on the provider list; the viewer seat is released', async () => {
    // Prepare
    const fixture = await setUp();
    const { deps, clock, channel } = fixture;
    const show = await createReservation(deps, customer('alice'), 'rsv_tix', booking(channel.id, alignedStart(clock.now(), 24)));
    const { ticket: broadcaster } = await reconfirmReservation(deps, customer('alice'), show.id);
    const viewer = await admitViewer(deps, customer('viewer-1'), show.id, 'tkt_rsv_tix_v1', undefined);

    // Act
    await cancelReservation(deps, customer('alice'), show.id);

    // Assess
    expect((await deps.tickets.ticketStore.get(broadcaster.id))?.status).toBe('revoked');
    expect((await deps.tickets.ticketStore.get(viewer.id))?.status).toBe('revoked');
    const listed = await fixture.revocations.list(PROVIDER.subject, 0, 10);
    expect(listed.entries.map((entry) => entry.ticketId)).toEqual(expect.arrayContaining([broadcaster.id, viewer.id]));
    expect((await deps.store.getViewer(show.id, viewer.id))?.status).toBe('left');
    expect((await deps.store.getReservation(show.id))?.viewersWatching).toBe(0);
  });
});

describe('a cancelled show with 150 viewers on DynamoDB (probe-ae 2)', () => {
  it('lists every revoked ticket once, moving the provider head once per batch, and no record reads revoked unlisted', async () => {
    // Prepare
    const VIEWERS = 150;
    // A provider of its own: the revocation lists live in the shared core table.
    const CROWD_PROVIDER = provider(`prov-crowd-${randomUUID()}`);
    const fixture = await makeDynamoReservations();
    const { deps, clock } = fixture;
    const crowd = Array.from({ length: VIEWERS }, (_, index) => `crowd-${index}`);
    await openAccounts(deps, {
      providerId: CROWD_PROVIDER.subject,
      customers: [{ id: 'alice', fundMinor: 20_000 }, ...crowd.map((id) => ({ id }))],
    });
    const channel = await createChannel(deps, CROWD_PROVIDER, 'chn_crowd', {
      name: 'crowd',
      capacity: 1_000,
      bandwidthKbps: 2_000,
      feePerSlotMinor: FEE,
      currency: 'JPY',
    });
    const show = await createReservation(
      deps,
      customer('alice'),
      'rsv_crowd',
      booking(channel.id, alignedStart(clock.now(), 24)),
    );
    const { ticket: broadcaster } = await reconfirmReservation(deps, customer('alice'), show.id);
    const viewerTickets: string[] = [];
    for (let start = 0; start < crowd.length; start += 10) {
      const admitted = await Promise.all(
        crowd.slice(start, start + 10).map((id) => admitViewer(deps, customer(id), show.id, `tkt_crowd_${id}`, undefined)),
      );
      viewerTickets.push(...admitted.map((viewer) => viewer.id));
    }
    let headWrites = 0;
    fixture.documentClient.middlewareStack.add(
      (next) => async (args) => {
        const input = args.input as { TransactItems?: { Put?: { Item?: Record<string, unknown> } }[] };
        const heads = input.TransactItems?.filter((item) => {
          const sk = item.Put?.Item?.['sk'] as { S?: string } | string | undefined;
          return sk === 'HEAD' || (typeof sk === 'object' && sk.S === 'HEAD');
        });
        if ((heads?.length ?? 0) > 0) headWrites += 1;
        return next(args);
      },
      { step: 'initialize', name: 'countRevocationHeadWrites' },
    );
    const complete = makeCompleteHandler({ ...base, ...deps });

    // Act: the cancel revokes what its step takes; the completion job the rest.
    await cancelReservation(deps, customer('alice'), show.id);
    const revokedAfterCancel = [];
    for (const ticketId of viewerTickets) {
      if ((await deps.tickets.ticketStore.get(ticketId))?.status === 'revoked') revokedAfterCancel.push(ticketId);
    }
    const listedAfterCancel = (await fixture.revocations.list(CROWD_PROVIDER.subject, 0, 1_000)).entries.map(
      (entry) => entry.ticketId,
    );
    clock.advanceSeconds(60);
    const run = await complete();

    // Assess
    expect(revokedAfterCancel.length).toBeGreaterThan(0);
    expect(listedAfterCancel).toEqual(expect.arrayContaining(revokedAfterCancel));
    expect(run).toMatchObject({ failed: 0 });
    const all = [broadcaster.id, ...viewerTickets];
    for (const ticketId of all) expect((await deps.tickets.ticketStore.get(ticketId))?.status).toBe('revoked');
    const listed = await fixture.revocations.list(CROWD_PROVIDER.subject, 0, 1_000);
    expect(listed.entries.map((entry) => entry.version)).toEqual(all.map((_, index) => index + 1));
    expect(new Set(listed.entries.map((entry) => entry.ticketId))).toEqual(new Set(all));
    // 151 tickets in at most 4 head moves (49 per move), where each used to take one or more.
    expect(headWrites).toBeLessThanOrEqual(Math.ceil(all.length / REVOCATION_APPEND_BATCH_MAX) + 1);
    expect((await deps.store.getReservation(show.id))?.viewersWatching).toBe(0);
  });
});

describe('crafted listing cursors', () => {
  const cursorOf = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

  it('are 400 INVALID_CURSOR, never a 500', async () => {
    // Prepare
    const fixture = await setUp();
    const { deps, clock, channel } = fixture;
    const startsAtMs = alignedStart(clock.now(), 24);
    for (const [index, who] of ['alice', 'bob'].entries()) {
      const show = await createReservation(
        deps,
        customer(who),
        `rsv_list_${index}`,
        booking(channel.id, startsAtMs + index * 3_600_000),
      );
      await reconfirmReservation(deps, customer(who), show.id);
    }
    const handler = makeListingsHandler({ ...base, ...deps, listCursors: memoryListCursorKey() });
    const fromMs = startsAtMs - DAY_MS;
    const toMs = startsAtMs + DAY_MS;
    const dayMs = Math.floor(startsAtMs / DAY_MS) * DAY_MS;
    const listSk = `${new Date(startsAtMs).toISOString()}#rsv_list_0`;
    const key = {
      pk: 'RESERVATION#rsv_list_0',
      sk: 'RESERVATION',
      listPk: `listing#${new Date(dayMs).toISOString().slice(0, 10)}`,
      listSk,
    };
    const crafted = {
      otherPartition: cursorOf({ dayMs, startKey: { ...key, listPk: 'listing#1999-01-01' } }),
      emptyStrings: cursorOf({ dayMs, startKey: { pk: '', sk: '', listPk: '', listSk: '' } }),
      dayOutOfRange: cursorOf({ dayMs: dayMs + 40 * DAY_MS, startKey: key }),
      notJson: 'not-a-cursor',
    };
    const list = (cursor?: string) =>
      call(
        handler,
        apiEvent({
          method: 'GET',
          path: '/v1/listings',
          query: {
            from: new Date(fromMs).toISOString(),
            to: new Date(toMs).toISOString(),
            limit: '1',
            ...(cursor === undefined ? {} : { cursor }),
          },
        }),
      );

    // Act
    const answers = Object.fromEntries(
      await Promise.all(Object.entries(crafted).map(async ([name, cursor]) => [name, await list(cursor)] as const)),
    );
    const firstPage = await handler(
      apiEvent({
        method: 'GET',
        path: '/v1/listings',
        query: { from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString(), limit: '1' },
      }),
      { awsRequestId: 'test' } as Parameters<typeof handler>[1],
    );
    const next = (JSON.parse(firstPage.body) as { nextCursor?: string }).nextCursor;
    const secondPage = await list(next);

    // Assess
    for (const answer of Object.values(answers)) {
      expect([answer.status, answer.body.code]).toEqual([400, 'INVALID_CURSOR']);
    }
    expect(secondPage.status).toBe(200);
    expect(secondPage.body.items).toEqual([expect.objectContaining({ reservationId: 'rsv_list_1' })]);
  });
});

describe('viewer admits over the handler', () => {
  it('need an Idempotency-Key, and a retry with the same key takes no second seat', async () => {
    // Prepare
    const fixture = await setUp();
    const { deps, clock, channel } = fixture;
    const show = await createReservation(
      deps,
      customer('alice'),
      'rsv_admit',
      booking(channel.id, alignedStart(clock.now(), 24)),
    );
    await reconfirmReservation(deps, customer('alice'), show.id);
    const handler = makeViewerAdmitHandler({ ...base, ...fixture.idempotency, ...deps });
    const admit = (headers: Record<string, string> = {}) =>
      call(
        handler,
        apiEvent({
          method: 'POST',
          path: `/v1/reservations/${show.id}/viewers`,
          principal: customer('viewer-7'),
          pathParameters: { id: show.id },
          body: {},
          headers,
        }),
      );

    // Act
    const withoutKey = await admit();
    const first = await admit({ 'idempotency-key': 'admit-viewer-7' });
    const retry = await admit({ 'idempotency-key': 'admit-viewer-7' });

    // Assess
    expect([withoutKey.status, withoutKey.body.code]).toEqual([400, 'MISSING_IDEMPOTENCY_KEY']);
    expect([first.status, retry.status]).toEqual([201, 201]);
    expect((retry.body.ticket as { id: string }).id).toBe((first.body.ticket as { id: string }).id);
    expect((await deps.store.getReservation(show.id))?.viewersWatching).toBe(1);
  });
});

describe('a metadata change racing a reconfirm', () => {
  it('a show changed to secret between the read and the transition is confirmed but never listed', async () => {
    // Prepare
    const fixture = await setUp();
    const { deps, clock, channel, store } = fixture;
    const show = await createReservation(deps, customer('alice'), 'rsv_race', booking(channel.id, alignedStart(clock.now(), 24)));
    // Fault injection: just before the reconfirm's first transition, the booker's change to secret commits.
    const original = store.transition.bind(store);
    let raced = false;
    const racingStore = Object.assign(Object.create(store) as typeof store, {
      transition: async (transition: Parameters<typeof store.transition>[0]) => {
        if (!raced) {
          raced = true;
          const current = await store.getReservation(show.id);
          await store.updateMetadata({
            reservationId: show.id,
            expectedVersion: current?.version ?? 0,
            nowMs: clock.now(),
            metadata: { title: show.title, openLevel: 'secret', passwordHash: 'scrypt$c2FsdA$aGFzaA' },
            listed: false,
            events: [],
          });
        }
        return original(transition);
      },
    });

    // Act
    const reconfirmed = await reconfirmReservation({ ...deps, store: racingStore }, customer('alice'), show.id);

    // Assess
    expect(reconfirmed.reservation).toMatchObject({ status: 'confirmed', openLevel: 'secret' });
    const item = await rawReservation(fixture, show.id);
    expect(item?.listPk).toBeUndefined();
  });
});
