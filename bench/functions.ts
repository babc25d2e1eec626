import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { functionList, type FunctionDefinition } from '../shared/resources/functions';

/**
 * Per Lambda function: its minified bundle (the esbuild settings of the CDK stack) and its
 * cold init — a fresh Node process importing the bundle and building the function's wiring
 * (config parsed, SDK clients constructed: `handler.prepare()`, shared/http/lazy.ts), the
 * median over several processes — beside its **SDK floor**: a bundle that only constructs the
 * AWS SDK clients the function's declaration lets it use, bundled and timed the same way. The
 * difference is kippu's own code. The floor and the function are timed alternately so that
 * the machine's load hits both alike. A third bundle, the floor plus the Powertools utilities
 * the function's bundle holds (Logger and Metrics constructed as kippu's wiring constructs
 * them, batch's SQS processor for the two queue workers), timed in the same alternation,
 * splits the difference: its excess over the floor is Powertools, the rest kippu's own code.
 * Also checks that a bundle holds no SDK client its
 * function has no permission to call. `KIPPU_BENCH_FUNCTIONS=health-get,purchase-create` limits
 * the table to the functions named.
 */
const run = promisify(execFile);
const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const COLD_STARTS_PER_FUNCTION = 11;
/** kippu's own init may take at most this much longer than the SDK floor. */
export const COLD_INIT_ABOVE_FLOOR_MAX = 0.25;
const ESM_REQUIRE_BANNER = "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

/** The SDK clients kippu uses, by the package that holds each, and how a floor bundle constructs one. */
const CLIENTS = {
  dynamodb: {
    packages: ['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb'],
    construct:
      "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nimport { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';\n" +
      'clients.push(DynamoDBDocumentClient.from(new DynamoDBClient({})));\n',
  },
  kms: {
    packages: ['@aws-sdk/client-kms'],
    construct: "import { KMSClient } from '@aws-sdk/client-kms';\nclients.push(new KMSClient({}));\n",
  },
  sqs: {
    packages: ['@aws-sdk/client-sqs'],
    construct: "import { SQSClient } from '@aws-sdk/client-sqs';\nclients.push(new SQSClient({}));\n",
  },
  scheduler: {
    packages: ['@aws-sdk/client-scheduler'],
    construct: "import { SchedulerClient } from '@aws-sdk/client-scheduler';\nclients.push(new SchedulerClient({}));\n",
  },
  cognito: {
    packages: ['@aws-sdk/client-cognito-identity-provider'],
    construct:
      "import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';\n" +
      'clients.push(new CognitoIdentityProviderClient({}));\n',
  },
  ses: {
    packages: ['@aws-sdk/client-sesv2'],
    construct: "import { SESv2Client } from '@aws-sdk/client-sesv2';\nclients.push(new SESv2Client({}));\n",
  },
} as const;
type Client = keyof typeof CLIENTS;

/**
 * The Powertools utilities kippu uses, the module of each whose code in a bundle means the
 * bundle uses it (a bundle may keep a few bytes of a utility's other modules, their bare
 * imports, without using it), and how a floor-plus-Powertools bundle constructs each as
 * kippu's wiring does at init.
 */
const POWERTOOLS = {
  logger: {
    package: '@aws-lambda-powertools/logger',
    module: 'lib/esm/Logger.js',
    construct:
      "import { Logger } from '@aws-lambda-powertools/logger';\n" +
      "clients.push(new Logger({ serviceName: 'kippu', logLevel: 'INFO', sampleRateValue: 0 }));\n",
  },
  metrics: {
    package: '@aws-lambda-powertools/metrics',
    module: 'lib/esm/Metrics.js',
    construct:
      "import { Metrics } from '@aws-lambda-powertools/metrics';\n" +
      "clients.push(new Metrics({ namespace: 'kippu', serviceName: 'kippu', defaultDimensions: { service: 'kippu', stage: 'bench' } }));\n",
  },
  batch: {
    package: '@aws-lambda-powertools/batch',
    module: 'lib/esm/BatchProcessor.js',
    construct:
      "import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';\n" +
      'clients.push(new BatchProcessor(EventType.SQS), processPartialResponse);\n',
  },
} as const;
type PowertoolsUtility = keyof typeof POWERTOOLS;

