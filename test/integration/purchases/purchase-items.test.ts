import { randomUUID } from 'node:crypto';
import { DynamoDBClient, type ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { verifyDocket, verifyTicket } from '@kippu/verify';
import type { APIGatewayProxyResult, Context } from 'aws-lambda';
import { describe, expect, it, onTestFinished } from 'vitest';
import { makeHandler as makePurchaseCreate } from '../../../functions/purchase-create/handler';
import { makeHandler as makePurchaseDocketGet } from '../../../functions/purchase-docket-get/handler';
import { makeHandler as makePurchaseGet } from '../../../functions/purchase-get/handler';
import { makeHandler as makeTicketGet } from '../../../functions/ticket-get/handler';
import { dynamoDocumentClient } from '../../../shared/adapters/aws/clients';
import { readItem } from '../../../shared/adapters/aws/items';
import { purchaseKey } from '../../../shared/adapters/aws/purchase-claims-dynamodb';
import { DynamoPurchaseStore } from '../../../shared/adapters/aws/purchases-dynamodb';
import { DynamoAllowanceStore } from '../../../shared/adapters/aws/rights-dynamodb';
import { DynamoPseudonymStore, DynamoTicketStore, ticketKey } from '../../../shared/adapters/aws/tickets-dynamodb';
import type { LocalKeyJwsSigner } from '../../../shared/adapters/memory/tickets';
import { resourceFromEnv } from '../../../shared/config';
import type { IdempotencyRecord } from '../../../shared/domain/idempotency/ports';
import { createOffer } from '../../../shared/domain/offers/offers';
import type { Principal } from '../../../shared/domain/principal';
import type { PurchaseRecord, PurchaseSettlement } from '../../../shared/domain/purchases/purchase';
import { purchaseView } from '../../../shared/domain/purchases/purchase';
import type { PurchaseStore } from '../../../shared/domain/purchases/ports';
import { ticketView } from '../../../shared/domain/tickets/issue';
import type { TicketStore } from '../../../shared/domain/tickets/ports';
import type { TicketRecord } from '../../../shared/domain/tickets/ticket';
import { randomIds } from '../../../shared/ids';
import { coreTable } from '../../../shared/resources/tables';
import { ManualClock } from '../../fixtures/clock';
import { apiEvent, handlerBase, memoryIdempotency } from '../../fixtures/handlers';
import { makeWorld, WORLD_ISSUER } from '../../fixtures/purchases-world';

/**
 * What a purchase writes to its two core-table items, as DynamoDB Local bills it
 * (ReturnConsumedCapacity INDEXES), through the purchase-create handler and the settlement
 * worker: the purchase item (claim, purchase, settled) and the ticket item. DynamoDB bills the
 * larger of the item before and after, per started KB, so what is pinned here is that each
 * item stays under its KB boundary for a purchase of a long resource: the docket and the
 * ticket token are stored as their signatures and the few claims their records lack, not
 * whole (a test that fails if either is stored whole again). And nothing a caller sees
 * changes: the replay, the reads and the verifiers get the very tokens that were signed.
 */
const tableName = resourceFromEnv(process.env, coreTable);

interface Write {
  readonly command: string;
  readonly pk: string;
  readonly consumed: ConsumedCapacity;
}

/** A document client that asks every write for its capacity by index and keeps what DynamoDB Local reports. */
const measuringClient = () => {
  const writes: Write[] = [];
  const own = new DynamoDBClient({});
  onTestFinished(() => own.destroy());
  const client = DynamoDBDocumentClient.from(own, { marshallOptions: { removeUndefinedValues: true } });
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as Record<string, unknown>;
      input['ReturnConsumedCapacity'] = 'INDEXES';
      const result = await next(args);
      const consumed = (result.output as { ConsumedCapacity?: ConsumedCapacity }).ConsumedCapacity;
      const key = (input['Key'] ?? input['Item']) as { pk?: string } | undefined;
      if (consumed !== undefined && /^(Put|Update|Delete)/.test(context.commandName ?? '')) {
        writes.push({ command: context.commandName ?? '?', pk: key?.pk ?? '?', consumed });
      }
      return result;
    },
    { step: 'initialize', name: 'writeCapacity' },
  );
  return { client, writes };
};

