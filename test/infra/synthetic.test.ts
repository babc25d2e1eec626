import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import type { KippuDeclarations } from '../../infra/constructs/declarations';
import { validateDeclarations } from '../../infra/constructs/declarations';
import { functionStackIndex } from '../../infra/constructs/function-placement';
import { addKippuStacks, contextSettings } from '../../infra/constructs/kippu-stacks';
import type { FunctionDefinition } from '../../shared/resources/functions';
import { SPEC_MAX_RECEIVE_COUNT, type QueueDefinition } from '../../shared/resources/queues';
import { functionArnEnvVar } from '../../shared/resources/schedules';
import { ticketSigningKey } from '../../shared/resources/keys';
import { ledgerTable } from '../../shared/resources/tables';
import {
  SYNTHETIC_FUNCTION_ENTRY,
  functionOf,
  functionVariables,
  logicalIdOf,
  nagFindings,
  resourcesOf,
  statelessTemplatesOf,
  synthesizeSynthetic,
  templateOf,
  topLevelStacksOf,
} from './fixture';
import { describeAlarmActions } from './suites/alarm-actions';
import { describeQueuesAndSchedules } from './suites/queues-and-schedules';

/**
 * A synthetic set of declarations with every kind the stacks support: two queues with a
 * producer and a consumer each, a function that creates one-time schedules for two targets
 * (itself among them), and two periodic schedules, one with its rate from context. Every
 * function runs an existing handler module; bundling is skipped.
 */
const settlementQueue: QueueDefinition = {
  id: 'settlement',
  envVar: 'KIPPU_QUEUE_SETTLEMENT',
  description: 'Synthetic settlement work',
  maxReceiveCount: SPEC_MAX_RECEIVE_COUNT,
  visibilityTimeoutSeconds: 180,
  deadLetterRetentionDays: 14,
};
const notificationQueue: QueueDefinition = {
  id: 'notification',
  envVar: 'KIPPU_QUEUE_NOTIFICATION',
  description: 'Synthetic notifications',
  maxReceiveCount: SPEC_MAX_RECEIVE_COUNT,
  visibilityTimeoutSeconds: 60,
  deadLetterRetentionDays: 7,
};

const worker = (name: string, overrides: Partial<FunctionDefinition>): FunctionDefinition => ({
  name,
  description: `Synthetic ${name}`,
  tables: [],
  keys: [],
  timeoutSeconds: 10,
  memoryMegabytes: 256,
  ...overrides,
});

const SETTLEMENT_BATCH_SIZE = 5;
const purchaseCreate = worker('purchase-create', {
  tables: [{ table: ledgerTable, access: 'readWrite' }],
  queues: [{ queue: settlementQueue, access: 'send' }],
  oneTimeSchedules: { targets: ['reservation-expire', 'purchase-create'] },
});
const settlementWorker = worker('settlement-worker', {
  timeoutSeconds: 30,
  queues: [
    { queue: settlementQueue, access: 'consume', batchSize: SETTLEMENT_BATCH_SIZE },
    { queue: notificationQueue, access: 'send' },
  ],
});
const notificationWorker = worker('notification-worker', { queues: [{ queue: notificationQueue, access: 'consume' }] });
const reservationExpire = worker('reservation-expire', { timeoutSeconds: 30 });
// Periodic schedules name their target by function id, so these two reuse real ids' names.
const ledgerExpire = worker('ledger-expire', { timeoutSeconds: 60 });
const healthGet = worker('health-get', {});

const declarations: KippuDeclarations = {
  functionList: [purchaseCreate, settlementWorker, notificationWorker, reservationExpire, ledgerExpire, healthGet],
  // A protected route, because the API's Cognito authorizer must be attached to some method.
  routes: [{ method: 'GET', path: '/health', functionId: 'healthGet', public: false }],
  queues: [settlementQueue, notificationQueue],
  periodicSchedules: [
    { id: 'ledgerExpirySweep', functionId: 'ledgerExpire', description: 'Synthetic sweep', defaultRateSeconds: 60 },
    { id: 'healthProbe', functionId: 'healthGet', description: 'Synthetic probe', defaultRateSeconds: 600 },
  ],
};

const fixture = synthesizeSynthetic(declarations, { scheduleLedgerExpirySweepSeconds: '90' });

