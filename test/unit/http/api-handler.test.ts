import type { APIGatewayProxyResult, Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { powertoolsLogger } from '../../../shared/adapters/powertools/logger';
import { timeForAnotherAttempt } from '../../../shared/contention';
import { DomainError } from '../../../shared/errors';
import { CONTENTION_ANSWER_RESERVE_MILLISECONDS, REQUEST_TIMED_OUT_RETRY_AFTER_SECONDS } from '../../../shared/limits';
import { API_TIMEOUT_EARLY_MS, apiHandler } from '../../../shared/http/middleware';
import { json } from '../../../shared/http/response';
import { apiEvent } from '../../fixtures/handlers';
import { captureStdout } from '../../fixtures/stdout';

const lambdaContext = (remainingMs: number): Context =>
  ({ awsRequestId: 'lambda-1', getRemainingTimeInMillis: () => remainingMs }) as unknown as Context;

const event = apiEvent({ method: 'GET', path: '/v1/purchases/pur_1', pathParameters: { id: 'pur_1' } });

afterEach(() => {
  vi.useRealTimers();
});

describe('apiHandler (shared/http/middleware.ts)', () => {
  it('answers 503 REQUEST_TIMED_OUT with Retry-After (the work may have committed) shortly before Lambda would cut the invocation off', async () => {
    // Prepare: a body that never answers, in an invocation with 200 ms left.
    vi.useFakeTimers();
    const logger = powertoolsLogger({ level: 'INFO', debugSampleRate: 0 });
    const handler = apiHandler({ logger }, () => new Promise<APIGatewayProxyResult>(() => undefined));

    // Act
    let answer: APIGatewayProxyResult | undefined;
    const lines = await captureStdout(async () => {
      const pending = handler(event, lambdaContext(200)).then((result) => {
        answer = result;
      });
      await vi.advanceTimersByTimeAsync(200 - API_TIMEOUT_EARLY_MS - 1);
      expect(answer).toBeUndefined();
      await vi.advanceTimersByTimeAsync(1);
      await pending;
    });

    // Assess
    expect(answer?.statusCode).toBe(503);
    expect(answer?.headers?.['content-type']).toBe('application/problem+json');
    expect(answer?.headers?.['retry-after']).toBe(String(REQUEST_TIMED_OUT_RETRY_AFTER_SECONDS));
    expect(JSON.parse(answer?.body ?? '{}')).toMatchObject({
      code: 'REQUEST_TIMED_OUT',
      status: 503,
      retryAfterSeconds: REQUEST_TIMED_OUT_RETRY_AFTER_SECONDS,
      detail: expect.stringContaining('same Idempotency-Key'),
    });
    expect(lines.map((line) => JSON.parse(line) as Record<string, unknown>)).toEqual([
      expect.objectContaining({ level: 'ERROR', message: 'request timed out', errorName: 'TimeoutError', purchaseId: 'pur_1' }),
    ]);
  });

  it("runs the body with the invocation's time left, so its retry loops stop while the answer keeps its reserve", async () => {
    // Prepare: the time left is the context's, read live.
    const logger = powertoolsLogger({ level: 'INFO', debugSampleRate: 0 });
    let remainingMs = CONTENTION_ANSWER_RESERVE_MILLISECONDS + 100;
    const context = { awsRequestId: 'lambda-3', getRemainingTimeInMillis: () => remainingMs } as unknown as Context;
    const seen: boolean[] = [];
    const handler = apiHandler({ logger }, async () => {
      seen.push(timeForAnotherAttempt(), timeForAnotherAttempt(200));
      remainingMs = CONTENTION_ANSWER_RESERVE_MILLISECONDS - 1;
      seen.push(timeForAnotherAttempt());
      return json(200, {});
    });

    // Act
    const answer = await handler(event, context);

    // Assess: outside the invocation there is no deadline.
    expect(answer.statusCode).toBe(200);
    expect(seen).toEqual([true, false, false]);
    expect(timeForAnotherAttempt(1_000_000)).toBe(true);
  });

  it('leaves no timer behind when the body answers in time, and answers a refusal with its problem', async () => {
    // Prepare
    vi.useFakeTimers();
    const logger = powertoolsLogger({ level: 'INFO', debugSampleRate: 0 });
    const answering = apiHandler({ logger }, async () => json(200, { ok: true }));
    const refusing = apiHandler({ logger }, async () => {
      throw new DomainError('PURCHASE_NOT_FOUND', 'No purchase pur_1.');
    });

    // Act
    const answered = await answering(event, lambdaContext(3_000));
    const refused = await refusing(event, lambdaContext(3_000));

    // Assess
    expect(answered.statusCode).toBe(200);
    expect(refused.statusCode).toBe(404);
    expect(JSON.parse(refused.body)).toMatchObject({ code: 'PURCHASE_NOT_FOUND' });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('sets no timer when the invocation does not say how much time it has left (tests, local runs)', async () => {
    // Prepare
    vi.useFakeTimers();
    const logger = powertoolsLogger({ level: 'INFO', debugSampleRate: 0 });
    let timersWhileRunning = -1;
    const handler = apiHandler({ logger }, async () => {
      timersWhileRunning = vi.getTimerCount();
      return json(200, {});
    });

    // Act
    const answer = await handler(event, { awsRequestId: 'lambda-2' } as Context);

    // Assess
    expect(answer.statusCode).toBe(200);
    expect(timersWhileRunning).toBe(0);
  });

  it('refuses a body or query parameters the operation does not declare; an empty body or {} passes', async () => {
    // Prepare: cancel declares neither a body nor query parameters.
    const logger = powertoolsLogger({ level: 'INFO', debugSampleRate: 0 });
    const handler = apiHandler({ logger }, async () => json(200, { ok: true }));
    const cancel = (body: string | null, query: Record<string, string> | null = null) => ({
      ...apiEvent({ method: 'POST', path: '/v1/reservations/rsv_1/cancel', pathParameters: { id: 'rsv_1' } }),
      body,
      queryStringParameters: query,
    });
    const answer = async (body: string | null, query?: Record<string, string>) => {
      const result = await handler(cancel(body, query), { awsRequestId: 'lambda-3' } as Context);
      return { status: result.statusCode, body: JSON.parse(result.body) as Record<string, unknown> };
    };

    // Act
    const empty = await answer(null);
    const emptyObject = await answer('{}');
    const malformed = await answer('{{{');
    const route = await answer('{"route":"carrier"}');
    const query = await answer(null, { foo: '1' });

    // Assess
    expect([empty.status, emptyObject.status]).toEqual([200, 200]);
    expect(malformed).toMatchObject({ status: 400, body: { code: 'MALFORMED_JSON' } });
    expect(route).toMatchObject({ status: 422, body: { code: 'VALIDATION_FAILED', errors: [{ field: 'route' }] } });
    expect(query).toMatchObject({ status: 422, body: { code: 'VALIDATION_FAILED', errors: [{ field: 'foo' }] } });
  });

  it('refuses a malformed path parameter before the body runs, as every operation would (no Idempotency-Key is claimed)', async () => {
    // Prepare: any route with two path parameters; the body counts its runs.
    const logger = powertoolsLogger({ level: 'INFO', debugSampleRate: 0 });
    let runs = 0;
    const handler = apiHandler({ logger }, async () => {
      runs += 1;
      return json(200, { ok: true });
    });
    const credentials = (id: string, clientId: string) =>
      apiEvent({
        method: 'DELETE',
        path: `/v1/providers/${id}/credentials/${clientId}`,
        pathParameters: { id, clientId },
      });
    const answer = async (id: string, clientId: string) => {
      const result = await handler(credentials(id, clientId), { awsRequestId: 'lambda-4' } as Context);
      return { status: result.statusCode, body: JSON.parse(result.body) as Record<string, unknown> };
    };

    // Act
    const malformedClientId = await answer('prv_1', '×');
    const tooLongId = await answer('x'.repeat(129), 'client-1');
    const fine = await answer('prv_1', 'client-1');

    // Assess
    expect(malformedClientId).toMatchObject({
      status: 400,
      body: { code: 'MALFORMED_PATH', errors: [{ field: 'clientId' }] },
    });
    expect(tooLongId).toMatchObject({ status: 400, body: { code: 'MALFORMED_PATH', errors: [{ field: 'id' }] } });
    expect(fine.status).toBe(200);
    expect(runs).toBe(1);
  });

  it('answers every refusal with the security headers, and a token’s 401 with WWW-Authenticate: Bearer only', async () => {
    // Prepare
    const logger = powertoolsLogger({ level: 'INFO', debugSampleRate: 0 });
    const refusing = (code: 'UNAUTHENTICATED' | 'SESSION_REVOKED' | 'CLIENT_NOT_REGISTERED' | 'FORBIDDEN') =>
      apiHandler({ logger }, async () => {
        throw new DomainError(code, 'Refused.');
      });

    // Act
    const unauthenticated = await refusing('UNAUTHENTICATED')(event, { awsRequestId: 'lambda-4' } as Context);
    const revoked = await refusing('SESSION_REVOKED')(event, { awsRequestId: 'lambda-5' } as Context);
    const unregistered = await refusing('CLIENT_NOT_REGISTERED')(event, { awsRequestId: 'lambda-6' } as Context);
    const forbidden = await refusing('FORBIDDEN')(event, { awsRequestId: 'lambda-7' } as Context);

    // Assess: kippu takes every token as a bearer token, so it offers no DPoP scheme there.
    const security = { 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' };
    for (const answer of [unauthenticated, revoked, unregistered]) {
      expect(answer.statusCode).toBe(401);
      expect(answer.headers).toEqual({ 'content-type': 'application/problem+json', ...security, 'www-authenticate': 'Bearer' });
    }
    expect(forbidden.headers).toEqual({ 'content-type': 'application/problem+json', ...security });
  });

  it.each(['DPOP_PROOF_MISSING', 'DEVICE_NOT_REGISTERED', 'INVALID_CREDENTIALS', 'SIGN_IN_CHALLENGE_REQUIRED'] as const)(
    'answers a sign-in refused without a refused proof (%s) with the plain DPoP challenge, and no Bearer',
    async (code) => {
      // Prepare
      const logger = powertoolsLogger({ level: 'INFO', debugSampleRate: 0 });
      const refusing = apiHandler({ logger }, async () => {
        throw new DomainError(code, 'Refused.');
      });

      // Act
      const answer = await refusing(event, { awsRequestId: 'lambda-8' } as Context);

      // Assess
      expect(answer.statusCode).toBe(401);
      expect(answer.headers?.['www-authenticate']).toBe('DPoP algs="ES256"');
    },
  );

  it.each(['DPOP_PROOF_INVALID', 'DPOP_PROOF_STALE', 'DPOP_PROOF_REPLAYED'] as const)(
    'answers a presented and refused DPoP proof (%s) with error="invalid_dpop_proof" on the DPoP challenge, and no Bearer',
    async (code) => {
      // Prepare
      const logger = powertoolsLogger({ level: 'INFO', debugSampleRate: 0 });
      const refusing = apiHandler({ logger }, async () => {
        throw new DomainError(code, 'Refused.');
      });

      // Act
      const answer = await refusing(event, { awsRequestId: 'lambda-9' } as Context);

      // Assess
      expect(answer.statusCode).toBe(401);
      expect(answer.headers?.['www-authenticate']).toBe('DPoP error="invalid_dpop_proof", algs="ES256"');
    },
  );
});
