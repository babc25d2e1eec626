import * as z from '../zod';
import { ConfigError } from './errors';

/** Log levels the functions accept, by their Powertools Logger names. */
export const LOG_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * How the functions log: their part of the one environment schema (index.ts). The logging
 * part is also parsed on its own (`loggingConfigOf`), because every function logs, including
 * those that need nothing else from the configuration (health-get).
 */
export const loggingEnvironment = {
  /** Lines below this level are not written. */
  KIPPU_LOG_LEVEL: z._default(
    z.pipe(
      z.pipe(
        z.string(),
        z.transform((value: string) => value.toUpperCase()),
      ),
      z.enum(LOG_LEVELS),
    ),
    'INFO',
  ),
  /**
   * The share of invocations (0 to 1) that log at DEBUG whatever KIPPU_LOG_LEVEL says, decided
   * per invocation: a production stage can keep a trickle of detailed lines without paying for
   * them on every request.
   */
  KIPPU_LOG_DEBUG_SAMPLE_RATE: z._default(z.coerce.number().check(z.gte(0), z.lte(1)), 0),
};

export interface LoggingConfig {
  readonly level: LogLevel;
  readonly debugSampleRate: number;
}

export const loggingConfigFrom = (values: z.output<z.ZodMiniObject<typeof loggingEnvironment>>): LoggingConfig => ({
  level: values.KIPPU_LOG_LEVEL,
  debugSampleRate: values.KIPPU_LOG_DEBUG_SAMPLE_RATE,
});

const LoggingSchema = z.object(loggingEnvironment);

/** The logging part of the configuration alone (the full schema in index.ts includes it). */
export const loggingConfigOf = (env: NodeJS.ProcessEnv): LoggingConfig => {
  const parsed = LoggingSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  return loggingConfigFrom(parsed.data);
};