describeQueuesAndSchedules('synthetic declarations', fixture, declarations);
describeAlarmActions('synthetic declarations', fixture);

const functionId = (definition: FunctionDefinition): string => logicalIdOf(functionOf(fixture, definition).function);
const scheduleNamed = (name: string) =>
  statelessTemplatesOf(fixture)
    .flatMap((template) => Object.values(resourcesOf(template, 'AWS::Scheduler::Schedule')))
    .find((schedule) => schedule.Properties?.['Name'] === name)?.Properties;

describe('synthetic declarations: the values the declarations ask for', () => {
  it('redrives settlement messages after the five receives the spec asks for', () => {
    const settlement = fixture.stateful.queues.get(settlementQueue.id);
    expect(settlement).toBeDefined();
    fixture.statefulTemplate.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: `kippu-${fixture.settings.stage}-settlement`,
      RedrivePolicy: Match.objectLike({ maxReceiveCount: 5 }),
    });
  });

  it('hands the settlement worker batches of the declared size', () => {
    templateOf(functionOf(fixture, settlementWorker).function).hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: functionId(settlementWorker) },
      BatchSize: SETTLEMENT_BATCH_SIZE,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('takes a rate from context (90 s becomes two minutes) and the default otherwise (600 s, ten minutes)', () => {
    expect(scheduleNamed(`kippu-${fixture.settings.stage}-ledger-expiry-sweep`)?.['ScheduleExpression']).toBe('rate(2 minutes)');
    expect(scheduleNamed(`kippu-${fixture.settings.stage}-health-probe`)?.['ScheduleExpression']).toBe('rate(10 minutes)');
  });

  it('gives a function that schedules itself its own ARN without referring to its own resource', () => {
    const variables = functionVariables(fixture, purchaseCreate);
    const ownArn = JSON.stringify(variables[functionArnEnvVar('purchase-create')]);
    expect(ownArn).toContain(`:function:kippu-${fixture.settings.stage}-purchase-create`);
    expect(ownArn).not.toContain(functionId(purchaseCreate));
  });

  it.each(topLevelStacksOf(fixture).map((stack) => [stack.stackName, stack] as const))(
    'passes cdk-nag AwsSolutions without errors or warnings in %s',
    (_name, stack) => {
      expect(nagFindings(fixture, stack)).toEqual([]);
    },
  );

  it('denies kms:Sign on the signing key to everyone when no declared function signs', () => {
    const signingKey = fixture.stateful.keys.get(ticketSigningKey.id);
    if (signingKey === undefined) throw new Error('no signing key');
    const policy = resourcesOf(fixture.statefulTemplate, 'AWS::KMS::Key')[logicalIdOf(signingKey)]?.Properties?.['KeyPolicy'] as {
      Statement: { Effect: string; Action: unknown; Condition?: unknown }[];
    };
    const signing = policy.Statement.filter((statement) => JSON.stringify(statement.Action).includes('kms:Sign'));
    expect(signing).toEqual([expect.objectContaining({ Effect: 'Deny', Action: 'kms:Sign' })]);
    expect(signing[0]?.Condition).toBeUndefined();
  });

  it('builds no alarm on a metric that no declared function emits', () => {
    const names = Object.values(resourcesOf(fixture.monitoringTemplate, 'AWS::CloudWatch::Alarm')).map((alarm) =>
      String(alarm.Properties?.['AlarmName']),
    );
    // purchase-recover, the only emitter of the settlement age, is not declared here.
    expect(names.filter((name) => name.includes('settlement-age'))).toEqual([]);
    // ledger-expire emits the sweeper metrics; the synthetic health probe's target does not.
    expect(names.filter((name) => name.includes('sweeper-backlog'))).toEqual([
      `kippu-${fixture.settings.stage}-sweeper-backlog-ledger-expiry-sweep`,
    ]);
  });

  it('uses no function resource that is not declared', () => {
    // The declared functions plus the Cognito token trigger.
    const created = statelessTemplatesOf(fixture).flatMap((template) =>
      Object.keys(resourcesOf(template, 'AWS::Lambda::Function')),
    );
    expect(created).toHaveLength(declarations.functionList.length + 1);
    expect(SYNTHETIC_FUNCTION_ENTRY).toMatch(/functions\/health-get\/handler\.ts$/);
  });
});

