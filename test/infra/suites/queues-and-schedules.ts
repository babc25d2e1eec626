import { describe, expect, it } from 'vitest';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { KippuDeclarations } from '../../../infra/constructs/declarations';
import { VISIBILITY_TIMEOUT_PER_FUNCTION_TIMEOUT_MIN, scheduleTarget } from '../../../infra/constructs/declarations';
import { QUEUE_RETENTION } from '../../../infra/constructs/kippu-queue';
import { periodicScheduleName, rateExpression, scheduleRateMinutes } from '../../../infra/constructs/kippu-schedules';
import { QUEUE_BATCH_SIZE_DEFAULT, QUEUE_MAX_BATCHING_WINDOW } from '../../../infra/stacks/stateless-stack';
import type { FunctionDefinition } from '../../../shared/resources/functions';
import { dataKey } from '../../../shared/resources/keys';
import { deadLetterQueueName, queueName, type QueueDefinition } from '../../../shared/resources/queues';
import { functionArnEnvVar, oneTimeScheduleGroup, physicalFunctionName } from '../../../shared/resources/schedules';
import {
  actionsOf,
  functionStatements,
  functionVariables,
  logicalIdOf,
  mentions,
  resolvedIn,
  resourceListOf,
  resourcesOf,
  statelessTemplatesOf,
  statementsOfRole,
  templateOf,
  templatesOf,
  type PolicyStatementJson,
  type SyntheticFixture,
  type TemplateResource,
} from '../fixture';

const SECONDS_PER_DAY = 86_400;

/**
 * Assertions that hold for any declarations: every declared queue, consumer, producer,
 * periodic schedule and one-time scheduling function is checked against what the stacks
 * built. Registered once for the real declarations (the shared fixture) and once for a
 * synthetic set that reaches every kind even while shared/resources declares none of it.
 */
