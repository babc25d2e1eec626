import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Four tiers: unit (the domain, every handler through makeHandler, and the contract suites
 * of the in-memory adapters, all on in-memory ports, no emulator), integration (the AWS
 * adapters and their contract suites against the emulators), e2e (the local API over HTTP,
 * `npm start` itself), infra (CDK Template assertions and cdk-nag); and the fuzzer, alone
 * after them (below). `npm test` runs them all inside scripts/with-emulators.ts, which
 * provides the emulator endpoints.
 */
const tier = (name: string, timeoutMs: number, exclude: readonly string[] = []) => ({
  extends: true as const,
  test: {
    name,
    include: [`test/${name}/**/*.test.ts`],
    exclude: [...configDefaults.exclude, ...exclude],
    testTimeout: timeoutMs,
    hookTimeout: timeoutMs,
  },
});

/**
 * The fuzzer drives every operation of the local API, the operator's redeem intake switch
 * included, against the same tables as the other e2e files: while it has the intake drained,
 * their redeems answer 503, and while rights.test.ts drains it, the fuzzer's redeems do. So
 * it runs alone, after every other project (`groupOrder`).
 */
const FUZZ_TEST = 'test/e2e/fuzz.test.ts';
const alone = (name: string, file: string, timeoutMs: number) => ({
  extends: true as const,
  test: { name, include: [file], testTimeout: timeoutMs, hookTimeout: timeoutMs, sequence: { groupOrder: 1 } },
});

export default defineConfig({
  test: {
    environment: 'node',
    pool: 'forks',
    reporters: ['default', './test/summary-reporter.ts'],
    projects: [
      tier('unit', 10_000),
      tier('integration', 60_000),
      tier('e2e', 120_000, [FUZZ_TEST]),
      tier('infra', 180_000),
      alone('fuzz', FUZZ_TEST, 120_000),
    ],
  },
});
