import { describe, expect, it } from 'vitest';
import { functionList, functions, type FunctionId } from '../../../shared/resources/functions';
import { metricList } from '../../../shared/resources/metrics';
import { inputsOf } from '../../fixtures/function-bundles';

/**
 * Only the functions that record a business metric are given one (their deps ask for
 * `metrics`; BaseDeps has none), so only their bundles hold Powertools Metrics and construct
 * it at init: about 12 KiB and a millisecond of every other function's cold start. This
 * bundles every function as the stack does and checks, from esbuild's metafile, that a
 * bundle holds the metrics adapter and Powertools' Metrics class if and only if its function
 * records a metric.
 *
 * The expected set is the declared emitters (shared/resources/metrics.ts; KmsThrottles names
 * every function that calls KMS, which counts throttles through kms-client.ts), adjusted where
 * the declarations and the code differ:
 */
const DECLARED = new Set<FunctionId>(metricList.flatMap((metric) => metric.emittedBy));
/**
 * Declared but given no metrics: their code records nothing. usage-expire is declared a
 * sweeper (SweeperItemsRead, SweeperDueItemsLeft) but does not call recordSweep;
 * billing-coordinator is declared a DeadLetterArrivals emitter but does not count its last
 * receives. (billing-statement-worker, declared for DeadLetterArrivals too, records no such
 * metric either, but calls KMS and so counts KmsThrottles.)
 */
const DECLARED_BUT_SILENT: readonly FunctionId[] = ['usageExpire', 'billingCoordinator'];
/**
 * Given metrics though no metric declares it: reservation-outcome finishes a failed show
 * through the same code as reservation-complete and -cancel (FinishDeps, which records what a
 * completion posts), but a failed show's hold is voided, which records nothing.
 */
const UNDECLARED_BUT_WIRED: readonly FunctionId[] = ['reservationOutcome'];

const RECORDING = new Set(
  (Object.keys(functions) as FunctionId[])
    .filter((id) => (DECLARED.has(id) && !DECLARED_BUT_SILENT.includes(id)) || UNDECLARED_BUT_WIRED.includes(id))
    .map((id) => functions[id].name),
);

const METRICS_PACKAGE = 'node_modules/@aws-lambda-powertools/metrics/';
const METRICS_CLASS = `${METRICS_PACKAGE}lib/esm/Metrics.js`;
const METRICS_ADAPTER = 'shared/adapters/powertools/metrics.ts';
/**
 * What a bundle without metrics may still hold of the package: three of its modules begin with
 * a bare `import '@aws/lambda-invoke-store'` (the Logger loads that store anyway), which stays
 * wherever the wiring modules that import the adapter are bundled, a few bytes each.
 */
const LEFTOVER_BYTES_MAX = 64;

describe('the bundles of the functions and Powertools Metrics', () => {
  it(
    'hold the metrics adapter and Powertools Metrics exactly when the function records a metric',
    { timeout: 120_000 },
    async () => {
      // Arrange
      const names = functionList.map(({ name }) => name);

      // Act
      const inputs = await inputsOf(names, (path) => path === METRICS_ADAPTER || path.startsWith(METRICS_PACKAGE));

      // Assess
      expect(RECORDING.size).toBeGreaterThan(0);
      expect(RECORDING.size).toBeLessThan(names.length);
      for (const name of names) {
        const held = inputs.get(name) ?? {};
        const packageBytes = Object.entries(held)
          .filter(([path]) => path.startsWith(METRICS_PACKAGE))
          .reduce((sum, [, bytes]) => sum + bytes, 0);
        const records = RECORDING.has(name);
        expect({ name, adapter: METRICS_ADAPTER in held, metricsClass: METRICS_CLASS in held }).toEqual({
          name,
          adapter: records,
          metricsClass: records,
        });
        if (!records) expect(packageBytes, name).toBeLessThan(LEFTOVER_BYTES_MAX);
      }
    },
  );
});
