/**
 * Fuzzes the local API with schemathesis against the OpenAPI document (its closed form: answers
 * may carry no undeclared member), per role token
 * (operator and customer by default; each role twice: every operation but the intake switch,
 * then the switch alone, see INTAKE_SWITCH), with every check schemathesis has: no 5xx,
 * statuses, content types, headers and bodies as documented, schema-valid requests accepted
 * (a 2xx, or the 401/403/404 of authorization and visibility), invalid ones refused.
 *
 *   npm run fuzz                       # operator and customer, 30 examples per operation
 *   npm run fuzz -- --max-examples 100 --roles operator,customer,provider,agent --seed 1
 *   npm run fuzz -- --paths '^/v1/(billing-runs|statements)'   # only the operations under these paths
 *
 * Needs the emulators (the npm script runs it inside scripts/with-emulators.ts). Prints
 * schemathesis's summary per role and exits non-zero when any check failed.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { installApiTools } from './tools';
import { LOCAL_STAGE } from '../local/bootstrap';
import { issueDevToken } from '../local/dev-tokens';
import { startLocalRuntime } from '../local/runtime';
import { isRole, type Role } from '../../shared/domain/principal';
import { buildOpenApiDocument } from '../../shared/http/openapi';
import { IDEMPOTENCY_KEY_LENGTH_MAX } from '../../shared/limits';

export interface FuzzOptions {
  readonly roles: readonly Role[];
  readonly maxExamples: number;
  readonly seed?: number;
  readonly phases?: string;
  /** schemathesis's time budget per role. */
  readonly maxTimeSeconds?: number;
  /** Only the operations whose path matches this regular expression. */
  readonly paths?: string;
  readonly log?: (line: string) => void;
}

export interface RoleOutcome {
  readonly role: Role;
  /** Every operation but the intake switch, or the switch alone (INTAKE_SWITCH). */
  readonly pass: 'operations' | 'intake switch';
  readonly exitCode: number;
  /** schemathesis's closing summary lines. */
  readonly summary: string;
  readonly output: string;
}

/**
 * The parties the tokens speak for: registered first (by an operator), so that reads such as
 * /v1/me answer 200 and writes have a wallet, revenue or fee account behind them.
 */
const seedSubjects = async (url: string): Promise<Record<Role, string>> => {
  const operator = await issueDevToken('operator', 'fuzz-operator');
  const create = async (path: string, body: object): Promise<string> => {
    const answer = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${operator}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const created = (await answer.json()) as { id?: string };
    if (answer.status !== 201 || created.id === undefined) throw new Error(`seeding ${path}: ${answer.status}`);
    return created.id;
  };
  return {
    operator: 'fuzz-operator',
    provider: await create('/v1/providers', { name: 'Fuzz provider', proxySettlement: { trusted: true }, platformFeeBps: 100 }),
    agent: await create('/v1/agents', { name: 'Fuzz agent', feeBps: 100 }),
    customer: await create('/v1/customers', { name: 'Fuzz customer' }),
  };
};

const FUZZ_DIR = fileURLToPath(new URL('.', import.meta.url));

/**
 * The operator's redeem intake switch (PUT /v1/admin/intake). Once it drains the intake, every
 * redeem, grant and device transfer answers 503 INTAKE_DRAINING by design (docs/operations.md), which schemathesis counts
 * as a server error; so the roles are fuzzed without it first, and the switch alone after them.
 */
const INTAKE_SWITCH = 'intakeSet';

/** fuzz_hooks.py gives every request with a valid Idempotency-Key a fresh one (the file says why). */
const hooksEnvironment: NodeJS.ProcessEnv = {
  ...process.env,
  SCHEMATHESIS_HOOKS: path.join(FUZZ_DIR, 'fuzz_hooks.py'),
  KIPPU_IDEMPOTENCY_KEY_LENGTH_MAX: String(IDEMPOTENCY_KEY_LENGTH_MAX),
};

const run = (command: string, args: readonly string[], env: NodeJS.ProcessEnv, cwd: string) =>
  new Promise<{ code: number; output: string }>((resolve, reject) => {
    // In a temporary folder: schemathesis keeps its cache in `.schemathesis/` of its working directory.
    const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });

/** From the first failure or error schemathesis reports (else its summary) to the end. */
const summaryOf = (output: string): string => {
  const lines = output.split('\n');
  const first = (pattern: RegExp) => lines.findIndex((line) => pattern.test(line));
  const findings = first(/^=+ (FAILURES|ERRORS) =+$/);
  const start = findings >= 0 ? findings : first(/SUMMARY/);
  return (start < 0 ? lines.slice(-25) : lines.slice(start)).join('\n').trim();
};

/** The switch alone has no sequence to explore: its pass leaves out the stateful phase. */
const phasesOf = (pass: RoleOutcome['pass'], phases: string | undefined): string[] => {
  if (pass === 'operations') return phases === undefined ? [] : ['--phases', phases];
  const chosen = (phases ?? 'examples,coverage,fuzzing').split(',').filter((phase) => phase !== 'stateful');
  return ['--phases', chosen.join(',')];
};

