import { afterAll, describe, expect, it } from 'vitest';
import { DynamoDbLedgerAccounts } from '../../../shared/adapters/aws/ledger-accounts-dynamodb';
import { DynamoDbLedgerEntries } from '../../../shared/adapters/aws/ledger-entries-dynamodb';
import { DynamoDbLedgerQueries } from '../../../shared/adapters/aws/ledger-queries-dynamodb';
import { DynamoDbLedgerTransfers } from '../../../shared/adapters/aws/ledger-transfers-dynamodb';
import type { EntryView, LedgerEntries } from '../../../shared/domain/ledger';
import { DomainError, type ErrorCode } from '../../../shared/errors';
import { create, openWallet, openWorld } from '../../contract/ledger-contract';
import { dropDynamoLedgers, makeDynamoLedger } from './table';

/**
 * The narrow levels of the DynamoDB ledger (queries; opening accounts; moving money) and its
 * history apart are the classes the read-only, history, account-opening and money-moving
 * functions are wired with. They
 * share the full ledger's table, so each is checked here against what the full
 * DynamoDbLedger wrote, and the full ledger against what the narrower levels wrote.
 */
afterAll(dropDynamoLedgers);

const levels = async (balanceShardsDefault?: number) => {
  const fixture = await makeDynamoLedger(balanceShardsDefault === undefined ? {} : { balanceShardsDefault });
  const queries = new DynamoDbLedgerQueries({ client: fixture.client, tableName: fixture.tableName });
  const history = new DynamoDbLedgerEntries({ client: fixture.client, tableName: fixture.tableName });
  const accounts = new DynamoDbLedgerAccounts({
    client: fixture.documentClient,
    tableName: fixture.tableName,
    clock: fixture.clock,
    ...(balanceShardsDefault === undefined ? {} : { balanceShardsDefault }),
  });
  const transfers = new DynamoDbLedgerTransfers({
    client: fixture.documentClient,
    tableName: fixture.tableName,
    clock: fixture.clock,
    ...(balanceShardsDefault === undefined ? {} : { balanceShardsDefault }),
  });
  return { ...fixture, queries, history, accounts, transfers };
};

const failureOf = async (action: Promise<unknown>, code: ErrorCode): Promise<DomainError> => {
  const error: unknown = await action.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error, `expected ${code}`).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
  return error as DomainError;
};

const allEntries = async (ledger: LedgerEntries, accountId: string, limit: number): Promise<EntryView[][]> => {
  const pages: EntryView[][] = [];
  let cursor: string | undefined;
  const pagesMax = 100;
  do {
    const page = await ledger.listEntries(accountId, { limit, ...(cursor === undefined ? {} : { cursor }) });
    pages.push([...page.entries]);
    cursor = page.nextCursor;
  } while (cursor !== undefined && pages.length < pagesMax);
  return pages;
};

