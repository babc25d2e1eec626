/**
 * Idempotent, cached install of the local AWS emulators into the git-ignored
 * `.local/` folder (cfn-lint and the OpenAPI tools install the same way, through
 * ensurePythonTool):
 *   - DynamoDB Local (AWS's own implementation) via Maven, from
 *     scripts/emulators/dynamodb-local/pom.xml into .local/dynamodb-local/lib
 *   - moto server from scripts/emulators/requirements-moto.txt into the venv
 *     .local/moto-venv
 * Each install writes a marker with what was pinned (version + hash of the pin
 * file); a changed pin or a broken install triggers a re-install.
 *
 * Standalone: `tsx scripts/emulators/install.ts`
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractZipEntry } from './zip';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const EMULATORS_DIR = fileURLToPath(new URL('.', import.meta.url));
export const LOCAL_DIR = path.join(REPO_ROOT, '.local');

/** Must match `dynamodb-local.version` in dynamodb-local/pom.xml (checked at install). */
export const DYNAMODB_LOCAL_VERSION = '2.6.1';
/** Must match the pin in requirements-moto.txt (checked at install). */
export const MOTO_VERSION = '5.2.5';

const POM_FILE = path.join(EMULATORS_DIR, 'dynamodb-local', 'pom.xml');
const MOTO_REQUIREMENTS_FILE = path.join(EMULATORS_DIR, 'requirements-moto.txt');
export const DYNAMODB_LOCAL_DIR = path.join(LOCAL_DIR, 'dynamodb-local');
/** Jars and sqlite4java native libraries (version-stripped names, as sqlite4java expects). */
export const DYNAMODB_LOCAL_LIB_DIR = path.join(DYNAMODB_LOCAL_DIR, 'lib');
export const MOTO_VENV_DIR = path.join(LOCAL_DIR, 'moto-venv');
export const MOTO_SERVER_BIN = path.join(MOTO_VENV_DIR, 'bin', 'moto_server');
const MOTO_VENV_PYTHON = path.join(MOTO_VENV_DIR, 'bin', 'python');
const MARKER_FILE_NAME = '.kippu-install.json';
const INSTALL_LOCK_FILE = path.join(LOCAL_DIR, '.install.lock');

/** Jetty 12 inside DynamoDB Local 2.x needs Java 17. */
const MIN_JAVA_MAJOR = 17;
/** moto 5.x supports Python 3.9+. */
const MIN_PYTHON: readonly [number, number] = [3, 9];
/** A first install downloads ~100 MB; a second process waits for the first one's lock. */
const INSTALL_LOCK_WAIT_MS = 15 * 60_000;
const INSTALL_LOCK_POLL_MS = 500;
/** Lines of a failed tool's output to quote in the error. */
const FAILURE_OUTPUT_TAIL_LINES = 30;

/**
 * sqlite4java 1.0.392 (what DynamoDBLocal 2.6.1's pom depends on) was never
 * published for linux-aarch64, but the DynamoDBLocal jar bundles that library.
 * We extract it under the name sqlite4java looks for on arm64 Linux, so arm
 * machines load it from java.library.path like amd64 ones do.
 */
const BUNDLED_AARCH64_ENTRY =
  'com/amazonaws/services/dynamodbv2/local/shared/access/sqlite/native/Linux/aarch64/libsqlite4java.so';
const AARCH64_LIBRARY_NAME = 'libsqlite4java-linux-aarch64.so';

export class MissingToolError extends Error {
  override name = 'MissingToolError';
}

export interface InstallOptions {
  /** Install DynamoDB Local (default true). */
  dynamodb?: boolean;
  /** Install moto (default true). */
  moto?: boolean;
  log?: (line: string) => void;
}

export interface InstalledEmulators {
  java?: { command: string; classpath: string; libraryPath: string };
  motoServer?: string;
}

const noop = (): void => {};

