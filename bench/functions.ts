import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { functionList } from '../shared/resources/functions';

/**
 * Per Lambda function: the minified bundle (the same esbuild settings as the CDK stack) and
 * its cold init time — the median over fresh Node processes importing the bundle (the wiring,
 * config and SDK clients, is built on the first invocation, shared/http/lazy.ts) — beside a
 * bare handler bundled the same way.
 */
const run = promisify(execFile);
const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const COLD_STARTS_PER_FUNCTION = 11;
const ESM_REQUIRE_BANNER = "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

const bundle = async (entry: string, outfile: string): Promise<number> => {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    mainFields: ['module', 'main'],
    banner: { js: ESM_REQUIRE_BANNER },
    logLevel: 'silent',
  });
  return (await stat(outfile)).size;
};

const INIT_PROBE =
  'const started = performance.now(); await import(process.argv[1]); process.stdout.write(String(performance.now() - started));';

const coldInitMs = async (bundlePath: string): Promise<number> => {
  const samples: number[] = [];
  for (let index = 0; index < COLD_STARTS_PER_FUNCTION; index += 1) {
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', INIT_PROBE, bundlePath], { env: process.env });
    samples.push(Number(stdout));
  }
  samples.sort((left, right) => left - right);
  return samples[Math.floor(samples.length / 2)] ?? Number.NaN;
};

export const benchFunctions = async (print: (line: string) => void): Promise<void> => {
  const directory = await mkdtemp(path.join(tmpdir(), 'kippu-bench-'));
  try {
    const bareEntry = path.join(directory, 'bare.ts');
    await writeFile(bareEntry, 'export const handler = async () => ({ statusCode: 200, body: "" });\n');
    const bareBytes = await bundle(bareEntry, path.join(directory, 'bare.mjs'));
    const bareMs = await coldInitMs(path.join(directory, 'bare.mjs'));
    print(
      `functions: minified ESM bundle and cold init (median of ${COLD_STARTS_PER_FUNCTION} fresh node processes importing it; wiring is built on the first invocation)`,
    );
    print(`  ${'function'.padEnd(24)} ${'bundle KiB'.padStart(10)} ${'init ms'.padStart(9)} ${'vs bare ms'.padStart(11)}`);
    print(
      `  ${'(bare handler)'.padEnd(24)} ${(bareBytes / 1024).toFixed(1).padStart(10)} ${bareMs.toFixed(1).padStart(9)} ${'0.0'.padStart(11)}`,
    );
    for (const definition of functionList) {
      const outfile = path.join(directory, `${definition.name}.mjs`);
      const bytes = await bundle(path.join(REPO_ROOT, 'functions', definition.name, 'handler.ts'), outfile);
      const initMs = await coldInitMs(outfile);
      print(
        `  ${definition.name.padEnd(24)} ${(bytes / 1024).toFixed(1).padStart(10)} ${initMs.toFixed(1).padStart(9)} ${(initMs - bareMs).toFixed(1).padStart(11)}`,
      );
    }
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
};
