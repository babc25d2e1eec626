import { Arn, CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { Dashboard } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, type Role } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import { functions, type FunctionDefinition } from '../../shared/resources/functions';
import { dataKey, ticketSigningKey } from '../../shared/resources/keys';
import { functionArnEnvVar, oneTimeScheduleGroup, physicalFunctionName } from '../../shared/resources/schedules';
import { oneTimeScheduleTarget, scheduleTarget, type KippuDeclarations } from '../constructs/declarations';
import {
  grantTableAccess,
  identityAccessStatement,
  keyAccessStatement,
  mailSendStatement,
  queueSendStatements,
} from '../constructs/grants';
import { TOKEN_URL_ENV, mailSender, sessionsClient, userPool } from '../../shared/resources/identity';
import { KippuApi } from '../constructs/kippu-api';
import { ServiceAlarms } from '../constructs/kippu-alarms';
import { KippuAuth } from '../constructs/kippu-auth';
import { KippuDashboard, alarmNamesUnder } from '../constructs/kippu-dashboard';
import { KippuFunction } from '../constructs/kippu-function';
import {
  PeriodicSchedule,
  functionArnFromName,
  schedulerExecutionRole,
  schedulesInGroupArn,
} from '../constructs/kippu-schedules';
import { functionEntry } from '../constructs/paths';

/** Read by functions/jwks-get: retired signing keys whose public halves are still served. */
export const TICKET_VERIFY_KEY_IDS_ENV = 'KIPPU_TICKET_VERIFY_KEY_IDS';

export interface StatelessStackProps extends StackProps {
  readonly stage: string;
  /** Every declared table by declaration id, from the stateful stack. */
  readonly tables: ReadonlyMap<string, ITable>;
  /** Every declared key by declaration id, from the stateful stack. */
  readonly keys: ReadonlyMap<string, IKey>;
  /**
   * ARNs of retired ticket signing keys during a manual rotation (docs/operations.md):
   * functions that read the signing key's public half may also read these, and get them in
   * KIPPU_TICKET_VERIFY_KEY_IDS.
   */
  readonly ticketVerifyKeyArns: readonly string[];
  /** Where the hosted sign-in may send customers back to. */
  readonly customerCallbackUrls: readonly string[];
  readonly authDomainPrefix?: string;
  /** Who kippu's e-mail comes from: the address and the verified SES identity it belongs to (CDK context). */
  readonly mail: { readonly fromAddress: string; readonly senderIdentity: string };
  /** Every declared queue by declaration id, from the stateful stack. */
  readonly queues: ReadonlyMap<string, IQueue>;
  /** Where periodic schedules deliver invocations that failed, from the stateful stack. */
  readonly schedulerDeadLetterQueue: IQueue;
  /** The functions, routes and periodic schedules to build (the queues come built). */
  readonly declarations: Pick<KippuDeclarations, 'functionList' | 'routes' | 'periodicSchedules'>;
  /** Rates from `schedule<Id>Seconds` context values; a schedule without one uses its default. */
  readonly scheduleRateSeconds: Readonly<Record<string, number>>;
  /** The handler module of a declared function; tests point synthetic functions at real modules. */
  readonly functionEntry?: (name: string) => string;
  /** Whether the API stage gets the WAF web ACL. */
  readonly waf: boolean;
  /** The alarms of the stateful stack, by name, for the dashboard. */
  readonly statefulAlarmNames: readonly string[];
  /** Every dead-letter queue's physical name, for the dashboard. */
  readonly deadLetterQueueNames: readonly string[];
}

/** Records an SQS event source hands a consumer at most per invocation, unless declared otherwise. */
export const QUEUE_BATCH_SIZE_DEFAULT = 10;
/**
 * How long Lambda may wait to fill a batch: a second gathers bursts into fewer invocations
 * while adding at most a second to the time a settlement takes.
 */
export const QUEUE_MAX_BATCHING_WINDOW = Duration.seconds(1);

/** `ticket-create` -> `TicketCreate`, for construct ids. */
const pascal = (name: string): string =>
  name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');

const required = <T>(map: ReadonlyMap<string, T>, id: string, what: string): T => {
  const value = map.get(id);
  if (value === undefined) throw new Error(`${what} ${id} is declared in shared/resources but missing from the stateful stack`);
  return value;
};

