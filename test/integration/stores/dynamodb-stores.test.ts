import { randomBytes, randomUUID } from 'node:crypto';
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient, type ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { DynamoOfferStore } from '../../../shared/adapters/aws/offers-dynamodb';
import { DynamoPartyStore } from '../../../shared/adapters/aws/parties-dynamodb';
import { DynamoPurchaseStore } from '../../../shared/adapters/aws/purchases-dynamodb';
import { DynamoRevocationStore } from '../../../shared/adapters/aws/revocations-dynamodb';
import { createTableInput } from '../../../shared/adapters/aws/table-schema';
import { DynamoPseudonymStore, DynamoTicketStore } from '../../../shared/adapters/aws/tickets-dynamodb';
import { searchTextOf } from '../../../shared/domain/offers/offers';
import type { PurchaseRecord } from '../../../shared/domain/purchases/purchase';
import { withTimeLeft } from '../../../shared/contention';
import { CONTENTION_ANSWER_RESERVE_MILLISECONDS, REVOCATION_APPEND_BATCH_MAX } from '../../../shared/limits';
import { coreTable } from '../../../shared/resources/tables';
import { codeOf } from '../../fixtures/errors';
import { offerStoreContract } from '../../contract/offers-contract';
import { partyStoreContract } from '../../contract/parties-contract';
import { pseudonymStoreContract } from '../../contract/pseudonyms-contract';
import { purchaseStoreContract } from '../../contract/purchases-contract';
import { revocationStoreContract } from '../../contract/revocations-contract';
import { ticketRecord, ticketStoreContract } from '../../contract/tickets-contract';

/**
 * The DynamoDB stores of the core table against DynamoDB Local, held to the same contracts
 * as the in-memory ones (test/unit/stores), in a table of their own created from the
 * declaration the stack deploys.
 */
const client = new DynamoDBClient({});
const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
const tableName = `kippu-test-core-${randomBytes(6).toString('hex')}`;
let created: Promise<unknown> | undefined;

const table = async (): Promise<string> => {
  created ??= client.send(new CreateTableCommand(createTableInput(tableName, coreTable)));
  await created;
  return tableName;
};

afterAll(async () => {
  if (created !== undefined) await client.send(new DeleteTableCommand({ TableName: tableName }));
  client.destroy();
});

type SentCommand = Parameters<typeof documents.send>[0];

/** The shared document client, awaiting `before` on each command it sends, just before it goes out. */
const watchedClient = (before: (command: SentCommand) => unknown): DynamoDBDocumentClient =>
  new Proxy(documents, {
    get(target, property, receiver) {
      if (property !== 'send') return Reflect.get(target, property, receiver) as unknown;
      return async (command: SentCommand) => {
        await before(command);
        return target.send(command as never);
      };
    },
  });

ticketStoreContract('DynamoDB', async () => new DynamoTicketStore(documents, await table()));
pseudonymStoreContract('DynamoDB', async () => new DynamoPseudonymStore(documents, await table()));
partyStoreContract('DynamoDB', async () => new DynamoPartyStore(documents, await table()));
offerStoreContract('DynamoDB', async () => new DynamoOfferStore(documents, await table()));
purchaseStoreContract('DynamoDB', async () => new DynamoPurchaseStore(documents, await table()));
revocationStoreContract('DynamoDB', async () => new DynamoRevocationStore(documents, await table()));

describe('a ticket revocation in DynamoDB', () => {
  it('is one UpdateItem that answers the revoked record; only a repeat (its condition failed) reads it back', async () => {
    // Prepare
    const name = await table();
    const sent: string[] = [];
    const store = new DynamoTicketStore(
      watchedClient((command) => sent.push(command.constructor.name)),
      name,
    );
    const record = ticketRecord();
    await store.create(record);
    sent.length = 0;

    // Act
    const revoked = await store.revoke(record.id, '2026-11-22T02:20:00.000Z');
    const firstRequests = [...sent];
    const repeat = await store.revoke(record.id, '2026-11-22T02:30:00.000Z');

    // Assess
    expect(revoked).toEqual({ ...record, status: 'revoked', revokedAt: '2026-11-22T02:20:00.000Z' });
    expect(firstRequests).toEqual(['UpdateCommand']);
    expect(repeat).toEqual(revoked);
    expect(sent).toEqual(['UpdateCommand', 'UpdateCommand', 'GetCommand']);
  });
});

