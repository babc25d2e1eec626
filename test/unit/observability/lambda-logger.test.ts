import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { LambdaLogger, xrayTraceIdOf, type LambdaLoggerOptions } from '../../../shared/adapters/lambda/logger';
import type { LoggingConfig } from '../../../shared/config';
import { errorFields } from '../../../shared/logger';

const NOW = Date.parse('2026-11-27T01:02:03.456Z');
const TRACE_HEADER = 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1';

const lambdaContext = (awsRequestId: string): Context =>
  ({
    awsRequestId,
    functionName: 'kippu-test-purchase-get',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:kippu-test-purchase-get',
    memoryLimitInMB: '512',
  }) as Context;

/** A logger writing into an array, on a fixed clock, with the random draws given (then 0.99). */
const loggerWith = (config: LoggingConfig, options: Partial<LambdaLoggerOptions> & { draws?: number[] } = {}) => {
  const lines: string[] = [];
  const draws = [...(options.draws ?? [])];
  const logger = new LambdaLogger({
    config,
    write: (line) => lines.push(line),
    clock: { now: () => NOW },
    random: () => draws.shift() ?? 0.99,
    env: options.env ?? {},
  });
  const parsed = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, lines, parsed };
};

describe('the function logger (one JSON line per call, the Powertools Logger shape)', () => {
  it('writes the lines at or above the configured level and drops the ones below', () => {
    // Prepare
    const { logger, parsed } = loggerWith({ level: 'WARN', debugSampleRate: 0 });

    // Act
    logger.debug('d');
    logger.info('i');
    logger.warn('w');
    logger.error('e');

    // Assess
    expect(parsed().map((line) => [line.level, line.message])).toEqual([
      ['WARN', 'w'],
      ['ERROR', 'e'],
    ]);
  });

  it('a line has level, message, timestamp, service, the Lambda context, sampling_rate, xray_trace_id, the correlation ids and the fields, in that order', () => {
    // Prepare
    const { logger, lines } = loggerWith(
      { level: 'INFO', debugSampleRate: 0 },
      { env: { AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand', _X_AMZN_TRACE_ID: TRACE_HEADER } },
    );

    // Act
    logger.beginInvocation(lambdaContext('req-1'));
    logger.appendKeys({ purchaseId: 'pur_1' });
    logger.info('settled', { status: 'settled', amount: 1_000 });

    // Assess
    expect(lines).toEqual([
      JSON.stringify({
        level: 'INFO',
        message: 'settled',
        timestamp: '2026-11-27T01:02:03.456Z',
        service: 'kippu',
        cold_start: true,
        function_arn: 'arn:aws:lambda:local:000000000000:function:kippu-test-purchase-get',
        function_memory_size: '512',
        function_name: 'kippu-test-purchase-get',
        function_request_id: 'req-1',
        sampling_rate: 0,
        xray_trace_id: '1-5759e988-bd862e3fe1be46a994272793',
        purchaseId: 'pur_1',
        status: 'settled',
        amount: 1_000,
      }),
    ]);
  });

  it('before any invocation a line has no Lambda context and, without a trace header, no xray_trace_id', () => {
    // Prepare
    const { logger, parsed } = loggerWith({ level: 'INFO', debugSampleRate: 0.5 }, { draws: [0.9] });

    // Act
    logger.info('wiring built');

    // Assess
    expect(parsed()).toEqual([
      { level: 'INFO', message: 'wiring built', timestamp: '2026-11-27T01:02:03.456Z', service: 'kippu', sampling_rate: 0.5 },
    ]);
  });

  it('cold_start is true on the first invocation of an on-demand container only, and never in a provisioned one', () => {
    // Prepare
    const onDemand = loggerWith({ level: 'INFO', debugSampleRate: 0 }, { env: { AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand' } });
    const provisioned = loggerWith(
      { level: 'INFO', debugSampleRate: 0 },
      { env: { AWS_LAMBDA_INITIALIZATION_TYPE: 'provisioned-concurrency' } },
    );

    // Act
    for (const { logger } of [onDemand, provisioned]) {
      logger.beginInvocation(lambdaContext('req-1'));
      logger.info('one');
      logger.info('two');
      logger.beginInvocation(lambdaContext('req-2'));
      logger.info('three');
    }

    // Assess
    expect(onDemand.parsed().map((line) => [line.function_request_id, line.cold_start])).toEqual([
      ['req-1', true],
      ['req-1', true],
      ['req-2', false],
    ]);
    expect(provisioned.parsed().map((line) => line.cold_start)).toEqual([false, false, false]);
  });

  it('the correlation ids of one invocation are gone in the next, and an invocation without a Lambda context has none of the last one', () => {
    // Prepare
    const { logger, parsed } = loggerWith({ level: 'INFO', debugSampleRate: 0 });

    // Act
    logger.beginInvocation(lambdaContext('req-1'));
    logger.appendKeys({ requestId: 'api-1', purchaseId: 'pur_1' });
    logger.appendKeys({ ticketId: 'tkt_1' });
    logger.info('first');
    logger.beginInvocation(lambdaContext('req-2'));
    logger.appendKeys({ requestId: 'api-2' });
    logger.info('second');
    logger.beginInvocation(undefined);
    logger.info('third');

    // Assess
    const [first, second, third] = parsed();
    expect(first).toMatchObject({ requestId: 'api-1', purchaseId: 'pur_1', ticketId: 'tkt_1', function_request_id: 'req-1' });
    expect(second).toMatchObject({ requestId: 'api-2', function_request_id: 'req-2' });
    expect(second).not.toHaveProperty('purchaseId');
    expect(second).not.toHaveProperty('ticketId');
    expect(third).not.toHaveProperty('requestId');
    expect(third).not.toHaveProperty('function_request_id');
  });

  it('debug sampling is decided per invocation with the configured probability: a sampled invocation writes its DEBUG lines', () => {
    // Prepare: a rate of 0.25; the draws decide the construction, then the three invocations.
    const { logger, parsed } = loggerWith({ level: 'INFO', debugSampleRate: 0.25 }, { draws: [0.9, 0.1, 0.25, 0.2499] });

    // Act
    for (const requestId of ['req-1', 'req-2', 'req-3']) {
      logger.beginInvocation(lambdaContext(requestId));
      logger.debug('detail');
      logger.info('done');
    }

    // Assess
    expect(parsed().map((line) => [line.function_request_id, line.level, line.sampling_rate])).toEqual([
      ['req-1', 'DEBUG', 0.25],
      ['req-1', 'INFO', 0.25],
      ['req-2', 'INFO', 0.25],
      ['req-3', 'DEBUG', 0.25],
      ['req-3', 'INFO', 0.25],
    ]);
  });

  it('a sample rate of 0 never draws and never writes DEBUG lines below the level', () => {
    // Prepare
    let drawn = 0;
    const lines: string[] = [];
    const logger = new LambdaLogger({
      config: { level: 'INFO', debugSampleRate: 0 },
      write: (line) => lines.push(line),
      random: () => {
        drawn += 1;
        return 0;
      },
      env: {},
    });

    // Act
    logger.beginInvocation(lambdaContext('req-1'));
    logger.debug('detail');

    // Assess
    expect(drawn).toBe(0);
    expect(lines).toEqual([]);
  });

  it('an error is written as errorFields gives it, an Error value as its name, message, stack and cause', () => {
    // Prepare
    const { logger, parsed } = loggerWith({ level: 'INFO', debugSampleRate: 0 });
    const cause = new TypeError('socket closed');
    const error = new Error('write failed', { cause });

    // Act
    logger.error('unhandled error', errorFields(error));
    logger.error('retry failed', { failure: error, attempts: 3n });

    // Assess
    const [viaErrorFields, asValue] = parsed();
    expect(viaErrorFields).toMatchObject({ errorName: 'Error', errorMessage: 'write failed', stack: error.stack });
    expect(asValue).toMatchObject({
      failure: {
        name: 'Error',
        message: 'write failed',
        stack: error.stack,
        cause: { name: 'TypeError', message: 'socket closed' },
      },
      attempts: '3',
    });
  });

  it('leaves out fields that are undefined, null or empty, cuts cycles, and drops a field named like a key of the line with a warning', () => {
    // Prepare
    const { logger, parsed } = loggerWith({ level: 'INFO', debugSampleRate: 0 });
    const looped: Record<string, unknown> = { id: 'x' };
    looped.self = looped;

    // Act
    logger.info('answered', { cursor: null, note: '', skipped: undefined, count: 0, looped, level: 'DEBUG', service: 'other' });

    // Assess
    expect(parsed().map((line) => line.message)).toEqual([
      'The key "level" is a reserved key and will be dropped.',
      'The key "service" is a reserved key and will be dropped.',
      'answered',
    ]);
    const answered = parsed()[2];
    expect(answered).toMatchObject({ level: 'INFO', service: 'kippu', count: 0, looped: { id: 'x' } });
    expect(answered).not.toHaveProperty('cursor');
    expect(answered).not.toHaveProperty('note');
    expect(answered).not.toHaveProperty('skipped');
    expect(answered).not.toHaveProperty('looped.self');
  });

  it('the trace id is the Root part of _X_AMZN_TRACE_ID, or the whole header when it has no parts', () => {
    expect(xrayTraceIdOf(TRACE_HEADER)).toBe('1-5759e988-bd862e3fe1be46a994272793');
    expect(xrayTraceIdOf('Parent=53995c3f42cd8ad8;Root=1-abc;Sampled=0')).toBe('1-abc');
    expect(xrayTraceIdOf('1-abc')).toBe('1-abc');
    expect(xrayTraceIdOf('Parent=53995c3f42cd8ad8')).toBeUndefined();
    expect(xrayTraceIdOf('')).toBeUndefined();
    expect(xrayTraceIdOf(undefined)).toBeUndefined();
  });
});