export async function installEmulators(options: InstallOptions = {}): Promise<InstalledEmulators> {
  const wantDynamo = options.dynamodb ?? true;
  const wantMoto = options.moto ?? true;
  const log = options.log ?? noop;

  // Fail fast on a missing runtime before any download.
  if (wantDynamo) requireJava();

  const result: InstalledEmulators = {};
  const dynamoMarker = wantDynamo ? await expectedDynamoMarker() : undefined;
  const motoMarker = wantMoto ? await expectedMotoMarker() : undefined;

  const needDynamo = dynamoMarker !== undefined && !(await isInstalled(DYNAMODB_LOCAL_DIR, dynamoMarker, dynamoFilesPresent));
  const needMoto = motoMarker !== undefined && !(await isInstalled(MOTO_VENV_DIR, motoMarker, motoFilesPresent));

  if (needDynamo || needMoto) {
    // Check the install-only tools before taking the lock.
    if (needDynamo) requireMaven();
    if (needMoto) requirePythonWithVenv();
    await mkdir(LOCAL_DIR, { recursive: true });
    const release = await acquireInstallLock(log);
    try {
      // Another process may have finished the install while we waited for the lock.
      // Maven and pip download independently, so run them side by side.
      // allSettled: never release the lock while the other tool is still writing.
      const outcomes = await Promise.allSettled([
        (async () => {
          if (dynamoMarker && !(await isInstalled(DYNAMODB_LOCAL_DIR, dynamoMarker, dynamoFilesPresent))) {
            await installDynamoLocal(dynamoMarker, log);
          }
        })(),
        (async () => {
          if (motoMarker && !(await isInstalled(MOTO_VENV_DIR, motoMarker, motoFilesPresent))) {
            await installMoto(motoMarker, log);
          }
        })(),
      ]);
      const failed = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
      if (failed) throw failed.reason;
    } finally {
      await release();
    }
  }

  if (wantDynamo) {
    result.java = {
      command: 'java',
      // A classpath wildcard keeps the command line short with ~85 jars.
      classpath: path.join(DYNAMODB_LOCAL_LIB_DIR, '*'),
      libraryPath: DYNAMODB_LOCAL_LIB_DIR,
    };
  }
  if (wantMoto) result.motoServer = MOTO_SERVER_BIN;
  return result;
}

// ---------------------------------------------------------------- tool checks

function probe(command: string, args: string[]): { ok: boolean; output: string } {
  const run = spawnSync(command, args, { encoding: 'utf8' });
  if (run.error) return { ok: false, output: '' };
  return { ok: run.status === 0, output: `${run.stdout ?? ''}${run.stderr ?? ''}` };
}

function requireJava(): void {
  const hint = `kippu needs Java ${MIN_JAVA_MAJOR}+ to run DynamoDB Local: install a JRE, e.g. \`apt-get install openjdk-17-jre-headless\``;
  const { ok, output } = probe('java', ['-version']);
  if (!ok) throw new MissingToolError(`${hint} (no \`java\` on PATH)`);
  // `openjdk version "17.0.15"` or, before Java 9, `java version "1.8.0_402"`.
  const match = /version "(\d+)(?:\.(\d+))?/.exec(output);
  const first = Number(match?.[1]);
  const major = first === 1 ? Number(match?.[2]) : first;
  if (!Number.isFinite(major) || major < MIN_JAVA_MAJOR) {
    throw new MissingToolError(`${hint} (found ${match ? `Java ${major}` : 'an unrecognised `java -version`'})`);
  }
}

function requireMaven(): void {
  if (!probe('mvn', ['-v']).ok) {
    throw new MissingToolError('kippu needs Maven (`mvn`) to fetch DynamoDB Local: install it, e.g. `apt-get install maven`');
  }
}

function requirePythonWithVenv(): void {
  const wanted = `${MIN_PYTHON[0]}.${MIN_PYTHON[1]}`;
  const version = probe('python3', ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])']);
  if (!version.ok) {
    throw new MissingToolError(
      `kippu needs Python ${wanted}+ to run moto: install it, e.g. \`apt-get install python3 python3-venv\``,
    );
  }
  const [major = 0, minor = 0] = version.output.trim().split('.').map(Number);
  if (major < MIN_PYTHON[0] || (major === MIN_PYTHON[0] && minor < MIN_PYTHON[1])) {
    throw new MissingToolError(
      `kippu needs Python ${wanted}+ to run moto (found ${version.output.trim()}): install a newer python3`,
    );
  }
  // Debian/Ubuntu ship `venv` without `ensurepip` unless python3-venv is installed.
  if (!probe('python3', ['-c', 'import venv, ensurepip']).ok) {
    throw new MissingToolError(
      'kippu needs the Python venv module to install moto: install it, e.g. `apt-get install python3-venv`',
    );
  }
}

// -------------------------------------------------------------------- markers

export type Marker = Record<string, string>;

export async function sha256(file: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(file))
    .digest('hex');
}