/** A resource name far longer than the usual `server/stream` (the API allows 200 characters). */
const LONG_RESOURCE = `venue-${'harbour-north-pier'.repeat(4)}/camera-${'0'.repeat(20)}7/stream-main-${'x'.repeat(16)}`;

const scene = async (resource: string) => {
  const { client, writes } = measuringClient();
  const purchaseStore = new DynamoPurchaseStore(client, tableName);
  const ticketStore = new DynamoTicketStore(client, tableName);
  // What the domain handed the stores, to compare what they read back with.
  const created = new Map<string, PurchaseRecord>();
  const settlements = new Map<string, PurchaseSettlement>();
  const capturingPurchases = Object.create(purchaseStore) as PurchaseStore;
  capturingPurchases.create = async (record) => {
    created.set(record.id, record);
    return purchaseStore.create(record);
  };
  capturingPurchases.markSettled = async (purchase, settlement) => {
    settlements.set(purchase.id, settlement);
    return purchaseStore.markSettled(purchase, settlement);
  };
  const issued = new Map<string, TicketRecord>();
  const capturingTickets = Object.create(ticketStore) as TicketStore;
  capturingTickets.create = async (record) => {
    issued.set(record.id, record);
    return ticketStore.create(record);
  };
  const world = makeWorld({
    clock: new ManualClock(Date.now()),
    purchases: capturingPurchases,
    ticketStore: capturingTickets,
    pseudonyms: new DynamoPseudonymStore(client, tableName),
  });
  const provider = await world.provider({ trusted: true, platformFeeBps: 1_000 });
  const carrier = await world.agent(500);
  const offer = await createOffer(
    world.offerDeps,
    randomIds.next('ofr'),
    {
      providerId: provider.id,
      resource,
      priceMinor: 1_000,
      currency: 'JPY',
      validitySeconds: 3_600,
      capabilities: ['image', 'voice'],
    },
    world.operator,
  );
  const base = handlerBase();
  const handlers = {
    create: makePurchaseCreate({
      ...base,
      ...memoryIdempotency(world.clock),
      purchases: world.purchaseDeps(),
      dockets: world.docketDeps,
    }),
    purchase: makePurchaseGet({ ...base, purchases: purchaseStore, parties: world.partyDeps.parties, dockets: world.docketDeps }),
    docket: makePurchaseDocketGet({ ...base, purchases: purchaseStore, dockets: world.docketDeps }),
    ticket: makeTicketGet({ ...base, allowances: new DynamoAllowanceStore(client, tableName), clock: world.clock }),
  };
  return { world, provider, carrier, offer, handlers, writes, created, settlements, issued, client };
};

type Handler = (event: ReturnType<typeof apiEvent>, context: Context) => Promise<APIGatewayProxyResult>;
const invoke = (handler: Handler, options: Parameters<typeof apiEvent>[0]) =>
  handler(apiEvent(options), { awsRequestId: 'test' } as Context);

const unitsOf = (write: Write | undefined) => ({
  table: write?.consumed.Table?.CapacityUnits,
  indexes: Object.fromEntries(
    Object.entries(write?.consumed.GlobalSecondaryIndexes ?? {}).map(([name, capacity]) => [name, capacity.CapacityUnits]),
  ),
});