export const describeQueuesAndSchedules = (label: string, fixture: SyntheticFixture, declarations: KippuDeclarations): void => {
  const stage = fixture.settings.stage;
  const stateful = fixture.statefulTemplate;
  /** Every resource of a type in the stateless stack and its nested stacks. */
  const statelessResources = (type: string): TemplateResource[] =>
    statelessTemplatesOf(fixture).flatMap((template) => Object.values(resourcesOf(template, type)));
  const dataKeyResource = fixture.stateful.keys.get(dataKey.id);
  if (dataKeyResource === undefined) throw new Error('no data key');
  const dataKeyId = logicalIdOf(dataKeyResource);

  const queueOf = (queue: QueueDefinition) => {
    const found = fixture.stateful.queues.get(queue.id);
    if (found === undefined) throw new Error(`no queue ${queue.id}`);
    return found;
  };
  const functionOf = (definition: FunctionDefinition) => {
    const found = fixture.stateless.functions.get(definition.name);
    if (found === undefined) throw new Error(`no function ${definition.name}`);
    return found;
  };
  /** A function's statements and variables, with its nested stack's parameters replaced by what the parent passes. */
  const statementsOf = (definition: FunctionDefinition): PolicyStatementJson[] =>
    resolvedIn(functionOf(definition).role, functionStatements(fixture, definition)) as PolicyStatementJson[];
  const variablesOfFunction = (definition: FunctionDefinition): Record<string, unknown> =>
    resolvedIn(functionOf(definition).function, functionVariables(fixture, definition)) as Record<string, unknown>;
  const withAction = (statements: readonly PolicyStatementJson[], prefix: string) =>
    statements.filter((statement) => actionsOf(statement).some((action) => action.startsWith(prefix)));

  const queueCases = declarations.queues.map((queue) => [queue.id, queue] as const);
  const uses = (access: 'send' | 'consume') =>
    declarations.functionList.flatMap((definition) =>
      (definition.queues ?? [])
        .filter((use) => use.access === access)
        .map((use) => [definition.name, use.queue.id, definition, use] as const),
    );
  const creators = declarations.functionList
    .filter((definition) => definition.oneTimeSchedules !== undefined)
    .map((definition) => [definition.name, definition] as const);

  describe(`${label}: queues`, () => {
    it.each(queueCases)(
      'creates the %s queue encrypted with the data key, with its visibility timeout and a redrive policy to its dead-letter queue',
      (_id, queue) => {
        const created = queueOf(queue);
        expect(resourcesOf(stateful, 'AWS::SQS::Queue')[logicalIdOf(created.queue)]).toMatchObject({
          DeletionPolicy: 'Retain',
          UpdateReplacePolicy: 'Retain',
          Properties: {
            QueueName: queueName(stage, queue),
            KmsMasterKeyId: { 'Fn::GetAtt': [dataKeyId, 'Arn'] },
            VisibilityTimeout: queue.visibilityTimeoutSeconds,
            MessageRetentionPeriod: QUEUE_RETENTION.toSeconds(),
            RedrivePolicy: {
              deadLetterTargetArn: { 'Fn::GetAtt': [logicalIdOf(created.deadLetterQueue), 'Arn'] },
              maxReceiveCount: queue.maxReceiveCount,
            },
          },
        });
      },
    );

    it.each(queueCases)(
      'creates the %s dead-letter queue encrypted with the data key, kept for the declared days',
      (_id, queue) => {
        const resource = resourcesOf(stateful, 'AWS::SQS::Queue')[logicalIdOf(queueOf(queue).deadLetterQueue)];
        expect(resource?.DeletionPolicy).toBe('Retain');
        expect(resource?.Properties).toMatchObject({
          QueueName: deadLetterQueueName(stage, queue),
          KmsMasterKeyId: { 'Fn::GetAtt': [dataKeyId, 'Arn'] },
          MessageRetentionPeriod: queue.deadLetterRetentionDays * SECONDS_PER_DAY,
        });
        expect(resource?.Properties?.['RedrivePolicy']).toBeUndefined();
      },
    );

    it.each(queueCases)('denies every request to the %s queue and its dead-letter queue that is not over TLS', (_id, queue) => {
      const created = queueOf(queue);
      for (const queueResource of [created.queue, created.deadLetterQueue]) {
        stateful.hasResourceProperties('AWS::SQS::QueuePolicy', {
          Queues: [{ Ref: logicalIdOf(queueResource) }],
          PolicyDocument: Match.objectLike({
            Statement: Match.arrayWith([
              Match.objectLike({
                Effect: 'Deny',
                Action: 'sqs:*',
                Principal: { AWS: '*' },
                Condition: { Bool: { 'aws:SecureTransport': 'false' } },
              }),
            ]),
          }),
        });
      }
    });

    it.each(queueCases)('alarms as soon as the %s dead-letter queue holds a message', (_id, queue) => {
      stateful.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalIdOf(queueOf(queue).deadLetterQueue), 'QueueName'] } }],
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
      });
    });

    it.each(queueCases)('alarms when a %s message outlives maxReceiveCount visibility timeouts', (_id, queue) => {
      stateful.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateAgeOfOldestMessage',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalIdOf(queueOf(queue).queue), 'QueueName'] } }],
        Threshold: queue.maxReceiveCount * queue.visibilityTimeoutSeconds,
        ComparisonOperator: 'GreaterThanThreshold',
      });
    });

    it('creates exactly the declared queues, their dead-letter queues and the scheduler dead-letter queue', () => {
      expect(Object.keys(resourcesOf(stateful, 'AWS::SQS::Queue'))).toHaveLength(2 * declarations.queues.length + 1);
    });
  });

  describe(`${label}: queue consumers`, () => {
    it.each(uses('consume'))(
      'makes %s consume %s through an event source that reports partial batch failures',
      (_name, _queue, definition, use) => {
        const lambda = functionOf(definition).function;
        const mappings = Object.values(resourcesOf(templateOf(lambda), 'AWS::Lambda::EventSourceMapping')).filter((mapping) =>
          mentions(mapping.Properties?.['FunctionName'], logicalIdOf(lambda)),
        );
        expect(mappings).toHaveLength(1);
        expect(mentions(mappings[0]?.Properties?.['EventSourceArn'], logicalIdOf(queueOf(use.queue).queue))).toBe(true);
        expect(mappings[0]?.Properties).toMatchObject({
          BatchSize: use.batchSize ?? QUEUE_BATCH_SIZE_DEFAULT,
          MaximumBatchingWindowInSeconds: QUEUE_MAX_BATCHING_WINDOW.toSeconds(),
          FunctionResponseTypes: ['ReportBatchItemFailures'],
        });
      },
    );

    it.each(uses('consume'))(
      'gives the queue %s consumes (%s) a visibility timeout of at least 6 × its timeout',
      (_name, _queue, definition, use) => {
        expect(use.queue.visibilityTimeoutSeconds).toBeGreaterThanOrEqual(
          VISIBILITY_TIMEOUT_PER_FUNCTION_TIMEOUT_MIN * definition.timeoutSeconds,
        );
      },
    );

    it.each(uses('consume'))('lets %s receive and delete messages on %s only', (_name, _queue, definition, use) => {
      const receiving = withAction(statementsOf(definition), 'sqs:ReceiveMessage');
      expect(receiving).toHaveLength(1);
      const resources = resourceListOf(receiving[0] as PolicyStatementJson);
      expect(resources).toHaveLength(1);
      expect(mentions(resources[0], logicalIdOf(queueOf(use.queue).queue))).toBe(true);
    });

    it('creates one event source mapping per declared consumer and no other', () => {
      expect(statelessResources('AWS::Lambda::EventSourceMapping')).toHaveLength(uses('consume').length);
    });
  });

  describe(`${label}: queue producers`, () => {
    it.each(uses('send'))('gives %s the URL of %s in its declared variable', (_name, _queue, definition, use) => {
      const variables = variablesOfFunction(definition);
      expect(mentions(variables[use.queue.envVar], logicalIdOf(queueOf(use.queue).queue))).toBe(true);
    });

    it.each(declarations.functionList.map((definition) => [definition.name, definition] as const))(
      'lets %s send only to the queues it declares with access send, and with no other SQS action',
      (_name, definition) => {
        const declared = (definition.queues ?? []).filter(({ access }) => access === 'send');
        const sending = withAction(statementsOf(definition), 'sqs:SendMessage');
        expect(sending).toHaveLength(declared.length);
        for (const statement of sending) {
          expect(actionsOf(statement)).toEqual(['sqs:SendMessage']);
          const resources = resourceListOf(statement);
          expect(resources).toHaveLength(1);
          expect(declared.some(({ queue }) => mentions(resources[0], logicalIdOf(queueOf(queue).queue)))).toBe(true);
        }
        const anySqs = withAction(statementsOf(definition), 'sqs:');
        if ((definition.queues ?? []).length === 0) expect(anySqs).toEqual([]);
      },
    );
  });

  const periodicCases = declarations.periodicSchedules.map((schedule) => [schedule.id, schedule] as const);
  const schedules = statelessResources('AWS::Scheduler::Schedule');
  const scheduleNamed = (name: string) => schedules.find((schedule) => schedule.Properties?.['Name'] === name)?.Properties;
  const schedulerDeadLetterQueueId = logicalIdOf(fixture.stateful.schedulerDeadLetterQueue);

  describe(`${label}: periodic schedules`, () => {
    it.each(periodicCases)('runs %s at its configured rate in whole minutes, with no flexible window', (_id, schedule) => {
      const rateSeconds = fixture.settings.scheduleRateSeconds[schedule.id] ?? schedule.defaultRateSeconds;
      expect(scheduleNamed(periodicScheduleName(stage, schedule))).toMatchObject({
        ScheduleExpression: rateExpression(scheduleRateMinutes(rateSeconds)),
        FlexibleTimeWindow: { Mode: 'OFF' },
        State: 'ENABLED',
      });
    });

    it.each(periodicCases)(
      'invokes the declared function of %s with the schedule input, retries and a dead-letter queue',
      (_id, schedule) => {
        const target = scheduleNamed(periodicScheduleName(stage, schedule))?.['Target'] as Record<string, unknown>;
        const targetFunction = functionOf(scheduleTarget(schedule, declarations));
        expect(target['Arn']).toEqual({ 'Fn::GetAtt': [logicalIdOf(targetFunction.function), 'Arn'] });
        expect(JSON.parse(String(target['Input']))).toEqual({ source: 'kippu.schedule', scheduleId: schedule.id });
        expect(target['RetryPolicy']).toEqual({
          MaximumRetryAttempts: expect.any(Number),
          MaximumEventAgeInSeconds: expect.any(Number),
        });
        expect(mentions(target['DeadLetterConfig'], schedulerDeadLetterQueueId)).toBe(true);
      },
    );

    it.each(periodicCases)('runs %s with a role that may invoke its target function and no other', (_id, schedule) => {
      const created = fixture.stateless.periodicSchedules.get(schedule.id);
      if (created === undefined) throw new Error(`no schedule ${schedule.id}`);
      const roleId = logicalIdOf(created.role);
      const targetFunction = functionOf(scheduleTarget(schedule, declarations));
      // The schedule, its role and its target are in one template.
      const template = templateOf(created.role);
      expect(templateOf(targetFunction.function)).toBe(template);
      const invoking = withAction(statementsOfRole(template, roleId), 'lambda:');
      expect(invoking).toHaveLength(1);
      expect(actionsOf(invoking[0] as PolicyStatementJson)).toEqual(['lambda:InvokeFunction']);
      expect(resourceListOf(invoking[0] as PolicyStatementJson)).toEqual([
        { 'Fn::GetAtt': [logicalIdOf(targetFunction.function), 'Arn'] },
      ]);
      const trust = resourcesOf(template, 'AWS::IAM::Role')[roleId]?.Properties?.['AssumeRolePolicyDocument'];
      expect(trust).toMatchObject({
        Statement: [
          {
            Principal: { Service: 'scheduler.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': expect.anything() as unknown } },
          },
        ],
      });
    });

    it('creates exactly the declared periodic and cron schedules', () => {
      expect(schedules).toHaveLength(declarations.periodicSchedules.length + (declarations.cronSchedules?.length ?? 0));
    });

    it('alarms as soon as the scheduler dead-letter queue holds a failed invocation', () => {
      stateful.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [schedulerDeadLetterQueueId, 'QueueName'] } }],
        Threshold: 0,
      });
      expect(resourcesOf(stateful, 'AWS::SQS::Queue')[schedulerDeadLetterQueueId]?.Properties).toMatchObject({
        KmsMasterKeyId: { 'Fn::GetAtt': [dataKeyId, 'Arn'] },
      });
    });
  });

  const groupName = oneTimeScheduleGroup.name(stage);
  const oneTimeRoleId = (): string => {
    const role = fixture.stateless.oneTimeSchedulerRole;
    if (role === undefined) throw new Error('no one-time scheduler role');
    return logicalIdOf(role);
  };

  const cronCases = (declarations.cronSchedules ?? []).map((schedule) => [schedule.id, schedule] as const);
  if (cronCases.length > 0) {
    describe(`${label}: cron schedules`, () => {
      it.each(cronCases)('runs %s at its cron expression in UTC, with no flexible window', (_id, schedule) => {
        const cron = fixture.settings.scheduleCron[schedule.id] ?? schedule.defaultCron;
        expect(scheduleNamed(periodicScheduleName(stage, schedule))).toMatchObject({
          ScheduleExpression: cron,
          ScheduleExpressionTimezone: 'UTC',
          FlexibleTimeWindow: { Mode: 'OFF' },
          State: 'ENABLED',
        });
      });

      it.each(cronCases)(
        'hands the declared function of %s the time it fired for, with retries and a dead-letter queue',
        (_id, schedule) => {
          const target = scheduleNamed(periodicScheduleName(stage, schedule))?.['Target'] as Record<string, unknown>;
          const targetFunction = functionOf(scheduleTarget(schedule, declarations));
          expect(target['Arn']).toEqual({ 'Fn::GetAtt': [logicalIdOf(targetFunction.function), 'Arn'] });
          expect(JSON.parse(String(target['Input']))).toEqual({
            source: 'kippu.schedule',
            scheduleId: schedule.id,
            detail: { scheduledTime: '<aws.scheduler.scheduled-time>' },
          });
          expect(mentions(target['DeadLetterConfig'], schedulerDeadLetterQueueId)).toBe(true);
        },
      );

      it.each(cronCases)('runs %s with a role that may invoke its target function and no other', (_id, schedule) => {
        const created = fixture.stateless.cronSchedules.get(schedule.id);
        if (created === undefined) throw new Error(`no schedule ${schedule.id}`);
        const targetFunction = functionOf(scheduleTarget(schedule, declarations));
        // The schedule, its role and its target are in one template.
        const template = templateOf(created.role);
        expect(templateOf(targetFunction.function)).toBe(template);
        const invoking = withAction(statementsOfRole(template, logicalIdOf(created.role)), 'lambda:');
        expect(invoking).toHaveLength(1);
        expect(actionsOf(invoking[0] as PolicyStatementJson)).toEqual(['lambda:InvokeFunction']);
        expect(resourceListOf(invoking[0] as PolicyStatementJson)).toEqual([
          { 'Fn::GetAtt': [logicalIdOf(targetFunction.function), 'Arn'] },
        ]);
      });
    });
  }

  describe(`${label}: one-time schedules`, () => {
    it('creates the one-time schedule group, retained with the stateful stack', () => {
      stateful.hasResource('AWS::Scheduler::ScheduleGroup', { Properties: { Name: groupName }, DeletionPolicy: 'Retain' });
    });

    it.each(creators)('gives %s the group, the scheduler role and the ARN of each target', (_name, definition) => {
      const variables = variablesOfFunction(definition);
      expect(variables[oneTimeScheduleGroup.envVar]).toBe(groupName);
      expect(variables[oneTimeScheduleGroup.roleArnEnvVar]).toEqual({ 'Fn::GetAtt': [oneTimeRoleId(), 'Arn'] });
      for (const target of definition.oneTimeSchedules?.targets ?? []) {
        const arn = JSON.stringify(variables[functionArnEnvVar(target)]);
        expect(arn).toContain(`:function:${physicalFunctionName(stage, target)}`);
      }
    });

    it.each(creators)(
      'lets %s manage schedules in the one-time group only, and pass only the scheduler role',
      (_name, definition) => {
        const statements = statementsOf(definition);
        const scheduling = withAction(statements, 'scheduler:');
        expect(scheduling).toHaveLength(1);
        expect(new Set(actionsOf(scheduling[0] as PolicyStatementJson))).toEqual(
          new Set(['scheduler:CreateSchedule', 'scheduler:DeleteSchedule']),
        );
        const resources = resourceListOf(scheduling[0] as PolicyStatementJson);
        expect(resources).toHaveLength(1);
        expect(JSON.stringify(resources[0])).toMatch(new RegExp(`:schedule/${groupName}/\\*"`));
        const passing = withAction(statements, 'iam:');
        expect(passing).toHaveLength(1);
        expect(passing[0]).toMatchObject({
          Action: 'iam:PassRole',
          Resource: { 'Fn::GetAtt': [oneTimeRoleId(), 'Arn'] },
          Condition: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
        });
      },
    );

    it('lets the one-time scheduler role invoke exactly the declared targets, by name, for schedules in its group', () => {
      const targets = [...new Set(creators.flatMap(([, definition]) => definition.oneTimeSchedules?.targets ?? []))];
      if (targets.length === 0) {
        expect(fixture.stateless.oneTimeSchedulerRole).toBeUndefined();
        return;
      }
      const statements = statementsOfRole(fixture.statelessTemplate, oneTimeRoleId());
      expect(statements.flatMap(actionsOf)).toEqual(['lambda:InvokeFunction']);
      const invoked = statements.flatMap(resourceListOf).map((resource) => JSON.stringify(resource));
      expect(invoked).toHaveLength(targets.length);
      for (const target of targets) {
        expect(fixture.stateless.functions.get(target)).toBeDefined();
        expect(invoked.filter((arn) => arn.includes(`:function:${physicalFunctionName(stage, target)}"`))).toHaveLength(1);
      }
      const trust = resourcesOf(fixture.statelessTemplate, 'AWS::IAM::Role')[oneTimeRoleId()]?.Properties?.[
        'AssumeRolePolicyDocument'
      ];
      expect(JSON.stringify(trust)).toContain(`:schedule-group/${groupName}`);
    });

    it('gives no scheduler or PassRole permission to a function that declares no one-time schedules', () => {
      for (const definition of declarations.functionList.filter((candidate) => candidate.oneTimeSchedules === undefined)) {
        expect(withAction(statementsOf(definition), 'scheduler:'), definition.name).toEqual([]);
        expect(withAction(statementsOf(definition), 'iam:'), definition.name).toEqual([]);
      }
    });
  });

  describe(`${label}: references`, () => {
    // Functions carry each other's ARNs and roles refer to functions: CloudFormation refuses a
    // template in which any of that loops back, `cdk synth` does not notice, and the assertions
    // library's Template does (it throws on a dependency cycle).
    it.each(templatesOf(fixture))('leaves no dependency cycle in the %s template', (_name, template) => {
      expect(() => Template.fromJSON(template.toJSON() as Record<string, unknown>)).not.toThrow();
    });
  });
};
