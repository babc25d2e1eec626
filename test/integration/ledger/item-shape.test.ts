import { afterAll, describe, expect, it } from 'vitest';
import { QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { openWallet, openWorld } from '../../contract/ledger-contract';
import { ledgerTable } from '../../../shared/resources/tables';
import { dropDynamoLedgers, makeDynamoLedger, newDynamoClient, type DynamoLedgerFixture } from './table';

/**
 * The ledger's item model on DynamoDB Local: a transfer is ONE item that carries its history
 * entry, filed under both accounts by the `debit-entries` and `credit-entries` indexes, and
 * resolving a hold changes nothing those indexes project (so it writes no history index entry).
 */
afterAll(dropDynamoLedgers);

interface TransactAction {
  readonly Put?: { readonly Item?: Record<string, { S?: string }> };
  readonly Update?: {
    readonly Key?: Record<string, { S?: string }>;
    readonly UpdateExpression?: string;
    readonly ExpressionAttributeNames?: Record<string, string>;
  };
}

/** Every TransactWriteItems the ledger sends, as marshalled on the wire. */
const observeTransactions = (client: DynamoDBClient): TransactAction[][] => {
  const transactions: TransactAction[][] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'TransactWriteItemsCommand') {
        transactions.push(((args.input as { TransactItems?: TransactAction[] }).TransactItems ?? []).slice());
      }
      return next(args);
    },
    { step: 'build', name: 'ledgerShapeObserver' },
  );
  return transactions;
};

const historyIndexes = ledgerTable.globalIndexes.filter((index) => index.indexName.endsWith('-entries'));

/** The index entries filed under one account's entries partition (shard 0), in each history index. */
const indexEntries = async (fixture: DynamoLedgerFixture, accountId: string) => {
  const byIndex: Record<string, Record<string, unknown>[]> = {};
  for (const index of historyIndexes) {
    const answer = await fixture.documentClient.send(
      new QueryCommand({
        TableName: fixture.tableName,
        IndexName: index.indexName,
        KeyConditionExpression: '#partition = :pk',
        ExpressionAttributeNames: { '#partition': index.partitionKey.name },
        ExpressionAttributeValues: { ':pk': `ENTRIES#${accountId}#0` },
      }),
    );
    byIndex[index.indexName] = answer.Items ?? [];
  }
  return byIndex;
};

/** The attribute names an update expression sets or removes. */
const attributesUpdated = (update: NonNullable<TransactAction['Update']>): string[] =>
  (update.UpdateExpression ?? '')
    .split(/\b(?:SET|REMOVE|ADD|DELETE)\b|,/)
    .map((clause) => clause.trim().split(/\s*=\s*|\s+/)[0] ?? '')
    .filter((name) => name !== '')
    .map((name) => update.ExpressionAttributeNames?.[name] ?? name);

const setUp = async () => {
  const client = newDynamoClient();
  const fixture = await makeDynamoLedger({ client });
  await openWorld(fixture.ledger);
  await openWallet(fixture.ledger, 'wallet', 1_000);
  await fixture.ledger.createAccount({ id: 'shop', currency: 'JPY', balanceShards: 1 });
  return { fixture, transactions: observeTransactions(client) };
};

