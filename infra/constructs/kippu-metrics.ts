import type { Duration } from 'aws-cdk-lib';
import { MathExpression, Metric, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import {
  METRICS_NAMESPACE,
  commonMetricDimensions,
  type MetricDefinition,
  type MetricDimension,
} from '../../shared/resources/metrics';

export interface MetricViewOptions {
  readonly statistic: string;
  readonly period: Duration;
  readonly label?: string;
}

/** Any CloudWatch metric, by namespace, name and dimensions. */
export const awsMetric = (
  namespace: string,
  metricName: string,
  dimensionsMap: Readonly<Record<string, string>>,
  options: MetricViewOptions,
): Metric =>
  new Metric({
    namespace,
    metricName,
    dimensionsMap: { ...dimensionsMap },
    statistic: options.statistic,
    period: options.period,
    ...(options.label === undefined ? {} : { label: options.label }),
  });

/**
 * One series of a declared kippu metric: the common dimensions plus a value for each of the
 * metric's own dimensions, no more and no fewer, because an alarm on any other dimension set
 * watches a metric nobody emits.
 */
export const kippuMetric = (
  definition: MetricDefinition,
  stage: string,
  values: Readonly<Partial<Record<MetricDimension, string>>>,
  options: MetricViewOptions,
): Metric => {
  const given = Object.keys(values).sort();
  const declared = [...definition.dimensions].sort();
  if (given.join(',') !== declared.join(',')) {
    throw new Error(
      `metric ${definition.name} is declared with the dimensions [${declared.join(', ')}], not [${given.join(', ')}]`,
    );
  }
  return awsMetric(METRICS_NAMESPACE, definition.name, { ...commonMetricDimensions(stage), ...values }, options);
};

/**
 * Every series of a declared metric in the stage, whatever values its own dimensions take
 * (currencies, ticket kinds): a CloudWatch SEARCH expression, one line per series. Dashboards
 * only; alarms need kippuMetric.
 */
export const kippuMetricSearch = (definition: MetricDefinition, stage: string, options: MetricViewOptions): IMetric => {
  const common = commonMetricDimensions(stage);
  const schema = [METRICS_NAMESPACE, ...Object.keys(common), ...definition.dimensions].join(',');
  const filters = Object.entries(common)
    .map(([name, value]) => `${name}="${value}"`)
    .join(' ');
  return new MathExpression({
    expression: `SEARCH('{${schema}} MetricName="${definition.name}" ${filters}', '${options.statistic}', ${options.period.toSeconds()})`,
    usingMetrics: {},
    period: options.period,
    ...(options.label === undefined ? {} : { label: options.label }),
  });
};

/** A metric AWS Lambda publishes for one function, by its physical name. */
export const lambdaMetric = (functionName: string, metricName: string, options: MetricViewOptions): Metric =>
  awsMetric('AWS/Lambda', metricName, { FunctionName: functionName }, options);

/** A metric API Gateway publishes for a REST API (all stages), by the API's name. */
export const apiMetric = (apiName: string, metricName: string, options: MetricViewOptions): Metric =>
  awsMetric('AWS/ApiGateway', metricName, { ApiName: apiName }, options);
