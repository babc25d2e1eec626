import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalKeyJwsSigner } from '../../../shared/adapters/memory/tickets';
import { providerPayoutsAccountId } from '../../../shared/domain/billing/accounts';
import { statementIdFor } from '../../../shared/domain/billing/ids';
import { nudgeStalledRun, startRun, type NudgeDeps } from '../../../shared/domain/billing/runs';
import { coordinateRun } from '../../../shared/domain/billing/coordinator';
import { processStatementBatch } from '../../../shared/domain/billing/statement-worker';
import { silentLogger } from '../../../shared/logger';
import { DynamoStalledBuilds } from '../../../shared/adapters/aws/billing-builds-dynamodb';
import type { StatementMessage, StatementStore, StatementWriter } from '../../../shared/domain/billing/ports';
import { verifyStatement } from '../../../shared/domain/billing/verify';
import { losingFirstProviderSend } from '../../fixtures/losing-queue';
import { OCTOBER_RUN_MS, OCTOBER_TOTALS, october, setUpParties } from '../../fixtures/billing-scenario';
import type { BillingWorld } from '../../fixtures/billing-world';
import { WORLD_ISSUER } from '../../fixtures/purchases-world';
import { dropTables, dynamo } from './tables';
import { realBillingWorld } from './world';

/**
 * A statement built across messages on DynamoDB (statement-build.ts): with pages of 2 lines a
 * statement message reads at most 8 ledger entries, so October's provider statement is scanned,
 * sorted and built a page per message, its build record moved by conditional writes. The worker
 * dies at every write of the build, once each (before it takes effect, or after), and SQS delivers
 * its message again: the run still ends with one statement, one payout, and pages that match the
 * signed digests, and its build (record, index parts, page entries) is dropped once it is stored:
 * a worker that dies before or after that drop leaves it to its redelivery, which finds the statement
 * stored and the build still there, and drops it.
 */
afterAll(dropTables);

const PAGE_LINES = 2;
const BUILD_WRITES: ReadonlySet<string> = new Set<keyof StatementWriter>([
  'advanceBuild',
  'putBuildText',
  'putPage',
  'save',
  'dropBuild',
]);

/** What a write writes: the method, the statement, and the step, part or page (a redelivered message writes it again). */
const writeKey = (method: string, args: readonly unknown[]): string => {
  const [first, second] = args;
  const named = first as { statementId?: string; id?: string };
  const statement = typeof first === 'string' ? first : (named.statementId ?? named.id);
  return `${method}:${String(statement)}:${typeof second === 'string' || typeof second === 'number' ? second : ''}`;
};

/** The store, whose build writes each throw once: the first time each is written. */
const dyingOnceAtEveryWrite = (
  inner: StatementStore,
  mode: 'before' | 'after',
): { store: StatementStore; deaths: () => number } => {
  const died = new Set<string>();
  let deaths = 0;
  const store = new Proxy(inner, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      const method = (value as (...args: unknown[]) => Promise<unknown>).bind(target);
      if (typeof property !== 'string' || !BUILD_WRITES.has(property)) return method;
      return async (...args: unknown[]) => {
        // Each write dies once: the redelivered message redoes it (or finds it done) and goes on.
        const key = writeKey(property, args);
        const dies = !died.has(key);
        died.add(key);
        if (dies && mode === 'before') {
          deaths += 1;
          throw new Error(`the worker died before ${property}`);
        }
        const result = await method(...args);
        if (dies && mode === 'after') {
          deaths += 1;
          throw new Error(`the worker died after ${property}`);
        }
        return result;
      };
    },
  });
  return { store, deaths: () => deaths };
};

/** The sort keys of the statement's build items (its record and texts) left in the table. */
const buildItems = async (tableName: string, statementId: string): Promise<unknown[]> => {
  const answer = await dynamo().documentClient.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :build)',
      ExpressionAttributeValues: { ':pk': `STATEMENT#${statementId}`, ':build': 'BUILD' },
      ConsistentRead: true,
    }),
  );
  return (answer.Items ?? []).map((item) => item['sk']);
};

const payoutsOf = async (world: BillingWorld) => {
  const page = await world.ledgerEntries.listEntries(providerPayoutsAccountId('JPY'), { limit: 100 });
  return page.entries.length;
};

