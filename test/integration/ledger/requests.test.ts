import { afterAll, describe, expect, it } from 'vitest';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { balanceShardKey, parseBalances } from '../../../shared/adapters/aws/ledger-items';
import { sumBalances } from '../../../shared/domain/ledger';
import { openWallet, openWorld } from '../../contract/ledger-contract';
import { dropDynamoLedgers, makeDynamoLedger, newDynamoClient } from './table';

/**
 * What the DynamoDB ledger sends: to write, it reads the latest items with one consistent
 * BatchGetItem (its own new ids unread), and a serializable TransactGetItems only when an
 * answer other than a commit is due; a batch of groups is one transaction with one update
 * per hot account. Requests are observed on the real client (DynamoDB Local).
 */
afterAll(dropDynamoLedgers);

interface Call {
  readonly command: string;
  readonly keys: readonly string[];
  /** The keys a TransactWriteItems updates. */
  readonly updated: readonly string[];
}

type PartitionKey = string | { S?: string };

const keysOf = (input: unknown): string[] => {
  const request = input as {
    RequestItems?: Record<string, { Keys?: { pk?: PartitionKey }[] }>;
    TransactItems?: { Get?: { Key?: { pk?: PartitionKey } } }[];
  };
  const batch = Object.values(request.RequestItems ?? {}).flatMap((table) => table.Keys ?? []);
  const transact = (request.TransactItems ?? []).flatMap((item) => (item.Get?.Key === undefined ? [] : [item.Get.Key]));
  // Marshalled ({ S }) or not, depending on where the document client's middleware runs.
  return [...batch, ...transact].map((key) => (typeof key.pk === 'string' ? key.pk : (key.pk?.S ?? '?')));
};

const updatedOf = (input: unknown): string[] => {
  const request = input as { TransactItems?: { Update?: { Key?: { pk?: PartitionKey } } }[] };
  return (request.TransactItems ?? []).flatMap((item) => {
    const pk = item.Update?.Key?.pk;
    return pk === undefined ? [] : [typeof pk === 'string' ? pk : (pk.S ?? '?')];
  });
};

/** Records every call's command name and the keys it reads; `before` runs ahead of a matching call. */
const observe = (client: DynamoDBClient) => {
  const calls: Call[] = [];
  const hooks: { before?: (call: Call) => Promise<void> } = {};
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const call = { command: context.commandName ?? '', keys: keysOf(args.input), updated: updatedOf(args.input) };
      calls.push(call);
      if (hooks.before !== undefined) await hooks.before(call);
      return next(args);
    },
    { step: 'initialize', name: 'ledgerReadObserver' },
  );
  return { calls, hooks };
};

const hold = (id: string, amountMinor: number) => ({
  action: 'create' as const,
  id,
  debitAccountId: 'wallet',
  creditAccountId: 'shop',
  amountMinor,
  currency: 'JPY',
  timeoutSeconds: 600,
});

const setUp = async () => {
  const client = newDynamoClient();
  const fixture = await makeDynamoLedger({ client });
  await openWorld(fixture.ledger);
  await openWallet(fixture.ledger, 'wallet', 1_000);
  await fixture.ledger.createAccount({ id: 'shop', currency: 'JPY', balanceShards: 4 });
  return { ...fixture, ...observe(client) };
};

/**
 * Ten purchases, each held from its own wallet for `revenue`, settled as one batch of groups
 * (post the hold, move a fee of 10 from `revenue` to a 16-shard fees account); the keys its
 * one TransactWriteItems updates.
 */
const settleTenPurchases = async (fixture: Awaited<ReturnType<typeof setUp>>, revenue: string): Promise<readonly string[]> => {
  const { ledger, calls } = fixture;
  await ledger.createAccount({ id: 'fees', currency: 'JPY', balanceShards: 16 });
  const purchases = Array.from({ length: 10 }, (_, index) => `p${index}`);
  for (const purchase of purchases) {
    await openWallet(ledger, `wallet-${purchase}`, 100);
    await ledger.createTransfers([
      { ...hold(`hold-${purchase}`, 100), debitAccountId: `wallet-${purchase}`, creditAccountId: revenue },
    ]);
  }
  calls.length = 0;
  const outcomes = await ledger.createTransferGroups(
    purchases.map((purchase) => [
      { action: 'post' as const, id: `post-${purchase}`, pendingId: `hold-${purchase}` },
      {
        action: 'create' as const,
        id: `fee-${purchase}`,
        debitAccountId: revenue,
        creditAccountId: 'fees',
        amountMinor: 10,
        currency: 'JPY',
      },
    ]),
  );
  expect(outcomes.every((group) => group.ok)).toBe(true);
  const writes = calls.filter((call) => call.command === 'TransactWriteItemsCommand');
  expect(writes).toHaveLength(1);
  return writes[0]?.updated ?? [];
};