describe('offer listing cursors in DynamoDB', () => {
  it('crafted cursors (empty or foreign keys, another listing, mismatched ids) are refused as INVALID_CURSOR', async () => {
    // Prepare
    const store = new DynamoOfferStore(documents, await table());
    const providerId = `prv_${randomUUID()}`;
    const partition = `OFFERS#PROVIDER#${providerId}`;
    const record = {
      id: `ofr_${randomUUID()}`,
      providerId,
      title: 'a',
      resource: 'server-0/stream',
      priceMinor: 100,
      currency: 'JPY',
      validitySeconds: 60,
      capabilities: ['image'],
      searchText: searchTextOf({ title: 'a', resource: 'server-0/stream', capabilities: ['image'] }),
      createdAt: new Date(Date.UTC(2026, 0, 1)).toISOString(),
      createdBy: 'operator:op',
    };
    await store.create(record);
    const listingSortKey = `${record.createdAt}#${record.id}`;
    const cursorOf = (key: Record<string, unknown>) => Buffer.from(JSON.stringify(key)).toString('base64url');
    const crafted = [
      { pk: `OFFER#${record.id}`, sk: '', gsi1pk: partition, gsi1sk: listingSortKey },
      { pk: `OFFER#${record.id}`, sk: 'OFFER', gsi1pk: partition, gsi1sk: '' },
      { pk: 'OFFER#', sk: 'OFFER', gsi1pk: partition, gsi1sk: listingSortKey },
      { pk: `OFFER#${record.id}`, sk: 'LISTING', gsi1pk: partition, gsi1sk: listingSortKey },
      { pk: `OFFER#${record.id}`, sk: 'OFFER', gsi1pk: partition, gsi1sk: `${record.createdAt}#ofr_other` },
      { pk: `CUSTOMER#${record.id}`, sk: 'OFFER', gsi1pk: partition, gsi1sk: listingSortKey },
    ];

    // Act
    const answers = await Promise.allSettled(
      crafted.map((key) => store.list({ providerId, keywords: [], limit: 1, cursor: cursorOf(key) })),
    );
    const valid = await store.list({
      providerId,
      keywords: [],
      limit: 1,
      cursor: cursorOf({ pk: `OFFER#${record.id}`, sk: 'OFFER', gsi1pk: partition, gsi1sk: listingSortKey }),
    });

    // Assess
    for (const answer of answers) {
      expect(answer).toMatchObject({ status: 'rejected', reason: { code: 'INVALID_CURSOR' } });
    }
    expect(valid.offers).toEqual([]);
  });
});

