import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { afterAll, describe, expect, it } from 'vitest';
import { makeHandler as makeReconfirmHandler } from '../../../functions/reservation-reconfirm/handler';
import { DynamoIdempotencyStore } from '../../../shared/adapters/aws/idempotency-dynamodb';
import { DynamoPurchaseKeys } from '../../../shared/adapters/aws/purchase-claims-dynamodb';
import { loadConfig, resourceFromEnv } from '../../../shared/config';
import type { StoredResponse } from '../../../shared/http/idempotent';
import { coreTable } from '../../../shared/resources/tables';
import { providerRevenueAccountId } from '../../../shared/domain/parties/accounts';
import { createReservation } from '../../../shared/domain/reservations/booking';
import { createChannel } from '../../../shared/domain/reservations/channels';
import { silentLogger } from '../../../shared/logger';
import { noMetrics } from '../../../shared/ports';
import { alignedStart, balancesOf, booking, customer, openAccounts, provider } from '../../fixtures/reservations';
import { dropDynamoLedgers } from '../ledger/table';
import { apiEvent, dropReservationTables, makeDynamoReservations } from './reservations-fixture';

afterAll(async () => {
  await dropReservationTables();
  await dropDynamoLedgers();
});

const PROVIDER = provider('prov-cost');
const FEE = 700;
const base = { config: loadConfig(process.env), logger: silentLogger, metrics: noMetrics };

/** One DynamoDB request as sent (failed ones too: a refused write still costs its units). */
interface Sent {
  readonly command: string;
  /** The partition keys it names (items written, keys read). */
  readonly keys: readonly string[];
  readonly consistent: boolean;
  /** The write units DynamoDB Local reported for a single-item write. */
  readonly writeUnits?: number;
}

type Keyed = { readonly pk?: unknown };
type Action = Record<string, { readonly Key?: Keyed; readonly Item?: Keyed } | undefined>;

const keysOf = (input: Record<string, unknown>): string[] => {
  const keyed = [input['Key'], input['Item']] as (Keyed | undefined)[];
  const batch = Object.values((input['RequestItems'] ?? {}) as Record<string, { Keys?: Keyed[] }>).flatMap(
    (request) => request.Keys ?? [],
  );
  const transact = ((input['TransactItems'] ?? []) as Action[]).flatMap((action) =>
    Object.values(action).map((part) => part?.Key ?? part?.Item),
  );
  // As the document client sent it, or already marshalled ({ S: … }).
  return [...keyed, ...batch, ...transact].flatMap((key) => {
    const pk = key?.pk;
    const text = typeof pk === 'object' && pk !== null && 'S' in pk ? (pk as { S: unknown }).S : pk;
    return typeof text === 'string' ? [text] : [];
  });
};

/**
 * A reconfirm through its handler against DynamoDB Local, every request of the reservation and
 * ledger tables recorded (the fixture's clients share one middleware stack), and the ticket
 * store's reads counted.
 */
const reconfirmOnce = async () => {
  const fixture = await makeDynamoReservations();
  const { deps, clock } = fixture;
  await openAccounts(deps, { providerId: PROVIDER.subject, customers: [{ id: 'alice', fundMinor: 10 * FEE }] });
  const channel = await createChannel(deps, PROVIDER, 'chn_cost', {
    name: 'Cost',
    capacity: 2,
    bandwidthKbps: 1_000,
    feePerSlotMinor: FEE,
    currency: 'JPY',
  });
  const reservation = await createReservation(
    deps,
    customer('alice'),
    'rsv_cost',
    booking(channel.id, alignedStart(clock.now(), 24)),
  );
  const sent: Sent[] = [];
  fixture.documentClient.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as Record<string, unknown>;
      const batchConsistent = Object.values((input['RequestItems'] ?? {}) as Record<string, { ConsistentRead?: boolean }>).some(
        (request) => request.ConsistentRead === true,
      );
      const command = (context.commandName ?? '?').replace(/Command$/, '');
      if (command === 'PutItem' || command === 'UpdateItem') input['ReturnConsumedCapacity'] = 'TOTAL';
      const result = await next(args);
      const consumed = (result.output as { ConsumedCapacity?: { CapacityUnits?: number } }).ConsumedCapacity;
      sent.push({
        command,
        keys: keysOf(input),
        consistent: input['ConsistentRead'] === true || batchConsistent,
        ...(consumed?.CapacityUnits === undefined ? {} : { writeUnits: consumed.CapacityUnits }),
      });
      return result;
    },
    { step: 'initialize', name: 'reconfirmCost' },
  );
  const ticketStore = deps.tickets.ticketStore;
  let ticketReads = 0;
  const countingTickets = Object.create(ticketStore) as typeof ticketStore;
  countingTickets.get = (ticketId) => {
    ticketReads += 1;
    return ticketStore.get(ticketId);
  };
  // The idempotency records on the core table, and the purchase items a customer's keys share
  // their space with, through the fixture's client (so counted).
  const idempotencyStore = new DynamoIdempotencyStore<StoredResponse>(
    fixture.documentClient,
    resourceFromEnv(process.env, coreTable),
  );
  const purchaseKeys = new DynamoPurchaseKeys(fixture.documentClient, resourceFromEnv(process.env, coreTable));
  const reconfirm = makeReconfirmHandler({
    ...base,
    ...fixture.idempotency,
    idempotencyStore,
    purchaseKeys,
    ...deps,
    tickets: { ...deps.tickets, ticketStore: countingTickets },
  });
  const event = apiEvent({
    method: 'POST',
    path: `/v1/reservations/${reservation.id}/reconfirm`,
    pathParameters: { id: reservation.id },
    principal: customer('alice'),
    headers: { 'idempotency-key': `cost-${randomUUID()}` },
  });
  const context = { awsRequestId: 'test' } as Context;
  const answer = await reconfirm(event, context);
  const firstRequests = sent.splice(0, sent.length);
  const firstTicketReads = ticketReads;
  const replay = await reconfirm(event, context);
  return { answer, replay, sent: firstRequests, replaySent: sent, ticketReads: firstTicketReads, deps, reservation };
};