describe('DynamoDB ledger reads', () => {
  it('writes a new hold after one consistent batch read of its accounts, without reading its own id', async () => {
    const { ledger, calls } = await setUp();
    calls.length = 0;
    await ledger.createTransfers([hold('hold-1', 100)]);
    expect(calls.map((call) => call.command)).toEqual(['BatchGetItemCommand', 'TransactWriteItemsCommand']);
    expect([...(calls[0]?.keys ?? [])].sort()).toEqual(['ACCOUNT#shop', 'ACCOUNT#wallet']);
  });

  it('reads a hold, then only the accounts it names, to post it', async () => {
    const { ledger, calls } = await setUp();
    await ledger.createTransfers([hold('hold-1', 100)]);
    calls.length = 0;
    await ledger.postPending({ id: 'post-1', pendingId: 'hold-1' });
    expect(calls.map((call) => call.command)).toEqual([
      'BatchGetItemCommand',
      'BatchGetItemCommand',
      'TransactWriteItemsCommand',
    ]);
    expect(calls[0]?.keys).toEqual(['TRANSFER#hold-1']);
    expect([...(calls[1]?.keys ?? [])].sort()).toEqual(['ACCOUNT#shop', 'ACCOUNT#wallet']);
  });

  it('answers a retry `exists` from a serializable snapshot that includes its own id', async () => {
    const { ledger, calls } = await setUp();
    await ledger.createTransfers([hold('hold-1', 100)]);
    calls.length = 0;
    const [retry] = await ledger.createTransfers([hold('hold-1', 100)]);
    expect(retry?.result).toBe('exists');
    const serializable = calls.filter((call) => call.command === 'TransactGetItemsCommand');
    expect(serializable).toHaveLength(1);
    expect(serializable[0]?.keys).toContain('TRANSFER#hold-1');
    expect((await ledger.getAccount('wallet')).balances.pending).toBe(-100);
  });

  it('refuses a post with the precise code when a void commits between its two reads', async () => {
    const { ledger, hooks, calls } = await setUp();
    await ledger.createTransfers([hold('hold-1', 100)]);
    calls.length = 0;
    let voided = false;
    hooks.before = async (call) => {
      // The second read of the post (the accounts the hold names) sees the void's balances.
      if (voided || call.command !== 'BatchGetItemCommand' || !call.keys.includes('ACCOUNT#wallet')) return;
      voided = true;
      hooks.before = undefined;
      await ledger.voidPending({ id: 'void-1', pendingId: 'hold-1' });
    };
    await expect(ledger.postPending({ id: 'post-1', pendingId: 'hold-1' })).rejects.toMatchObject({
      code: 'PENDING_TRANSFER_ALREADY_VOIDED',
    });
    expect(voided).toBe(true);
    expect((await ledger.getAccount('wallet')).balances).toMatchObject({ pending: 0, posted: 1_000 });
  });

  it('settles a batch of purchases in one transaction with one update of each hot account', async () => {
    const fixture = await setUp();

    const updated = await settleTenPurchases(fixture, 'shop');

    expect(updated.filter((key) => key.startsWith('BALANCE#fees#'))).toHaveLength(1);
    expect(fixture.calls.filter((call) => call.command === 'TransactGetItemsCommand')).toHaveLength(0);
    expect((await fixture.ledger.getAccount('fees')).balances.posted).toBe(100);
  });

  it('posts a batch of holds into one sharded account with one update of it, its shards summing to the exact balance', async () => {
    const fixture = await setUp();
    const { ledger, documentClient, tableName } = fixture;
    const shards = 16;
    await ledger.createAccount({ id: 'revenue', currency: 'JPY', balanceShards: shards });

    const updated = await settleTenPurchases(fixture, 'revenue');

    expect(updated.filter((key) => key.startsWith('BALANCE#revenue#'))).toHaveLength(1);
    expect(updated.filter((key) => key.startsWith('BALANCE#fees#'))).toHaveLength(1);
    const revenue = await ledger.getAccount('revenue');
    expect(revenue.balances).toMatchObject({
      creditsPosted: 1_000,
      debitsPosted: 100,
      creditsPending: 0,
      posted: 900,
      pending: 0,
    });
    // The batch's shard took every hold's pending credit out, so its own pending counter is below
    // zero while the shards the holds were placed on keep theirs: only the sum is a balance.
    const stored = await Promise.all(
      Array.from({ length: shards }, async (_, shard) => {
        const answer = await documentClient.send(
          new GetCommand({ TableName: tableName, Key: balanceShardKey('revenue', shard), ConsistentRead: true }),
        );
        expect(answer.Item, `balance shard ${shard} of revenue`).toBeDefined();
        return parseBalances(answer.Item ?? {});
      }),
    );
    expect(stored.some((balances) => balances.creditsPending < 0n)).toBe(true);
    expect(sumBalances(stored)).toEqual({ debitsPosted: 100n, creditsPosted: 1_000n, debitsPending: 0n, creditsPending: 0n });
  });
});
