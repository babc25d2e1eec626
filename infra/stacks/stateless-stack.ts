import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, type Role } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { functions } from '../../shared/resources/functions';
import {
  oneTimeScheduleGroup,
  physicalFunctionName,
  type CronScheduleDefinition,
  type PeriodicScheduleDefinition,
} from '../../shared/resources/schedules';
import { scheduleTarget, type KippuDeclarations } from '../constructs/declarations';
import { FUNCTION_STACK_COUNT, functionStackIndex } from '../constructs/function-placement';
import { KippuApi } from '../constructs/kippu-api';
import { KippuAuth } from '../constructs/kippu-auth';
import type { KippuFunction } from '../constructs/kippu-function';
import {
  functionArnFromName,
  schedulerExecutionRole,
  type CronSchedule,
  type PeriodicSchedule,
} from '../constructs/kippu-schedules';
import { functionEntry } from '../constructs/paths';
import { FunctionStack, type FunctionResources } from './function-stack';

export { QUEUE_BATCH_SIZE_DEFAULT, QUEUE_MAX_BATCHING_WINDOW, TICKET_VERIFY_KEY_IDS_ENV } from './function-stack';

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
  /**
   * Public halves (base64 DER, SPKI) of retired ticket signing keys whose KMS keys may be gone:
   * the functions that serve the JWKS get them in KIPPU_TICKET_RETIRED_PUBLIC_KEYS.
   */
  readonly ticketRetiredPublicKeys?: readonly string[];
  /** Where the hosted sign-in may send customers back to. */
  readonly customerCallbackUrls: readonly string[];
  readonly authDomainPrefix?: string;
  /** Who kippu's e-mail comes from: the address and the verified SES identity it belongs to (CDK context). */
  readonly mail: { readonly fromAddress: string; readonly senderIdentity: string };
  /** Every declared queue by declaration id, from the stateful stack. */
  readonly queues: ReadonlyMap<string, IQueue>;
  /** Where periodic schedules deliver invocations that failed, from the stateful stack. */
  readonly schedulerDeadLetterQueue: IQueue;
  /** The functions, routes, periodic and cron schedules to build (the queues come built). */
  readonly declarations: Pick<KippuDeclarations, 'functionList' | 'routes' | 'periodicSchedules' | 'cronSchedules'>;
  /** Rates from `schedule<Id>Seconds` context values; a schedule without one uses its default. */
  readonly scheduleRateSeconds: Readonly<Record<string, number>>;
  /** Expressions from `schedule<Id>Cron` context values; a schedule without one uses its default. */
  readonly scheduleCron?: Readonly<Record<string, string>>;
  /** The handler module of a declared function; tests point synthetic functions at real modules. */
  readonly functionEntry?: (name: string) => string;
  /** Whether the API stage gets the WAF web ACL. */
  readonly waf: boolean;
  /** KIPPU_LOG_LEVEL and KIPPU_LOG_DEBUG_SAMPLE_RATE for every function, when given as context. */
  readonly logEnvironment?: Readonly<Record<string, string>>;
}

/**
 * Everything that can be replaced by a deployment except the monitoring: the REST API built
 * from `routes` (with its WAF web ACL), Cognito, and one Lambda function per entry of
 * `functionList` with its periodic schedules. Driven entirely by the declarations in
 * shared/resources; a new function or route needs no change here.
 *
 * CloudFormation allows 500 resources per template, and a function with its role, log group
 * and alarms took six, so the stack is cut in three kinds of template, each far below the
 * limit (test/infra/suites/limits.ts checks at most 400 each, and how many more functions
 * and routes fit):
 * - this stack: the API (resources, methods, deployment, stage, authorizer, WAF), Cognito
 *   and its trigger function, the one-time scheduler role;
 * - FUNCTION_STACK_COUNT nested stacks (function-stack.ts) holding the declared functions,
 *   each in the one its name hashes to (function-placement.ts), with their invoke permissions,
 *   event sources and periodic and cron schedules. Nested rather than top-level stacks: they deploy
 *   with this stack as one unit (one `cdk deploy`, one rollback), get the values they need as
 *   parameters instead of CloudFormation exports (an export cannot change while it is
 *   imported), and the API methods here can wait for them;
 * - the monitoring stack (monitoring-stack.ts): every alarm but the queues', and the dashboard.
 *
 * Methods and one-time schedules name functions by ARNs built from their physical names, so
 * nothing here refers to a resource of a function stack; each method waits for its
 * function's stack instead. The local development token issuer (scripts/local,
 * POST /local/token) is not declared in shared/resources and nothing here imports it, so it
 * can never be deployed.
 */
export class StatelessStack extends Stack {
  readonly api: KippuApi;
  readonly auth: KippuAuth;
  /** The nested stacks that hold the declared functions, by their index (function-placement.ts). */
  readonly functionStacks: ReadonlyMap<number, FunctionStack>;
  /** Every declared function by its name. */
  readonly functions: ReadonlyMap<string, KippuFunction>;
  /** Every periodic schedule by its declaration id. */
  readonly periodicSchedules: ReadonlyMap<string, PeriodicSchedule>;
  /** Every calendar (cron) schedule by its declaration id. */
  readonly cronSchedules: ReadonlyMap<string, CronSchedule>;
  /** The role one-time schedules run with; only when some function declares one-time schedules. */
  readonly oneTimeSchedulerRole: Role | undefined;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { routes } = props.declarations;

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
    this.oneTimeSchedulerRole = this.addOneTimeSchedulerRole(props);

