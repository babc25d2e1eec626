import { Arn, Duration, Names, NestedStack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, ServicePrincipal, type Role } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import { functions, type FunctionDefinition } from '../../shared/resources/functions';
import { functionEnvironment, readsSigningPublicKey } from '../../shared/resources/function-environment';
import { dataKey } from '../../shared/resources/keys';
import type { RouteDefinition } from '../../shared/resources/routes';
import {
  oneTimeScheduleGroup,
  physicalFunctionName,
  type CronScheduleDefinition,
  type PeriodicScheduleDefinition,
} from '../../shared/resources/schedules';
import { oneTimeScheduleTarget, type KippuDeclarations } from '../constructs/declarations';
import {
  grantTableAccess,
  identityAccessStatement,
  keyAccessStatement,
  mailSendStatement,
  queueConsumeStatements,
  queueSendStatements,
} from '../constructs/grants';
import type { KippuApi } from '../constructs/kippu-api';
import type { KippuAuth } from '../constructs/kippu-auth';
import { KippuFunction } from '../constructs/kippu-function';
import type { InlinePolicyRole } from '../constructs/inline-policy-role';
import { CronSchedule, PeriodicSchedule, functionArnFromName, schedulesInGroupArn } from '../constructs/kippu-schedules';
import { pascal, required } from '../constructs/names';

export { TICKET_RETIRED_PUBLIC_KEYS_ENV, TICKET_VERIFY_KEY_IDS_ENV } from '../../shared/resources/function-environment';

/** Records an SQS event source hands a consumer at most per invocation, unless declared otherwise. */
export const QUEUE_BATCH_SIZE_DEFAULT = 10;
/**
 * How long Lambda may wait to fill a batch: a second gathers bursts into fewer invocations
 * while adding at most a second to the time a settlement takes.
 */
export const QUEUE_MAX_BATCHING_WINDOW = Duration.seconds(1);

/** What every function stack builds its functions from: the stateful resources and the parent stack's. */
export interface FunctionResources {
  readonly stage: string;
  /** Every declared table by declaration id, from the stateful stack. */
  readonly tables: ReadonlyMap<string, ITable>;
  /** Every declared key by declaration id, from the stateful stack. */
  readonly keys: ReadonlyMap<string, IKey>;
  /** Every declared queue by declaration id, from the stateful stack. */
  readonly queues: ReadonlyMap<string, IQueue>;
  /** Where periodic schedules deliver invocations that failed, from the stateful stack. */
  readonly schedulerDeadLetterQueue: IQueue;
  /** Retired signing keys (docs/operations.md) for the functions that read the signing public key: ARNs and public halves. */
  readonly ticketVerifyKeyArns: readonly string[];
  readonly ticketRetiredPublicKeys?: readonly string[];
  /** KIPPU_LOG_LEVEL and KIPPU_LOG_DEBUG_SAMPLE_RATE for every function, when given as context. */
  readonly logEnvironment: Readonly<Record<string, string>>;
  /** Who kippu's e-mail comes from: the address and the verified SES identity it belongs to (CDK context). */
  readonly mail: { readonly fromAddress: string; readonly senderIdentity: string };
  /** Rates from `schedule<Id>Seconds` context values; a schedule without one uses its default. */
  readonly scheduleRateSeconds: Readonly<Record<string, number>>;
  /** Expressions from `schedule<Id>Cron` context values; a schedule without one uses its default. */
  readonly scheduleCron: Readonly<Record<string, string>>;
  /** The handler module of a declared function. */
  readonly functionEntry: (name: string) => string;
  /** Every declared function, for the one-time schedule targets, and every route. */
  readonly declarations: Pick<KippuDeclarations, 'functionList' | 'routes'>;
  /** From the parent stack: the API (issuer, invoke permissions), Cognito, and the one-time scheduler role. */
  readonly api: KippuApi;
  readonly auth: KippuAuth;
  readonly oneTimeRole: Role | undefined;
}

export interface FunctionStackProps {
  /** The functions this stack holds. */
  readonly functions: readonly FunctionDefinition[];
  /** The periodic schedules whose target is one of them. */
  readonly periodicSchedules: readonly PeriodicScheduleDefinition[];
  /** The cron schedules whose target is one of them. */
  readonly cronSchedules: readonly CronScheduleDefinition[];
  readonly resources: FunctionResources;
}