describe('a function added to the declarations', () => {
  // First in the list, so that nothing depends on the order of the declarations either.
  const added = worker('billing-run', {});
  const grown = synthesizeSynthetic({ ...declarations, functionList: [added, ...declarations.functionList] });
  const placement = (built: typeof fixture, definition: FunctionDefinition) => {
    const kippuFunction = functionOf(built, definition);
    return { stack: Stack.of(kippuFunction).node.path, logicalId: logicalIdOf(kippuFunction.function) };
  };

  it('lands in the nested function stack its name hashes to, with no edit to the stacks', () => {
    expect(placement(grown, added).stack).toBe(`${grown.stateless.node.path}/Functions${functionStackIndex(added.name)}`);
  });

  it('moves no function that was declared before: each keeps its nested stack and logical id', () => {
    for (const definition of declarations.functionList) {
      expect(placement(grown, definition), definition.name).toEqual(placement(fixture, definition));
    }
  });
});

describe('the dependency cycle check the reference tests rely on', () => {
  it('refuses a function whose environment refers to a policy that refers back to the function', () => {
    const cyclic = {
      Resources: {
        Fn: { Type: 'AWS::Lambda::Function', Properties: { Environment: { Variables: { X: { Ref: 'Policy' } } } } },
        Policy: { Type: 'AWS::IAM::Policy', Properties: { Resource: { 'Fn::GetAtt': ['Fn', 'Arn'] } } },
      },
    };
    expect(() => Template.fromJSON(cyclic)).toThrow(/dependency cycle/);
  });
});

describe('declarations that synthesis refuses', () => {
  const build = (changed: Partial<KippuDeclarations>) => () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const withChanges = { ...declarations, ...changed };
    addKippuStacks(app, contextSettings(app, withChanges.periodicSchedules), {
      declarations: withChanges,
      functionEntry: () => SYNTHETIC_FUNCTION_ENTRY,
    });
  };
  const slowConsumer = (visibilityTimeoutSeconds: number): Partial<KippuDeclarations> => {
    const queue = { ...settlementQueue, visibilityTimeoutSeconds };
    return {
      queues: [queue, notificationQueue],
      functionList: [
        worker('settlement-worker', { timeoutSeconds: 60, queues: [{ queue, access: 'consume' }] }),
        notificationWorker,
        ledgerExpire,
        healthGet,
      ],
    };
  };

  it('refuses a queue whose visibility timeout is shorter than 6 × its consumer timeout', () => {
    expect(build(slowConsumer(359))).toThrow(
      /queue settlement: visibilityTimeoutSeconds is 359 .* settlement-worker .* at least 360/,
    );
  });

  it('accepts a visibility timeout of exactly 6 × the consumer timeout', () => {
    expect(() => validateDeclarations({ ...declarations, ...slowConsumer(360) })).not.toThrow();
  });

  it('refuses a function that uses a queue not declared in queues.ts', () => {
    expect(build({ queues: [notificationQueue] })).toThrow(/uses queue settlement, which is not declared/);
  });

  it('refuses two consumers on one queue', () => {
    const second = worker('second-consumer', { queues: [{ queue: notificationQueue, access: 'consume' }] });
    expect(build({ functionList: [...declarations.functionList, second] })).toThrow(/queue notification has two consumers/);
  });

  it('refuses a one-time schedule target that is not a declared function name, and suggests the name for an id', () => {
    const creator = worker('booking-create', { oneTimeSchedules: { targets: ['ledgerExpire'] } });
    expect(build({ functionList: [...declarations.functionList, creator] })).toThrow(/did you mean 'ledger-expire'/);
  });

  it('refuses a periodic schedule whose target function is not declared', () => {
    expect(build({ functionList: declarations.functionList.filter((definition) => definition !== healthGet) })).toThrow(
      /periodic schedule healthProbe targets function healthGet/,
    );
  });

  it('refuses a dead-letter retention shorter than the main queue keeps messages', () => {
    expect(build({ queues: [{ ...settlementQueue, deadLetterRetentionDays: 1 }, notificationQueue] })).toThrow(
      /deadLetterRetentionDays/,
    );
  });
});
