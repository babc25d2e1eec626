import { randomBytes } from 'node:crypto';
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbLedger } from '../shared/adapters/aws/ledger-dynamodb';
import { createTableInput } from '../shared/adapters/aws/table-schema';
import { ledgerTable } from '../shared/resources/tables';
import { LEDGER_BALANCE_SHARDS_DEFAULT } from '../shared/limits';
import { systemClock } from '../shared/ports';
import { runPool } from './pool';
import { createTransfer } from '../test/fixtures/transfers';

/**
 * Ledger figures (docs/ledger.md explains the model):
 *  - write units per transfer for a single transfer, a 3-leg linked batch and a hold then
 *    its post, as DynamoDB Local reports them (ReturnConsumedCapacity INDEXES on every
 *    TransactWriteItems) next to the count of items written (2 WCU per item ≤ 1 KB);
 *  - writes per partition key per transfer into one hot account, and from them the modelled
 *    maximum sustained transfers/s into it under the 1,000 WCU/s per-partition limit, for a
 *    single exact balance item versus the sharded design;
 *  - transfers per second against the emulator (far slower than AWS: for comparing versions
 *    of kippu on one machine, not a production prediction).
 */
const PARTITION_WRITE_UNITS_PER_SECOND = 1_000;
const TRANSACTIONAL_WRITE_UNITS_PER_ITEM = 2;
const HOT_ACCOUNT_TRANSFERS = 480;
const THROUGHPUT_TRANSFERS = 500;
const THROUGHPUT_CONCURRENCY = 16;
const THROUGHPUT_WALLETS = 50;

interface WriteTally {
  /** What DynamoDB Local reports; its transactional figures are inconsistent, so only shown. */
  reportedWriteUnits: number;
  /**
   * Index writes: a hold adds a `due` entry, its resolution removes it; each transfer item is
   * in `debit-entries` and `credit-entries` (resolving a hold changes nothing they project).
   */
  indexWrites: number;
  itemsWritten: number;
  transactions: number;
  itemsPerPartitionKey: Map<string, number>;
}

const newTally = (): WriteTally => ({
  reportedWriteUnits: 0,
  indexWrites: 0,
  itemsWritten: 0,
  transactions: 0,
  itemsPerPartitionKey: new Map(),
});

const partitionKeyOf = (transactItem: unknown): string | undefined => {
  if (typeof transactItem !== 'object' || transactItem === null) return undefined;
  for (const action of Object.values(transactItem)) {
    if (typeof action !== 'object' || action === null) continue;
    const record = action as Record<string, unknown>;
    const keyHolder = (record['Item'] ?? record['Key']) as Record<string, { S?: string }> | undefined;
    const partitionKey = keyHolder?.['pk']?.S;
    if (partitionKey !== undefined) return partitionKey;
  }
  return undefined;
};

const indexWritesOf = (transactItem: unknown): number => {
  const text = JSON.stringify(transactItem);
  return (
    Number(text.includes('"duePk":') || text.includes('REMOVE duePk')) +
    Number(text.includes('"debitPk":')) +
    Number(text.includes('"creditPk":'))
  );
};

/** Counts what every TransactWriteItems writes: reported capacity, items, items per partition key. */
const instrument = (client: DynamoDBClient, tally: { current: WriteTally }): void => {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'TransactWriteItemsCommand') return next(args);
      (args.input as Record<string, unknown>)['ReturnConsumedCapacity'] = 'INDEXES';
      const result = await next(args);
      const output = result.output as { ConsumedCapacity?: { CapacityUnits?: number }[] };
      for (const consumed of output.ConsumedCapacity ?? []) tally.current.reportedWriteUnits += consumed.CapacityUnits ?? 0;
      return result;
    },
    { step: 'initialize', name: 'ledgerBenchCapacity' },
  );
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'TransactWriteItemsCommand') return next(args);
      // By the build step the document client has marshalled the items, so keys read as { S }.
      const items = ((args.input as Record<string, unknown>)['TransactItems'] ?? []) as unknown[];
      const result = await next(args);
      tally.current.transactions += 1;
      tally.current.itemsWritten += items.length;
      for (const item of items) {
        const partitionKey = partitionKeyOf(item) ?? 'unknown';
        tally.current.itemsPerPartitionKey.set(partitionKey, (tally.current.itemsPerPartitionKey.get(partitionKey) ?? 0) + 1);
        tally.current.indexWrites += indexWritesOf(item);
      }
      return result;
    },
    { step: 'build', name: 'ledgerBenchItems' },
  );
};

