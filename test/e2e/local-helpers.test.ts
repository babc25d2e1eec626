import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, type CliAnswer } from '../fixtures/cli';

/**
 * The local helpers the README names, `npm run token` and `npm run dpop`, as a user runs them:
 * `--help` prints the usage and exits 0, an option they do not know prints the usage and the
 * reason and exits 2, never a stack trace.
 */
const run = promisify(execFile);
const npmRun = (script: string, args: readonly string[]): Promise<CliAnswer> =>
  run('npm', ['run', '-s', script, '--', ...args], { cwd: REPO_ROOT }).then(
    (output) => ({ code: 0, ...output }),
    (error: CliAnswer) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );

const TOKEN_USAGE = 'usage: npm run token -- --role <customer|provider|agent|operator> --sub <id>\n';
const DPOP_USAGE = /^usage: npm run -s dpop -- key \| public <device\.jwk> \| proof /;

describe('npm run token', () => {
  it.each(['--help', '-h'])('%s prints the usage on stdout and exits 0', async (flag) => {
    expect(await npmRun('token', [flag])).toEqual({ code: 0, stdout: TOKEN_USAGE, stderr: '' });
  });

  it('an unknown option prints the usage and names the option, exit 2, no stack trace', async () => {
    const answer = await npmRun('token', ['--bogus']);
    expect(answer).toMatchObject({ code: 2, stdout: '' });
    expect(answer.stderr).toBe(`${TOKEN_USAGE}Unknown option '--bogus'\n`);
  });

  it('a bad role prints the usage and the reason, exit 2', async () => {
    const answer = await npmRun('token', ['--role', 'bogus', '--sub', 'x']);
    expect(answer).toEqual({
      code: 2,
      stdout: '',
      stderr: `${TOKEN_USAGE}--role must be customer, provider, agent or operator\n`,
    });
  });

  it('prints a token for the role and subject asked for', async () => {
    const answer = await npmRun('token', ['--role', 'operator', '--sub', 'op-helpers']);
    expect(answer.code).toBe(0);
    expect(decodeJwt(answer.stdout.trim())).toMatchObject({ 'custom:role': 'operator', sub: 'op-helpers' });
  });
});

describe('npm run dpop', () => {
  it.each(['--help', '-h'])('%s prints the usage on stdout and exits 0', async (flag) => {
    const answer = await npmRun('dpop', [flag]);
    expect(answer).toMatchObject({ code: 0, stderr: '' });
    expect(answer.stdout).toMatch(DPOP_USAGE);
  });

  it('an unknown option prints the reason and the usage, exit 2, no stack trace', async () => {
    const answer = await npmRun('dpop', ['key', '--bogus']);
    expect(answer).toMatchObject({ code: 2, stdout: '' });
    expect(answer.stderr).toMatch(/^Unknown option '--bogus'/);
    expect(answer.stderr).toMatch(/usage: npm run -s dpop -- key/);
    expect(answer.stderr).not.toMatch(/\n +at /);
  });
});
