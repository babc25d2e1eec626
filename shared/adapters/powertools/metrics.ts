import { Metrics } from '@aws-lambda-powertools/metrics';
import { stageOf } from '../../config';
import type { BusinessMetrics, MetricDimensionsOf } from '../../ports';
import { METRICS_NAMESPACE, METRICS_SERVICE, commonMetricDimensions, metricShapes, type MetricId } from '../../resources/metrics';

/** The longest dimension value CloudWatch takes (its PutMetricData limits). */
const DIMENSION_VALUE_LENGTH_MAX = 1_024;

/**
 * What Powertools would let through but CloudWatch would not count as the declared metric: a
 * value that is not a finite number (JSON writes it as null), or a declared dimension without
 * a non-empty string value of at most 1,024 characters (Powertools leaves such a dimension
 * out with a warning, which makes a different metric that no alarm watches).
 */
const problemOf = (value: number, declared: readonly string[], given: Readonly<Record<string, unknown>>): string | undefined => {
  if (!Number.isFinite(value)) return `${value} is not a finite number`;
  const badDimension = declared.find((dimension) => {
    const dimensionValue = given[dimension];
    return (
      typeof dimensionValue !== 'string' || dimensionValue.trim() === '' || dimensionValue.length > DIMENSION_VALUE_LENGTH_MAX
    );
  });
  if (badDimension !== undefined)
    return `dimension ${badDimension} needs a non-empty string of at most ${DIMENSION_VALUE_LENGTH_MAX} characters`;
  return undefined;
};

/**
 * The metrics port on Powertools Metrics: each data point is one CloudWatch embedded metric
 * format line on stdout, published at once, in namespace
 * METRICS_NAMESPACE with the common dimensions (`service`, `stage`) and exactly the metric's
 * declared ones. One line per data point costs a little log volume and buys two things: a
 * metric never picks up a dimension of another (an EMF line has one dimension set), and a
 * function that crashes later in its invocation has still published what happened before.
 * A data point `problemOf` refuses throws a RangeError and writes nothing.
 */
export class PowertoolsMetricsAdapter implements BusinessMetrics {
  constructor(private readonly powertools: Metrics) {}

  record<Id extends MetricId>(metric: Id, value: number, dimensions: MetricDimensionsOf<Id>): void {
    const { name, unit, dimensions: declared } = metricShapes[metric];
    const given: Readonly<Record<string, unknown>> = dimensions;
    const problem = problemOf(value, declared, given);
    if (problem !== undefined) throw new RangeError(`Metric ${name} was not recorded: ${problem}.`);
    // Published at once, on the container's one instance (a singleMetric() instance per data
    // point costs about four times as much): publishing clears the point's dimensions, even
    // when adding it failed, so none is left for the next.
    try {
      for (const dimension of declared) this.powertools.addDimension(dimension, String(given[dimension]));
      this.powertools.addMetric(name, unit, value);
    } finally {
      this.powertools.publishStoredMetrics();
    }
  }
}

export const powertoolsMetrics = (stage: string): PowertoolsMetricsAdapter =>
  new PowertoolsMetricsAdapter(
    new Metrics({ namespace: METRICS_NAMESPACE, serviceName: METRICS_SERVICE, defaultDimensions: commonMetricDimensions(stage) }),
  );

let containerMetrics: PowertoolsMetricsAdapter | undefined;

/**
 * The container's metrics, made on first use (one per container, like the SDK clients), for
 * the configured stage (`stageOf`: KIPPU_STAGE checked as the configuration checks it, without
 * parsing the rest of it a second time).
 */
export const functionMetrics = (env: NodeJS.ProcessEnv): PowertoolsMetricsAdapter =>
  (containerMetrics ??= powertoolsMetrics(stageOf(env)));
