import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compileErrors, validate } from '@readme/openapi-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installApiTools, type ApiTools } from '../../scripts/api/tools';
import { startTestApi, type TestApi } from '../fixtures/api';

/**
 * The served document, as a new user's tools see it: Python's openapi-spec-validator and
 * @readme/openapi-parser accept it, and the lists' query parameters are declared.
 */
const INSTALL_TIMEOUT_MS = 600_000;

/**
 * Runs a tool without blocking the event loop: the API under test runs in this process, and a
 * loop blocked for longer than its keep-alive timeout (5 s; openapi-spec-validator takes that
 * on a busy machine) lets the next request reuse a socket the server closes meanwhile (ECONNRESET).
 */
const run = (file: string, args: readonly string[]) =>
  new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
    execFile(file, [...args], { encoding: 'utf8' }, (error, stdout, stderr) => {
      const status = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ status, stdout, stderr });
    });
  });

let api: TestApi;
let tools: ApiTools;
let folder: string;

beforeAll(async () => {
  [api, tools] = await Promise.all([startTestApi(), installApiTools()]);
  folder = mkdtempSync(path.join(tmpdir(), 'kippu-openapi-'));
}, INSTALL_TIMEOUT_MS);

afterAll(async () => {
  rmSync(folder, { recursive: true, force: true });
  await api.close();
});

describe('GET /v1/openapi.json', () => {
  it('is accepted by openapi-spec-validator', async () => {
    // Prepare
    const answer = await api.call('GET', '/v1/openapi.json');
    const file = path.join(folder, 'openapi.json');
    writeFileSync(file, answer.text);

    // Act
    const validated = await run(tools.openapiSpecValidator, ['--validation-errors', 'all', file]);

    // Assess
    expect(validated.status, `${validated.stdout}${validated.stderr}`).toBe(0);
    expect(validated.stdout.trim()).toBe(`${file}: OK`);
  });

  it('is accepted by @readme/openapi-parser', async () => {
    // Act
    const answer = await api.call('GET', '/v1/openapi.json');
    const result = await validate(JSON.parse(answer.text) as Parameters<typeof validate>[0]);

    // Assess
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
  });

  it('declares the query parameters of every list, of availability, of a statement and of a remittance import', () => {
    // Prepare
    const queryOf = (method: string, path: string): string[] => {
      const operation = (api.document.paths[path] ?? {})[method] as unknown as { parameters?: { in: string; name: string }[] };
      return (operation.parameters ?? []).filter((parameter) => parameter.in === 'query').map((parameter) => parameter.name);
    };

    // Assess
    expect(queryOf('get', '/v1/listings')).toEqual(['from', 'to', 'limit', 'cursor']);
    expect(queryOf('get', '/v1/channels/{id}/availability')).toEqual(['from', 'to']);
    expect(queryOf('get', '/v1/offers')).toEqual(['q', 'providerId', 'include', 'limit', 'cursor']);
    expect(queryOf('get', '/v1/accounts/{id}/entries')).toEqual(['limit', 'cursor']);
    expect(queryOf('get', '/v1/providers/{id}/revocations')).toEqual(['since', 'cursor']);
    expect(queryOf('get', '/v1/me/accounts/{accountId}/entries')).toEqual(['limit', 'cursor']);
    expect(queryOf('get', '/v1/purchases')).toEqual(['status', 'customerId', 'limit', 'cursor']);
    expect(queryOf('get', '/v1/reservations')).toEqual(['status', 'customerId', 'limit', 'cursor']);
    expect(queryOf('get', '/v1/statements')).toEqual(['partyId', 'period', 'limit', 'cursor']);
    expect(queryOf('get', '/v1/statements/{id}')).toEqual(['format']);
    expect(queryOf('post', '/v1/billing-runs/{id}/remittances')).toEqual(['agentId']);
  });
});
