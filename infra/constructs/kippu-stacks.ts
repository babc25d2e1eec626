import { Aspects, Tags, type App, type Environment } from 'aws-cdk-lib';
import { loggingConfigOf } from '../../shared/config';
import { number } from '../../shared/config/fields';
import { CronExpressionError, parseCron } from '../../shared/resources/cron';
import { functions } from '../../shared/resources/functions';
import type { CronScheduleDefinition, PeriodicScheduleDefinition } from '../../shared/resources/schedules';
import { MonitoringStack } from '../stacks/monitoring-stack';
import { StatefulStack } from '../stacks/stateful-stack';
import { StatelessStack } from '../stacks/stateless-stack';
import { AlarmActions } from './alarm-topic';
import { declaredResources, scheduleTarget, validateDeclarations, type KippuDeclarations } from './declarations';
import { restApiName } from './kippu-api';
import { alarmNamesUnder } from './kippu-dashboard';
import { KippuFunction } from './kippu-function';
import { webAclName } from './kippu-waf';

/** Settings read from CDK context (cdk.json, or `-c name=value` on the command line). */
export interface KippuSettings {
  readonly stage: string;
  readonly ticketVerifyKeyArns: readonly string[];
  /** Retired ticket signing keys' public halves (base64 DER, SPKI), listed in the JWKS without their KMS keys. */
  readonly ticketRetiredPublicKeys: readonly string[];
  readonly customerCallbackUrls: readonly string[];
  readonly authDomainPrefix?: string;
  /** Periodic schedule rates given as `schedule<Id>Seconds` context values, by schedule id. */
  readonly scheduleRateSeconds: Readonly<Record<string, number>>;
  /** Subscribed to the alarm topic (`-c alarmEmail=ops@example.com`); no subscription when unset. */
  readonly alarmEmail?: string;
  /** The WAF web ACL on the API stage (`-c waf=false` leaves it out); on by default. */
  readonly waf: boolean;
  /** The From address of kippu's e-mail (`mailFromAddress`): a verified Amazon SES identity, or an address of one. */
  readonly mailFromAddress: string;
  /** The verified SES identity that address belongs to (`mailSenderIdentity`, default the address itself). */
  readonly mailSenderIdentity: string;
  /** Cron expressions given as `schedule<Id>Cron` context values, by schedule id. */
  readonly scheduleCron: Readonly<Record<string, string>>;
  /** Every function's logging variables, from `logLevel` and `logDebugSampleRate` (unset: the defaults, INFO and 0). */
  readonly logEnvironment: Readonly<Record<string, string>>;
}

export const DEFAULT_STAGE = 'dev';
/** A placeholder sender: a deployment sets `mailFromAddress` to an address of a verified SES identity. */
const DEFAULT_MAIL_FROM_ADDRESS = 'no-reply@example.com';
const DOMAIN_PATTERN = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/i;
const STAGE_PATTERN = /^[a-z][a-z0-9-]{0,20}$/;
const DEFAULT_CUSTOMER_CALLBACK_URLS = ['http://localhost:3000/auth/callback'];

/** A list from context: a JSON array in cdk.json, or a comma-separated string from `-c`. */
const contextList = (app: App, name: string): string[] | undefined => {
  const value: unknown = app.node.tryGetContext(name);
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.map(String).filter((item) => item !== '');
  if (typeof value === 'string') {
    return value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');
  }
  throw new Error(`context ${name} must be a list or a comma-separated string`);
};

/** `ledgerExpirySweep` -> `scheduleLedgerExpirySweepSeconds`, e.g. `-c scheduleLedgerExpirySweepSeconds=30`. */
export const scheduleRateContextKey = (schedule: PeriodicScheduleDefinition): string =>
  `schedule${schedule.id.charAt(0).toUpperCase()}${schedule.id.slice(1)}Seconds`;

/** `billingMonthly` -> `scheduleBillingMonthlyCron`, e.g. `-c 'scheduleBillingMonthlyCron=cron(0 3 1 * ? *)'`. */
export const scheduleCronContextKey = (schedule: CronScheduleDefinition): string =>
  `schedule${schedule.id.charAt(0).toUpperCase()}${schedule.id.slice(1)}Cron`;