/** The queues a function uses, resolved, and whether it serves the retired signing keys too. */
const resourceUses = (definition: FunctionDefinition, props: StatelessStackProps) => {
  const readsSigningPublicKey = definition.keys.some(
    ({ key, access }) => key.id === ticketSigningKey.id && access.includes('getPublicKey'),
  );
  return {
    servesRetiredKeys: readsSigningPublicKey && props.ticketVerifyKeyArns.length > 0,
    queueUses: (definition.queues ?? []).map((use) => ({ ...use, resource: required(props.queues, use.queue.id, 'queue') })),
  };
};

type ResourceUses = ReturnType<typeof resourceUses>;

/** The findings CDK's table grants bring, each with its reason. */
const suppressTableGrantFindings = (role: Role, definition: FunctionDefinition): void => {
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
 * Everything that can be replaced by a deployment: one Lambda function per entry of
 * `functionList`, the REST API built from `routes` (with its WAF web ACL), Cognito, the
 * alarms (each notifies the stateful stack's alarm topic) and the stage's dashboard. Driven entirely by
 * the declarations in shared/resources; a new function or route needs no change here.
 *
 * Permissions come only from each function's declaration: a table with access `read`,
 * `write` or `readWrite` gets CDK's matching table grant (indexes included, and the data
 * key's actions that access needs because the tables are encrypted with it); a key gets one
 * statement with exactly the listed KMS actions on that key's ARN; a queue with access `send`
 * gets sqs:SendMessage on that queue (plus the two data key actions an encrypted send needs)
 * and its URL in the declared variable; a queue with access `consume` becomes the function's
 * SQS event source, whose grant lets it receive, delete and decrypt on that queue only.
 * A function that declares one-time schedules may create, read and delete schedules in the
 * one-time group only, and pass only the one-time scheduler role, whose sole permission is to
 * invoke the declared targets. Nothing else is granted beyond writing the function's own log
 * group and sending X-Ray traces.
 *
 * Each periodic schedule gets its own Scheduler role that may invoke its target and nothing
 * else. Target ARNs reach the functions that schedule them as ARNs built from the physical
 * function names, so no function refers to another function's resource and no declaration
 * (a function scheduling itself, two functions scheduling each other) can make a cycle.
 *
 * The local development token issuer (scripts/local, POST /local/token) is not declared in
 * shared/resources and nothing here imports it, so it can never be deployed.
 */
export class StatelessStack extends Stack {
  readonly api: KippuApi;
  readonly auth: KippuAuth;
  /** Every declared function by its name. */
  readonly functions: ReadonlyMap<string, KippuFunction>;
  /** Every periodic schedule by its declaration id. */
  readonly periodicSchedules: ReadonlyMap<string, PeriodicSchedule>;
  /** The role one-time schedules run with; only when some function declares one-time schedules. */
  readonly oneTimeSchedulerRole: Role | undefined;
  readonly serviceAlarms: ServiceAlarms;
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { functionList, routes, periodicSchedules } = props.declarations;

    this.auth = new KippuAuth(this, 'Auth', {
      stage: props.stage,
      customerCallbackUrls: props.customerCallbackUrls,
      ...(props.authDomainPrefix === undefined ? {} : { domainPrefix: props.authDomainPrefix }),
    });
    this.api = new KippuApi(this, 'Api', {
      stage: props.stage,
      userPool: this.auth.userPool,
      authorizationScopes: this.auth.roleScopes,
      publicRoutes: routes.filter((route) => route.public),
      waf: props.waf,
      routes,
    });

    // Created before the functions so that the functions that create one-time schedules can
    // be given its ARN; its permission to invoke the targets is added once they exist.
    const oneTimeTargetNames = [...new Set(functionList.flatMap((definition) => definition.oneTimeSchedules?.targets ?? []))];
    const oneTimeGroupName = oneTimeScheduleGroup.name(props.stage);
    const oneTimeRole =
      oneTimeTargetNames.length === 0
        ? undefined
        : schedulerExecutionRole(this, 'OneTimeSchedulerRole', {
            groupName: oneTimeGroupName,
            description: `EventBridge Scheduler role for the one-time schedules in ${oneTimeGroupName}: invokes their declared targets only`,
            targets: [],
          });
    this.oneTimeSchedulerRole = oneTimeRole;

    const created = new Map<string, KippuFunction>();
    for (const definition of functionList) {
      created.set(definition.name, this.addFunction(definition, props, oneTimeRole));
    }
    this.functions = created;

    if (oneTimeRole !== undefined) {
      const targets = oneTimeTargetNames.map((name) => required(created, name, 'one-time schedule target function').function);
      oneTimeRole.addToPrincipalPolicy(
        new PolicyStatement({
          sid: 'InvokeTargets',
          actions: ['lambda:InvokeFunction'],
          resources: targets.map((target) => target.functionArn),
        }),
      );
    }

    this.periodicSchedules = this.addPeriodicSchedules(props, created);

    for (const route of routes) {
      const handler = required(created, functions[route.functionId].name, 'function');
      this.api.addRoute(route, handler.function);
    }

    const sweepers = periodicSchedules.map((schedule) => ({
      scheduleId: schedule.id,
      functionName: scheduleTarget(schedule, { functionList }).name,
      rateMinutes: required(this.periodicSchedules, schedule.id, 'periodic schedule').rateMinutes,
    }));
    const recovery = sweepers.find((sweeper) => sweeper.functionName === functions.purchaseRecover.name);
    this.serviceAlarms = new ServiceAlarms(this, 'ServiceAlarms', {
      stage: props.stage,
      functionList,
      sweepers,
      ...(recovery === undefined ? {} : { settlementRecoveryRateMinutes: recovery.rateMinutes }),
    });
    // Last, so that it lists every alarm of this stack.
    this.dashboard = new KippuDashboard(this, 'Dashboard', {
      stage: props.stage,
      restApi: this.api.restApi,
      ...(this.api.webAcl === undefined ? {} : { webAclName: this.api.webAcl.name }),
      alarmNames: [...props.statefulAlarmNames, ...alarmNamesUnder(this)],
      deadLetterQueueNames: props.deadLetterQueueNames,
    }).dashboard;

    this.addOutputs();
  }

  private addFunction(definition: FunctionDefinition, props: StatelessStackProps, oneTimeRole: Role | undefined): KippuFunction {
    const uses = resourceUses(definition, props);
    const kippuFunction = new KippuFunction(this, pascal(definition.name), {
      name: definition.name,
      stage: props.stage,
      description: definition.description,
      entry: (props.functionEntry ?? functionEntry)(definition.name),
      timeoutSeconds: definition.timeoutSeconds,
      memoryMegabytes: definition.memoryMegabytes,
      environment: this.functionEnvironment(definition, props, uses, oneTimeRole),
    });
    this.grantDeclaredAccess(kippuFunction, definition, props, uses, oneTimeRole);
    suppressTableGrantFindings(kippuFunction.role, definition);
    return kippuFunction;
  }

  /** The variables a function reads: stage, issuer, and the names of exactly the resources it declares. */
  private functionEnvironment(
    definition: FunctionDefinition,
    props: StatelessStackProps,
    uses: ResourceUses,
    oneTimeRole: Role | undefined,
  ): Record<string, string> {
    const environment: Record<string, string> = {
      KIPPU_STAGE: props.stage,
      KIPPU_ISSUER: this.api.baseUrl,
      NODE_OPTIONS: '--enable-source-maps',
    };
    for (const { table } of definition.tables) {
      environment[table.envVar] = required(props.tables, table.id, 'table').tableName;
    }
    for (const { key } of definition.keys) {
      environment[key.envVar] = required(props.keys, key.id, 'key').keyArn;
    }
    if (uses.servesRetiredKeys) {
      environment[TICKET_VERIFY_KEY_IDS_ENV] = props.ticketVerifyKeyArns.join(',');
    }
    for (const { queue, access, resource } of uses.queueUses) {
      if (access === 'send') environment[queue.envVar] = resource.queueUrl;
    }
    const identity = definition.identity ?? [];
    if (identity.length > 0) {
      environment[userPool.envVar] = this.auth.userPool.userPoolId;
      if (identity.includes('signIn')) environment[sessionsClient.envVar] = this.auth.customerClient.userPoolClientId;
      if (identity.includes('manageClients')) environment[TOKEN_URL_ENV] = this.auth.tokenUrl;
    }
    if (definition.mail === true) environment[mailSender.envVar] = props.mail.fromAddress;
    const oneTimeSchedules = definition.oneTimeSchedules;
    if (oneTimeSchedules !== undefined) {
      if (oneTimeRole === undefined) throw new Error(`function ${definition.name} declares one-time schedules without targets`);
      environment[oneTimeScheduleGroup.envVar] = oneTimeScheduleGroup.name(props.stage);
      environment[oneTimeScheduleGroup.roleArnEnvVar] = oneTimeRole.roleArn;
      for (const targetName of oneTimeSchedules.targets) {
        const target = oneTimeScheduleTarget(definition, targetName, props.declarations);
        environment[functionArnEnvVar(targetName)] = functionArnFromName(this, physicalFunctionName(props.stage, target.name));
      }
    }
    return environment;
  }

  /** Exactly the access the declaration lists (see the class comment). */
  private grantDeclaredAccess(
    kippuFunction: KippuFunction,
    definition: FunctionDefinition,
    props: StatelessStackProps,
    uses: ResourceUses,
    oneTimeRole: Role | undefined,
  ): void {
    const role = kippuFunction.role;
    for (const { table, access } of definition.tables) {
      grantTableAccess(required(props.tables, table.id, 'table'), role, access);
    }
    for (const { key, access } of definition.keys) {
      role.addToPrincipalPolicy(keyAccessStatement(`${pascal(key.id)}Key`, required(props.keys, key.id, 'key'), access));
    }
    const identity = definition.identity ?? [];
    if (identity.length > 0) role.addToPrincipalPolicy(identityAccessStatement(this.auth.userPool.userPoolArn, identity));
    if (definition.mail === true) {
      const senderIdentityArn = Arn.format(
        { service: 'ses', resource: 'identity', resourceName: props.mail.senderIdentity },
        this,
      );
      role.addToPrincipalPolicy(mailSendStatement(senderIdentityArn, props.mail.fromAddress));
    }
    if (uses.servesRetiredKeys) {
      role.addToPrincipalPolicy(
        new PolicyStatement({
          sid: 'RetiredTicketSigningKeys',
          actions: ['kms:GetPublicKey'],
          resources: [...props.ticketVerifyKeyArns],
        }),
      );
    }

    for (const { queue, access, batchSize, resource } of uses.queueUses) {
      switch (access) {
        case 'send':
          for (const statement of queueSendStatements(`Send${pascal(queue.id)}`, resource)) role.addToPrincipalPolicy(statement);
          break;
        case 'consume':
          // The event source grants receive, delete, visibility changes and kms:Decrypt on this queue only.
          kippuFunction.function.addEventSource(
            new SqsEventSource(resource, {
              batchSize: batchSize ?? QUEUE_BATCH_SIZE_DEFAULT,
              maxBatchingWindow: QUEUE_MAX_BATCHING_WINDOW,
              reportBatchItemFailures: true,
            }),
          );
          break;
      }
    }
    if (definition.oneTimeSchedules !== undefined && oneTimeRole !== undefined) {
      const oneTimeGroupName = oneTimeScheduleGroup.name(props.stage);
      role.addToPrincipalPolicy(
        new PolicyStatement({
          sid: 'ManageOneTimeSchedules',
          actions: ['scheduler:CreateSchedule', 'scheduler:DeleteSchedule', 'scheduler:GetSchedule'],
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

  private addPeriodicSchedules(
    props: StatelessStackProps,
    created: ReadonlyMap<string, KippuFunction>,
  ): Map<string, PeriodicSchedule> {
    const { functionList, periodicSchedules } = props.declarations;
    const dataEncryptionKey = required(props.keys, dataKey.id, 'key');
    const schedules = new Map<string, PeriodicSchedule>();
    for (const schedule of periodicSchedules) {
      const target = required(created, scheduleTarget(schedule, { functionList }).name, 'function');
      schedules.set(
        schedule.id,
        new PeriodicSchedule(this, `${pascal(schedule.id)}Schedule`, {
          stage: props.stage,
          schedule,
          rateSeconds: props.scheduleRateSeconds[schedule.id] ?? schedule.defaultRateSeconds,
          target: target.function,
          deadLetterQueue: props.schedulerDeadLetterQueue,
          deadLetterKey: dataEncryptionKey,
        }),
      );
    }
    return schedules;
  }

  /** What the first-deploy checklist (README) and the runbooks (docs/operations.md) need. */
  private addOutputs(): void {
    const outputs: Record<string, [string, string]> = {
      ApiUrl: [this.api.baseUrl, 'Base URL of the API, also the iss of every ticket'],
      UserPoolId: [this.auth.userPool.userPoolId, 'Cognito user pool: create the first operator here'],
      CustomerClientId: [this.auth.customerClient.userPoolClientId, 'App client for customer and operator sign-in'],
      MachineClientId: [this.auth.machineClient.userPoolClientId, 'App client for client credentials'],
      DashboardName: [this.dashboard.dashboardName, 'CloudWatch dashboard of the stage'],
    };
    for (const [id, [value, description]] of Object.entries(outputs)) new CfnOutput(this, id, { value, description });
  }
}
