import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_FLAGS, ensureChromium } from '../../scripts/chromium';
import { startTestApi, type TestApi } from '../fixtures/api';

/**
 * The API reference at /docs, opened as a person would: headless Chromium (Debian's package,
 * installed by scripts/chromium.ts when missing) driven by playwright-core, against the local
 * API, with a fresh profile.
 */
interface OpenApiDocument {
  readonly paths: Record<string, Record<string, unknown>>;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
/** Installing Debian's chromium on a machine that lacks it downloads ~100 MB. */
const BROWSER_SETUP_TIMEOUT_MS = 600_000;

const scratch = mkdtempSync(path.join(tmpdir(), 'kippu-docs-'));
let api: TestApi;
let browser: BrowserContext;

beforeAll(async () => {
  const executablePath = await ensureChromium();
  api = await startTestApi();
  browser = await chromium.launchPersistentContext(path.join(scratch, 'profile'), {
    executablePath,
    headless: true,
    args: [...CHROMIUM_FLAGS],
  });
}, BROWSER_SETUP_TIMEOUT_MS);

afterAll(async () => {
  await browser?.close();
  await api?.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe('the API reference at /docs', () => {
  it('lists every operation of the served OpenAPI document, loading nothing from outside the API', async () => {
    // Prepare
    const served = (await api.call<OpenApiDocument>('GET', '/v1/openapi.json')).body;
    const operations = Object.entries(served.paths)
      .flatMap(([route, item]) =>
        Object.keys(item)
          .filter((key) => HTTP_METHODS.includes(key))
          .map((method) => `${method.toUpperCase()} ${route}`),
      )
      .sort();
    const page = await browser.newPage();
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));

    // Act
    const answer = await page.goto(`${api.url}/docs`);
    await page
      .locator('.opblock')
      .nth(operations.length - 1)
      .waitFor();
    const listed = await page.$$eval('.opblock', (blocks) =>
      blocks.map(
        (block) =>
          `${block.querySelector('.opblock-summary-method')?.textContent ?? ''} ${block.querySelector('.opblock-summary-path')?.getAttribute('data-path') ?? ''}`,
      ),
    );
    await page.screenshot({ path: path.join(scratch, 'docs.png'), fullPage: false });

    // Assess
    expect(answer?.status()).toBe(200);
    expect(operations.length).toBeGreaterThan(10);
    expect(listed.sort()).toEqual(operations);
    expect(await page.title()).toBe('kippu API reference');
    expect(requested.filter((url) => !url.startsWith(`${api.url}/`))).toEqual([]);
    expect(requested).toContain(`${api.url}/v1/openapi.json`);
  });

  it('serves only its own files: anything else under /docs is 404, and only GET is allowed', async () => {
    const unknown = await api.call('GET', '/docs/package.json');
    const traversal = await api.call('GET', '/docs/..%2Fpackage.json');
    const posted = await api.call('POST', '/docs');
    expect([unknown.status, traversal.status]).toEqual([404, 404]);
    expect(posted.status).toBe(405);
    expect(posted.headers.get('content-type')).toBe('application/problem+json');
  });
});