const STATEFUL = 'the stateful stack';

/** The queues a function uses, resolved, and whether it serves the retired signing keys too. */
const resourceUses = (definition: FunctionDefinition, resources: FunctionResources) => ({
  servesRetiredKeys: readsSigningPublicKey(definition) && resources.ticketVerifyKeyArns.length > 0,
  queueUses: (definition.queues ?? []).map((use) => ({
    ...use,
    resource: required(resources.queues, use.queue.id, 'queue', STATEFUL),
  })),
});

type ResourceUses = ReturnType<typeof resourceUses>;

/** The findings CDK's table grants bring, each with its reason. */
const suppressTableGrantFindings = (role: InlinePolicyRole, definition: FunctionDefinition): void => {
  if (definition.tables.length > 0) {
    NagSuppressions.addResourceSuppressions(
      role,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason:
            "CDK's DynamoDB grants cover the table's global secondary indexes as <table arn>/index/*, so queries on any declared index work; the grant stays within the declared table.",
          appliesTo: [{ regex: '/^Resource::.+\\/index\\/\\*$/g' }],
        },
      ],
      true,
    );
  }
  if (definition.tables.some(({ access }) => access !== 'read')) {
    NagSuppressions.addResourceSuppressions(
      role,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason:
            "CDK's DynamoDB write grants on a table encrypted with the customer managed data key add kms:GenerateDataKey* and kms:ReEncrypt* on that one key, which DynamoDB needs to encrypt items; the resource is the data key only.",
          appliesTo: ['Action::kms:GenerateDataKey*', 'Action::kms:ReEncrypt*'],
        },
      ],
      true,
    );
  }
};

/**
 * A nested stack of the stateless stack that holds some of the declared functions (which ones:
 * function-placement.ts), each with its role, log group and, when it serves routes, the one
 * permission that lets the API invoke it; the SQS event sources of the consumers among them;
 * and the periodic and cron schedules that target them, each with its own role.
 *
 * Permissions come only from each function's declaration: a table with access `read`,
 * `write` or `readWrite` gets the matching actions (indexes included, and the data key's
 * actions that access needs because the tables are encrypted with it, through DynamoDB
 * only); a key gets one statement with exactly the listed KMS actions on that key's ARN (and,
 * for a use with a purpose, only under an encryption context naming it); a queue with access `send`
 * gets sqs:SendMessage on that queue (plus the two data key actions an encrypted send needs,
 * through SQS only)
 * and its URL in the declared variable; a queue with access `consume` becomes the function's
 * SQS event source, whose grant lets it receive and delete messages and read the attributes of
 * that queue only, and decrypt with its key through SQS only.
 * A function that declares one-time schedules may create and delete schedules in the
 * one-time group only, and pass only the one-time scheduler role, whose sole permission is to
 * invoke the declared targets. Nothing else is granted beyond writing the function's own log
 * group and sending X-Ray traces.
 *
 * Each periodic or cron schedule gets its own Scheduler role that may invoke its target and nothing
 * else. Target ARNs reach the functions that schedule them as ARNs built from the physical
 * function names, so no function refers to another function's resource (in this stack or
 * another) and no declaration (a function scheduling itself, two functions scheduling each
 * other) can make a cycle.
 */
export class FunctionStack extends NestedStack {
  /** The functions of this stack by name. */
  readonly functions: ReadonlyMap<string, KippuFunction>;
  /** The periodic schedules of this stack by declaration id. */
  readonly periodicSchedules: ReadonlyMap<string, PeriodicSchedule>;
  /** The cron schedules of this stack by declaration id. */
  readonly cronSchedules: ReadonlyMap<string, CronSchedule>;

  constructor(scope: Construct, id: string, props: FunctionStackProps) {
    super(scope, id, { description: `kippu ${props.resources.stage}: functions (${id})` });
    const { resources } = props;

    const created = new Map<string, KippuFunction>();
    for (const definition of props.functions) created.set(definition.name, this.addFunction(definition, resources));
    this.functions = created;

    this.periodicSchedules = this.addPeriodicSchedules(props.periodicSchedules, resources, id);
    this.cronSchedules = this.addCronSchedules(props.cronSchedules, resources, id);
  }

