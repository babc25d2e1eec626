import { describe, expect, it } from 'vitest';
import { makeHandler as makeHealthGet } from '../../../functions/health-get/handler';
import { makeHandler as makeOpenapiGet, servedDocument } from '../../../functions/openapi-get/handler';
import { buildOpenApiDocument } from '../../../shared/http/openapi';
import { routes } from '../../../shared/resources/routes';
import { apiEvent, call, handlerBase } from '../../fixtures/handlers';

describe('the service handlers', () => {
  it('health-get answers that kippu is up, without a token', async () => {
    // Act
    const answer = await call(makeHealthGet(handlerBase()), apiEvent({ method: 'GET', path: '/health' }));

    // Assess
    expect(answer).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('openapi-get answers the OpenAPI 3.1 document of every route, served from the issuer', async () => {
    // Prepare
    const base = handlerBase();

    // Act
    const answer = await call(makeOpenapiGet(base), apiEvent({ method: 'GET', path: '/v1/openapi.json' }));

    // Assess
    expect(answer).toMatchObject({
      status: 200,
      headers: { 'cache-control': 'public, max-age=300' },
      body: { openapi: '3.1.0', servers: [{ url: base.config.issuer }] },
    });
    expect(Object.keys(answer.body.paths as object).sort()).toEqual([...new Set(routes.map((route) => route.path))].sort());
  });

  it('openapi-get serves exactly the document the schemas build, with the issuer as its server (even one with $ patterns)', () => {
    // Prepare
    const issuer = 'https://tickets.example.com/$&/$1';

    // Act
    const served = servedDocument(issuer);

    // Assess
    expect(served).toBe(JSON.stringify(buildOpenApiDocument(issuer)));
  });
});
