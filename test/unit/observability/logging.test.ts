import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIGatewayProxyResult, Context } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { powertoolsLogger } from '../../../shared/adapters/powertools/logger';
import { ConfigError, loadConfig, loggingConfigOf } from '../../../shared/config';
import { apiHandler } from '../../../shared/http/middleware';
import { json } from '../../../shared/http/response';
import { TEST_ENVIRONMENT } from '../../fixtures/config';
import { REPO_ROOT } from '../../fixtures/cli';
import { apiEvent, call } from '../../fixtures/handlers';
import { captureStdout } from '../../fixtures/stdout';

const lambdaContext = (awsRequestId: string): Context =>
  ({
    awsRequestId,
    functionName: 'kippu-test-purchase-refund',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:kippu-test-purchase-refund',
    memoryLimitInMB: '512',
  }) as Context;

const parsed = (lines: readonly string[]) => lines.map((line) => JSON.parse(line) as Record<string, unknown>);

describe('function logs (Powertools Logger, shared/adapters/powertools/logger.ts)', () => {
  it('carry the service, the cold-start flag (first invocation only) and the Lambda request id, and drop the previous invocation’s correlation ids', async () => {
    // Prepare: Lambda tells an on-demand container (cold starts happen) by this variable.
    vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', 'on-demand');
    const logger = powertoolsLogger({ level: 'INFO', debugSampleRate: 0 });
    vi.unstubAllEnvs();

    // Act
    const lines = await captureStdout(async () => {
      logger.beginInvocation(lambdaContext('req-1'));
      logger.appendKeys({ purchaseId: 'pur_1' });
      logger.info('first', { step: 1 });
      logger.beginInvocation(lambdaContext('req-2'));
      logger.info('second');
    });

    // Assess
    const [first, second] = parsed(lines);
    expect(first).toMatchObject({
      level: 'INFO',
      message: 'first',
      service: 'kippu',
      cold_start: true,
      function_request_id: 'req-1',
      function_name: 'kippu-test-purchase-refund',
      purchaseId: 'pur_1',
      step: 1,
    });
    expect(first?.timestamp).toEqual(expect.any(String));
    expect(second).toMatchObject({ message: 'second', cold_start: false, function_request_id: 'req-2' });
    expect(second).not.toHaveProperty('purchaseId');
  });

  it('write debug lines only in invocations sampled for debug logging (KIPPU_LOG_DEBUG_SAMPLE_RATE)', async () => {
    // Act: the loggers are built inside the capture (a sampled one says so as it is built).
    const lines = await captureStdout(async () => {
      const sampled = powertoolsLogger(loggingConfigOf({ KIPPU_LOG_DEBUG_SAMPLE_RATE: '1' }));
      const unsampled = powertoolsLogger(loggingConfigOf({}));
      for (const logger of [sampled, unsampled]) {
        logger.beginInvocation(lambdaContext('req-1'));
        logger.debug('detail', { which: logger === sampled ? 'sampled' : 'unsampled' });
      }
    });

    // Assess
    const details = parsed(lines).filter((line) => line.message === 'detail');
    expect(details).toEqual([expect.objectContaining({ level: 'DEBUG', which: 'sampled', sampling_rate: 1 })]);
  });

  it('API lines carry the API request id and the ids of the path, and an answer’s debug line the ids of what it created', async () => {
    // Prepare
    const logger = powertoolsLogger({ level: 'DEBUG', debugSampleRate: 0 });
    const failing = apiHandler({ logger }, async () => {
      throw new Error('injected bug');
    });
    const creating = apiHandler({ logger }, async (): Promise<APIGatewayProxyResult> =>
      json(201, { id: 'tkt_9' }, { location: '/v1/reservations/rsv_3/viewers/tkt_9' }),
    );
    const refund = { ...apiEvent({ method: 'POST', path: '/v1/purchases/pur_7/refund', pathParameters: { id: 'pur_7' } }) };
    refund.resource = '/v1/purchases/{id}/refund';
    const admit = apiEvent({ method: 'POST', path: '/v1/reservations/rsv_3/viewers', pathParameters: { id: 'rsv_3' } });
    admit.resource = '/v1/reservations/{id}/viewers';

    // Act
    const lines = await captureStdout(async () => {
      logger.beginInvocation(lambdaContext('lambda-1'));
      expect((await call(failing, refund)).status).toBe(500);
      logger.beginInvocation(lambdaContext('lambda-2'));
      expect((await call(creating, admit)).status).toBe(201);
    });

    // Assess
    const [error, answered] = parsed(lines);
    expect(error).toMatchObject({
      level: 'ERROR',
      message: 'unhandled error',
      requestId: refund.requestContext.requestId,
      purchaseId: 'pur_7',
      errorMessage: 'injected bug',
    });
    expect(answered).toMatchObject({
      level: 'DEBUG',
      message: 'request answered',
      status: 201,
      requestId: admit.requestContext.requestId,
      reservationId: 'rsv_3',
      ticketId: 'tkt_9',
    });
    expect(answered).not.toHaveProperty('purchaseId');
  });

  it('a log level that is not one of DEBUG, INFO, WARN, ERROR is a configuration error', () => {
    expect(() => loadConfig({ ...TEST_ENVIRONMENT, KIPPU_LOG_LEVEL: 'verbose' })).toThrow(ConfigError);
    expect(() => loggingConfigOf({ KIPPU_LOG_DEBUG_SAMPLE_RATE: '2' })).toThrow(ConfigError);
    expect(loadConfig({ ...TEST_ENVIRONMENT, KIPPU_LOG_LEVEL: 'warn' }).logging).toEqual({ level: 'WARN', debugSampleRate: 0 });
  });
});

describe('the source', () => {
  it('writes its lines through Powertools: nothing under shared/ or functions/ but the CLI writes to stdout, stderr or the console itself', () => {
    // Prepare
    const files = ['shared', 'functions'].flatMap((root) =>
      readdirSync(join(REPO_ROOT, root), { recursive: true, encoding: 'utf8' })
        .filter((file) => file.endsWith('.ts') && !join(root, file).startsWith(join('shared', 'cli')))
        .map((file) => join(REPO_ROOT, root, file)),
    );

    // Act
    const writers = files.filter((file) =>
      /process\.(stdout|stderr)|console\.(log|info|warn|error|debug)/.test(readFileSync(file, 'utf8')),
    );

    // Assess
    expect(files.length).toBeGreaterThan(50);
    expect(writers).toEqual([]);
  });
});