  private addPeriodicSchedules(
    declared: readonly PeriodicScheduleDefinition[],
    resources: FunctionResources,
    stackId: string,
  ): Map<string, PeriodicSchedule> {
    const dataEncryptionKey = required(resources.keys, dataKey.id, 'key', STATEFUL);
    const schedules = new Map<string, PeriodicSchedule>();
    for (const schedule of declared) {
      const target = required(this.functions, functions[schedule.functionId].name, 'function', stackId);
      schedules.set(
        schedule.id,
        new PeriodicSchedule(this, `${pascal(schedule.id)}Schedule`, {
          stage: resources.stage,
          schedule,
          rateSeconds: resources.scheduleRateSeconds[schedule.id] ?? schedule.defaultRateSeconds,
          target: target.function,
          deadLetterQueue: resources.schedulerDeadLetterQueue,
          deadLetterKey: dataEncryptionKey,
        }),
      );
    }
    return schedules;
  }

  /** The cron schedules whose target is in this stack (the monthly billing run), each with its own role. */
  private addCronSchedules(
    declared: readonly CronScheduleDefinition[],
    resources: FunctionResources,
    stackId: string,
  ): Map<string, CronSchedule> {
    const dataEncryptionKey = required(resources.keys, dataKey.id, 'key', STATEFUL);
    const schedules = new Map<string, CronSchedule>();
    for (const schedule of declared) {
      const target = required(this.functions, functions[schedule.functionId].name, 'function', stackId);
      schedules.set(
        schedule.id,
        new CronSchedule(this, `${pascal(schedule.id)}Schedule`, {
          stage: resources.stage,
          schedule,
          cron: resources.scheduleCron[schedule.id] ?? schedule.defaultCron,
          target: target.function,
          deadLetterQueue: resources.schedulerDeadLetterQueue,
          deadLetterKey: dataEncryptionKey,
        }),
      );
    }
    return schedules;
  }

  private addFunction(definition: FunctionDefinition, resources: FunctionResources): KippuFunction {
    const uses = resourceUses(definition, resources);
    const kippuFunction = new KippuFunction(this, pascal(definition.name), {
      name: definition.name,
      stage: resources.stage,
      description: definition.description,
      entry: resources.functionEntry(definition.name),
      timeoutSeconds: definition.timeoutSeconds,
      memoryMegabytes: definition.memoryMegabytes,
      environment: this.functionEnvironment(definition, resources),
    });
    this.grantDeclaredAccess(kippuFunction, definition, resources, uses);
    if (definition.oneTimeSchedules !== undefined && resources.oneTimeRole !== undefined) {
      this.grantOneTimeSchedules(kippuFunction.role, resources.stage, resources.oneTimeRole);
    }
    const routes = routesOf(definition, resources.declarations.routes);
    if (routes.length > 0) {
      kippuFunction.function.addPermission('ApiInvoke', {
        principal: new ServicePrincipal('apigateway.amazonaws.com'),
        action: 'lambda:InvokeFunction',
        sourceArn: resources.api.invokeSourceArn(this, routes),
      });
    }
    suppressTableGrantFindings(kippuFunction.role, definition);
    return kippuFunction;
  }

  /** The variables a function reads (shared/resources/function-environment.ts), valued with this app's resources. */
  private functionEnvironment(definition: FunctionDefinition, resources: FunctionResources): Record<string, string> {
    const { auth } = resources;
    return functionEnvironment(definition, {
      stage: resources.stage,
      issuer: resources.api.baseUrl,
      common: { NODE_OPTIONS: '--enable-source-maps', ...resources.logEnvironment },
      tableName: (table) => required(resources.tables, table.id, 'table', STATEFUL).tableName,
      keyId: (key) => required(resources.keys, key.id, 'key', STATEFUL).keyArn,
      queueUrl: (queue) => required(resources.queues, queue.id, 'queue', STATEFUL).queueUrl,
      userPoolId: () => auth.userPool.userPoolId,
      sessionsClientId: () => auth.customerClient.userPoolClientId,
      tokenUrl: () => auth.tokenUrl,
      mailFrom: () => resources.mail.fromAddress,
      oneTimeSchedulerRoleArn: () => {
        if (resources.oneTimeRole === undefined) {
          throw new Error(`function ${definition.name} declares one-time schedules without targets`);
        }
        return resources.oneTimeRole.roleArn;
      },
      targetFunctionArn: (scheduler, targetName) =>
        functionArnFromName(
          this,
          physicalFunctionName(resources.stage, oneTimeScheduleTarget(scheduler, targetName, resources.declarations).name),
        ),
      retiredSigningKeys: { keyIds: resources.ticketVerifyKeyArns, publicKeys: resources.ticketRetiredPublicKeys ?? [] },
    });
  }

