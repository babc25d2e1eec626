import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNCTION_BUNDLING } from '../../../infra/constructs/kippu-function';
import { bootstrapLocalResources } from '../../../scripts/local/bootstrap';
import { dynamoDocumentClient } from '../../../shared/adapters/aws/clients';
import { DynamoDeviceStore } from '../../../shared/adapters/aws/identity-devices-dynamodb';
import { DynamoSessionStore } from '../../../shared/adapters/aws/identity-sessions-dynamodb';
import { functionEnvironment, type FunctionEnvironmentValues } from '../../../shared/resources/function-environment';
import { functionList, functions, type FunctionDefinition } from '../../../shared/resources/functions';
import { TOKEN_URL_ENV, mailSender, sessionsClient, userPool } from '../../../shared/resources/identity';
import { routes, type RouteDefinition } from '../../../shared/resources/routes';
import { functionArnEnvVar, oneTimeScheduleGroup } from '../../../shared/resources/schedules';
import { coreTable, ledgerTable } from '../../../shared/resources/tables';

/**
 * Every function run as AWS runs it: bundled (one esbuild run, as the stack bundles them), in
 * a process of its own whose environment is exactly what the stack gives that function
 * (shared/resources/function-environment.ts, the code the stack computes it with, here valued
 * with the local resources), plus what Lambda provides (region, credentials) and the emulator
 * endpoints that stand in for AWS's. Locally every function shares one process that has every
 * variable, so a function that reads a variable or a table it does not declare passes every
 * other test and fails in AWS: at init ("X is not set", from prepare()), or on the first
 * request that opens a dependency lazily. So each function's wiring is built (prepare()), and
 * each API function is sent, on every route it serves, a customer's access token that has a
 * live session (the session and device reads) and a provider's machine token (the client
 * lookup): neither may answer 500.
 */
const ROOT = join(__dirname, '..', '..', '..');
const STAGE = `env${randomBytes(4).toString('hex')}`;
const CUSTOMER_ID = `cus_${'E'.repeat(22)}`;
const SESSION_TOKEN_ID = `jti-${randomBytes(6).toString('hex')}`;
const MACHINE_CLIENT_ID = `client${randomBytes(6).toString('hex')}`;
const PROVIDER_ID = `prv_${'E'.repeat(22)}`;

const run = promisify(execFile);

/** What Lambda puts in every function's environment (and the emulators' endpoints for AWS's). */
const lambdaEnvironment = (definition: FunctionDefinition): Record<string, string> => ({
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
  AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? 'local',
  AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? 'local',
  AWS_LAMBDA_FUNCTION_NAME: `kippu-${STAGE}-${definition.name}`,
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  ...Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] => entry[0].startsWith('AWS_ENDPOINT_URL') && entry[1] !== undefined,
    ),
  ),
});

/** The stack's values for a function's variables, taken from the local resources of the stage. */
const localValues = (resources: Readonly<Record<string, string>>): FunctionEnvironmentValues => {
  const value = (name: string): string => {
    const found = resources[name];
    if (found === undefined) throw new Error(`the local bootstrap sets no ${name}`);
    return found;
  };
  return {
    stage: STAGE,
    issuer: value('KIPPU_ISSUER'),
    common: {},
    tableName: (table) => value(table.envVar),
    keyId: (key) => value(key.envVar),
    queueUrl: (queue) => value(queue.envVar),
    userPoolId: () => value(userPool.envVar),
    sessionsClientId: () => value(sessionsClient.envVar),
    tokenUrl: () => value(TOKEN_URL_ENV),
    mailFrom: () => value(mailSender.envVar),
    oneTimeSchedulerRoleArn: () => value(oneTimeScheduleGroup.roleArnEnvVar),
    targetFunctionArn: (_, targetName) => value(functionArnEnvVar(targetName)),
    retiredSigningKeys: { keyIds: [], publicKeys: [] },
  };
};

const CLAIMS = {
  customerAccessToken: {
    token_use: 'access',
    sub: CUSTOMER_ID,
    username: CUSTOMER_ID,
    'custom:role': 'customer',
    jti: SESSION_TOKEN_ID,
    client_id: 'customers',
  },
  providerMachineToken: { token_use: 'access', sub: MACHINE_CLIENT_ID, client_id: MACHINE_CLIENT_ID, scope: 'kippu/provider' },
} as const;

