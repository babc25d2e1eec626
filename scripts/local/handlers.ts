import {
  TICKET_RETIRED_PUBLIC_KEYS_ENV,
  TICKET_VERIFY_KEY_IDS_ENV,
  functionEnvironment,
  type FunctionEnvironmentValues,
} from '../../shared/resources/function-environment';
import { functionList, type FunctionDefinition } from '../../shared/resources/functions';
import { TOKEN_URL_ENV, mailSender, sessionsClient, userPool } from '../../shared/resources/identity';
import { keys } from '../../shared/resources/keys';
import { queues } from '../../shared/resources/queues';
import { functionArnEnvVar, oneTimeScheduleGroup } from '../../shared/resources/schedules';
import { tables } from '../../shared/resources/tables';

/**
 * Loads the handler module a Lambda function runs, once per process. The local runtime calls
 * these exactly as Lambda would (API Gateway events, SQS batch events, scheduler input).
 */
const cache = new Map<string, Promise<unknown>>();

/** Placeholder values: only the names of a function's variables matter here. */
const NAMES_ONLY: FunctionEnvironmentValues = {
  stage: '',
  issuer: '',
  common: {},
  tableName: () => '',
  keyId: () => '',
  queueUrl: () => '',
  userPoolId: () => '',
  sessionsClientId: () => '',
  tokenUrl: () => '',
  mailFrom: () => '',
  oneTimeSchedulerRoleArn: () => '',
  targetFunctionArn: () => '',
  retiredSigningKeys: { keyIds: ['-'], publicKeys: ['-'] },
};

/** Every variable that names a resource: the stack gives each function only those its declaration uses. */
const RESOURCE_VARIABLES: ReadonlySet<string> = /* @__PURE__ */ new Set([
  ...tables.map((table) => table.envVar),
  ...keys.map((key) => key.envVar),
  ...queues.map((queue) => queue.envVar),
  userPool.envVar,
  sessionsClient.envVar,
  TOKEN_URL_ENV,
  mailSender.envVar,
  oneTimeScheduleGroup.envVar,
  oneTimeScheduleGroup.roleArnEnvVar,
  TICKET_VERIFY_KEY_IDS_ENV,
  TICKET_RETIRED_PUBLIC_KEYS_ENV,
  ...functionList.map((definition) => functionArnEnvVar(definition.name)),
]);

/**
 * The process environment as the function would see it in AWS: the resource variables its
 * declaration does not name are hidden (shared/resources/function-environment.ts), the rest
 * (stage, issuer, settings, the emulators' endpoints) read through, live.
 */
export const declaredEnvironment = (definition: FunctionDefinition, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv => {
  const declared = new Set(Object.keys(functionEnvironment(definition, NAMES_ONLY)));
  const hidden = (name: string | symbol): boolean =>
    typeof name === 'string' && RESOURCE_VARIABLES.has(name) && !declared.has(name);
  return new Proxy(env, {
    get: (target, name) => (hidden(name) ? undefined : Reflect.get(target, name)),
    has: (target, name) => !hidden(name) && Reflect.has(target, name),
    ownKeys: (target) => Reflect.ownKeys(target).filter((name) => !hidden(name)),
    getOwnPropertyDescriptor: (target, name) => (hidden(name) ? undefined : Reflect.getOwnPropertyDescriptor(target, name)),
  });
};

interface PreparableModule {
  readonly handler: { readonly prepare?: (env?: NodeJS.ProcessEnv) => void };
}

export const loadFunctionHandler = <Handler>(definition: FunctionDefinition): Promise<Handler> => {
  let loaded = cache.get(definition.name);
  if (loaded === undefined) {
    loaded = import(`../../functions/${definition.name}/handler.ts`).then((module: PreparableModule) => {
      // Built now, with only what the stack gives this function: a variable it reads without
      // declaring it fails every invocation, as a Lambda init error does in AWS.
      try {
        module.handler.prepare?.(declaredEnvironment(definition));
      } catch (error) {
        return () => Promise.reject(error);
      }
      return module.handler;
    });
    cache.set(definition.name, loaded);
  }
  return loaded as Promise<Handler>;
};