describe('the purchase and ticket items of a purchase (DynamoDB Local, through the handlers)', () => {
  it.each([
    { route: 'wallet', resource: LONG_RESOURCE, length: 'long', settledUnits: 2 },
    { route: 'carrier', resource: LONG_RESOURCE, length: 'long', settledUnits: 2 },
    { route: 'wallet', resource: 'server-1/stream-7', length: 'short', settledUnits: 1 },
  ] as const)(
    'a $route purchase of a $length resource: purchase item 1 + 2 + $settledUnits WRU, ticket 1 WRU, no token stored whole, every read and replay the signed bytes',
    async ({ route, resource, settledUnits }) => {
      // Prepare
      const { world, provider, carrier, offer, handlers, writes, created, settlements, issued, client } = await scene(resource);
      const customer =
        route === 'wallet' ? await world.customer() : await world.customer({ agentId: carrier.id, creditLimitMinor: 10_000 });
      if (route === 'wallet') await world.topUp(customer.id, carrier.id, 5_000);
      const buyer: Principal = { role: 'customer', subject: customer.id };
      const key = randomUUID();
      const buy = () =>
        invoke(handlers.create, {
          method: 'POST',
          path: '/v1/purchases',
          principal: buyer,
          headers: { 'idempotency-key': key },
          body: { offerId: offer.id, route },
        });
      writes.length = 0;

      // Act
      const first = await buy();
      expect(await world.deliverAll()).toEqual([]);
      const replay = await buy();
      const answer = JSON.parse(first.body) as { id: string; ticket: { id: string; token: string } };
      const [gotPurchase, gotDocket, gotTicket] = await Promise.all([
        invoke(handlers.purchase, {
          method: 'GET',
          path: `/v1/purchases/${answer.id}`,
          principal: buyer,
          pathParameters: { id: answer.id },
        }),
        invoke(handlers.docket, {
          method: 'GET',
          path: `/v1/purchases/${answer.id}/docket`,
          principal: buyer,
          pathParameters: { id: answer.id },
        }),
        invoke(handlers.ticket, {
          method: 'GET',
          path: `/v1/tickets/${answer.ticket.id}`,
          principal: buyer,
          pathParameters: { id: answer.ticket.id },
        }),
      ]);

      // Assess: the write units of each item.
      expect(first.statusCode).toBe(201);
      const purchaseWrites = writes.filter((write) => write.pk === purchaseKey(answer.id).pk);
      const ticketWrites = writes.filter((write) => write.pk === ticketKey(answer.ticket.id).pk);
      expect(purchaseWrites.map((write) => [write.command, unitsOf(write)])).toEqual([
        ['UpdateItemCommand', { table: 1, indexes: {} }], // the claim
        ['UpdateItemCommand', { table: 1, indexes: { gsi2: 1 } }], // the purchase, under 1 KB
        // Settled with its docket: under 1 KB for a short resource, under 2 KB for one of 136 characters.
        ['UpdateItemCommand', { table: settledUnits, indexes: {} }],
      ]);
      expect(ticketWrites.map((write) => [write.command, unitsOf(write)])).toEqual([
        ['PutItemCommand', { table: 1, indexes: {} }],
      ]);
      // What is stored: neither the docket nor the ticket token whole.
      const purchaseItem = await readItem(client, tableName, purchaseKey(answer.id));
      const ticketItem = await readItem(client, tableName, ticketKey(answer.ticket.id));
      expect(purchaseItem?.settlement).not.toHaveProperty('docket');
      expect(purchaseItem?.settlement).toHaveProperty('docketJws');
      // The split, legs and docket id derive from the purchase: not stored.
      expect(Object.keys(purchaseItem?.settlement as object).sort()).toEqual(['docketJws', 'settledAt']);
      expect(ticketItem).not.toHaveProperty('token');
      expect(ticketItem).toHaveProperty('tokenJws');
      // What is read: the very tokens signed, in the same answers as before.
      const signedTicket = issued.get(answer.ticket.id) ?? expect.unreachable('the ticket was issued');
      const settlement = settlements.get(answer.id) ?? expect.unreachable('the purchase was settled');
      expect(answer.ticket.token).toBe(signedTicket.token);
      expect(replay.statusCode).toBe(201);
      expect(replay.body).toBe(first.body);
      expect(replay.headers?.['idempotent-replayed']).toBe('true');
      const authorized = created.get(answer.id) ?? expect.unreachable('the purchase was stored');
      const settled: PurchaseRecord = { ...authorized, status: 'settled', settlement };
      expect(JSON.parse(gotPurchase.body)).toEqual(JSON.parse(JSON.stringify(purchaseView(buyer, await world.served(settled)))));
      expect(JSON.parse(gotDocket.body)).toEqual({
        purchaseId: answer.id,
        docketId: settlement.docketId,
        token: settlement.docket,
      });
      expect(JSON.parse(gotTicket.body)).toEqual(JSON.parse(JSON.stringify(ticketView(buyer, signedTicket, world.clock.now()))));
      const options = {
        jwks: { keys: [await (world.signer as LocalKeyJwsSigner).publicJwk()] },
        issuer: WORLD_ISSUER,
        audience: provider.id,
        now: new Date(world.clock.now()),
      };
      expect(await verifyDocket(settlement.docket, options)).toMatchObject({ ok: true, claims: { res: resource, route } });
      expect(await verifyTicket(signedTicket.token, options)).toMatchObject({ ok: true, claims: { res: resource } });
    },
  );
});

