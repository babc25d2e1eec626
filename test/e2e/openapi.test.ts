import { spawn } from 'node:child_process';
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
 * Runs a tool without blocking the event loop (unlike spawnSync): the test API runs in this
 * process, and a loop blocked past the server's keep-alive timeout lets the next request
 * reuse a socket the server is closing at that moment (ECONNRESET on a busy machine).
 */
const runTool = (command: string, args: readonly string[]) =>
  new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(command, args);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
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
    const run = await runTool(tools.openapiSpecValidator, ['--validation-errors', 'all', file]);

    // Assess
    expect(run.status, `${run.stdout}${run.stderr}`).toBe(0);
    expect(run.stdout.trim()).toBe(`${file}: OK`);
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
    expect(queryOf('get', '/v1/offers')).toEqual(['q', 'providerId', 'limit', 'cursor']);
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
