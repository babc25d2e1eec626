import { randomBytes } from 'node:crypto';
import { DeleteTableCommand, DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createTable } from '../scripts/local/bootstrap';
import { backoffWithinBudget } from '../shared/contention';
import { LocalKeyJwsSigner } from '../shared/adapters/memory/tickets';
import { DynamoIntakeStore } from '../shared/adapters/aws/intake-dynamodb';
import { throughIntake } from '../shared/domain/rights/intake';
import { redeemTicket } from '../shared/domain/rights/redeem';
import { isDomainError } from '../shared/errors';
import { ALLOWANCE_CONFLICT_RETRY } from '../shared/limits';
import { systemClock } from '../shared/ports';
import { coreTable } from '../shared/resources/tables';
import { redeemOnTable } from '../test/fixtures/redeem-on-table';
import { REPORTED_WRITES, dynamoCapacity } from './capacity';
import { runPool } from './pool';

/**
 * Redeems per second against DynamoDB Local, and the DynamoDB capacity units each redeem
 * consumes, counted as the purchase bench counts them (capacity.ts: DynamoDB Local's figure
 * for single-item writes, the model for reads and transactions, whose figure DynamoDB Local
 * gets wrong): reads of the ticket and the nonce's redemption, then the one transaction. Two
 * shapes: redeems spread over many tickets (the usual case) and all on one hot ticket, where a
 * redeem's transaction may be cancelled (too little left, or an overlapping transaction) and
 * read and decide again; cancelled transactions are counted as requests, without units. Tickets are signed with a
 * local key: the redeem path never signs. Times are the emulator's (for comparing versions of
 * kippu on one machine, not a production prediction).
 */
const SPREAD = { tickets: 50, redeems: 1_000, concurrency: 32 } as const;
/** Passes through the redeem intake (the handler's lease and switch reads around each redeem), measured apart. */
const INTAKE_PASSES = 200;
/** One hot ticket, at the concurrency of the earlier figures and at the spread's. */
const HOT = [
  { redeems: 300, concurrency: 8 },
  { redeems: 300, concurrency: 32 },
] as const;

interface Tally {
  /** Every request sent, cancelled transactions included. */
  requests: number;
  /** Transactions DynamoDB cancelled (a failed condition or a conflict); capacity.ts counts no units for them. */
  cancelled: number;
  readUnits: number;
  writeUnits: number;
}

const emptyTally = (): Tally => ({ requests: 0, cancelled: 0, readUnits: 0, writeUnits: 0 });

const instrument = (client: DynamoDBClient, tally: Tally): void => {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = context.commandName ?? 'unknown';
      if (REPORTED_WRITES.has(command)) (args.input as Record<string, unknown>)['ReturnConsumedCapacity'] = 'INDEXES';
      tally.requests += 1;
      const result = await next(args).catch((error: unknown) => {
        if (error instanceof TransactionCanceledException) tally.cancelled += 1;
        throw error;
      });
      const use = dynamoCapacity(
        command,
        args.input as Record<string, unknown>,
        result.output as unknown as Record<string, unknown>,
      );
      tally.readUnits += use.read;
      tally.writeUnits += use.write;
      return result;
    },
    { step: 'initialize', name: 'rightsBenchCapacity' },
  );
};

const runRedeems = async (count: number, concurrency: number, redeemOne: (index: number) => Promise<void>) => {
  const started = performance.now();
  await runPool(count, concurrency, redeemOne);
  return (performance.now() - started) / 1000;
};

export const benchRights = async (print: (line: string) => void): Promise<void> => {
  print('');
  print('## Usage rights: redeems against DynamoDB Local');
  const client = new DynamoDBClient({});
  const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const tableName = `kippu-bench-rights-${randomBytes(4).toString('hex')}`;
  await createTable(client, tableName, coreTable);
  const {
    redeem: deps,
    provider,
    ticket: issue,
  } = redeemOnTable(documents, tableName, {
    clock: systemClock,
    signer: new LocalKeyJwsSigner(),
    issuer: 'https://kippu.bench',
    reservationSeconds: 3_600,
    pause: (attempt) => backoffWithinBudget(attempt, ALLOWANCE_CONFLICT_RETRY),
  });
  const newTicket = () => issue({ maxUses: 1_000_000 });
  try {
    const spread = await Promise.all(Array.from({ length: SPREAD.tickets }, newTicket));
    const hot = await newTicket();
    const tally = emptyTally();
    instrument(client, tally);
    const spreadSeconds = await runRedeems(SPREAD.redeems, SPREAD.concurrency, async (index) => {
      const ticket = spread[index % spread.length];
      if (ticket === undefined) throw new Error('no ticket');
      await redeemTicket(deps, provider, ticket.id, { nonce: `n-${index}` });
    });
    const perRedeem = { ...tally };
    print(
      `spread over ${SPREAD.tickets} tickets: ${SPREAD.redeems} redeems at concurrency ${SPREAD.concurrency} in ${spreadSeconds.toFixed(2)} s = ${(SPREAD.redeems / spreadSeconds).toFixed(1)} redeems/s`,
    );
    print(
      `  per redeem: ${(perRedeem.requests / SPREAD.redeems).toFixed(2)} DynamoDB requests, ${(perRedeem.readUnits / SPREAD.redeems).toFixed(2)} read units, ${(perRedeem.writeUnits / SPREAD.redeems).toFixed(2)} write units (capacity.ts)`,
    );
    // The intake around a redeem through the API (shared/domain/rights/intake.ts): the switch read,
    // the lease, the switch read again, the lease given back; the domain redeem above has none of it.
    Object.assign(tally, emptyTally());
    const intake = { intake: new DynamoIntakeStore(documents, tableName), clock: systemClock };
    await runRedeems(INTAKE_PASSES, SPREAD.concurrency, async (index) => {
      await throughIntake(intake, 'redeem', `bench-lease-${index}`, async () => undefined);
    });
    print(
      `the intake around each redeem (open): ${(tally.requests / INTAKE_PASSES).toFixed(2)} DynamoDB requests, ${(tally.readUnits / INTAKE_PASSES).toFixed(2)} read units, ${(tally.writeUnits / INTAKE_PASSES).toFixed(2)} write units (capacity.ts)`,
    );
    for (const [shape, { redeems, concurrency }] of HOT.entries()) {
      Object.assign(tally, emptyTally());
      let conflicts = 0;
      const hotSeconds = await runRedeems(redeems, concurrency, async (index) => {
        await redeemTicket(deps, provider, hot.id, { nonce: `h${shape}-${index}` }).catch((error: unknown) => {
          if (!isDomainError(error) || error.code !== 'TRANSACTION_CONFLICT') throw error;
          conflicts += 1;
        });
      });
      print(
        `one hot ticket: ${redeems} redeems at concurrency ${concurrency} in ${hotSeconds.toFixed(2)} s = ${(redeems / hotSeconds).toFixed(1)} redeems/s; per redeem ${(tally.requests / redeems).toFixed(2)} requests (${(tally.cancelled / redeems).toFixed(2)} cancelled transactions), ${(tally.readUnits / redeems).toFixed(2)} read units, ${(tally.writeUnits / redeems).toFixed(2)} write units; ${conflicts} TRANSACTION_CONFLICT`,
      );
    }
  } finally {
    await client.send(new DeleteTableCommand({ TableName: tableName }));
    client.destroy();
  }
};
