import { Tags, type App, type Environment } from 'aws-cdk-lib';
import { functionList } from '../../shared/resources/functions';
import { queues } from '../../shared/resources/queues';
import { periodicSchedules } from '../../shared/resources/schedules';
import { StatefulStack } from '../stacks/stateful-stack';
import { StatelessStack } from '../stacks/stateless-stack';

/** Settings read from CDK context (cdk.json, or `-c name=value` on the command line). */
export interface KippuSettings {
  readonly stage: string;
  readonly ticketVerifyKeyArns: readonly string[];
  readonly customerCallbackUrls: readonly string[];
  readonly authDomainPrefix?: string;
}

export const DEFAULT_STAGE = 'dev';
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

export const contextSettings = (app: App): KippuSettings => {
  const stage: unknown = app.node.tryGetContext('stage') ?? DEFAULT_STAGE;
  if (typeof stage !== 'string' || !STAGE_PATTERN.test(stage)) {
    throw new Error(`context stage must match ${STAGE_PATTERN}, got ${String(stage)}`);
  }
  const domainPrefix: unknown = app.node.tryGetContext('authDomainPrefix');
  return {
    stage,
    ticketVerifyKeyArns: contextList(app, 'ticketVerifyKeyArns') ?? [],
    customerCallbackUrls: contextList(app, 'customerCallbackUrls') ?? DEFAULT_CUSTOMER_CALLBACK_URLS,
    ...(typeof domainPrefix === 'string' && domainPrefix !== '' ? { authDomainPrefix: domainPrefix } : {}),
  };
};

export interface KippuStacks {
  readonly stateful: StatefulStack;
  readonly stateless: StatelessStack;
}

/**
 * Resource kinds declared in shared/resources that these stacks do not create yet. Deploying
 * without them would leave functions without the queues, schedules or permissions they are
 * declared to use, so synthesis stops with a message instead.
 */
export const unsupportedDeclarations = (): string[] => [
  ...queues.map((queue) => `queue ${queue.id}`),
  ...periodicSchedules.map((schedule) => `periodic schedule ${schedule.id}`),
  ...functionList.flatMap((definition) => [
    ...(definition.queues ?? []).map(({ queue, access }) => `function ${definition.name}: ${access} on queue ${queue.id}`),
    ...(definition.oneTimeSchedules === undefined ? [] : [`function ${definition.name}: one-time schedules`]),
  ]),
];

/** Both kippu stacks for one stage; the stateless stack gets the stateful resources as props. */
export const addKippuStacks = (app: App, settings: KippuSettings, env?: Environment): KippuStacks => {
  const unsupported = unsupportedDeclarations();
  if (unsupported.length > 0) {
    throw new Error(
      `shared/resources declares resource kinds the CDK stacks do not deploy yet (extend infra/ first): ${unsupported.join('; ')}`,
    );
  }
  const stateful = new StatefulStack(app, `kippu-${settings.stage}-stateful`, {
    ...(env === undefined ? {} : { env }),
    stage: settings.stage,
    description: `kippu ${settings.stage}: tables and KMS keys (retained)`,
    terminationProtection: settings.stage === 'prod',
  });
  const stateless = new StatelessStack(app, `kippu-${settings.stage}-stateless`, {
    ...(env === undefined ? {} : { env }),
    stage: settings.stage,
    description: `kippu ${settings.stage}: API, functions, Cognito, alarms`,
    tables: stateful.tables,
    keys: stateful.keys,
    ticketVerifyKeyArns: settings.ticketVerifyKeyArns,
    customerCallbackUrls: settings.customerCallbackUrls,
    ...(settings.authDomainPrefix === undefined ? {} : { authDomainPrefix: settings.authDomainPrefix }),
  });
  for (const stack of [stateful, stateless]) {
    Tags.of(stack).add('project', 'kippu');
    Tags.of(stack).add('stage', settings.stage);
  }
  return { stateful, stateless };
};