export async function benchLedger(print: (line: string) => void): Promise<void> {
  const client = new DynamoDBClient({});
  const tableName = `kippu-bench-ledger-${randomBytes(4).toString('hex')}`;
  await client.send(new CreateTableCommand(createTableInput(tableName, ledgerTable)));
  const tally = { current: newTally() };
  instrument(client, tally);
  const documentClient = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const ledger = new DynamoDbLedger({ client: documentClient, tableName, clock: systemClock });
  const measure = async (label: string, transfers: number, action: () => Promise<unknown>): Promise<WriteTally> => {
    tally.current = newTally();
    await action();
    const measured = tally.current;
    const modelledWriteUnits = measured.itemsWritten * TRANSACTIONAL_WRITE_UNITS_PER_ITEM + measured.indexWrites;
    print(
      `ledger: ${label}: ${modelledWriteUnits / transfers} WCU per transfer, modelled from the instrumented client ` +
        `(${measured.itemsWritten} items in ${measured.transactions} transaction(s) × ${TRANSACTIONAL_WRITE_UNITS_PER_ITEM} WCU + ` +
        `${measured.indexWrites} index write(s); DynamoDB Local reported ${measured.reportedWriteUnits} in total, ` +
        `not reliable for transactions)`,
    );
    return measured;
  };

  try {
    await ledger.createAccount({ id: 'world', currency: 'JPY' });
    await ledger.createAccount({ id: 'wallet', currency: 'JPY', flags: { debitsMustNotExceedCredits: true } });
    await ledger.createAccount({ id: 'clearing', currency: 'JPY' });
    await ledger.createAccount({ id: 'provider', currency: 'JPY' });
    await ledger.createAccount({ id: 'fees', currency: 'JPY' });
    await ledger.createAccount({ id: 'fees-exact', currency: 'JPY', balanceShards: 1 });
    await ledger.createTransfers([createTransfer('fund-wallet', 'world', 'wallet', 1_000_000_000)]);

    // Write units per transfer type.
    await measure('single transfer', 1, () => ledger.createTransfers([createTransfer('single', 'wallet', 'provider', 100)]));
    await measure('3-leg linked batch', 3, () =>
      ledger.createTransfers([
        createTransfer('linked-1', 'wallet', 'clearing', 100),
        createTransfer('linked-2', 'clearing', 'provider', 90),
        createTransfer('linked-3', 'clearing', 'fees', 10),
      ]),
    );
    await measure('hold then post (2 calls, per business transfer)', 1, async () => {
      await ledger.createTransfers([createTransfer('hold', 'wallet', 'provider', 100, 600)]);
      await ledger.postPending({ pendingId: 'hold' });
    });

    // Writes per partition key into one hot account: exact (one balance item) vs sharded.
    const hotAccount = async (accountId: string, label: string): Promise<void> => {
      tally.current = newTally();
      await runPool(HOT_ACCOUNT_TRANSFERS, THROUGHPUT_CONCURRENCY, (index) =>
        ledger.createTransfers([createTransfer(`${accountId}-${index}`, 'wallet', accountId, 1)]),
      );
      const hotKeys = [...tally.current.itemsPerPartitionKey.entries()].filter(
        ([partitionKey]) => partitionKey.split('#')[1] === accountId,
      );
      const hottest = Math.max(...hotKeys.map(([, items]) => items));
      const writeUnitsPerTransferOnHottestKey = (hottest * TRANSACTIONAL_WRITE_UNITS_PER_ITEM) / HOT_ACCOUNT_TRANSFERS;
      print(
        `ledger: hot account, ${label}: ${hotKeys.length} partition keys written; hottest key takes ` +
          `${writeUnitsPerTransferOnHottestKey.toFixed(3)} WCU per transfer → modelled max ` +
          `${Math.floor(PARTITION_WRITE_UNITS_PER_SECOND / writeUnitsPerTransferOnHottestKey)} transfers/s into the account ` +
          `(1,000 WCU/s per partition; measured over ${HOT_ACCOUNT_TRANSFERS} transfers)`,
      );
    };
    await hotAccount('fees-exact', 'single exact balance item (single-partition design)');
    await hotAccount(
      'fees',
      // Its entries go to 16 partitions of the history indexes, 1 WCU per transfer each: half a balance shard's load.
      `${LEDGER_BALANCE_SHARDS_DEFAULT} balance shards + ${LEDGER_BALANCE_SHARDS_DEFAULT} history index partitions`,
    );
    print(
      `ledger: hot account, evenly spread ideal: ${LEDGER_BALANCE_SHARDS_DEFAULT} shards × ` +
        `${PARTITION_WRITE_UNITS_PER_SECOND / TRANSACTIONAL_WRITE_UNITS_PER_ITEM} = ` +
        `${(LEDGER_BALANCE_SHARDS_DEFAULT * PARTITION_WRITE_UNITS_PER_SECOND) / TRANSACTIONAL_WRITE_UNITS_PER_ITEM} transfers/s`,
    );

    // Throughput against the emulator: many wallets paying one sharded fee account.
    for (let wallet = 0; wallet < THROUGHPUT_WALLETS; wallet += 1) {
      await ledger.createAccount({ id: `payer-${wallet}`, currency: 'JPY', flags: { debitsMustNotExceedCredits: true } });
      await ledger.createTransfers([createTransfer(`fund-payer-${wallet}`, 'world', `payer-${wallet}`, 1_000_000)]);
    }
    const startedMs = performance.now();
    await runPool(THROUGHPUT_TRANSFERS, THROUGHPUT_CONCURRENCY, (index) =>
      ledger.createTransfers([createTransfer(`pay-${index}`, `payer-${index % THROUGHPUT_WALLETS}`, 'fees', 10)]),
    );
    const elapsedSeconds = (performance.now() - startedMs) / 1000;
    print(
      `ledger: ${THROUGHPUT_TRANSFERS} transfers at concurrency ${THROUGHPUT_CONCURRENCY} against DynamoDB Local: ` +
        `${(THROUGHPUT_TRANSFERS / elapsedSeconds).toFixed(0)} transfers/s (${elapsedSeconds.toFixed(2)} s)`,
    );
    const fees = await ledger.getAccount('fees');
    print(
      `ledger: fee account after the run: posted ${fees.balances.posted} (reading it took ${fees.balanceShards} shard reads)`,
    );
  } finally {
    await client.send(new DeleteTableCommand({ TableName: tableName }));
  }
}