/** A positive number of seconds from context: a number in cdk.json, a string from `-c`. */
/**
 * A schedule rate from context, read by the same parser as its local variable
 * (`KIPPU_SCHEDULE_<ID>_SECONDS`, shared/config/fields.ts): a number above 0 written in plain
 * decimal, so '0x78', ' 120 ' and '1.2e2' are refused here as they are locally. A number from
 * cdk.json is read as the text it prints as.
 */
const contextSeconds = (app: App, name: string): number | undefined => {
  const value: unknown = app.node.tryGetContext(name);
  if (value === undefined || value === null) return undefined;
  const text = typeof value === 'number' || typeof value === 'string' ? String(value) : '';
  const parsed = number(0, { above: 0 })(text);
  if (!parsed.ok)
    throw new Error(
      `context ${name} must be a positive number of seconds in decimal digits, got ${JSON.stringify(value)} (${parsed.problems.join('; ')})`,
    );
  return parsed.value;
};

/** A deliberately loose check: SNS confirms the address by mail, this only catches typos like a missing @. */
const EMAIL_PATTERN = /^[^\s@,]+@[^\s@,]+\.[^\s@,]+$/;

const contextEmail = (app: App, name: string): string | undefined => {
  const value: unknown = app.node.tryGetContext(name);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || !EMAIL_PATTERN.test(value.trim()))
    throw new Error(`context ${name} must be an e-mail address, got ${String(value)}`);
  return value.trim();
};

/** A switch: a boolean in cdk.json, `true`/`false` from `-c`. */
const contextSwitch = (app: App, name: string, defaultValue: boolean): boolean => {
  const value: unknown = app.node.tryGetContext(name);
  if (value === undefined || value === null) return defaultValue;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw new Error(`context ${name} must be true or false, got ${String(value)}`);
};

/** Cron expressions from `schedule<Id>Cron` context values, each one the scheduler can fire (cron.ts). */
const contextCron = (app: App, calendarSchedules: readonly CronScheduleDefinition[]): Record<string, string> => {
  const scheduleCron: Record<string, string> = {};
  for (const schedule of calendarSchedules) {
    const key = scheduleCronContextKey(schedule);
    const value: unknown = app.node.tryGetContext(key);
    if (value === undefined || value === null) continue;
    try {
      if (typeof value !== 'string') throw new CronExpressionError(`${String(value)} is not a string`);
      parseCron(value);
    } catch (error) {
      if (!(error instanceof CronExpressionError)) throw error;
      throw new Error(`context ${key} must be a cron(...) expression in UTC, got ${error.message}`);
    }
    scheduleCron[schedule.id] = value;
  }
  return scheduleCron;
};

/** The context values kippu reads that are not per schedule. */
const CONTEXT_KEYS = [
  'stage',
  'alarmEmail',
  'waf',
  'ticketVerifyKeyArns',
  'ticketRetiredPublicKeys',
  'customerCallbackUrls',
  'authDomainPrefix',
  'mailFromAddress',
  'mailSenderIdentity',
  'logLevel',
  'logDebugSampleRate',
] as const;

/**
 * A context key named like kippu's own (a plain identifier, as `stage` or
 * `scheduleLedgerExpirySweepSeconds` are) that kippu does not read is a misspelling, refused
 * as a bad value is rather than left to its default without a word. CDK's own keys
 * (`@aws-cdk/…` feature flags, `aws:cdk:…`, lookups such as `availability-zones:…`) are no
 * plain identifiers and pass.
 */
const refuseUnknownContext = (app: App, known: readonly string[]): void => {
  const unknown = Object.keys(app.node.getAllContext() as Record<string, unknown>).filter(
    (key) => /^[A-Za-z][A-Za-z0-9]*$/.test(key) && !known.includes(key),
  );
  if (unknown.length > 0) {
    throw new Error(`context ${unknown.join(', ')}: not a context value kippu reads (misspelt?); it reads ${known.join(', ')}`);
  }
};

/**
 * `-c logLevel=DEBUG` and `-c logDebugSampleRate=0.01` as the functions' KIPPU_LOG_LEVEL and
 * KIPPU_LOG_DEBUG_SAMPLE_RATE, checked by the functions' own parser so that a bad value
 * fails the synth, not every invocation.
 */