describe('what the purchase and ticket items write to the core table indexes (DynamoDB Local, ReturnConsumedCapacity INDEXES)', () => {
  /**
   * A client of its own (a document client shares its client's middleware) that asks every
   * request for its capacity by index and keeps what DynamoDB Local reports.
   */
  const measured = () => {
    const reports: ConsumedCapacity[] = [];
    const own = new DynamoDBClient({});
    const measuring = DynamoDBDocumentClient.from(own, { marshallOptions: { removeUndefinedValues: true } });
    measuring.middlewareStack.add(
      (next) => async (args) => {
        (args.input as Record<string, unknown>)['ReturnConsumedCapacity'] = 'INDEXES';
        const result = await next(args);
        const consumed = (result.output as { ConsumedCapacity?: ConsumedCapacity }).ConsumedCapacity;
        if (consumed !== undefined) reports.push(consumed);
        return result;
      },
      { step: 'initialize', name: 'indexCapacity' },
    );
    onTestFinished(() => own.destroy());
    return { measuring, reports };
  };
  const bigDocket = 'x'.repeat(3_000);

  it('writes a purchase with one key-sized entry in its one index, and settles it without writing any index', async () => {
    // Prepare
    const { measuring, reports } = measured();
    const store = new DynamoPurchaseStore(measuring, await table());
    const id = `pur_${randomUUID()}`;
    const customerId = `cus-${randomUUID()}`;

    // Act
    const record: PurchaseRecord = {
      id,
      customerId,
      offerId: 'ofr-1',
      providerId: 'prv-camera',
      // A large attribute that no index projects: it must not be paid for again in one.
      resource: `server-1/${bigDocket}`,
      route: 'wallet',
      payerAccountId: `wallet:${customerId}:JPY`,
      amountMinor: 1_000,
      currency: 'JPY',
      platformFeeBps: 1_000,
      carrierFeeBps: 0,
      holdTransferId: `trf_${randomUUID()}`,
      holdExpiresAt: '2026-11-23T02:13:00.000Z',
      ticketId: `tkt_${randomUUID()}`,
      status: 'authorized',
      createdAt: '2026-11-22T02:13:00.000Z',
    };
    await store.create(record);
    const settled = await store.markSettled(record, {
      settledAt: '2026-11-22T02:13:05.000Z',
      split: { grossMinor: 1_000, providerNetMinor: 900, platformFeeMinor: 100, carrierFeeMinor: 0 },
      legs: [],
      docketId: 'dkt-1',
      docket: bigDocket,
    });
    const listed = await store.listByCustomer({ customerId, limit: 5 });

    // Assess
    expect(settled).toBe(true);
    const [create, settle] = reports;
    // The table pays the item's size (about 3.3 KB, then 6.3 KB with the docket), each index a key-sized entry.
    expect(create?.Table?.CapacityUnits).toBe(4);
    expect(create?.GlobalSecondaryIndexes).toEqual({ gsi2: { CapacityUnits: 1 } });
    expect(settle?.Table?.CapacityUnits).toBe(7);
    // No index entry: recovery finds authorized purchases through the ledger's holds.
    expect(settle?.GlobalSecondaryIndexes).toBeUndefined();
    expect(listed.items.map((purchase) => [purchase.id, purchase.status, purchase.settlement?.docket])).toEqual([
      [id, 'settled', bigDocket],
    ]);
  });

  it('writes a ticket into no index', async () => {
    // Prepare
    const { measuring, reports } = measured();
    const store = new DynamoTicketStore(measuring, await table());

    // Act
    await store.create({
      id: `tkt_${randomUUID()}`,
      providerId: 'prv-camera',
      holderId: 'cus-alice',
      subject: `sub_${randomUUID()}`,
      resource: 'server-1/stream-7',
      capabilities: ['image'],
      issuedAt: '2026-11-22T02:13:00.000Z',
      notBefore: '2026-11-22T02:13:00.000Z',
      expiresAt: '2026-11-22T03:13:00.000Z',
      status: 'active',
      keyId: 'kid-1',
      token: bigDocket,
      issuedBy: 'operator:op-1',
    });

    // Assess
    expect(reports).toHaveLength(1);
    // The table item alone (3 KB of token and the record: 4 WRU), nothing in an index.
    expect(reports[0]?.GlobalSecondaryIndexes).toBeUndefined();
    expect(reports[0]?.CapacityUnits).toBe(4);
  });
});