async function expectedDynamoMarker(): Promise<Marker> {
  const pom = await readFile(POM_FILE, 'utf8');
  // Keep the TS constant and the pom in step, so a bump in one place is caught.
  const pinned = /<dynamodb-local\.version>([^<]+)</.exec(pom)?.[1];
  if (pinned !== DYNAMODB_LOCAL_VERSION) {
    throw new Error(
      `${path.relative(REPO_ROOT, POM_FILE)} pins DynamoDBLocal ${pinned ?? '(none)'} but install.ts expects ${DYNAMODB_LOCAL_VERSION}`,
    );
  }
  return { dynamodbLocal: DYNAMODB_LOCAL_VERSION, pomSha256: await sha256(POM_FILE) };
}

async function expectedMotoMarker(): Promise<Marker> {
  const requirements = await readFile(MOTO_REQUIREMENTS_FILE, 'utf8');
  if (!new RegExp(`^moto\\[server\\]==${MOTO_VERSION.replaceAll('.', '\\.')}\\s*$`, 'm').test(requirements)) {
    throw new Error(`${path.relative(REPO_ROOT, MOTO_REQUIREMENTS_FILE)} does not pin moto[server]==${MOTO_VERSION}`);
  }
  return { moto: MOTO_VERSION, requirementsSha256: await sha256(MOTO_REQUIREMENTS_FILE) };
}

function dynamoFilesPresent(): boolean {
  return (
    existsSync(path.join(DYNAMODB_LOCAL_LIB_DIR, 'DynamoDBLocal.jar')) &&
    existsSync(path.join(DYNAMODB_LOCAL_LIB_DIR, 'libsqlite4java-linux-amd64.so')) &&
    existsSync(path.join(DYNAMODB_LOCAL_LIB_DIR, AARCH64_LIBRARY_NAME))
  );
}

function motoFilesPresent(): boolean {
  // existsSync follows the venv's python symlink, so a removed base python counts as broken.
  return existsSync(MOTO_SERVER_BIN) && existsSync(MOTO_VENV_PYTHON);
}

async function isInstalled(dir: string, expected: Marker, filesPresent: () => boolean): Promise<boolean> {
  try {
    const actual = JSON.parse(await readFile(path.join(dir, MARKER_FILE_NAME), 'utf8')) as unknown;
    if (typeof actual !== 'object' || actual === null) return false;
    const record = actual as Record<string, unknown>;
    const sameKeys = Object.keys(record).length === Object.keys(expected).length;
    return sameKeys && Object.entries(expected).every(([key, value]) => record[key] === value) && filesPresent();
  } catch {
    return false;
  }
}

async function writeMarker(dir: string, marker: Marker): Promise<void> {
  await writeFile(path.join(dir, MARKER_FILE_NAME), `${JSON.stringify(marker, null, 2)}\n`);
}