describe('what one reconfirm reads and writes on DynamoDB', () => {
  it('reads the reservation once, opens no ledger account, reads no balance shard and no ticket, and still holds the price', async () => {
    // Prepare, Act
    const { answer, sent, ticketReads, deps, reservation } = await reconfirmOnce();

    // Assess
    expect(answer.statusCode).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ status: 'confirmed', ticket: { id: expect.any(String) } });
    const reservationReads = sent.filter(
      (request) => !request.command.startsWith('Transact') && request.keys.includes(`RESERVATION#${reservation.id}`),
    );
    // The decision's read; the transition writes from it; the check for a show ended meanwhile after the issue.
    expect(reservationReads.map((request) => [request.command, request.consistent])).toEqual([
      ['GetItem', true],
      ['GetItem', true],
    ]);
    const reads = sent.filter((request) => !request.command.startsWith('Transact'));
    expect(reads.filter((request) => request.keys.some((key) => key.startsWith('BALANCE#')))).toEqual([]);
    // The hold reads its two accounts in one BatchGetItem (the ledger's own); nothing opens or reads another.
    expect(
      reads.filter((request) => request.keys.some((key) => key.startsWith('ACCOUNT#'))).map((request) => request.command),
    ).toEqual(['BatchGetItem']);
    const accountOpenings = sent.filter(
      (request) => request.command === 'TransactWriteItems' && request.keys.every((key) => /^(ACCOUNT|BALANCE)#/.test(key)),
    );
    expect(accountOpenings).toEqual([]);
    expect(ticketReads).toBe(0);
    // The broadcaster ticket is written by the confirmation's transaction, with the reservation, and by nothing else.
    const ticketId = (JSON.parse(answer.body) as { ticket: { id: string } }).ticket.id;
    const ticketWrites = sent.filter((request) => request.keys.includes(`TICKET#${ticketId}`));
    expect(ticketWrites.map((request) => request.command)).toEqual(['TransactWriteItems']);
    expect(ticketWrites[0]?.keys).toContain(`RESERVATION#${reservation.id}`);
    // The customer's key space: the purchase item its key would name, once, after the claim.
    expect(
      reads
        .filter((request) => request.keys.some((key) => key.startsWith('PURCHASE#')))
        .map((request) => [request.command, request.consistent]),
    ).toEqual([['GetItem', true]]);
    expect(await balancesOf(deps.ledger, providerRevenueAccountId(PROVIDER.subject, 'JPY'))).toMatchObject({
      creditsPending: reservation.priceMinor,
    });
  });

  it('stores the answer without the ticket token (one write unit) and replays it byte for byte from the ticket record', async () => {
    // Prepare, Act
    const { answer, replay, sent, replaySent } = await reconfirmOnce();

    // Assess
    const idempotencyWrites = sent
      .filter((request) => request.keys.some((key) => key.startsWith('IDEMPOTENCY#')))
      .map((request) => [request.command, request.writeUnits]);
    expect(idempotencyWrites).toEqual([
      ['PutItem', 1],
      ['UpdateItem', 1],
    ]);
    expect(replay.statusCode).toBe(200);
    expect(replay.headers?.['idempotent-replayed']).toBe('true');
    expect(answer.headers?.['idempotent-replayed']).toBe('false');
    expect(replay.body).toBe(answer.body);
    // A replay reads no other store of the key space.
    expect(replaySent.filter((request) => request.keys.some((key) => key.startsWith('PURCHASE#')))).toEqual([]);
    expect(JSON.parse(replay.body)).toMatchObject({ ticket: { token: expect.stringMatching(/^ey/) } });
  });
});
