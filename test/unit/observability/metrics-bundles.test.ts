import { describe, expect, it } from 'vitest';
import { functionList, functions } from '../../../shared/resources/functions';
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
 * every function that calls KMS, which counts throttles through kms-client.ts), with no
 * exception: a function that is declared to emit a metric records one, and a function given
 * the metrics is declared an emitter of what it records.
 */
const RECORDING = new Set(metricList.flatMap((metric) => metric.emittedBy).map((id) => functions[id].name));

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