/** The switch's body is one enum, and schemathesis keeps generating for a lone operation until its time is up: a short budget does. */
const INTAKE_SWITCH_SECONDS_MAX = 10;

const maxTimeOf = (pass: RoleOutcome['pass'], seconds: number | undefined): string[] => {
  const budget = pass === 'operations' ? seconds : Math.min(seconds ?? INTAKE_SWITCH_SECONDS_MAX, INTAKE_SWITCH_SECONDS_MAX);
  return budget === undefined ? [] : ['--max-time', String(budget)];
};

export const fuzz = async (options: FuzzOptions): Promise<RoleOutcome[]> => {
  const log = options.log ?? (() => {});
  const tools = await installApiTools({ log });
  const runtime = await startLocalRuntime({ port: 0, stage: LOCAL_STAGE, log: () => {}, schedules: false });
  const folder = await mkdtemp(path.join(tmpdir(), 'kippu-fuzz-'));
  try {
    const subjects = await seedSubjects(runtime.url);
    // The document with its answers closed (shared/http/openapi.ts, withOpenAnswers): the served
    // one lets answers gain members, but an answer member the document does not declare must
    // still fail schemathesis's response_schema_conformance.
    const closedDocument = path.join(folder, 'openapi-closed.json');
    await writeFile(closedDocument, JSON.stringify(buildOpenApiDocument(runtime.url, 'closed')));
    const outcomes: RoleOutcome[] = [];
    const passes = [
      ...options.roles.map((role) => ({
        role,
        pass: 'operations' as const,
        operations: ['--exclude-operation-id', INTAKE_SWITCH],
      })),
      ...options.roles.map((role) => ({
        role,
        pass: 'intake switch' as const,
        operations: ['--include-operation-id', INTAKE_SWITCH],
      })),
    ];
    for (const { role, pass, operations } of passes) {
      const token = await issueDevToken(role, subjects[role]);
      const args = [
        '--config-file',
        path.join(FUZZ_DIR, 'schemathesis.toml'),
        'run',
        closedDocument,
        '--url',
        runtime.url,
        '--header',
        `Authorization: Bearer ${token}`,
        ...operations,
        '--checks',
        'all',
        '--max-examples',
        String(options.maxExamples),
        // One worker: with two threads, hypothesis parses lambda sources concurrently and
        // CPython 3.11 can fail that with "AST constructor recursion depth mismatch".
        '--workers',
        '1',
        '--no-color',
        '--report',
        'junit',
        '--report-dir',
        path.join(folder, `${role}-${outcomes.length}`),
        ...(options.seed === undefined ? [] : ['--seed', String(options.seed)]),
        ...phasesOf(pass, options.phases),
        ...maxTimeOf(pass, options.maxTimeSeconds),
        ...(options.paths === undefined ? [] : ['--include-path-regex', options.paths]),
      ];
      log(`schemathesis as ${role} (${pass}): st ${args.filter((arg) => !arg.startsWith('Authorization')).join(' ')}`);
      const { code, output } = await run(tools.schemathesis, args, hooksEnvironment, folder);
      outcomes.push({ role, pass, exitCode: code, summary: summaryOf(output), output });
    }
    return outcomes;
  } finally {
    await rm(folder, { recursive: true, force: true });
    await runtime.stop();
  }
};

const invokedDirectly = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === path.resolve(process.argv[1]);
if (invokedDirectly) {
  const { values } = parseArgs({
    options: {
      roles: { type: 'string', default: 'operator,customer' },
      'max-examples': { type: 'string', default: '30' },
      seed: { type: 'string' },
      phases: { type: 'string' },
      'max-time': { type: 'string' },
      paths: { type: 'string' },
      verbose: { type: 'boolean', default: false },
    },
  });
  const roles = values.roles.split(',').map((role) => role.trim());
  const unknown = roles.filter((role) => !isRole(role));
  if (unknown.length > 0) throw new Error(`unknown role(s): ${unknown.join(', ')}`);
  const outcomes = await fuzz({
    roles: roles.filter(isRole),
    maxExamples: Number(values['max-examples']),
    ...(values.seed === undefined ? {} : { seed: Number(values.seed) }),
    ...(values.phases === undefined ? {} : { phases: values.phases }),
    ...(values['max-time'] === undefined ? {} : { maxTimeSeconds: Number(values['max-time']) }),
    ...(values.paths === undefined ? {} : { paths: values.paths }),
    log: (line) => console.error(`[fuzz] ${line}`),
  });
  for (const outcome of outcomes) {
    console.log(`\n===== ${outcome.role}, ${outcome.pass} (exit ${outcome.exitCode}) =====`);
    console.log(values.verbose ? outcome.output : outcome.summary);
  }
  process.exitCode = outcomes.every((outcome) => outcome.exitCode === 0) ? 0 : 1;
}