describe('DynamoDB ledger item model', () => {
  it('writes one item per transfer besides the balances and files it in both accounts histories', async () => {
    const { fixture, transactions } = await setUp();
    await fixture.ledger.createTransfers([
      { action: 'create', id: 'pay-1', debitAccountId: 'wallet', creditAccountId: 'shop', amountMinor: 300, currency: 'JPY' },
    ]);

    expect(transactions).toHaveLength(1);
    const puts = (transactions[0] ?? []).flatMap((action) => (action.Put === undefined ? [] : [action.Put.Item?.['pk']?.S]));
    const updates = (transactions[0] ?? []).flatMap((action) =>
      action.Update === undefined ? [] : [action.Update.Key?.['pk']?.S],
    );
    expect(puts).toEqual(['TRANSFER#pay-1']);
    expect(updates.sort()).toEqual(['ACCOUNT#shop', 'ACCOUNT#wallet']);

    const scanned = await fixture.documentClient.send(new ScanCommand({ TableName: fixture.tableName }));
    const partitions = (scanned.Items ?? []).map((item) => String(item['pk']));
    expect(partitions.filter((pk) => pk.startsWith('ENTRIES#'))).toEqual([]);

    const walletIndexed = await indexEntries(fixture, 'wallet');
    const shopIndexed = await indexEntries(fixture, 'shop');
    expect(walletIndexed['debit-entries']?.map((item) => item['id'])).toEqual(['pay-1']);
    expect(walletIndexed['credit-entries']?.map((item) => item['id'])).toEqual(['fund-wallet']);
    expect(shopIndexed['debit-entries']).toEqual([]);
    expect(shopIndexed['credit-entries']?.map((item) => item['id'])).toEqual(['pay-1']);
    const wallet = await fixture.ledger.listEntries('wallet', { limit: 10 });
    const shop = await fixture.ledger.listEntries('shop', { limit: 10 });
    expect(wallet.entries.map((entry) => [entry.transferId, entry.side, entry.postedBalanceAfter])).toEqual([
      ['fund-wallet', 'credit', 1_000],
      ['pay-1', 'debit', 700],
    ]);
    expect(shop.entries.map((entry) => [entry.transferId, entry.side, entry.postedBalanceAfter])).toEqual([
      ['pay-1', 'credit', 300],
    ]);
  });

  it('posts a hold without changing what the history indexes hold for it', async () => {
    const { fixture, transactions } = await setUp();
    await fixture.ledger.createTransfers([
      {
        action: 'create',
        id: 'hold-1',
        debitAccountId: 'wallet',
        creditAccountId: 'shop',
        amountMinor: 400,
        currency: 'JPY',
        timeoutSeconds: 600,
      },
    ]);
    const walletBefore = await indexEntries(fixture, 'wallet');
    const shopBefore = await indexEntries(fixture, 'shop');
    transactions.length = 0;

    await fixture.ledger.postPending({ pendingId: 'hold-1', amountMinor: 250 });

    // The hold's update sets and removes only attributes neither history index projects or keys on.
    const holdUpdate = (transactions[0] ?? []).find((action) => action.Update?.Key?.['pk']?.S === 'TRANSFER#hold-1')?.Update;
    expect(holdUpdate).toBeDefined();
    const touched = attributesUpdated(holdUpdate ?? {});
    expect(touched.sort()).toEqual(['dueSk', 'duePk', 'resolvedByTransferId', 'state'].sort());
    for (const index of historyIndexes) {
      const indexed = [
        index.partitionKey.name,
        index.sortKey?.name,
        ...(index.projection.type === 'INCLUDE' ? index.projection.attributes : []),
      ];
      expect(index.projection.type).toBe('INCLUDE');
      expect(touched.filter((name) => indexed.includes(name))).toEqual([]);
    }

    // The hold's index entries are as they were; the post is added beside them.
    const walletAfter = await indexEntries(fixture, 'wallet');
    const shopAfter = await indexEntries(fixture, 'shop');
    expect(walletAfter['debit-entries']?.filter((item) => item['id'] === 'hold-1')).toEqual(
      walletBefore['debit-entries']?.filter((item) => item['id'] === 'hold-1'),
    );
    expect(shopAfter['credit-entries']?.filter((item) => item['id'] === 'hold-1')).toEqual(
      shopBefore['credit-entries']?.filter((item) => item['id'] === 'hold-1'),
    );
    expect(walletAfter['debit-entries']?.map((item) => [item['id'], item['kind']])).toEqual([
      ['hold-1', 'pending'],
      [expect.any(String), 'post'],
    ]);
    expect(walletAfter['debit-entries']?.[0]?.['state']).toBeUndefined();
    expect((await fixture.ledger.getTransfer('hold-1')).state).toBe('posted');
  });
});