describe('a statement built across messages on DynamoDB and KMS', () => {
  it.each(['before', 'after'] as const)(
    'ends with one statement, one payout and pages that match its signature when the worker dies %s each write of the build once',
    async (mode) => {
      // Prepare
      const signer = new LocalKeyJwsSigner();
      const { world, billingTableName } = await realBillingWorld({ statementPageLines: PAGE_LINES });
      const parties = await setUpParties(world);
      await october(world, parties);
      world.clock.set(OCTOBER_RUN_MS);
      const dying = dyingOnceAtEveryWrite(world.billing.statements, mode);
      await startRun(world.billing, { period: '2026-10', runId: `run-${mode}`, trigger: 'operator', requestedBy: 'test' });

      // Act
      await world.drain({ ...world.billing, statements: dying.store, signer });

      // Assess
      const run = await world.billing.runs.getRun(`run-${mode}`);
      expect(run).toMatchObject({ status: 'completed', reconciliation: { ok: true, mismatches: [] } });
      expect(dying.deaths()).toBeGreaterThan(5);
      const statementId = statementIdFor('2026-10', 'provider', parties.provider.id, 'JPY');
      // Stored, its build is dropped: no build record, index part or page entries is left in the table.
      expect(await world.billing.statements.build(statementId)).toBeUndefined();
      expect(await buildItems(billingTableName, statementId)).toEqual([]);
      const record = await world.billing.statements.get(statementId);
      expect(record).toMatchObject({ lineCount: 6, pageCount: 3 });
      expect(await payoutsOf(world)).toBe(2);
      const json = await world.billing.statements.document(record!, 'json');
      expect(JSON.parse(json)).toMatchObject({ totals: OCTOBER_TOTALS.provider, lineCount: 6 });
      const pages = [];
      for (const page of [1, 2, 3]) {
        pages.push(
          await world.billing.statements.page(record!, page, 'json'),
          await world.billing.statements.page(record!, page, 'csv'),
        );
      }
      const verified = await verifyStatement(json, {
        issuer: WORLD_ISSUER,
        jwks: { keys: [await signer.publicJwk()] },
        csv: await world.billing.statements.document(record!, 'csv'),
        pages,
      });
      expect(verified).toMatchObject({ ok: true });
    },
    120_000,
  );

  it('sends the next step of a build whose continuation was lost again from the run nudge, found in the byParty index', async () => {
    // Prepare: the send of the provider's first continuation fails (a fault injected at the send:
    // the emulator cannot lose a message), and the message that failed is not delivered again
    // (SQS would bring it back after its 90-minute visibility timeout at the earliest).
    const { world, billingTableName } = await realBillingWorld({ statementPageLines: PAGE_LINES });
    const parties = await setUpParties(world);
    await october(world, parties);
    world.clock.set(OCTOBER_RUN_MS);
    await startRun(world.billing, { period: '2026-10', runId: 'run-lost', trigger: 'operator', requestedBy: 'test' });
    while (world.queue.runs.length > 0) await coordinateRun(world.billing, world.queue.runs.shift() as string);
    const losing = losingFirstProviderSend(world.queue);
    for (let index = 0; world.queue.statements.length > 0 && index < 100; index += 1) {
      const message = world.queue.statements.shift() as StatementMessage;
      const delivery = { messageId: `first-${index}`, body: JSON.stringify(message), receiveCount: 1 };
      await processStatementBatch({ ...world.billing, queue: losing.queue }, [delivery]);
    }
    const stalled = await world.billing.runs.getRun('run-lost');
    const deps: NudgeDeps = {
      runs: world.billing.runs,
      queue: world.queue,
      builds: new DynamoStalledBuilds(dynamo().documentClient, billingTableName),
      logger: silentLogger,
      runNudgeAfterSeconds: 3_600,
    };
    world.clock.set(OCTOBER_RUN_MS + 3_600_000);

    // Act
    const nudged = await nudgeStalledRun(deps, world.clock.now());
    const sent = [...world.queue.statements];
    await world.drain();

    // Assess
    expect(losing.failed()).toBe(1);
    expect(stalled).toMatchObject({ status: 'running' });
    expect(nudged).toEqual({ nudged: true, runId: 'run-lost', period: '2026-10', buildsContinued: 1 });
    expect(sent).toEqual([{ runId: 'run-lost', kind: 'provider', partyId: parties.provider.id, currency: 'JPY' }]);
    expect(await world.billing.runs.getRun('run-lost')).toMatchObject({ status: 'completed', reconciliation: { ok: true } });
    const statementId = statementIdFor('2026-10', 'provider', parties.provider.id, 'JPY');
    expect(await world.billing.statements.get(statementId)).toMatchObject({ lineCount: 6, pageCount: 3 });
    expect(await payoutsOf(world)).toBe(2);
    expect(await buildItems(billingTableName, statementId)).toEqual([]);
    // Dropped with the build, it is no longer listed.
    expect(await deps.builds.stalledBuilds('2026-10', world.clock.now(), 10)).toEqual([]);
  }, 120_000);
});
