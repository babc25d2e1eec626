import type { Context } from 'aws-lambda';
import { loggingConfigOf, type LoggingConfig, type LogLevel } from '../../config/logging';
import type { Logger } from '../../logger';
import { systemClock, type Clock } from '../../ports';
import { METRICS_SERVICE } from '../../resources/metrics';
import { stdoutLines, type LineWriter } from './stdout';

/** The `service` of every log line: the same for every function, so one query spans them all. */
export const LOG_SERVICE = METRICS_SERVICE;

const SEVERITY: Readonly<Record<LogLevel, number>> = { DEBUG: 8, INFO: 12, WARN: 16, ERROR: 20 };

/** Keys of the line itself: a field or an appended key of one of these names is dropped (with a warning line). */
const RESERVED_KEYS: ReadonlySet<string> = /* @__PURE__ */ new Set(['level', 'message', 'sampling_rate', 'service', 'timestamp']);

export interface LambdaLoggerOptions {
  readonly config: LoggingConfig;
  /** Where the lines go; stdout by default. */
  readonly write?: LineWriter;
  readonly clock?: Clock;
  /** A number in [0, 1): an invocation is sampled for debug logging when it falls below the sample rate. */
  readonly random?: () => number;
  /** `AWS_LAMBDA_INITIALIZATION_TYPE` (read once) and `_X_AMZN_TRACE_ID` (read per line, Lambda sets it per invocation). */
  readonly env?: NodeJS.ProcessEnv;
}

/** The `Root=` part of Lambda's X-Ray trace header (`Root=1-…;Parent=…;Sampled=1`), or a header without parts whole. */
export const xrayTraceIdOf = (header: string | undefined): string | undefined => {
  if (header === undefined || header === '') return undefined;
  if (!header.includes('=')) return header;
  const root = header.split(';').find((part) => part.trim().startsWith('Root='));
  return root?.trim().slice('Root='.length);
};

const errorObject = (error: Error): Record<string, unknown> => {
  const { name, message, stack, cause, ...own } = error as Error & Record<string, unknown>;
  return { name, message, stack, cause: cause instanceof Error ? errorObject(cause) : cause, ...own };
};

/** JSON.stringify's replacer for a line: an Error as its name, message, stack and cause; a bigint as its digits; a cycle cut. */
const lineReplacer = () => {
  const ancestors: unknown[] = [];
  return function (this: unknown, _key: string, value: unknown): unknown {
    const replaced = value instanceof Error ? errorObject(value) : value;
    if (typeof replaced === 'bigint') return replaced.toString();
    if (typeof replaced === 'object' && replaced !== null) {
      while (ancestors.length > 0 && ancestors.at(-1) !== this) ancestors.pop();
      if (ancestors.includes(replaced)) return undefined;
      ancestors.push(replaced);
    }
    return replaced;
  };
};

const isEmpty = (value: unknown): boolean => value === undefined || value === null || value === '';

/**
 * The logging port for the functions: one JSON object per line on stdout, the shape that
 * Powertools Logger wrote before it (so the documented Logs Insights queries keep working):
 * `level`, `message`, `timestamp` (ISO 8601, UTC), `service`, once `beginInvocation` had the
 * Lambda context `cold_start`, `function_arn`, `function_memory_size`, `function_name` and
 * `function_request_id`, then `sampling_rate`, `xray_trace_id` (the `Root=` of
 * `_X_AMZN_TRACE_ID`), then the correlation ids appended during the invocation and the
 * fields of the call. A field that is undefined, null or empty is left out; a field named
 * like one of the line's own keys is dropped, with a warning line.
 */
export class LambdaLogger implements Logger {
  private readonly write: LineWriter;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly env: NodeJS.ProcessEnv;
  private coldStartPending: boolean;
  private sampled: boolean;
  private keys: Record<string, unknown> = {};
  private context: Readonly<Record<string, unknown>> | undefined;

  constructor(private readonly options: LambdaLoggerOptions) {
    this.write = options.write ?? stdoutLines;
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.env = options.env ?? process.env;
    // Lambda marks on-demand containers; a provisioned one was initialized before any request.
    this.coldStartPending = this.env.AWS_LAMBDA_INITIALIZATION_TYPE?.trim() === 'on-demand';
    this.sampled = this.drawDebugSample();
  }

  debug(message: string, fields?: Record<string, unknown>): void {
    this.log('DEBUG', message, fields);
  }

  info(message: string, fields?: Record<string, unknown>): void {
    this.log('INFO', message, fields);
  }

  warn(message: string, fields?: Record<string, unknown>): void {
    this.log('WARN', message, fields);
  }

  error(message: string, fields?: Record<string, unknown>): void {
    this.log('ERROR', message, fields);
  }

  appendKeys(keys: Readonly<Record<string, string>>): void {
    Object.assign(this.keys, this.withoutReservedKeys(keys));
  }

  /**
   * A new invocation of the container: the correlation ids of the previous one are dropped,
   * debug sampling is decided again, and the Lambda context (with the cold-start flag, true
   * on the first invocation of an on-demand container only) goes on every line.
   */
  beginInvocation(context: Context | undefined): void {
    this.keys = {};
    this.sampled = this.drawDebugSample();
    this.context =
      context === undefined
        ? undefined
        : {
            cold_start: this.coldStartPending,
            function_arn: context.invokedFunctionArn,
            function_memory_size: context.memoryLimitInMB,
            function_name: context.functionName,
            function_request_id: context.awsRequestId,
          };
    if (context !== undefined) this.coldStartPending = false;
  }

  private drawDebugSample(): boolean {
    const rate = this.options.config.debugSampleRate;
    return rate > 0 && this.random() < rate;
  }

  private log(level: LogLevel, message: string, fields: Record<string, unknown> = {}): void {
    const lowest = this.sampled ? 'DEBUG' : this.options.config.level;
    if (SEVERITY[level] < SEVERITY[lowest]) return;
    const line: Record<string, unknown> = {
      level,
      message,
      timestamp: new Date(this.clock.now()).toISOString(),
      service: LOG_SERVICE,
      ...this.context,
      sampling_rate: this.options.config.debugSampleRate,
      xray_trace_id: xrayTraceIdOf(this.env._X_AMZN_TRACE_ID),
      ...this.keys,
      ...this.withoutReservedKeys(fields),
    };
    for (const [key, value] of Object.entries(line)) if (isEmpty(value)) delete line[key];
    this.write(JSON.stringify(line, lineReplacer()));
  }

  private withoutReservedKeys(fields: Readonly<Record<string, unknown>>): Record<string, unknown> {
    const kept: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(fields)) {
      if (RESERVED_KEYS.has(key)) this.warn(`The key "${key}" is a reserved key and will be dropped.`);
      else kept[key] = value;
    }
    return kept;
  }
}

let containerLogger: LambdaLogger | undefined;

/**
 * The container's logger, made on first use from the logging configuration: one per
 * container, like the SDK clients, so that every function's wiring and the invocation
 * bookkeeping (shared/http/lazy.ts) write through the same one.
 */
export const functionLogger = (env: NodeJS.ProcessEnv): LambdaLogger =>
  (containerLogger ??= new LambdaLogger({ config: loggingConfigOf(env), env }));