  /** Exactly the access the declaration lists (see the class comment), one-time schedules aside. */
  private grantDeclaredAccess(
    kippuFunction: KippuFunction,
    definition: FunctionDefinition,
    resources: FunctionResources,
    uses: ResourceUses,
  ): void {
    const role = kippuFunction.role;
    for (const { table, access } of definition.tables) {
      grantTableAccess(required(resources.tables, table.id, 'table', STATEFUL), role, access);
    }
    for (const use of definition.keys) {
      role.addToPrincipalPolicy(
        keyAccessStatement(`${pascal(use.key.id)}Key`, required(resources.keys, use.key.id, 'key', STATEFUL), use),
      );
    }
    const identity = definition.identity ?? [];
    if (identity.length > 0) role.addToPrincipalPolicy(identityAccessStatement(resources.auth.userPool.userPoolArn, identity));
    if (definition.mail === true) {
      const senderIdentityArn = Arn.format(
        { service: 'ses', resource: 'identity', resourceName: resources.mail.senderIdentity },
        this,
      );
      role.addToPrincipalPolicy(mailSendStatement(senderIdentityArn, resources.mail.fromAddress));
    }
    if (uses.servesRetiredKeys) {
      role.addToPrincipalPolicy(
        new PolicyStatement({
          sid: 'RetiredTicketSigningKeys',
          actions: ['kms:GetPublicKey'],
          resources: [...resources.ticketVerifyKeyArns],
        }),
      );
    }
    for (const { queue, access, batchSize, resource } of uses.queueUses) {
      switch (access) {
        case 'send':
          for (const statement of queueSendStatements(`Send${pascal(queue.id)}`, resource)) role.addToPrincipalPolicy(statement);
          break;
        case 'consume':
          // The event source mapping (with SqsEventSource's construct id, so its logical id
          // stays), without SqsEventSource's grant: receive, delete and queue attributes on this
          // queue, and the data key's decrypt through SQS only (queueConsumeStatements).
          kippuFunction.function.addEventSourceMapping(`SqsEventSource:${Names.nodeUniqueId(resource.node)}`, {
            eventSourceArn: resource.queueArn,
            batchSize: batchSize ?? QUEUE_BATCH_SIZE_DEFAULT,
            maxBatchingWindow: QUEUE_MAX_BATCHING_WINDOW,
            reportBatchItemFailures: true,
          });
          for (const statement of queueConsumeStatements(`Consume${pascal(queue.id)}`, resource)) {
            role.addToPrincipalPolicy(statement);
          }
          break;
      }
    }
  }

  /**
   * What a function that declares one-time schedules may do: create and delete schedules
   * in the one-time group only, and pass only the one-time scheduler role.
   */
  private grantOneTimeSchedules(role: InlinePolicyRole, stage: string, oneTimeRole: Role): void {
    const oneTimeGroupName = oneTimeScheduleGroup.name(stage);
    role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'ManageOneTimeSchedules',
        actions: ['scheduler:CreateSchedule', 'scheduler:DeleteSchedule'],
        resources: [schedulesInGroupArn(this, oneTimeGroupName)],
      }),
    );
    role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'PassSchedulerRole',
        actions: ['iam:PassRole'],
        resources: [oneTimeRole.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      }),
    );
    NagSuppressions.addResourceSuppressions(
      role,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason: `One-time schedules are created at run time with names only known then, so the scheduler actions are granted on schedule/${oneTimeGroupName}/* (every schedule in kippu's one-time group, and no other group).`,
          appliesTo: [{ regex: `/^Resource::arn:.+:scheduler:.+:schedule\\/${oneTimeGroupName}\\/\\*$/g` }],
        },
      ],
      true,
    );
  }
}

/** The routes a declared function serves. */
export const routesOf = (definition: FunctionDefinition, routes: readonly RouteDefinition[]): RouteDefinition[] =>
  routes.filter((route) => functions[route.functionId].name === definition.name);