// ----------------------------------------------------------------------- lock

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A cross-process lock so parallel test runs do not install into the same folder at once. */
async function acquireInstallLock(log: (line: string) => void): Promise<() => Promise<void>> {
  const deadline = Date.now() + INSTALL_LOCK_WAIT_MS;
  let announced = false;
  for (;;) {
    try {
      const handle = await open(INSTALL_LOCK_FILE, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => rm(INSTALL_LOCK_FILE, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number((await readFile(INSTALL_LOCK_FILE, 'utf8').catch(() => '')).trim());
    if (!Number.isInteger(holder) || holder <= 0 || !pidAlive(holder)) {
      // The holder died mid-install (or is mid-write; then its retry wins the next round).
      await rm(INSTALL_LOCK_FILE, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for process ${holder} to finish installing the emulators (${INSTALL_LOCK_FILE})`);
    }
    if (!announced) {
      log(`waiting for process ${holder} to finish installing the emulators`);
      announced = true;
    }
    await new Promise((resolve) => setTimeout(resolve, INSTALL_LOCK_POLL_MS));
  }
}

// ------------------------------------------------------------------- installs

/** Runs a tool quietly; on failure throws with the tail of its output. */
async function run(command: string, args: string[], cwd: string): Promise<void> {
  const output: string[] = [];
  const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => output.push(chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => output.push(chunk));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (exitCode) => resolve(exitCode));
  });
  if (code !== 0) {
    const tail = output.join('').trimEnd().split('\n').slice(-FAILURE_OUTPUT_TAIL_LINES).join('\n');
    throw new Error(`\`${command} ${args.join(' ')}\` failed with exit code ${String(code)}:\n${tail}`);
  }
}

async function installDynamoLocal(marker: Marker, log: (line: string) => void): Promise<void> {
  log(`installing DynamoDB Local ${DYNAMODB_LOCAL_VERSION} with mvn into ${path.relative(REPO_ROOT, DYNAMODB_LOCAL_DIR)}`);
  await mkdir(DYNAMODB_LOCAL_DIR, { recursive: true });
  await rm(path.join(DYNAMODB_LOCAL_DIR, MARKER_FILE_NAME), { force: true });
  // Copy into a scratch folder and swap it in, so an interrupted copy never looks complete.
  const staging = path.join(DYNAMODB_LOCAL_DIR, `lib.staging-${process.pid}`);
  await rm(staging, { recursive: true, force: true });
  await run(
    'mvn',
    [
      '-B',
      '-q',
      '-f',
      POM_FILE,
      'dependency:copy-dependencies',
      `-DoutputDirectory=${staging}`,
      // sqlite4java loads `libsqlite4java-linux-amd64.so`, not `...-1.0.392.so`.
      '-Dmdep.stripVersion=true',
    ],
    REPO_ROOT,
  );
  await writeFile(
    path.join(staging, AARCH64_LIBRARY_NAME),
    extractZipEntry(await readFile(path.join(staging, 'DynamoDBLocal.jar')), BUNDLED_AARCH64_ENTRY),
  );
  await rm(DYNAMODB_LOCAL_LIB_DIR, { recursive: true, force: true });
  await rename(staging, DYNAMODB_LOCAL_LIB_DIR);
  await writeMarker(DYNAMODB_LOCAL_DIR, marker);
}

/** A project-local Python tool: its venv, its pinned requirements, the executable pip must leave there. */
export interface PythonTool {
  readonly label: string;
  readonly venvDir: string;
  readonly requirementsFile: string;
  readonly executable: string;
  readonly filesPresent: () => boolean;
}

/** (Re)builds a tool's venv from its requirements file and writes its marker last. */
async function installPythonTool(tool: PythonTool, marker: Marker, log: (line: string) => void): Promise<void> {
  log(`installing ${tool.label} with pip into ${path.relative(REPO_ROOT, tool.venvDir)}`);
  // A venv cannot be moved (its scripts hold absolute paths), so rebuild it in place.
  await rm(tool.venvDir, { recursive: true, force: true });
  await run('python3', ['-m', 'venv', tool.venvDir], REPO_ROOT);
  await run(
    path.join(tool.venvDir, 'bin', 'python'),
    ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-r', tool.requirementsFile],
    REPO_ROOT,
  );
  if (!tool.filesPresent()) throw new Error(`pip finished but ${tool.executable} is missing`);
  await writeMarker(tool.venvDir, marker);
}

/**
 * Installs a Python tool into its venv unless the cached install matches `marker`: checks
 * for python3 with venv, takes the install lock, and checks again under it (another process
 * may have installed the tool while this one waited).
 */
export async function ensurePythonTool(tool: PythonTool, marker: Marker, log: (line: string) => void): Promise<void> {
  if (await isInstalled(tool.venvDir, marker, tool.filesPresent)) return;
  requirePythonWithVenv();
  await mkdir(LOCAL_DIR, { recursive: true });
  const release = await acquireInstallLock(log);
  try {
    if (!(await isInstalled(tool.venvDir, marker, tool.filesPresent))) await installPythonTool(tool, marker, log);
  } finally {
    await release();
  }
}

const installMoto = (marker: Marker, log: (line: string) => void): Promise<void> =>
  installPythonTool(
    {
      label: `moto ${MOTO_VERSION}`,
      venvDir: MOTO_VENV_DIR,
      requirementsFile: MOTO_REQUIREMENTS_FILE,
      executable: MOTO_SERVER_BIN,
      filesPresent: motoFilesPresent,
    },
    marker,
    log,
  );

// ----------------------------------------------------------------- standalone

const invokedDirectly = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  const started = Date.now();
  installEmulators({ log: (line) => console.error(`[emulators] ${line}`) }).then(
    () => console.error(`[emulators] DynamoDB Local and moto are installed (${Date.now() - started} ms)`),
    (error: unknown) => {
      console.error(error instanceof MissingToolError ? error.message : error);
      process.exit(1);
    },
  );
}
