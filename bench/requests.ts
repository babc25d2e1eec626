import { dynamoDocumentClient } from '../shared/adapters/aws/clients';
import { kms } from '../shared/adapters/aws/kms-client';
import { scheduler } from '../shared/adapters/aws/scheduler-client';
import { sqs } from '../shared/adapters/aws/sqs-client';
import { REPORTED_WRITES, dynamoCapacity, itemKindOf } from './capacity';

/**
 * Every AWS SDK request a bench makes through kippu's shared clients (DynamoDB, KMS, SQS,
 * Scheduler), counted by middleware, with DynamoDB capacity per capacity.ts. `tally.current`
 * is swapped to count a phase apart (a warm-up, say).
 */
export interface Tally {
  dynamoRequests: Map<string, number>;
  /**
   * DynamoDB requests that failed, by request and error (`TransactWriteItems TransactionCanceledException`):
   * counted apart and not in the units, since capacity.ts models only the requests that
   * succeeded (DynamoDB bills a refused conditional write too).
   */
  dynamoFailures: Map<string, number>;
  writeUnits: number;
  readUnits: number;
  writesByPartition: Map<string, number>;
  /** Write units by request and kind of item (`TransactWriteItems ledger ENTRIES`). */
  writesByKind: Map<string, number>;
  /** Read units by request, kind of item and how it was read (`GetItem core RESERVATION consistent`). */
  readsByKind: Map<string, number>;
  /** Items read (a miss counts as one) by the same keys as `readsByKind`. */
  itemReadsByKind: Map<string, number>;
  kmsRequests: Map<string, number>;
  sqsRequests: Map<string, number>;
  schedulerRequests: Map<string, number>;
  /** Milliseconds spent in the event source mapping's own requests (ReceiveMessage, DeleteMessageBatch). */
  pollingMs: number;
}

export const newTally = (): Tally => ({
  dynamoRequests: new Map(),
  dynamoFailures: new Map(),
  writeUnits: 0,
  readUnits: 0,
  writesByPartition: new Map(),
  writesByKind: new Map(),
  readsByKind: new Map(),
  itemReadsByKind: new Map(),
  kmsRequests: new Map(),
  sqsRequests: new Map(),
  schedulerRequests: new Map(),
  pollingMs: 0,
});
/** The SQS requests Lambda's event source mapping makes for a worker (not billed as the function's duration). */
const POLLING_COMMANDS: ReadonlySet<string> = new Set(['ReceiveMessageCommand', 'DeleteMessageBatchCommand']);
const bump = (map: Map<string, number>, key: string, by = 1) => map.set(key, (map.get(key) ?? 0) + by);

/** Adds the counting middleware to the shared clients (once per process). */
export const instrument = (tally: { current: Tally }): void => {
  dynamoDocumentClient().middlewareStack.add(
    (next, context) => async (args) => {
      const command = context.commandName ?? 'unknown';
      if (REPORTED_WRITES.has(command)) (args.input as Record<string, unknown>)['ReturnConsumedCapacity'] = 'INDEXES';
      const result = await next(args).catch((error: unknown) => {
        const name = error instanceof Error ? error.name : 'Error';
        bump(tally.current.dynamoFailures, `${command.replace(/Command$/, '')} ${name}`);
        throw error;
      });
      bump(tally.current.dynamoRequests, command);
      const use = dynamoCapacity(command, args.input as Record<string, unknown>, result.output as Record<string, unknown>);
      tally.current.writeUnits += use.write;
      tally.current.readUnits += use.read;
      for (const [partition, units] of use.writesByPartition) {
        bump(tally.current.writesByPartition, partition, units);
        bump(tally.current.writesByKind, `${command.replace(/Command$/, '')} ${itemKindOf(partition)}`, units);
      }
      for (const [modeAndPartition, units] of use.readsByPartition) {
        const space = modeAndPartition.indexOf(' ');
        const mode = modeAndPartition.slice(0, space);
        const partition = modeAndPartition.slice(space + 1);
        const kind = `${command.replace(/Command$/, '')} ${itemKindOf(partition)} ${mode}`;
        bump(tally.current.readsByKind, kind, units);
        bump(tally.current.itemReadsByKind, kind);
      }
      return result;
    },
    { step: 'initialize', name: 'benchDynamo' },
  );
  kms(process.env).middlewareStack.add(
    (next, context) => async (args) => {
      bump(tally.current.kmsRequests, context.commandName ?? 'unknown');
      return next(args);
    },
    { step: 'initialize', name: 'benchKms' },
  );
  scheduler().middlewareStack.add(
    (next, context) => async (args) => {
      bump(tally.current.schedulerRequests, context.commandName ?? 'unknown');
      return next(args);
    },
    { step: 'initialize', name: 'benchScheduler' },
  );
  sqs().middlewareStack.add(
    (next, context) => async (args) => {
      const command = context.commandName ?? 'unknown';
      bump(tally.current.sqsRequests, command);
      const started = performance.now();
      try {
        return await next(args);
      } finally {
        if (POLLING_COMMANDS.has(command)) tally.current.pollingMs += performance.now() - started;
      }
    },
    { step: 'initialize', name: 'benchSqs' },
  );
};

export const total = (map: ReadonlyMap<string, number>): number => [...map.values()].reduce((sum, value) => sum + value, 0);

/** `GetItem 2.00, PutItem 1.00`: each command's count divided by `per`. */
/** The failed DynamoDB requests per unit of work, or that there were none. */
export const describeFailuresPer = (tally: Tally, per: number): string =>
  tally.dynamoFailures.size === 0 ? 'none' : describeCountsPer(tally.dynamoFailures, per);

export const describeCountsPer = (map: ReadonlyMap<string, number>, per: number): string =>
  [...map.entries()]
    .sort(([left], [right]) => left.localeCompare(right))
    .map(([name, count]) => `${name.replace(/Command$/, '')} ${(count / per).toFixed(2)}`)
    .join(', ') || 'none';

export const countAll = (map: ReadonlyMap<string, number>): string => describeCountsPer(map, 1).replace(/\.00\b/g, '');

/** `TransactWriteItems ledger ENTRIES 8.00, PutItem core TICKET 3.00, …`: write units per `per`, largest first (the unit counts the model and DynamoDB Local give, by the request that wrote them; a sum of a transaction's items may round). */
export const describeWrites = (tally: Tally, per: number): string =>
  [...tally.writesByKind.entries()]
    .sort(([, left], [, right]) => right - left)
    .map(([kind, units]) => `${kind} ${(units / per).toFixed(2)}`)
    .join(', ') || 'none';

/**
 * `GetItem core RESERVATION consistent 2.00 (2.00 reads), …`: read units per `per` by request,
 * kind of item and how it was read, largest first, with how many reads (a query or a batch
 * counts once per partition it read) gave them.
 */
export const describeReads = (tally: Tally, per: number): string =>
  [...tally.readsByKind.entries()]
    .sort(([, left], [, right]) => right - left)
    .map(
      ([kind, units]) =>
        `${kind} ${(units / per).toFixed(2)} (${((tally.itemReadsByKind.get(kind) ?? 0) / per).toFixed(2)} reads)`,
    )
    .join(', ') || 'none';