    this.functionStacks = this.addFunctionStacks(props, this.oneTimeSchedulerRole);
    this.functions = new Map([...this.functionStacks.values()].flatMap((stack) => [...stack.functions]));
    this.periodicSchedules = new Map([...this.functionStacks.values()].flatMap((stack) => [...stack.periodicSchedules]));
    this.cronSchedules = new Map([...this.functionStacks.values()].flatMap((stack) => [...stack.cronSchedules]));

    this.addRoutes(routes);
    this.addOutputs();
  }

  /**
   * The role one-time schedules run with, when some function declares one-time schedules: it
   * may invoke exactly the declared targets, named by their ARNs (the functions are in the
   * nested stacks, which get the role's ARN).
   */
  private addOneTimeSchedulerRole(props: StatelessStackProps): Role | undefined {
    const { functionList } = props.declarations;
    const targetNames = [...new Set(functionList.flatMap((definition) => definition.oneTimeSchedules?.targets ?? []))];
    if (targetNames.length === 0) return undefined;
    const groupName = oneTimeScheduleGroup.name(props.stage);
    const role = schedulerExecutionRole(this, 'OneTimeSchedulerRole', {
      groupName,
      description: `EventBridge Scheduler role for the one-time schedules in ${groupName}: invokes their declared targets only`,
      targets: [],
    });
    role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'InvokeTargets',
        actions: ['lambda:InvokeFunction'],
        resources: targetNames.map((name) => functionArnFromName(this, physicalFunctionName(props.stage, name))),
      }),
    );
    return role;
  }

  /**
   * One nested stack per index that some declared function's name hashes to
   * (function-placement.ts), holding those functions and the periodic and cron schedules that
   * target them. Which stack a function is in follows from its name alone: nobody places functions.
   */
  private addFunctionStacks(props: StatelessStackProps, oneTimeRole: Role | undefined): Map<number, FunctionStack> {
    const { functionList, periodicSchedules, cronSchedules = [] } = props.declarations;
    const resources: FunctionResources = {
      stage: props.stage,
      tables: props.tables,
      keys: props.keys,
      queues: props.queues,
      schedulerDeadLetterQueue: props.schedulerDeadLetterQueue,
      ticketVerifyKeyArns: props.ticketVerifyKeyArns,
      ticketRetiredPublicKeys: props.ticketRetiredPublicKeys ?? [],
      logEnvironment: props.logEnvironment ?? {},
      mail: props.mail,
      scheduleRateSeconds: props.scheduleRateSeconds,
      scheduleCron: props.scheduleCron ?? {},
      functionEntry: props.functionEntry ?? functionEntry,
      declarations: props.declarations,
      api: this.api,
      auth: this.auth,
      oneTimeRole,
    };
    const functionStacks = new Map<number, FunctionStack>();
    for (let index = 0; index < FUNCTION_STACK_COUNT; index += 1) {
      const held = functionList.filter((definition) => functionStackIndex(definition.name) === index);
      // CloudFormation refuses a template without resources.
      if (held.length === 0) continue;
      const names = new Set(held.map((definition) => definition.name));
      const targetsHeld = (schedule: PeriodicScheduleDefinition | CronScheduleDefinition) =>
        names.has(scheduleTarget(schedule, { functionList }).name);
      functionStacks.set(
        index,
        new FunctionStack(this, `Functions${index}`, {
          functions: held,
          periodicSchedules: periodicSchedules.filter(targetsHeld),
          cronSchedules: cronSchedules.filter(targetsHeld),
          resources,
        }),
      );
    }
    return functionStacks;
  }

  /** A method per declared route, naming its function by ARN and waiting for the function's stack. */
  private addRoutes(routes: StatelessStackProps['declarations']['routes']): void {
    for (const route of routes) {
      const name = functions[route.functionId].name;
      const handler = this.functions.get(name);
      if (handler === undefined)
        throw new Error(`route ${route.method} ${route.path} is served by ${name}, which is not declared`);
      this.api.addRoute(route, { functionArn: functionArnFromName(this, handler.functionName), after: handler });
    }
  }

  /** What the first-deploy checklist (README) and the runbooks (docs/operations.md) need. */
  private addOutputs(): void {
    const outputs: Record<string, [string, string]> = {
      ApiUrl: [this.api.baseUrl, 'Base URL of the API, also the iss of every ticket'],
      UserPoolId: [this.auth.userPool.userPoolId, 'Cognito user pool: create the first operator here'],
      CustomerClientId: [this.auth.customerClient.userPoolClientId, 'App client for customer and operator sign-in'],
      MachineClientId: [this.auth.machineClient.userPoolClientId, 'App client for client credentials'],
    };
    for (const [id, [value, description]] of Object.entries(outputs)) new CfnOutput(this, id, { value, description });
  }
}