/** An API Gateway (REST, Cognito authorizer) event for a route, its path parameters filled in. */
const requestEvent = (route: RouteDefinition, claims: Record<string, unknown> | undefined) => {
  const pathParameters: Record<string, string> = {};
  const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    pathParameters[name] = `${name}-1`;
    return `${name}-1`;
  });
  return {
    httpMethod: route.method,
    path,
    resource: route.path,
    headers: { 'content-type': 'application/json' },
    multiValueHeaders: {},
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: Object.keys(pathParameters).length === 0 ? null : pathParameters,
    stageVariables: null,
    body: null,
    isBase64Encoded: false,
    requestContext: {
      requestId: 'declared-environment',
      stage: 'api',
      resourcePath: route.path,
      httpMethod: route.method,
      path: `/api${path}`,
      identity: { sourceIp: '192.0.2.1' },
      authorizer: claims === undefined ? null : { claims },
    },
  };
};

interface Invocation {
  readonly request: string;
  readonly event: ReturnType<typeof requestEvent>;
}

const invocationsOf = (definition: FunctionDefinition): Invocation[] =>
  routes
    .filter((route) => functions[route.functionId].name === definition.name)
    .flatMap((route) =>
      route.public
        ? [{ request: `${route.method} ${route.path}`, event: requestEvent(route, undefined) }]
        : Object.entries(CLAIMS).map(([token, claims]) => ({
            request: `${route.method} ${route.path} (${token})`,
            event: requestEvent(route, claims),
          })),
    );

/** Imports the bundle, builds its wiring, answers each event; writes what happened next to the events. */
const DRIVER = `
const [bundle, eventsFile] = process.argv.slice(1);
const { readFileSync, writeFileSync } = await import('node:fs');
const { handler } = await import(bundle);
const context = { awsRequestId: 'declared-environment', functionName: process.env.AWS_LAMBDA_FUNCTION_NAME, getRemainingTimeInMillis: () => 9000 };
const out = { prepared: false, answers: [] };
try {
  handler.prepare();
  out.prepared = true;
  for (const { request, event } of JSON.parse(readFileSync(eventsFile, 'utf8'))) {
    const answer = await handler(event, context);
    out.answers.push({ request, status: answer.statusCode, body: String(answer.body).slice(0, 400) });
  }
} catch (error) {
  out.error = String(error && error.message);
}
writeFileSync(eventsFile + '.result', JSON.stringify(out));
process.exit(0);
`;

interface FunctionRun {
  readonly prepared: boolean;
  readonly error?: string;
  readonly answers: readonly { readonly request: string; readonly status: number; readonly body: string }[];
  /** Whatever else the process wrote (the functions' logs), to show why. */
  readonly output: string;
}

let directory: string;
let resources: Record<string, string>;

/** Runs a function's bundle in a process with exactly `environment`. */
const runFunction = async (
  definition: FunctionDefinition,
  environment: Record<string, string>,
  invocations: readonly Invocation[],
): Promise<FunctionRun> => {
  const eventsFile = join(directory, `${definition.name}-${randomBytes(3).toString('hex')}.json`);
  await writeFile(eventsFile, JSON.stringify(invocations));
  const bundle = pathToFileURL(join(directory, `${definition.name}.mjs`)).href;
  const { stdout, stderr } = await run(
    process.execPath,
    ['--input-type=module', '--enable-source-maps', '-e', DRIVER, bundle, eventsFile],
    { env: { ...lambdaEnvironment(definition), ...environment }, maxBuffer: 64 * 1024 * 1024, timeout: 60_000 },
  );
  const output = (stdout + stderr).slice(-3000);
  const written = await readFile(`${eventsFile}.result`, 'utf8').catch(() => undefined);
  if (written === undefined) return { prepared: false, error: 'no result', answers: [], output };
  return { ...(JSON.parse(written) as Omit<FunctionRun, 'output'>), output };
};

/** A run's failures: its wiring, and every answer that is a 500. */
const failuresOf = (name: string, result: FunctionRun): string[] => [
  ...(result.prepared && result.error === undefined ? [] : [`${name}: ${result.error ?? 'not prepared'}`]),
  ...result.answers.filter(({ status }) => status >= 500).map(({ request, status }) => `${name} ${request}: ${status}`),
];

