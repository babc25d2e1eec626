import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { npxKippu, REPO_ROOT } from '../fixtures/cli';

/**
 * The `kippu` command as a user meets it: `npx kippu …` from the repository, running the
 * JavaScript bundle that `npm ci` / `npm run build` makes (bin/kippu.mjs loads it).
 */
const BUNDLE = fileURLToPath(new URL('../../dist/cli/kippu.mjs', import.meta.url));

describe('npx kippu', () => {
  it('--help prints the usage with its commands and exits 0', async () => {
    const answer = await npxKippu(['--help']);
    expect(answer.code).toBe(0);
    expect(answer.stdout).toMatch(/^Usage: kippu \[options\] \[command\]/);
    expect(answer.stdout).toMatch(/verify \[options\] <token>/);
    expect(answer.stdout).toMatch(/dlq +redrive kippu's dead-letter queues/);
    expect(answer.stdout).not.toMatch(/inspect/);
  });

  it.each(['dlq inspect', 'dlq inspect --help'])(
    "kippu %s is an unknown command: exit 2, not the group's help",
    async (command) => {
      const answer = await npxKippu(command.split(' '));
      expect(answer).toMatchObject({ code: 2, stdout: '' });
      expect(answer.stderr).toMatch(/^error: unknown command 'inspect'/);
    },
  );

  it('verify --help prints every option of verify and exits 0', async () => {
    const answer = await npxKippu(['verify', '--help']);
    expect(answer.code).toBe(0);
    expect(answer.stdout).toMatch(/^Usage: kippu verify \[options\] <token>/);
    for (const option of [
      '--type <type>',
      '--jwks <url-or-file>',
      '--aud <providerId>',
      '--iss <url>',
      '--revocations <url-or-file>',
      '--token <bearer>',
      '--leeway <seconds>',
    ]) {
      expect(answer.stdout).toContain(option);
    }
  });

  it('dlq redrive --help prints its options and exits 0', async () => {
    const answer = await npxKippu(['dlq', 'redrive', '--help']);
    expect(answer.code).toBe(0);
    expect(answer.stdout).toMatch(/^Usage: kippu dlq redrive \[options\]/);
    for (const option of ['--queue <name>', '--stage <stage>', '--dry-run', '"settlement"'])
      expect(answer.stdout).toContain(option);
  });

  it('a bad argument is a usage error: the reason on stderr and exit 2', async () => {
    const answer = await npxKippu(['verify', 'x.y.z', '--aud', 'prov-1', '--iss', 'http://127.0.0.1:9', '--leeway', 'NaN']);
    expect(answer.code).toBe(2);
    expect(answer.stderr).toMatch(/--leeway <seconds>.*NaN.*invalid/);
  });

  it('a command that uses the AWS SDK prints its own message on stderr, not the SDK notice about Node.js 20', async () => {
    // Prepare: an environment without the switch the test runner sets, and an endpoint nothing listens on.
    const { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: _switch, ...inherited } = process.env;
    const env = { ...inherited, AWS_ENDPOINT_URL_SQS: 'http://127.0.0.1:9', AWS_MAX_ATTEMPTS: '1', AWS_REGION: 'us-east-1' };

    // Act
    const answer = await npxKippu(['dlq', 'redrive', '--queue', 'settlement'], env);

    // Assess
    expect(answer.stderr).toMatch(/^kippu: /m);
    expect(answer.stderr).not.toContain('NodeVersionSupportWarning');
  });

  it('dlq redrive without an AWS region says the region is missing, naming AWS_REGION, not that the queue is', async () => {
    // Prepare: no region from the environment, and no profile or config file to take one from.
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      AWS_CONFIG_FILE: '/nonexistent',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
    };
    for (const name of ['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_PROFILE']) delete env[name];

    // Act
    const answer = await npxKippu(['dlq', 'redrive', '--queue', 'settlement', '--stage', 'prod', '--dry-run'], env);

    // Assess
    expect(answer.code).toBe(2);
    expect(answer.stderr).toMatch(/^kippu: No AWS region: set AWS_REGION/m);
    expect(answer.stderr).not.toMatch(/Cannot find the queue/);
  });
});

describe('the CLI bundle', () => {
  it('imports nothing at run time but Node built-ins and the dependencies kippu ships (no tsx, no dev dependency)', () => {
    // Prepare
    const bundle = readFileSync(BUNDLE, 'utf8');
    const { dependencies } = JSON.parse(readFileSync(`${REPO_ROOT}/package.json`, 'utf8')) as {
      dependencies: Record<string, string>;
    };

    // Act
    const specifiers = [
      ...bundle.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g),
    ].map((match) => match[1] ?? match[2] ?? '');

    // Assess
    const packages = specifiers.filter((specifier) => !specifier.startsWith('node:') && !builtinModules.includes(specifier));
    expect(specifiers.length).toBeGreaterThan(0);
    for (const specifier of packages) {
      const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : (specifier.split('/')[0] ?? '');
      expect(Object.keys(dependencies), specifier).toContain(name);
    }
  });
});
