import { Metrics } from '@aws-lambda-powertools/metrics';
import { loadConfig } from '../../config';
import type { BusinessMetrics, MetricDimensionsOf } from '../../ports';
import { METRICS_NAMESPACE, METRICS_SERVICE, commonMetricDimensions, metrics, type MetricId } from '../../resources/metrics';

/**
 * The metrics port on Powertools Metrics: each data point is one CloudWatch embedded metric
 * format line on stdout, written at once (a single-metric instance), with the common
 * dimensions (`service`, `stage`) and exactly the metric's declared ones. One line per data
 * point costs a little log volume and buys two things: a metric never picks up a dimension
 * of another (an EMF line has one dimension set), and a function that crashes later in its
 * invocation has still published what happened before.
 */
export class PowertoolsMetricsAdapter implements BusinessMetrics {
  constructor(private readonly powertools: Metrics) {}

  record<Id extends MetricId>(metric: Id, value: number, dimensions: MetricDimensionsOf<Id>): void {
    const definition = metrics[metric];
    const single = this.powertools.singleMetric();
    const values: Readonly<Record<string, string>> = dimensions;
    for (const dimension of definition.dimensions) {
      const dimensionValue = values[dimension];
      if (dimensionValue !== undefined) single.addDimension(dimension, dimensionValue);
    }
    single.addMetric(definition.name, definition.unit, value);
  }
}

export const powertoolsMetrics = (stage: string): PowertoolsMetricsAdapter =>
  new PowertoolsMetricsAdapter(
    new Metrics({ namespace: METRICS_NAMESPACE, serviceName: METRICS_SERVICE, defaultDimensions: commonMetricDimensions(stage) }),
  );

let containerMetrics: PowertoolsMetricsAdapter | undefined;

/** The container's metrics, made on first use for the configured stage (one per container, like the SDK clients). */
export const functionMetrics = (env: NodeJS.ProcessEnv): PowertoolsMetricsAdapter =>
  (containerMetrics ??= powertoolsMetrics(loadConfig(env).stage));