/** The clients a function's declaration lets it call (its tables, keys, queues it sends to, one-time schedules, Cognito, SES). */
export const declaredClients = (definition: FunctionDefinition): Client[] => [
  ...(definition.tables.length > 0 ? (['dynamodb'] as const) : []),
  ...(definition.keys.length > 0 ? (['kms'] as const) : []),
  ...((definition.queues ?? []).some((queue) => queue.access === 'send') ? (['sqs'] as const) : []),
  ...(definition.oneTimeSchedules === undefined ? [] : (['scheduler'] as const)),
  ...((definition.identity ?? []).length > 0 ? (['cognito'] as const) : []),
  ...(definition.mail === true ? (['ses'] as const) : []),
];

/** The SDK clients a bundle holds, from the files it was built from (esbuild's metafile inputs). */
export const sdkClientsOf = (inputs: readonly string[]): Client[] =>
  (Object.keys(CLIENTS) as Client[]).filter((client) =>
    inputs.some((input) => input.includes(`node_modules/${CLIENTS[client].packages[0]}/`)),
  );

/** The Powertools utilities a bundle holds, from the files whose code it holds. */
const powertoolsOf = (held: readonly string[]): PowertoolsUtility[] =>
  (Object.keys(POWERTOOLS) as PowertoolsUtility[]).filter((utility) =>
    held.some((input) => input.endsWith(`node_modules/${POWERTOOLS[utility].package}/${POWERTOOLS[utility].module}`)),
  );

/** Bundles a handler (its path, or its source) like the CDK stack does; answers its size and the SDK clients and Powertools utilities it holds. */
export const bundle = async (
  entry: { readonly path: string } | { readonly source: string },
  outfile: string,
): Promise<{ bytes: number; clients: Client[]; powertools: PowertoolsUtility[] }> => {
  const result = await build({
    ...('path' in entry
      ? { entryPoints: [entry.path] }
      : { stdin: { contents: entry.source, resolveDir: REPO_ROOT, loader: 'ts', sourcefile: path.basename(outfile) } }),
    outfile,
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    mainFields: ['module', 'main'],
    banner: { js: ESM_REQUIRE_BANNER },
    logLevel: 'silent',
    metafile: true,
  });
  const output = Object.values(result.metafile.outputs)[0];
  const inputs = Object.keys(output?.inputs ?? {});
  const held = Object.entries(output?.inputs ?? {})
    .filter(([, input]) => input.bytesInOutput > 0)
    .map(([input]) => input);
  return { bytes: output?.bytes ?? Number.NaN, clients: sdkClientsOf(inputs), powertools: powertoolsOf(held) };
};

/**
 * Imports the bundle and builds its wiring when it is built lazily; prints the CPU
 * milliseconds (user + system) that took. CPU time rather than wall time: on a shared machine
 * the wall clock mostly measures waiting for a core, and a Lambda function's init is CPU-bound
 * (at 512 MB it gets about a third of a vCPU).
 */
const INIT_PROBE =
  'const started = process.cpuUsage(); const module = await import(process.argv[1]); module.handler?.prepare?.(); ' +
  'const used = process.cpuUsage(started); process.stdout.write(String((used.user + used.system) / 1000));';

const initMs = async (bundlePath: string): Promise<number> => {
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', INIT_PROBE, bundlePath], { env: process.env });
  return Number(stdout);
};