/** A purchase bought and settled in memory (the domain's own records), to write to DynamoDB Local by hand. */
const settledInMemory = async () => {
  const world = makeWorld();
  const provider = await world.provider();
  const kiosk = await world.agent();
  const customer = await world.customer();
  await world.topUp(customer.id, kiosk.id, 5_000);
  const offer = await world.offer(provider.id, 1_000);
  const { purchase, ticket } = await world.buy(customer.id, { offerId: offer.id });
  expect(await world.deliverAll()).toEqual([]);
  const settled = (await world.purchases.get(purchase.id)) ?? expect.unreachable('stored');
  return { world, customer, offer, settled, ticket };
};

describe('purchase and ticket items written before tokens were stored short', () => {
  it('read as they were stored: the whole docket, ticket token, ids and claim record', async () => {
    // Prepare: a settled purchase and its ticket, signed in memory, written as items used to be.
    const { world, customer, offer, settled, ticket } = await settledInMemory();
    const issued = ticket ?? expect.unreachable('issued');
    const scope = `idem:customer:${customer.id}:key-1`;
    const record: IdempotencyRecord<{ status: number }> = {
      scope,
      fingerprint: 'fp-1',
      request: { scope, method: 'POST', path: '/v1/purchases', body: { offerId: offer.id } },
      state: 'in_progress',
      leaseExpiresAtMs: 0,
      expiresAtMs: world.clock.now() + 3_600_000,
    };
    const client = dynamoDocumentClient();
    await client.send(new PutCommand({ TableName: tableName, Item: { ...ticketKey(issued.id), ...issued } }));
    await client.send(
      new PutCommand({ TableName: tableName, Item: { ...purchaseKey(settled.id), ...settled, idempotency: record } }),
    );
    const purchases = new DynamoPurchaseStore(client, tableName);

    // Act
    const [readPurchase, readTicket, refused] = await Promise.all([
      purchases.get(settled.id),
      new DynamoTicketStore(client, tableName).get(issued.id),
      purchases.claims.claim(settled.id, { ...record, fingerprint: 'fp-2' }, world.clock.now()),
    ]);

    // Assess
    expect(readPurchase).toEqual(settled);
    expect(readTicket).toEqual(issued);
    expect(refused).toEqual({ claimed: false, existing: record, purchase: settled });
  });
});

describe('a settlement its purchase does not derive', () => {
  it('is stored with its own split, legs and docket id, and read back as it was made', async () => {
    // Prepare: a purchase settled in memory, then its settlement changed as other rules would make it.
    const { settled } = await settledInMemory();
    const made = settled.settlement ?? expect.unreachable('settled');
    const [posting, ...fees] = made.legs;
    const other: PurchaseSettlement = {
      ...made,
      docketId: 'dkt_issued-under-other-rules',
      split: {
        ...made.split,
        providerNetMinor: made.split.providerNetMinor - 1,
        platformFeeMinor: made.split.platformFeeMinor + 1,
      },
      legs: [
        posting ?? expect.unreachable('a posting leg'),
        ...fees.map((leg) => ({ ...leg, amountMinor: leg.amountMinor + 1 })),
      ],
    };
    const client = dynamoDocumentClient();
    const purchases = new DynamoPurchaseStore(client, tableName);
    const authorized: PurchaseRecord = { ...settled, status: 'authorized' };
    delete (authorized as { settlement?: unknown }).settlement;
    await purchases.create(authorized);

    // Act
    await purchases.markSettled(authorized, other);
    const [read, item] = await Promise.all([purchases.get(settled.id), readItem(client, tableName, purchaseKey(settled.id))]);

    // Assess
    expect(read?.settlement).toEqual(other);
    expect(item?.settlement).toMatchObject({ docketId: other.docketId, split: other.split, legs: other.legs });
  });
});