describe('DynamoDbLedgerQueries and DynamoDbLedgerEntries', () => {
  it('reads an exact account, a transfer and a history as the full ledger wrote and reads them', async () => {
    // Prepare
    const { ledger, clock, queries, history } = await levels();
    await openWorld(ledger);
    await openWallet(ledger, 'alice', 1_000);
    await ledger.createAccount({ id: 'shop', currency: 'JPY' });
    clock.advanceSeconds(1);
    await ledger.createTransfers([create('buy-1', 'alice', 'shop', 300)]);
    clock.advanceSeconds(1);
    await ledger.createTransfers([create('hold-1', 'alice', 'shop', 200, { timeoutSeconds: 600 })]);

    // Act
    const account = await queries.getAccount('alice');
    const transfer = await queries.getTransfer('hold-1');
    const pages = await allEntries(history, 'alice', 2);

    // Assess
    expect(account).toEqual(await ledger.getAccount('alice'));
    expect(account.balances).toMatchObject({ posted: 700, debitsPending: 200, available: 500 });
    expect(transfer).toEqual(await ledger.getTransfer('hold-1'));
    expect(transfer).toMatchObject({ debitAccountId: 'alice', creditAccountId: 'shop', amountMinor: 200, state: 'pending' });
    expect(pages).toEqual(await allEntries(ledger, 'alice', 2));
    expect(pages.flat().map((entry) => entry.transferId)).toEqual(['fund-alice', 'buy-1', 'hold-1']);
    expect(pages.flat().map((entry) => entry.postedBalanceAfter)).toEqual([1_000, 700, 700]);
  });

  it("sums a sharded account's shards and merges its history across them in time order", async () => {
    // Prepare
    const { ledger, clock, queries, history } = await levels();
    await openWorld(ledger);
    await ledger.createAccount({ id: 'fees', currency: 'JPY', balanceShards: 4 });
    // Each transfer's entry lands on the shard its id hashes to: these eight cover all four.
    const amounts = [10, 20, 30, 40, 50, 60, 70, 80];
    for (const [index, amountMinor] of amounts.entries()) {
      clock.advanceSeconds(1);
      await ledger.createTransfers([create(`fee-${index}`, 'world', 'fees', amountMinor)]);
    }

    // Act
    const account = await queries.getAccount('fees');
    const pages = await allEntries(history, 'fees', 3);

    // Assess
    expect(account.balanceShards).toBe(4);
    expect(account).toEqual(await ledger.getAccount('fees'));
    expect(account.balances).toMatchObject({ creditsPosted: 360, posted: 360 });
    expect(pages.map((page) => page.length)).toEqual([3, 3, 2]);
    expect(pages).toEqual(await allEntries(ledger, 'fees', 3));
    const entries = pages.flat();
    expect(entries.map((entry) => entry.transferId)).toEqual(amounts.map((_, index) => `fee-${index}`));
    expect(entries.map((entry) => entry.postedBalanceAfter)).toEqual([10, 30, 60, 100, 150, 210, 280, 360]);
  });

  it('answers what is absent, and a cursor it did not hand out, with the codes of the full ledger', async () => {
    // Prepare
    const { ledger, queries, history } = await levels();
    await openWorld(ledger);

    // Act
    const missingAccount = await failureOf(queries.getAccount('nobody'), 'ACCOUNT_NOT_FOUND');
    const missingTransfer = await failureOf(queries.getTransfer('nothing'), 'TRANSFER_NOT_FOUND');
    const missingHistory = await failureOf(history.listEntries('nobody', { limit: 10 }), 'ACCOUNT_NOT_FOUND');
    const badCursor = await failureOf(history.listEntries('world', { limit: 10, cursor: 'not-a-cursor' }), 'INVALID_CURSOR');

    // Assess
    expect(missingAccount.message).toBe((await failureOf(ledger.getAccount('nobody'), 'ACCOUNT_NOT_FOUND')).message);
    expect(missingTransfer.message).toBe((await failureOf(ledger.getTransfer('nothing'), 'TRANSFER_NOT_FOUND')).message);
    expect(missingHistory.message).toBe(missingAccount.message);
    expect(badCursor.fields.map((issue) => issue.field)).toEqual(['cursor']);
  });
});

