import { stageOf } from '../../config';
import { systemClock, type BusinessMetrics, type Clock, type MetricDimensionsOf } from '../../ports';
import { METRICS_NAMESPACE, commonMetricDimensions, metricShapes, type MetricId } from '../../resources/metrics';
import { stdoutLines, type LineWriter } from './stdout';

/** What CloudWatch takes from an embedded metric format line (its EMF specification and the PutMetricData limits). */
const EMF_LIMITS = { dimensions: 30, nameLength: 255, dimensionValueLength: 1024 } as const;

export interface EmfMetricsOptions {
  /** The `stage` dimension of every data point. */
  readonly stage: string;
  /** Where the lines go; stdout by default. */
  readonly write?: LineWriter;
  readonly clock?: Clock;
}

/** One data point as an EMF line: its dimensions in order, the common ones first. */
export interface EmfDataPoint {
  readonly namespace: string;
  readonly name: string;
  readonly unit: string;
  readonly dimensions: Readonly<Record<string, unknown>>;
  readonly value: number;
  /** Milliseconds since the Unix epoch. */
  readonly timestamp: number;
}

const problemOf = (point: EmfDataPoint): string | undefined => {
  const names = Object.keys(point.dimensions);
  const badDimension = names.find((dimension) => {
    const value = point.dimensions[dimension];
    return typeof value !== 'string' || value.trim() === '' || value.length > EMF_LIMITS.dimensionValueLength;
  });
  if (badDimension !== undefined)
    return `dimension ${badDimension} needs a non-empty string of at most ${EMF_LIMITS.dimensionValueLength} characters`;
  if (!Number.isFinite(point.value)) return `${point.value} is not a finite number`;
  if (point.name.length === 0 || point.name.length > EMF_LIMITS.nameLength)
    return `a name has 1 to ${EMF_LIMITS.nameLength} characters`;
  if (names.length > EMF_LIMITS.dimensions) return `a metric has at most ${EMF_LIMITS.dimensions} dimensions`;
  if (names.includes(point.name)) return 'its name is also the name of one of its dimensions';
  return undefined;
};

/**
 * The embedded metric format line of one data point:
 *
 *     {"_aws":{"Timestamp":<ms>,"CloudWatchMetrics":[{"Namespace":"kippu","Dimensions":[["service","stage",…]],
 *       "Metrics":[{"Name":"…","Unit":"…"}]}]},"service":"kippu","stage":"…",…,"<Name>":<value>}
 *
 * A data point CloudWatch would not take (a value that is not a finite number, a dimension
 * value that is not a non-empty string of at most 1,024 characters, more than 30 dimensions,
 * a name of more than 255 characters or one that is also a dimension's) is refused with a
 * RangeError.
 */
export const emfLine = (point: EmfDataPoint): string => {
  const problem = problemOf(point);
  if (problem !== undefined) throw new RangeError(`Metric ${point.name} was not recorded: ${problem}.`);
  const directive = {
    Namespace: point.namespace,
    Dimensions: [Object.keys(point.dimensions)],
    Metrics: [{ Name: point.name, Unit: point.unit }],
  };
  return JSON.stringify({
    _aws: { Timestamp: point.timestamp, CloudWatchMetrics: [directive] },
    ...point.dimensions,
    [point.name]: point.value,
  });
};

/**
 * The metrics port for the functions: each data point is one CloudWatch embedded metric
 * format (EMF) line on stdout (`emfLine`), written at once, in namespace METRICS_NAMESPACE
 * with the common dimensions (`service`, `stage`) and exactly the metric's declared ones.
 * One line per data point costs a little log volume and buys two things: a metric never
 * picks up a dimension of another (an EMF line has one dimension set), and a function that
 * crashes later in its invocation has still published what happened before. A data point
 * `emfLine` refuses throws and writes nothing.
 */
export class EmfMetrics implements BusinessMetrics {
  private readonly write: LineWriter;
  private readonly clock: Clock;
  private readonly common: Readonly<Record<string, string>>;

  constructor(options: EmfMetricsOptions) {
    this.write = options.write ?? stdoutLines;
    this.clock = options.clock ?? systemClock;
    this.common = commonMetricDimensions(options.stage);
  }

  record<Id extends MetricId>(metric: Id, value: number, dimensions: MetricDimensionsOf<Id>): void {
    const { name, unit, dimensions: declared } = metricShapes[metric];
    const given: Readonly<Record<string, unknown>> = dimensions;
    const values: Record<string, unknown> = { ...this.common };
    for (const dimension of declared) values[dimension] = given[dimension];
    this.write(emfLine({ namespace: METRICS_NAMESPACE, name, unit, dimensions: values, value, timestamp: this.clock.now() }));
  }
}

let containerMetrics: EmfMetrics | undefined;

/**
 * The container's metrics, made on first use (one per container, like the SDK clients), for
 * the configured stage (`stageOf`: KIPPU_STAGE checked as the configuration checks it, without
 * parsing the rest of it a second time).
 */
export const functionMetrics = (env: NodeJS.ProcessEnv): EmfMetrics =>
  (containerMetrics ??= new EmfMetrics({ stage: stageOf(env) }));
