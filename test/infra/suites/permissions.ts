import { beforeAll, describe, expect, it } from 'vitest';
import { functionList, type FunctionDefinition } from '../../../shared/resources/functions';
import { dataKey } from '../../../shared/resources/keys';
import { inputsOf } from '../../fixtures/function-bundles';
import {
  actionsOf,
  functionStatements,
  logicalIdOf,
  mentions,
  resourcesOf,
  statementsOfRole,
  synthesizeKippu,
  templatesOf,
  type PolicyStatementJson,
} from '../fixture';

/**
 * Each function's role against what its code can call: the AWS SDK commands its deployed
 * bundle holds (esbuild's metafile, as the side-effect tests read it: a bundle keeps only the
 * command modules its code imports, though of an adapter class it keeps every method's, so
 * this is what the code can call at most). Every action granted for a direct call must be one
 * of those (an unused grant is a permission nothing needs), and every AWS client the code
 * holds must have a grant (a client without one is an AccessDenied that the emulators, which
 * check no IAM, never show; which table a function opens is the declared-environment
 * integration test's). The data key is never open to a direct
 * kms:Decrypt without a condition: a grant through DynamoDB or SQS names the service
 * (`kms:ViaService`), and a function's own use names the encryption context it opens.
 */
const fixture = synthesizeKippu();

const COMMAND_MODULE = /^node_modules\/@aws-sdk\/client-([a-z0-9-]+)\/dist-es\/commands\/(\w+)Command\.js$/;

/**
 * The IAM service prefix of each SDK client kippu uses, DynamoDB aside: a bundle that uses a
 * table adapter keeps every command of the adapter's class (a class's methods are not
 * shaken out), so its commands say which tables' access level it needs no better than its
 * declaration, from which the table grants are made (grants.ts, TABLE_ACTIONS; the
 * declared-environment integration test shows that every function has the tables it opens).
 */
const SERVICE_OF_CLIENT: Readonly<Record<string, string>> = {
  kms: 'kms',
  sqs: 'sqs',
  scheduler: 'scheduler',
  'cognito-identity-provider': 'cognito-idp',
  sesv2: 'ses',
};

/**
 * The IAM actions that authorize a command, where they are not the command's own name: a
 * batch send is authorized as SendMessage.
 */
const ACTIONS_OF_COMMAND: Readonly<Record<string, readonly string[]>> = {
  'sqs:SendMessageBatch': ['sqs:SendMessage'],
};

/** What the Lambda SQS event source calls with a consumer's role (AWS Lambda developer guide, "Using Lambda with Amazon SQS"). */
const EVENT_SOURCE_ACTIONS = ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'];
/**
 * Not checked against the calls: what the runtime does (logs, traces), passing the scheduler
 * role, and the table actions, granted per declared access level (TABLE_ACTIONS).
 */
const NOT_CALLS = ['logs:', 'xray:', 'iam:PassRole', 'dynamodb:'];

/** The IAM actions of the SDK commands a bundle holds. */
const calledActions = (inputs: Readonly<Record<string, number>>): string[] => {
  const actions = Object.keys(inputs).flatMap((path) => {
    const match = COMMAND_MODULE.exec(path);
    const service = match?.[1] === undefined ? undefined : SERVICE_OF_CLIENT[match[1]];
    if (service === undefined || match?.[2] === undefined) return [];
    const action = `${service}:${match[2]}`;
    return ACTIONS_OF_COMMAND[action] ?? [action];
  });
  return [...new Set(actions)].sort();
};

const covers = (granted: string, action: string): boolean =>
  new RegExp(`^${granted.replaceAll('*', '.*').replaceAll('?', '.')}$`).test(action);

/** Whether a statement only lets an AWS service act on the function's behalf (a table's or queue's key use). */
const throughService = (statement: PolicyStatementJson): boolean =>
  JSON.stringify(statement.Condition ?? {}).includes('kms:ViaService');

/** The actions a function's own calls may use: the statements not limited to a service acting for it. */
const directActions = (statements: readonly PolicyStatementJson[]): string[] =>
  [...new Set(statements.filter((statement) => !throughService(statement)).flatMap(actionsOf))].sort();

const consumes = (definition: FunctionDefinition): boolean =>
  (definition.queues ?? []).some(({ access }) => access === 'consume');

let called: Map<string, string[]>;