describe('DynamoDbLedgerAccounts', () => {
  it('opens accounts that the full ledger moves money through', async () => {
    // Prepare
    const { ledger, accounts } = await levels();

    // Act
    const world = await accounts.createAccount({ id: 'world', currency: 'JPY' });
    const wallet = await accounts.createAccount({ id: 'bob', currency: 'JPY', flags: { debitsMustNotExceedCredits: true } });
    const hot = await accounts.createAccount({ id: 'revenue', currency: 'JPY', balanceShards: 3 });
    await ledger.createTransfers([create('fund-bob', 'world', 'bob', 500), create('spend-bob', 'bob', 'revenue', 200)]);

    // Assess
    expect([world.result, wallet.result, hot.result]).toEqual(['created', 'created', 'created']);
    expect(hot.account.balanceShards).toBe(3);
    expect(await accounts.getAccount('bob')).toEqual(await ledger.getAccount('bob'));
    expect((await accounts.getAccount('bob')).balances).toMatchObject({ posted: 300, available: 300 });
    expect((await accounts.getAccount('revenue')).balances).toMatchObject({ posted: 200 });
    await failureOf(ledger.createTransfers([create('overdraw', 'bob', 'revenue', 301)]), 'EXCEEDS_CREDITS');
  });

  it('answers exists, with the current balances, for an account opened again with the same fields', async () => {
    // Prepare
    const { ledger, accounts } = await levels();
    await openWorld(ledger);
    await openWallet(ledger, 'carol', 400);
    await ledger.createAccount({ id: 'fees', currency: 'JPY', balanceShards: 2 });
    await ledger.createTransfers([create('fee', 'carol', 'fees', 150)]);

    // Act
    const wallet = await accounts.createAccount({ id: 'carol', currency: 'JPY', flags: { debitsMustNotExceedCredits: true } });
    const fees = await accounts.createAccount({ id: 'fees', currency: 'JPY', balanceShards: 2 });

    // Assess
    expect(wallet.result).toBe('exists');
    expect(wallet.account).toEqual(await ledger.getAccount('carol'));
    expect(wallet.account.balances).toMatchObject({ posted: 250 });
    expect(fees.result).toBe('exists');
    expect(fees.account.balances).toMatchObject({ posted: 150 });
  });

  it('refuses an account opened again with a different field, naming the field', async () => {
    // Prepare
    const { ledger, accounts } = await levels();
    await ledger.createAccount({ id: 'dave', currency: 'JPY', flags: { debitsMustNotExceedCredits: true } });

    // Act
    const error = await failureOf(
      accounts.createAccount({ id: 'dave', currency: 'USD', flags: { debitsMustNotExceedCredits: true } }),
      'ACCOUNT_EXISTS_WITH_DIFFERENT_FIELDS',
    );

    // Assess
    expect(error.fields.map((issue) => issue.field)).toEqual(['currency']);
    expect((await ledger.getAccount('dave')).currency).toBe('JPY');
  });

  it('gives an account without a limit flag the configured number of shards when its creator does not choose', async () => {
    // Prepare
    const { ledger, accounts } = await levels(4);

    // Act
    const { account } = await accounts.createAccount({ id: 'platform', currency: 'JPY' });

    // Assess
    expect(account.balanceShards).toBe(4);
    expect(await ledger.getAccount('platform')).toEqual(account);
  });
});

