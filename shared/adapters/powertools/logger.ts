import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { loggingConfigOf, type LoggingConfig } from '../../config';
import type { Logger } from '../../logger';
import { METRICS_SERVICE } from '../../resources/metrics';

/** The `service` of every log line: the same for every function, so one query spans them all. */
export const LOG_SERVICE = METRICS_SERVICE;

/**
 * The logging port on Powertools Logger: JSON lines with `level`, `message`, `timestamp`,
 * `service`, `sampling_rate`, the fields of the call, the correlation ids appended during the
 * invocation and, once `beginInvocation` had the Lambda context, `cold_start`,
 * `function_name`, `function_request_id` and `xray_trace_id`.
 */
export class PowertoolsLoggerAdapter implements Logger {
  constructor(readonly powertools: PowertoolsLogger) {}

  debug(message: string, fields: Record<string, unknown> = {}): void {
    this.powertools.debug(message, fields);
  }

  info(message: string, fields: Record<string, unknown> = {}): void {
    this.powertools.info(message, fields);
  }

  warn(message: string, fields: Record<string, unknown> = {}): void {
    this.powertools.warn(message, fields);
  }

  error(message: string, fields: Record<string, unknown> = {}): void {
    this.powertools.error(message, fields);
  }

  appendKeys(keys: Readonly<Record<string, string>>): void {
    this.powertools.appendKeys({ ...keys });
  }

  /**
   * A new invocation of the container: the correlation ids of the previous one are dropped,
   * debug sampling is decided again, and the Lambda context (with the cold-start flag, true
   * on the container's first invocation only) goes on every line.
   */
  beginInvocation(context: Context | undefined): void {
    this.powertools.resetKeys();
    this.powertools.refreshSampleRateCalculation();
    if (context !== undefined) this.powertools.addContext(context);
  }
}

export const powertoolsLogger = (config: LoggingConfig): PowertoolsLoggerAdapter =>
  new PowertoolsLoggerAdapter(
    new PowertoolsLogger({ serviceName: LOG_SERVICE, logLevel: config.level, sampleRateValue: config.debugSampleRate }),
  );

let containerLogger: PowertoolsLoggerAdapter | undefined;

/**
 * The container's logger, made on first use from the logging configuration: one per
 * container, like the SDK clients, so that every function's wiring and the invocation
 * bookkeeping (shared/http/lazy.ts) write through the same one.
 */
export const functionLogger = (env: NodeJS.ProcessEnv): PowertoolsLoggerAdapter =>
  (containerLogger ??= powertoolsLogger(loggingConfigOf(env)));
