import type { Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { functionLogger, powertoolsLogger } from '../../../shared/adapters/powertools/logger';
import { loggingConfigOf, type LoggingConfig } from '../../../shared/config';
import { errorFields } from '../../../shared/logger';
import { captureStdout } from '../../fixtures/stdout';

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

const parsed = (lines: readonly string[]) => lines.map((line) => JSON.parse(line) as Record<string, unknown>);

/** The lines a Powertools logger built with `config` (inside the capture: a sampled one logs at construction) writes during `act`. */
const linesOf = async (config: LoggingConfig, act: (logger: ReturnType<typeof powertoolsLogger>) => void) =>
  parsed(await captureStdout(async () => act(powertoolsLogger(config))));

beforeEach(() => {
  // Powertools stamps lines with `new Date()`; only Date is faked, so nothing else waits on it.
  vi.useFakeTimers({ toFake: ['Date'], now: NOW });
  // Lambda's variables are set per test; none of the machine's may leak in.
  vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', '');
  vi.stubEnv('_X_AMZN_TRACE_ID', '');
  vi.stubEnv('AWS_LAMBDA_LOG_LEVEL', '');
  vi.stubEnv('POWERTOOLS_DEV', '');
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

describe('the function logger on Powertools Logger (shared/adapters/powertools/logger.ts)', () => {
  it('writes the lines at or above the configured level and drops the ones below', async () => {
    // Act
    const lines = await linesOf({ level: 'WARN', debugSampleRate: 0 }, (logger) => {
      logger.debug('d');
      logger.info('i');
      logger.warn('w');
      logger.error('e');
    });

    // Assess
    expect(lines.map((line) => [line.level, line.message])).toEqual([
      ['WARN', 'w'],
      ['ERROR', 'e'],
    ]);
  });

  it('a line has level, message, timestamp, service, the Lambda context, sampling_rate, xray_trace_id, the correlation ids and the fields, in that order', async () => {
    // Prepare
    vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', 'on-demand');
    vi.stubEnv('_X_AMZN_TRACE_ID', TRACE_HEADER);

    // Act
    const lines = await captureStdout(async () => {
      const logger = powertoolsLogger({ level: 'INFO', debugSampleRate: 0 });
      logger.beginInvocation(lambdaContext('req-1'));
      logger.appendKeys({ purchaseId: 'pur_1' });
      logger.info('settled', { status: 'settled', amount: 1_000 });
    });

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

  it('before any invocation a line has no Lambda context and, without a trace header, no xray_trace_id', async () => {
    // Act
    const lines = await linesOf({ level: 'INFO', debugSampleRate: 0 }, (logger) => logger.info('wiring built'));

    // Assess
    expect(lines).toEqual([
      { level: 'INFO', message: 'wiring built', timestamp: '2026-11-27T01:02:03.456Z', service: 'kippu', sampling_rate: 0 },
    ]);
  });

  it('cold_start is true on the first invocation of an on-demand container only, and never in a provisioned one', async () => {
    // Prepare
    const invocations = (logger: ReturnType<typeof powertoolsLogger>) => {
      logger.beginInvocation(lambdaContext('req-1'));
      logger.info('one');
      logger.info('two');
      logger.beginInvocation(lambdaContext('req-2'));
      logger.info('three');
    };

    // Act
    vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', 'on-demand');
    const onDemand = await linesOf({ level: 'INFO', debugSampleRate: 0 }, invocations);
    vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', 'provisioned-concurrency');
    const provisioned = await linesOf({ level: 'INFO', debugSampleRate: 0 }, invocations);

    // Assess
    expect(onDemand.map((line) => [line.function_request_id, line.cold_start])).toEqual([
      ['req-1', true],
      ['req-1', true],
      ['req-2', false],
    ]);
    expect(provisioned.map((line) => line.cold_start)).toEqual([false, false, false]);
  });

  it('the correlation ids of one invocation are gone in the next', async () => {
    // Act
    const [first, second] = await linesOf({ level: 'INFO', debugSampleRate: 0 }, (logger) => {
      logger.beginInvocation(lambdaContext('req-1'));
      logger.appendKeys({ requestId: 'api-1', purchaseId: 'pur_1' });
      logger.appendKeys({ ticketId: 'tkt_1' });
      logger.info('first');
      logger.beginInvocation(lambdaContext('req-2'));
      logger.appendKeys({ requestId: 'api-2' });
      logger.info('second');
    });

    // Assess
    expect(first).toMatchObject({ requestId: 'api-1', purchaseId: 'pur_1', ticketId: 'tkt_1', function_request_id: 'req-1' });
    expect(second).toMatchObject({ requestId: 'api-2', function_request_id: 'req-2' });
    expect(second).not.toHaveProperty('purchaseId');
    expect(second).not.toHaveProperty('ticketId');
  });

  it('a sample rate of 1 writes every invocation’s DEBUG lines, a rate of 0 none below the level', async () => {
    // Prepare
    const invocations = (logger: ReturnType<typeof powertoolsLogger>) => {
      for (const requestId of ['req-1', 'req-2', 'req-3']) {
        logger.beginInvocation(lambdaContext(requestId));
        logger.debug('detail');
      }
    };

    // Act
    const always = await linesOf(loggingConfigOf({ KIPPU_LOG_DEBUG_SAMPLE_RATE: '1' }), invocations);
    const never = await linesOf(loggingConfigOf({}), invocations);

    // Assess
    const details = (lines: Record<string, unknown>[]) =>
      lines.filter((line) => line.message === 'detail').map((line) => [line.function_request_id, line.level, line.sampling_rate]);
    expect(details(always)).toEqual([
      ['req-1', 'DEBUG', 1],
      ['req-2', 'DEBUG', 1],
      ['req-3', 'DEBUG', 1],
    ]);
    expect(never).toEqual([]);
  });

  it('debug sampling is decided again for each invocation: at a rate of one half, some invocations of one container write DEBUG lines and some do not', async () => {
    // Prepare: Powertools draws from node:crypto, which a test cannot seed; 200 invocations at
    // a rate of 0.5 fall outside a third to two thirds sampled with a probability below 1e-5.
    const invocationCount = 200;

    // Act
    const lines = await linesOf({ level: 'INFO', debugSampleRate: 0.5 }, (logger) => {
      for (let index = 0; index < invocationCount; index += 1) {
        logger.beginInvocation(lambdaContext(`req-${index}`));
        logger.debug('detail');
      }
    });

    // Assess
    const sampled = new Set(lines.filter((line) => line.message === 'detail').map((line) => line.function_request_id));
    expect(sampled.size).toBeGreaterThan(invocationCount / 3);
    expect(sampled.size).toBeLessThan((invocationCount * 2) / 3);
  });

  it('an error is written as errorFields gives it, an Error value as its name, message, stack and cause', async () => {
    // Prepare
    const cause = new TypeError('socket closed');
    const error = new Error('write failed', { cause });

    // Act
    const [viaErrorFields, asValue] = await linesOf({ level: 'INFO', debugSampleRate: 0 }, (logger) => {
      logger.error('unhandled error', errorFields(error));
      logger.error('retry failed', { failure: error, attempts: 3n });
    });

    // Assess
    expect(viaErrorFields).toMatchObject({
      level: 'ERROR',
      errorName: 'Error',
      errorMessage: 'write failed',
      stack: error.stack,
    });
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

  it('leaves out fields that are undefined, null or empty, cuts cycles, and drops a field named like a key of the line with a warning', async () => {
    // Prepare
    const looped: Record<string, unknown> = { id: 'x' };
    looped.self = looped;

    // Act
    const lines = await linesOf({ level: 'INFO', debugSampleRate: 0 }, (logger) =>
      logger.info('answered', { cursor: null, note: '', skipped: undefined, count: 0, looped, level: 'DEBUG', service: 'other' }),
    );

    // Assess
    expect(lines.map((line) => line.message)).toEqual([
      'The key "level" is a reserved key and will be dropped.',
      'The key "service" is a reserved key and will be dropped.',
      'answered',
    ]);
    const answered = lines[2];
    expect(answered).toMatchObject({ level: 'INFO', service: 'kippu', count: 0, looped: { id: 'x' } });
    expect(answered).not.toHaveProperty('cursor');
    expect(answered).not.toHaveProperty('note');
    expect(answered).not.toHaveProperty('skipped');
    expect(answered).not.toHaveProperty('looped.self');
  });

  it('the container has one logger, at the level of KIPPU_LOG_LEVEL', async () => {
    // Act
    const first = functionLogger({ KIPPU_LOG_LEVEL: 'error' });
    const second = functionLogger({ KIPPU_LOG_LEVEL: 'debug' });

    // Assess
    expect(second).toBe(first);
    expect(first.powertools.getLevelName()).toBe('ERROR');
  });
});
