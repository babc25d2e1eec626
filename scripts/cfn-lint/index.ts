/**
 * cfn-lint, the CloudFormation linter from PyPI, installed and run the way moto is: into
 * the project-local virtual environment `.local/cfn-lint-venv`, pinned in
 * requirements-cfn-lint.txt, reinstalled only when that file's hash or the venv changes.
 *
 * The infra tests (test/infra/suites/cfn-lint.ts) run it on every synthesized template.
 * Standalone, on templates you synthesized yourself:
 *   npx cdk synth -q && npx tsx scripts/cfn-lint/index.ts cdk.out/*.template.json
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOCAL_DIR, MissingToolError, REPO_ROOT, ensurePythonTool, sha256, type Marker } from '../emulators/install';

/** Must match the pin in requirements-cfn-lint.txt (checked at install). */
export const CFN_LINT_VERSION = '1.58.0';
const REQUIREMENTS_FILE = fileURLToPath(new URL('requirements-cfn-lint.txt', import.meta.url));
export const CFN_LINT_VENV_DIR = path.join(LOCAL_DIR, 'cfn-lint-venv');
const CFN_LINT_BIN = path.join(CFN_LINT_VENV_DIR, 'bin', 'cfn-lint');
const VENV_PYTHON = path.join(CFN_LINT_VENV_DIR, 'bin', 'python');

const filesPresent = (): boolean => existsSync(CFN_LINT_BIN) && existsSync(VENV_PYTHON);

const expectedMarker = async (): Promise<Marker> => {
  const requirements = await readFile(REQUIREMENTS_FILE, 'utf8');
  if (!new RegExp(`^cfn-lint==${CFN_LINT_VERSION.replaceAll('.', '\\.')}\\s*$`, 'm').test(requirements)) {
    throw new Error(`${path.relative(REPO_ROOT, REQUIREMENTS_FILE)} does not pin cfn-lint==${CFN_LINT_VERSION}`);
  }
  return { cfnLint: CFN_LINT_VERSION, requirementsSha256: await sha256(REQUIREMENTS_FILE) };
};

/** Installs cfn-lint unless the cached install matches the pin; returns its executable. */
export async function installCfnLint(log: (line: string) => void = () => {}): Promise<string> {
  const tool = {
    label: `cfn-lint ${CFN_LINT_VERSION}`,
    venvDir: CFN_LINT_VENV_DIR,
    requirementsFile: REQUIREMENTS_FILE,
    executable: CFN_LINT_BIN,
    filesPresent,
  };
  await ensurePythonTool(tool, await expectedMarker(), log);
  return CFN_LINT_BIN;
}

/** One finding, as `cfn-lint --format json` prints it. */
export interface CfnLintMatch {
  readonly Level: 'Error' | 'Warning' | 'Informational';
  readonly Rule: { readonly Id: string; readonly Description: string };
  readonly Message: string;
  readonly Filename: string;
  readonly Location: { readonly Path: readonly (string | number)[] | null };
}

/** cfn-lint's exit status is a bit set of what it found; anything else is a failure to run. */
const FINDINGS_EXIT_BITS = 2 | 4 | 8;

/** Runs cfn-lint on the templates and returns every error and warning it reports. */
export async function lintTemplates(templates: readonly string[]): Promise<CfnLintMatch[]> {
  const executable = await installCfnLint();
  const child = spawn(executable, ['--format', 'json', '--', ...templates], { stdio: ['ignore', 'pipe', 'pipe'] });
  const stdout: string[] = [];
  const stderr: string[] = [];
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => stdout.push(chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (code === null || (code & ~FINDINGS_EXIT_BITS) !== 0) {
    throw new Error(`cfn-lint exited with ${String(code)}: ${stderr.join('').trim()}`);
  }
  const output = stdout.join('').trim();
  return output === '' ? [] : (JSON.parse(output) as CfnLintMatch[]);
}

const invokedDirectly = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  const templates = process.argv.slice(2);
  if (templates.length === 0) {
    console.error('usage: tsx scripts/cfn-lint/index.ts <template.json>...');
    process.exit(2);
  }
  lintTemplates(templates).then(
    (matches) => {
      for (const match of matches) {
        console.log(`${match.Rule.Id} ${match.Message}\n  ${match.Filename} ${(match.Location.Path ?? []).join('/')}`);
      }
      console.error(`cfn-lint ${CFN_LINT_VERSION}: ${matches.length} finding(s) in ${templates.length} template(s)`);
      process.exit(matches.length === 0 ? 0 : 1);
    },
    (error: unknown) => {
      console.error(error instanceof MissingToolError ? error.message : error);
      process.exit(1);
    },
  );
}