describe('revocation list appends of many tickets (DynamoDB Local)', () => {
  it('move the provider head once per REVOCATION_APPEND_BATCH_MAX tickets, not once per ticket', async () => {
    // Prepare: a client that counts the transactions that name the provider's head.
    const name = await table();
    const providerId = `prv_${randomUUID()}`;
    let headWrites = 0;
    const client = watchedClient((command) => {
      const input = command.input as { TransactItems?: { Put?: { Item?: Record<string, unknown> } }[] };
      if (input.TransactItems?.some((item) => item.Put?.Item?.['sk'] === 'HEAD')) headWrites += 1;
    });
    const store = new DynamoRevocationStore(client, name);
    const tickets = Array.from({ length: 150 }, () => `tkt_${randomUUID()}`);

    // Act
    const entries = await store.append(
      tickets.map((ticketId) => ({ providerId, ticketId, revokedAt: '2026-11-22T02:20:00.000Z', reason: 'cancelled' })),
    );
    const repeat = await store.append(
      tickets.map((ticketId) => ({ providerId, ticketId, revokedAt: '2026-11-22T03:00:00.000Z', reason: 'cancelled' })),
    );

    // Assess: 150 tickets in ceil(150 / 49) = 4 transactions; the repeat writes nothing.
    expect(headWrites).toBe(Math.ceil(tickets.length / REVOCATION_APPEND_BATCH_MAX));
    expect(entries.map((entry) => entry.version)).toEqual(tickets.map((_, index) => index + 1));
    expect(repeat).toEqual(entries);
  });
});

describe('revocation list appends under contention (DynamoDB Local)', () => {
  /**
   * A client whose every TransactWriteItems of `ticketId`'s append is raced: just before it is
   * sent, another ticket of the same provider is appended through the real table, so the
   * head has moved and the append's condition fails as it would under real contention. It
   * also counts the append's reads, and each raced attempt costs 1 s of the time left.
   */
  const racedClient = (ticketId: string, store: () => DynamoRevocationStore, onAttempt: () => void) => {
    const counts = { transactions: 0, reads: 0 };
    const client = watchedClient(async (command) => {
      const input = command.input as { TransactItems?: { Put?: { Item?: Record<string, unknown> } }[] };
      const ours = input.TransactItems?.some((item) => item.Put?.Item?.['ticketId'] === ticketId) ?? false;
      if (ours) {
        counts.transactions += 1;
        onAttempt();
        await store().append([
          {
            providerId: String(
              input.TransactItems?.find((item) => item.Put?.Item?.['providerId'] !== undefined)?.Put?.Item?.['providerId'],
            ),
            ticketId: `tkt_${randomUUID()}`,
            revokedAt: '2026-11-22T02:20:00.000Z',
            reason: 'viewer_left',
          },
        ]);
      } else if (input.TransactItems === undefined) counts.reads += 1;
    });
    return { client, counts };
  };

  it('gives up with 409 TRANSACTION_CONFLICT and nothing written when the request is short of time, and retries without reading the head again', async () => {
    // Prepare
    const name = await table();
    const plain = new DynamoRevocationStore(documents, name);
    const providerId = `prv_${randomUUID()}`;
    const ticketId = `tkt_${randomUUID()}`;
    await plain.append([
      {
        providerId,
        ticketId: `tkt_${randomUUID()}`,
        revokedAt: '2026-11-22T02:00:00.000Z',
        reason: 'refunded',
      },
    ]);
    const timeLeft = { remainingMs: CONTENTION_ANSWER_RESERVE_MILLISECONDS + 2_500 };
    const { client, counts } = racedClient(
      ticketId,
      () => plain,
      () => {
        timeLeft.remainingMs -= 1_000;
      },
    );
    const raced = new DynamoRevocationStore(client, name);

    // Act
    const refused = await withTimeLeft({ remainingMs: () => timeLeft.remainingMs }, () =>
      codeOf(raced.append([{ providerId, ticketId, revokedAt: '2026-11-22T02:20:00.000Z', reason: 'viewer_left' }])),
    );

    // Assess: three attempts (then less than the reserve was left), each one transaction; only
    // the first read the marker and head (the failed condition gave the moved head back).
    expect(refused).toBe('TRANSACTION_CONFLICT');
    expect(counts).toEqual({ transactions: 3, reads: 2 });
    const list = await plain.list(providerId, 0, 100);
    expect(list.entries.map((entry) => entry.version)).toEqual([1, 2, 3, 4]);
    expect(list.entries.map((entry) => entry.ticketId)).not.toContain(ticketId);
    expect(
      await plain.append([{ providerId, ticketId, revokedAt: '2026-11-22T02:30:00.000Z', reason: 'viewer_left' }]),
    ).toMatchObject([{ version: 5 }]);
  });
});
