import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { loggingConfigOf, type LoggingConfig } from '../../config/logging';
import type { Logger } from '../../logger';
import { METRICS_SERVICE } from '../../resources/metrics';

/** The `service` of every log line: the same for every function, so one query spans them all. */
const LOG_SERVICE = METRICS_SERVICE;

/**
 * The logging port on Powertools Logger: one JSON object per line with `level`, `message`,
 * `timestamp`, `service`, once `beginInvocation` had the Lambda context `cold_start`,
 * `function_arn`, `function_memory_size`, `function_name` and `function_request_id`, then
 * `sampling_rate`, `xray_trace_id`, the correlation ids appended during the invocation and
 * the fields of the call. Powertools leaves out a field that is undefined, null or empty,
 * writes an Error value as its name, location, message, stack and cause, and drops a field
 * named like one of the line's own keys with a warning line. DEBUG and INFO lines go to
 * stdout, WARN and ERROR lines to stderr; Lambda ships both to the function's log group.
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
   * debug sampling is decided again (the container's first invocation keeps the decision
   * made when the logger was built), and the Lambda context goes on every line, with the
   * cold-start flag true on the first invocation of an on-demand container only. Without a
   * context (a test calling a handler directly) the last context given stays on the lines.
   */
  beginInvocation(context: Context | undefined): void {
    this.powertools.resetKeys();
    this.powertools.refreshSampleRateCalculation();
    if (context !== undefined) this.powertools.addContext(context);
  }
}

/**
 * A Powertools logger at kippu's configured level and debug sample rate
 * (KIPPU_LOG_LEVEL, KIPPU_LOG_DEBUG_SAMPLE_RATE). Given in the constructor, they take
 * precedence over POWERTOOLS_LOG_LEVEL, LOG_LEVEL and POWERTOOLS_LOGGER_SAMPLE_RATE; Lambda's
 * own AWS_LAMBDA_LOG_LEVEL (advanced logging controls) takes precedence over them.
 */
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