/** Runs `work` on each item, at most `limit` at a time. */
const eachLimited = async <T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> => {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index] as T);
      }
    }),
  );
  return results;
};

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'kippu-declared-environment-'));
  await build({
    entryPoints: Object.fromEntries(functionList.map(({ name }) => [name, join(ROOT, 'functions', name, 'handler.ts')])),
    outdir: directory,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    minify: FUNCTION_BUNDLING.minify,
    sourcemap: 'inline',
    platform: 'node',
    format: 'esm',
    // Lambda runs Node.js 22 (FUNCTION_BUNDLING.target); this machine may run 20.
    target: 'node20',
    mainFields: [...FUNCTION_BUNDLING.mainFields],
    banner: { js: FUNCTION_BUNDLING.banner },
    logLevel: 'error',
  });
  resources = await bootstrapLocalResources({}, STAGE);
  // A customer with a device and a live session, and a provider's machine client.
  const client = dynamoDocumentClient();
  const core = resources[coreTable.envVar] ?? '';
  const createdAt = new Date().toISOString();
  const device = {
    id: 'dev_1',
    customerId: CUSTOMER_ID,
    name: 'phone',
    publicJwk: { kty: 'EC', crv: 'P-256', x: 'x'.repeat(43), y: 'y'.repeat(43) },
    jkt: 'j'.repeat(43),
    createdAt,
  } as const;
  await new DynamoDeviceStore(client, core).addDevice(device, 10);
  const sessions = new DynamoSessionStore(client, core);
  await sessions.putSession({
    tokenId: SESSION_TOKEN_ID,
    customerId: CUSTOMER_ID,
    deviceId: device.id,
    jkt: device.jkt,
    deviceCreatedAt: createdAt,
    createdAt,
    expiresAtMs: Date.now() + 3_600_000,
  });
  await sessions.putMachineClient(
    { clientId: MACHINE_CLIENT_ID, role: 'provider', partyId: PROVIDER_ID, createdAt, createdBy: 'declared-environment' },
    10,
  );
}, 240_000);

afterAll(async () => {
  if (directory !== undefined) await rm(directory, { recursive: true, force: true });
});

describe('every function, with only the environment the stack gives it', () => {
  it(
    'builds its wiring, and answers a customer with a session and a provider machine token on every route without a 500',
    { timeout: 600_000 },
    async () => {
      // Act
      const results = await eachLimited(functionList, 3, async (definition) => ({
        name: definition.name,
        invocations: invocationsOf(definition).length,
        result: await runFunction(definition, functionEnvironment(definition, localValues(resources)), invocationsOf(definition)),
      }));

      // Assess
      const failures = results.flatMap(({ name, result }) => failuresOf(name, result));
      const explained = results
        .filter(({ name, result }) => failuresOf(name, result).length > 0)
        .map(({ name, result }) => `${name}:\n${result.output}`);
      expect(failures, explained.join('\n\n')).toEqual([]);
      expect(results.every(({ invocations, result }) => result.answers.length === invocations)).toBe(true);
      expect(results.filter(({ invocations }) => invocations > 0).length).toBeGreaterThan(50);
    },
  );

  it(
    'fail where a declaration leaves out what the auth checks read (the core table): the check finds it',
    { timeout: 120_000 },
    async () => {
      // Prepare: me-account-entries-list as it was declared before it read the core table.
      const definition: FunctionDefinition = {
        ...functions.meAccountEntriesList,
        tables: [{ table: ledgerTable, access: 'read' }],
      };

      // Act
      const result = await runFunction(
        definition,
        functionEnvironment(definition, localValues(resources)),
        invocationsOf(definition),
      );

      // Assess: its wiring reads the core table too now (the calling customer's record, one rule for
      // every customer-scoped route), so the check finds the gap when the function is prepared.
      expect(result.prepared).toBe(false);
      expect(failuresOf(definition.name, result)).toEqual([`${definition.name}: ${result.error ?? 'not prepared'}`]);
      expect(`${result.error ?? ''}\n${result.output}`).toContain(`${coreTable.envVar} is not set`);
    },
  );
});