describe('DynamoDbLedgerTransfers', () => {
  it('places, posts part of and voids holds as the full ledger reads them back', async () => {
    // Prepare
    const { ledger, clock, transfers } = await levels();
    await openWorld(transfers);
    await openWallet(transfers, 'erin', 1_000);
    await transfers.createAccount({ id: 'venue', currency: 'JPY', balanceShards: 2 });
    clock.advanceSeconds(1);

    // Act
    const holds = await transfers.createTransfers([
      create('hold-a', 'erin', 'venue', 400, { timeoutSeconds: 600 }),
      create('hold-b', 'erin', 'venue', 100, { timeoutSeconds: 600 }),
    ]);
    clock.advanceSeconds(1);
    const posted = await transfers.postPending({ id: 'post-a', pendingId: 'hold-a', amountMinor: 300 });
    const voided = await transfers.voidPending({ id: 'void-b', pendingId: 'hold-b' });
    const postedAgain = await transfers.postPending({ id: 'post-a', pendingId: 'hold-a', amountMinor: 300 });

    // Assess
    expect(holds.map((outcome) => [outcome.result, outcome.transfer.state])).toEqual([
      ['created', 'pending'],
      ['created', 'pending'],
    ]);
    expect([posted.result, voided.result, postedAgain.result]).toEqual(['created', 'created', 'exists']);
    expect(postedAgain.transfer).toEqual(posted.transfer);
    expect(await ledger.getTransfer('hold-a')).toMatchObject({ state: 'posted', resolvedByTransferId: 'post-a' });
    expect(await ledger.getTransfer('hold-b')).toMatchObject({ state: 'voided', resolvedByTransferId: 'void-b' });
    expect(await ledger.getTransfer('post-a')).toEqual(posted.transfer);
    expect((await ledger.getAccount('erin')).balances).toMatchObject({ posted: 700, debitsPending: 0, available: 700 });
    expect((await ledger.getAccount('venue')).balances).toMatchObject({ creditsPosted: 300, creditsPending: 0 });
    const history = (await allEntries(ledger, 'erin', 10)).flat();
    expect(history.map((entry) => [entry.transferId, entry.kind])).toEqual([
      ['fund-erin', 'single'],
      ['hold-a', 'pending'],
      ['hold-b', 'pending'],
      ['post-a', 'post'],
      ['void-b', 'void'],
    ]);
    await failureOf(transfers.voidPending({ pendingId: 'hold-a' }), 'PENDING_TRANSFER_ALREADY_POSTED');
    await failureOf(ledger.voidPending({ pendingId: 'hold-a' }), 'PENDING_TRANSFER_ALREADY_POSTED');
  });

  it('commits linked transfers all or none, answering a retry with exists and a failing leg with its code', async () => {
    // Prepare
    const { ledger, transfers } = await levels();
    await openWorld(ledger);
    await openWallet(ledger, 'frank', 500);
    await ledger.createAccount({ id: 'shop', currency: 'JPY' });
    await ledger.createAccount({ id: 'fees', currency: 'JPY', balanceShards: 3 });
    const linked = [create('sale', 'frank', 'shop', 450), create('fee', 'shop', 'fees', 45)];

    // Act
    const created = await transfers.createTransfers(linked);
    const retried = await transfers.createTransfers(linked);
    const refused = await failureOf(
      transfers.createTransfers([create('tip', 'world', 'shop', 10), create('overdraw', 'frank', 'shop', 51)]),
      'EXCEEDS_CREDITS',
    );

    // Assess
    expect(created.map((outcome) => outcome.result)).toEqual(['created', 'created']);
    expect(retried.map((outcome) => outcome.result)).toEqual(['exists', 'exists']);
    expect(retried.map((outcome) => outcome.transfer)).toEqual(created.map((outcome) => outcome.transfer));
    expect(await ledger.getTransfer('sale')).toEqual(created[0]?.transfer);
    expect((await ledger.getAccount('frank')).balances).toMatchObject({ posted: 50 });
    expect((await ledger.getAccount('shop')).balances).toMatchObject({ posted: 405 });
    expect((await ledger.getAccount('fees')).balances).toMatchObject({ posted: 45 });
    expect(refused.extensions).toMatchObject({ index: 1 });
    await failureOf(ledger.getTransfer('tip'), 'TRANSFER_NOT_FOUND');
  });

  it("leaves a hold it placed for the full ledger's expiry sweep", async () => {
    // Prepare
    const { ledger, clock, transfers } = await levels();
    await openWorld(transfers);
    await openWallet(transfers, 'gina', 300);
    await transfers.createTransfers([create('lapsing', 'gina', 'world', 120, { timeoutSeconds: 30 })]);
    clock.advanceSeconds(90);

    // Act
    const sweep = await ledger.expireDue({ limit: 10 });

    // Assess
    expect(sweep.expired).toEqual(['lapsing']);
    expect(await transfers.getTransfer('lapsing')).toMatchObject({ state: 'expired' });
    expect((await transfers.getAccount('gina')).balances).toMatchObject({ debitsPending: 0, available: 300 });
    await failureOf(transfers.postPending({ pendingId: 'lapsing' }), 'PENDING_TRANSFER_EXPIRED');
  });
});