const contextLogEnvironment = (app: App): Record<string, string> => {
  const environment: Record<string, string> = {};
  const level: unknown = app.node.tryGetContext('logLevel');
  const sampleRate: unknown = app.node.tryGetContext('logDebugSampleRate');
  if (level !== undefined && level !== null) environment.KIPPU_LOG_LEVEL = String(level);
  if (sampleRate !== undefined && sampleRate !== null) environment.KIPPU_LOG_DEBUG_SAMPLE_RATE = String(sampleRate);
  try {
    loggingConfigOf(environment);
  } catch (error) {
    throw new Error(`context logLevel / logDebugSampleRate: ${error instanceof Error ? error.message : String(error)}`);
  }
  return environment;
};

export const contextSettings = (
  app: App,
  schedules: readonly PeriodicScheduleDefinition[] = declaredResources.periodicSchedules,
  calendarSchedules: readonly CronScheduleDefinition[] = declaredResources.cronSchedules ?? [],
): KippuSettings => {
  refuseUnknownContext(app, [
    ...CONTEXT_KEYS,
    ...schedules.map(scheduleRateContextKey),
    ...calendarSchedules.map(scheduleCronContextKey),
  ]);
  const stage: unknown = app.node.tryGetContext('stage') ?? DEFAULT_STAGE;
  if (typeof stage !== 'string' || !STAGE_PATTERN.test(stage)) {
    throw new Error(`context stage must match ${STAGE_PATTERN}, got ${String(stage)}`);
  }
  const domainPrefix: unknown = app.node.tryGetContext('authDomainPrefix');
  const alarmEmail = contextEmail(app, 'alarmEmail');
  const scheduleRateSeconds: Record<string, number> = {};
  for (const schedule of schedules) {
    const seconds = contextSeconds(app, scheduleRateContextKey(schedule));
    if (seconds !== undefined) scheduleRateSeconds[schedule.id] = seconds;
  }
  const mailFromAddress = contextEmail(app, 'mailFromAddress') ?? DEFAULT_MAIL_FROM_ADDRESS;
  const senderIdentity: unknown = app.node.tryGetContext('mailSenderIdentity') ?? mailFromAddress;
  if (
    typeof senderIdentity !== 'string' ||
    !(
      senderIdentity === mailFromAddress ||
      (DOMAIN_PATTERN.test(senderIdentity) && mailFromAddress.endsWith(`@${senderIdentity}`))
    )
  ) {
    throw new Error(`context mailSenderIdentity must be the domain of mailFromAddress, got ${String(senderIdentity)}`);
  }
  return {
    stage,
    mailFromAddress,
    mailSenderIdentity: senderIdentity,
    ticketVerifyKeyArns: contextList(app, 'ticketVerifyKeyArns') ?? [],
    ticketRetiredPublicKeys: contextList(app, 'ticketRetiredPublicKeys') ?? [],
    customerCallbackUrls: contextList(app, 'customerCallbackUrls') ?? DEFAULT_CUSTOMER_CALLBACK_URLS,
    scheduleRateSeconds,
    scheduleCron: contextCron(app, calendarSchedules),
    waf: contextSwitch(app, 'waf', true),
    logEnvironment: contextLogEnvironment(app),
    ...(alarmEmail === undefined ? {} : { alarmEmail }),
    ...(typeof domainPrefix === 'string' && domainPrefix !== '' ? { authDomainPrefix: domainPrefix } : {}),
  };
};

export interface KippuStacks {
  readonly stateful: StatefulStack;
  readonly stateless: StatelessStack;
  readonly monitoring: MonitoringStack;
}

export interface KippuStacksOptions {
  readonly env?: Environment;
  /** Defaults to the declarations in shared/resources; tests pass synthetic ones. */
  readonly declarations?: KippuDeclarations;
  /** The handler module of a declared function; defaults to functions/<name>/handler.ts. */
  readonly functionEntry?: (name: string) => string;
}

