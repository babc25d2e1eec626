import type { FunctionDefinition } from './function-definition';
import { TOKEN_URL_ENV, mailSender, sessionsClient, userPool } from './identity';
import { ticketSigningKey, type KeyDefinition } from './keys';
import type { QueueDefinition } from './queues';
import { functionArnEnvVar, oneTimeScheduleGroup } from './schedules';
import type { TableDefinition } from './tables';

/** Read by functions/jwks-get: retired signing keys served by KMS key id, and from their public halves alone (no KMS access). */
export const TICKET_VERIFY_KEY_IDS_ENV = 'KIPPU_TICKET_VERIFY_KEY_IDS';
export const TICKET_RETIRED_PUBLIC_KEYS_ENV = 'KIPPU_TICKET_RETIRED_PUBLIC_KEYS';

/**
 * Where the values of a function's variables come from: the CDK stack passes its resources'
 * tokens (infra/stacks/function-stack.ts), a test the local resources. Each is asked for only
 * when the declaration uses it.
 */
export interface FunctionEnvironmentValues {
  readonly stage: string;
  readonly issuer: string;
  /** Variables every function gets besides stage and issuer (NODE_OPTIONS, the log settings). */
  readonly common: Readonly<Record<string, string>>;
  readonly tableName: (table: TableDefinition) => string;
  readonly keyId: (key: KeyDefinition) => string;
  readonly queueUrl: (queue: QueueDefinition) => string;
  readonly userPoolId: () => string;
  readonly sessionsClientId: () => string;
  readonly tokenUrl: () => string;
  readonly mailFrom: () => string;
  readonly oneTimeSchedulerRoleArn: () => string;
  /** The ARN of the function a one-time schedule of `definition` invokes (by its name). */
  readonly targetFunctionArn: (definition: FunctionDefinition, targetName: string) => string;
  /** Retired ticket signing keys, for the functions that read the signing public key: KMS key ARNs and public halves. */
  readonly retiredSigningKeys: { readonly keyIds: readonly string[]; readonly publicKeys: readonly string[] };
}

/** Whether a declaration reads the ticket signing public key (and so serves the retired keys too). */
export const readsSigningPublicKey = (definition: FunctionDefinition): boolean =>
  definition.keys.some(({ key, access }) => key.id === ticketSigningKey.id && access.includes('getPublicKey'));

/**
 * The variables a deployed function gets, from its declaration alone: stage, issuer, and the
 * names of exactly the resources it declares (its tables, keys, the queues it sends to, the
 * user pool and what its identity access needs, the mail sender, its one-time schedules).
 * The stack gives each function exactly this; a function that reads anything else fails in
 * AWS (test/integration/functions/declared-environment.test.ts runs every function with it).
 */
export const functionEnvironment = (
  definition: FunctionDefinition,
  values: FunctionEnvironmentValues,
): Record<string, string> => {
  const environment: Record<string, string> = {
    KIPPU_STAGE: values.stage,
    KIPPU_ISSUER: values.issuer,
    ...values.common,
  };
  for (const { table } of definition.tables) environment[table.envVar] = values.tableName(table);
  for (const { key } of definition.keys) environment[key.envVar] = values.keyId(key);
  if (readsSigningPublicKey(definition)) {
    const { keyIds, publicKeys } = values.retiredSigningKeys;
    if (keyIds.length > 0) environment[TICKET_VERIFY_KEY_IDS_ENV] = keyIds.join(',');
    if (publicKeys.length > 0) environment[TICKET_RETIRED_PUBLIC_KEYS_ENV] = publicKeys.join(',');
  }
  for (const { queue, access } of definition.queues ?? []) {
    if (access === 'send') environment[queue.envVar] = values.queueUrl(queue);
  }
  const identity = definition.identity ?? [];
  if (identity.length > 0) {
    environment[userPool.envVar] = values.userPoolId();
    if (identity.includes('signIn')) environment[sessionsClient.envVar] = values.sessionsClientId();
    if (identity.includes('manageClients')) environment[TOKEN_URL_ENV] = values.tokenUrl();
  }
  if (definition.mail === true) environment[mailSender.envVar] = values.mailFrom();
  const oneTimeSchedules = definition.oneTimeSchedules;
  if (oneTimeSchedules !== undefined) {
    environment[oneTimeScheduleGroup.envVar] = oneTimeScheduleGroup.name(values.stage);
    environment[oneTimeScheduleGroup.roleArnEnvVar] = values.oneTimeSchedulerRoleArn();
    for (const targetName of oneTimeSchedules.targets) {
      environment[functionArnEnvVar(targetName)] = values.targetFunctionArn(definition, targetName);
    }
  }
  return environment;
};