const median = (samples: readonly number[]): number => {
  const sorted = [...samples].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

/** Medians of alternating cold starts of several bundles, in their order. */
const coldInits = async (bundlePaths: readonly string[]): Promise<number[]> => {
  const samples: number[][] = bundlePaths.map(() => []);
  for (let index = 0; index < COLD_STARTS_PER_FUNCTION; index += 1) {
    for (const [which, bundlePath] of bundlePaths.entries()) samples[which]?.push(await initMs(bundlePath));
  }
  return samples.map(median);
};

const floorSource = (clients: readonly Client[], powertools: readonly PowertoolsUtility[] = []): string =>
  'const clients: unknown[] = [];\n' +
  clients.map((client) => CLIENTS[client].construct).join('') +
  powertools.map((utility) => POWERTOOLS[utility].construct).join('') +
  'export const handler = async () => ({ statusCode: 200, body: String(clients.length) });\n';

const kib = (bytes: number): string => (bytes / 1024).toFixed(1);

export interface FunctionFigures {
  readonly name: string;
  readonly clients: readonly Client[];
  readonly undeclaredClients: readonly Client[];
  readonly bytes: number;
  readonly floorBytes: number;
  readonly initMs: number;
  readonly floorMs: number;
  /** The Powertools utilities the function's bundle holds, and the cold init of the floor plus them. */
  readonly powertools: readonly PowertoolsUtility[];
  readonly floorPowertoolsMs: number;
}

const measure = async (directory: string, definition: FunctionDefinition): Promise<FunctionFigures> => {
  const declared = declaredClients(definition);
  const floorFile = path.join(directory, `${definition.name}-floor.mjs`);
  const kippuFile = path.join(directory, `${definition.name}.mjs`);
  const floor = await bundle({ source: floorSource(declared) }, floorFile);
  const kippu = await bundle({ path: path.join(REPO_ROOT, 'functions', definition.name, 'handler.ts') }, kippuFile);
  const floorPowertoolsFile = path.join(directory, `${definition.name}-floor-powertools.mjs`);
  await bundle({ source: floorSource(declared, kippu.powertools) }, floorPowertoolsFile);
  const [initMsKippu = Number.NaN, floorMs = Number.NaN, floorPowertoolsMs = Number.NaN] = await coldInits([
    kippuFile,
    floorFile,
    floorPowertoolsFile,
  ]);
  return {
    name: definition.name,
    clients: kippu.clients,
    undeclaredClients: kippu.clients.filter((client) => !declared.includes(client)),
    bytes: kippu.bytes,
    floorBytes: floor.bytes,
    initMs: initMsKippu,
    floorMs,
    powertools: kippu.powertools,
    floorPowertoolsMs,
  };
};

export const benchFunctions = async (print: (line: string) => void): Promise<void> => {
  const directory = await mkdtemp(path.join(tmpdir(), 'kippu-bench-'));
  try {
    print(
      `functions: minified ESM bundle and cold init (CPU ms to import it and build its wiring), median of ${COLD_STARTS_PER_FUNCTION} fresh node processes, ` +
        'beside the SDK floor (a bundle that only constructs the SDK clients the function may use); ' +
        '"of it Powertools" is the floor plus the Powertools utilities the bundle holds (l logger, m metrics, b batch) less the floor',
    );
    print(
      `  ${'function'.padEnd(26)} ${'clients'.padEnd(22)} ${'KiB'.padStart(7)} ${'floor KiB'.padStart(9)} ` +
        `${'init ms'.padStart(8)} ${'floor ms'.padStart(9)} ${'above floor'.padStart(11)} ${'of it Powertools'.padStart(20)}`,
    );
    const figures: FunctionFigures[] = [];
    const only = (process.env.KIPPU_BENCH_FUNCTIONS ?? '').split(',').filter((name) => name !== '');
    for (const definition of functionList.filter((candidate) => only.length === 0 || only.includes(candidate.name))) {
      const measured = await measure(directory, definition);
      figures.push(measured);
      const above = measured.initMs / measured.floorMs - 1;
      print(
        `  ${measured.name.padEnd(26)} ${(measured.clients.join('+') || '(none)').padEnd(22)} ${kib(measured.bytes).padStart(7)} ` +
          `${kib(measured.floorBytes).padStart(9)} ${measured.initMs.toFixed(1).padStart(8)} ${measured.floorMs.toFixed(1).padStart(9)} ` +
          `${`${above >= 0 ? '+' : ''}${(above * 100).toFixed(0)}%`.padStart(11)} ` +
          `${`${(measured.floorPowertoolsMs - measured.floorMs).toFixed(1)} ms (${measured.powertools.map((utility) => utility[0]).join('') || '-'})`.padStart(20)}`,
      );
    }
    const over = figures.filter((measured) => measured.initMs > measured.floorMs * (1 + COLD_INIT_ABOVE_FLOOR_MAX));
    const undeclared = figures.filter((measured) => measured.undeclaredClients.length > 0);
    const totalInit = figures.reduce((sum, measured) => sum + measured.initMs, 0);
    const totalFloor = figures.reduce((sum, measured) => sum + measured.floorMs, 0);
    const totalPowertools = figures.reduce((sum, measured) => sum + measured.floorPowertoolsMs - measured.floorMs, 0);
    const count = Math.max(figures.length, 1);
    print(
      `functions: all ${figures.length} together ${((totalInit / totalFloor - 1) * 100).toFixed(0)}% above their floors; ` +
        `${over.length} more than ${COLD_INIT_ABOVE_FLOOR_MAX * 100}% above (${over.map((measured) => measured.name).join(', ') || 'none'}); ` +
        `bundles with an SDK client their function may not call: ${undeclared.map((measured) => `${measured.name} (${measured.undeclaredClients.join(', ')})`).join(', ') || 'none'}`,
    );
    print(
      `functions: on average ${((totalInit - totalFloor) / count).toFixed(1)} ms above the floor, of which ` +
        `${(totalPowertools / count).toFixed(1)} ms Powertools and ${((totalInit - totalFloor - totalPowertools) / count).toFixed(1)} ms kippu's own code`,
    );
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
};