/**
 * The three kippu stacks of one stage, deployed in this order (`npm run deploy` deploys them
 * all; each waits for the ones it depends on):
 * - `kippu-<stage>-stateful`: tables, keys, queues, the alarm topic (retained);
 * - `kippu-<stage>-stateless`: the API, Cognito, and the functions in its nested stacks; it
 *   gets the stateful resources as props (CloudFormation exports under the hood);
 * - `kippu-<stage>-monitoring`: the alarms and the dashboard, which find what they watch by
 *   physical name.
 */
export const addKippuStacks = (app: App, settings: KippuSettings, options: KippuStacksOptions = {}): KippuStacks => {
  const { env, declarations = declaredResources } = options;
  validateDeclarations(declarations);
  const environment = env === undefined ? {} : { env };
  const stateful = new StatefulStack(app, `kippu-${settings.stage}-stateful`, {
    ...environment,
    stage: settings.stage,
    queues: declarations.queues,
    functionList: declarations.functionList,
    ...(settings.alarmEmail === undefined ? {} : { alarmEmail: settings.alarmEmail }),
    description: `kippu ${settings.stage}: tables, KMS keys, queues, one-time schedule group (retained)`,
    terminationProtection: settings.stage === 'prod',
  });
  const stateless = new StatelessStack(app, `kippu-${settings.stage}-stateless`, {
    ...environment,
    stage: settings.stage,
    description: `kippu ${settings.stage}: API, Cognito, functions (nested stacks), queue consumers, schedules`,
    tables: stateful.tables,
    keys: stateful.keys,
    queues: new Map([...stateful.queues].map(([id, queue]) => [id, queue.queue])),
    schedulerDeadLetterQueue: stateful.schedulerDeadLetterQueue,
    declarations,
    scheduleRateSeconds: settings.scheduleRateSeconds,
    scheduleCron: settings.scheduleCron,
    ...(options.functionEntry === undefined ? {} : { functionEntry: options.functionEntry }),
    ticketVerifyKeyArns: settings.ticketVerifyKeyArns,
    ticketRetiredPublicKeys: settings.ticketRetiredPublicKeys,
    customerCallbackUrls: settings.customerCallbackUrls,
    waf: settings.waf,
    logEnvironment: settings.logEnvironment,
    mail: { fromAddress: settings.mailFromAddress, senderIdentity: settings.mailSenderIdentity },
    ...(settings.authDomainPrefix === undefined ? {} : { authDomainPrefix: settings.authDomainPrefix }),
  });

  const sweepers = declarations.periodicSchedules.map((schedule) => {
    const built = stateless.periodicSchedules.get(schedule.id);
    if (built === undefined) throw new Error(`periodic schedule ${schedule.id} was not built`);
    return {
      scheduleId: schedule.id,
      functionName: scheduleTarget(schedule, declarations).name,
      rateMinutes: built.rateMinutes,
    };
  });
  const recovery = sweepers.find((sweeper) => sweeper.functionName === functions.purchaseRecover.name);
  const monitoring = new MonitoringStack(app, `kippu-${settings.stage}-monitoring`, {
    ...environment,
    stage: settings.stage,
    description: `kippu ${settings.stage}: alarms and the dashboard`,
    functionList: declarations.functionList,
    functionNames: stateless.node
      .findAll()
      .filter((construct): construct is KippuFunction => construct instanceof KippuFunction)
      .map((kippuFunction) => kippuFunction.functionName),
    sweepers,
    ...(recovery === undefined ? {} : { settlementRecoveryRateMinutes: recovery.rateMinutes }),
    apiName: restApiName(settings.stage),
    ...(settings.waf ? { webAclName: webAclName(settings.stage) } : {}),
    otherAlarmNames: [...alarmNamesUnder(stateful), ...alarmNamesUnder(stateless)],
    deadLetterQueueNames: stateful.deadLetterQueueNames,
  });
  // After what it watches: the first deploy then never shows alarms on functions not yet there.
  monitoring.addStackDependency(stateless, 'alarms and the dashboard watch the API and the functions');

  for (const stack of [stateful, stateless, monitoring]) {
    // Every alarm in any stack, present or future, notifies the alarm topic.
    Aspects.of(stack).add(new AlarmActions(stateful.alarmTopic));
    Tags.of(stack).add('project', 'kippu');
    Tags.of(stack).add('stage', settings.stage);
  }
  return { stateful, stateless, monitoring };
};