beforeAll(async () => {
  const inputs = await inputsOf(
    functionList.map((definition) => definition.name),
    (path) => COMMAND_MODULE.test(path),
  );
  called = new Map([...inputs].map(([name, held]) => [name, calledActions(held)]));
}, 180_000);

const calledBy = (definition: FunctionDefinition): string[] => called.get(definition.name) ?? [];

describe("each function's role and the AWS calls its code can make", () => {
  it('finds the calls in the bundles', () => {
    expect(called.size).toBe(functionList.length);
    expect(calledBy(functionList.find(({ name }) => name === 'purchase-create') as FunctionDefinition)).toEqual(
      expect.arrayContaining(['kms:Sign', 'sqs:SendMessage']),
    );
    expect(calledBy(functionList.find(({ name }) => name === 'reservation-create') as FunctionDefinition)).toEqual(
      expect.arrayContaining(['scheduler:CreateSchedule']),
    );
  });

  it('allows each function some call of every AWS client its code holds (a client without any grant is a call refused in AWS)', () => {
    const serviceOf = (action: string): string => action.split(':')[0] ?? '';
    const ungranted = functionList.flatMap((definition) => {
      const allowed = directActions(functionStatements(fixture, definition));
      const actions = calledBy(definition);
      return [...new Set(actions.map(serviceOf))]
        .filter(
          (service) =>
            !actions.some((action) => serviceOf(action) === service && allowed.some((granted) => covers(granted, action))),
        )
        .map((service) => `${definition.name}: ${service}`);
    });
    expect(ungranted).toEqual([]);
  });

  it('grants no action for a direct call that the code of the function never makes', () => {
    const unused = functionList.flatMap((definition) => {
      const needed = [...calledBy(definition), ...(consumes(definition) ? EVENT_SOURCE_ACTIONS : [])];
      return directActions(functionStatements(fixture, definition))
        .filter((granted) => !NOT_CALLS.some((prefix) => granted.startsWith(prefix)))
        .filter((granted) => !needed.some((action) => covers(granted, action)))
        .map((granted) => `${definition.name}: ${granted}`);
    });
    expect(unused).toEqual([]);
  });

  it('lets only registration-confirm set a password in the user pool (a role that may could take over any user)', () => {
    const setters = functionList.filter((definition) =>
      directActions(functionStatements(fixture, definition)).some((granted) =>
        covers(granted, 'cognito-idp:AdminSetUserPassword'),
      ),
    );
    expect(setters.map(({ name }) => name)).toEqual(['registration-confirm']);
  });

  it('never lets a role call kms:Decrypt on the data key without a condition (a service, or the encryption context it opens)', () => {
    const dataKeyResource = fixture.stateful.keys.get(dataKey.id);
    if (dataKeyResource === undefined) throw new Error('no data key');
    const dataKeyId = logicalIdOf(dataKeyResource);
    // Every role of the app in every template: the functions' and the EventBridge Scheduler
    // roles that deliver failed invocations to the (data key encrypted) dead-letter queue.
    const roles = templatesOf(fixture).flatMap(([, template]) =>
      Object.keys(resourcesOf(template, 'AWS::IAM::Role')).map((roleId) => ({
        roleId,
        statements: statementsOfRole(template, roleId),
      })),
    );
    const unconditioned = roles.flatMap(({ roleId, statements }) =>
      statements
        .filter(
          (statement) =>
            mentions(statement.Resource, dataKeyId) &&
            actionsOf(statement).some((action) => covers(action, 'kms:Decrypt')) &&
            !/kms:ViaService|kms:EncryptionContext:/.test(JSON.stringify(statement.Condition ?? {})),
        )
        .map((statement) => `${roleId}: ${JSON.stringify(actionsOf(statement))}`),
    );
    const scheduleRoles = [...fixture.stateless.periodicSchedules.values(), ...fixture.stateless.cronSchedules.values()].map(
      (schedule) => logicalIdOf(schedule.role),
    );
    const consumers = functionList.filter(consumes);
    expect(consumers.map(({ name }) => name)).toEqual(expect.arrayContaining(['settlement-worker']));
    expect(scheduleRoles.length).toBeGreaterThan(0);
    expect(roles.map(({ roleId }) => roleId)).toEqual(expect.arrayContaining(scheduleRoles));
    expect(unconditioned).toEqual([]);
  });
});
