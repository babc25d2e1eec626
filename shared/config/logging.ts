import { environmentValues, number, oneOf, type Values } from './fields';

/** Log levels the functions accept (KIPPU_LOG_LEVEL, in any case). */
export const LOG_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * How the functions log: their part of the one environment declaration (index.ts). The logging
 * part is also parsed on its own (`loggingConfigOf`), because every function logs, including
 * those that need nothing else from the configuration (health-get).
 */
export const loggingEnvironment = {
  /** Lines below this level are not written. */
  KIPPU_LOG_LEVEL: oneOf(LOG_LEVELS, 'INFO', { upperCase: true }),
  /**
   * The share of invocations (0 to 1) that log at DEBUG whatever KIPPU_LOG_LEVEL says, decided
   * per invocation: a production stage can keep a trickle of detailed lines without paying for
   * them on every request.
   */
  KIPPU_LOG_DEBUG_SAMPLE_RATE: number(0, { atLeast: 0, atMost: 1 }),
};

export interface LoggingConfig {
  readonly level: LogLevel;
  readonly debugSampleRate: number;
}

export const loggingConfigFrom = (values: Values<typeof loggingEnvironment>): LoggingConfig => ({
  level: values.KIPPU_LOG_LEVEL,
  debugSampleRate: values.KIPPU_LOG_DEBUG_SAMPLE_RATE,
});

/** The logging part of the configuration alone (the full environment in index.ts includes it). */
export const loggingConfigOf = (env: NodeJS.ProcessEnv): LoggingConfig =>
  loggingConfigFrom(environmentValues(loggingEnvironment, env));
