import type { MetricId, metricShapes } from './resources/metrics';

/**
 * The ports several areas of the domain need (time, ids, secret hashing), in one place; each
 * area declares its own in shared/domain/<area>/ports.ts.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

/** The wall clock, plus the local test clock's offset in the local runtime only (see clock.ts). */
export { systemClock } from './clock';

/**
 * Secrets kept only as salted, slow hashes and compared in constant time (show passwords,
 * registration codes). Hashing is CPU-heavy and random, so the use cases reach it through
 * this port. No DomainError: a stored hash in an unknown format simply does not match.
 */
export interface SecretHasher {
  hash(secret: string): Promise<string>;
  matches(secret: string, storedHash: string): Promise<boolean>;
}

export interface IdGenerator {
  /** A new opaque id with the given type prefix, e.g. `tkt_…`. */
  next(prefix: string): string;
}

/** The value a data point gives each of its metric's own dimensions (shared/resources/metrics.ts), no more and no fewer. */
export type MetricDimensionsOf<Id extends MetricId> = {
  readonly [Dimension in (typeof metricShapes)[Id]['dimensions'][number]]: string;
};

/**
 * kippu's business metrics, recorded where the events happen (a purchase settled, a
 * reservation expired, a sweep's backlog). The functions get the Powertools Metrics
 * adapter (one CloudWatch embedded metric format line per data point,
 * shared/adapters/powertools/metrics.ts), which adds the common dimensions; tests pass a recording one or `noMetrics`.
 */
export interface BusinessMetrics {
  record<Id extends MetricId>(metric: Id, value: number, dimensions: MetricDimensionsOf<Id>): void;
}

export const noMetrics: BusinessMetrics = { record: () => {} };
