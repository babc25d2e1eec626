import { defineConfig } from 'vitest/config';

/**
 * Four tiers: unit (the domain, every handler through makeHandler, and the contract suites
 * of the in-memory adapters, all on in-memory ports, no emulator), integration (the AWS
 * adapters and their contract suites against the emulators), e2e (the local API over HTTP,
 * `npm start` itself), infra (CDK Template assertions and cdk-nag). `npm test` runs them all
 * inside scripts/with-emulators.ts, which provides the emulator endpoints.
 */
const tier = (name: string, timeoutMs: number) => ({
  extends: true as const,
  test: { name, include: [`test/${name}/**/*.test.ts`], testTimeout: timeoutMs, hookTimeout: timeoutMs },
});

export default defineConfig({
  test: {
    environment: 'node',
    pool: 'forks',
    reporters: ['default', './test/summary-reporter.ts'],
    projects: [tier('unit', 10_000), tier('integration', 60_000), tier('e2e', 120_000), tier('infra', 180_000)],
  },
});
