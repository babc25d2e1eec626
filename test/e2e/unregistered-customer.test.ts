import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerWalletAccountId } from '../../shared/domain/parties/accounts';
import { documentOperations, startTestApi, type TestApi } from '../fixtures/api';
import { newDevice } from '../fixtures/identity';

/**
 * docs/identity.md, "Devices and device pairs": a customer token whose subject is no registered
 * customer acts for no one. Walks every operation of the served document that the customer role
 * may call, with such a token and a request that passes the operation's own checks, and checks
 * that the caller is told it is not registered wherever the answer is about the caller
 * (`404 CUSTOMER_NOT_FOUND` naming no field), and is never answered as if it were someone.
 */
let api: TestApi;

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => api.close());

/**
 * The reads that answer the same to every signed-in caller (the catalogue: offers, contents,
 * channels, providers, agents): they are about no caller, so they answer what they read.
 */
const CATALOGUE = new Set([
  'GET /v1/offers',
  'GET /v1/offers/{id}',
  'GET /v1/contents',
  'GET /v1/contents/{id}',
  'GET /v1/channels/{id}',
  'GET /v1/channels/{id}/availability',
  'GET /v1/providers/{id}',
  'GET /v1/agents/{id}',
]);

/** Operations with an id in the path that are about the caller's own things all the same. */
const OWN_BY_ID = new Set(['GET /v1/me/accounts/{accountId}/entries', 'DELETE /v1/devices/{id}', 'DELETE /v1/device-pairs/{id}']);

describe('a customer token whose subject is no registered customer', () => {
  it('is 404 CUSTOMER_NOT_FOUND on every customer operation about the caller, and an object of nobody is not found', async () => {
    // Prepare
    const subject = `cus_${randomUUID().replaceAll('-', '')}`;
    const token = await api.tokenFor('customer', subject);
    const device = await newDevice();
    const soon = new Date(Date.now() + 86_400_000);
    soon.setUTCMinutes(0, 0, 0);
    const bodies: Record<string, unknown> = {
      'POST /v1/me/carrier-account': { code: 'clc_unknown' },
      'POST /v1/purchases': { offerId: 'ofr_unknown' },
      'POST /v1/reservations': {
        channelId: 'chn_unknown',
        startsAt: soon.toISOString(),
        slots: 1,
        title: 'Show',
        openLevel: 'public',
      },
      'POST /v1/devices': { name: 'phone', publicJwk: device.publicJwk },
      'POST /v1/device-pairs': { fromDeviceId: 'dev_a', toDeviceId: 'dev_b' },
      'POST /v1/tickets/{id}/grants': { granteeId: 'cus_someone', uses: 1 },
      'POST /v1/tickets/{id}/transfer': { toDeviceId: 'dev_b' },
    };
    const queries: Record<string, string> = {
      'GET /v1/usage': `?customerId=${subject}`,
      'GET /v1/channels/{id}/availability': `?from=${encodeURIComponent(soon.toISOString())}&to=${encodeURIComponent(new Date(soon.getTime() + 3_600_000).toISOString())}`,
    };
    const operations = documentOperations(api)
      .filter(({ roles }) => roles.includes('customer'))
      .map(({ method, path }) => `${method.toUpperCase()} ${path}`);

    // Act
    const answers: { operation: string; status: number; code: string; fields: boolean }[] = [];
    for (const operation of operations) {
      const [method = '', path = ''] = operation.split(' ');
      const withIds = path.replace('{accountId}', customerWalletAccountId(subject, 'JPY')).replace(/\{[^}]+\}/g, 'x_unknown');
      const answer = await api.call<{ code?: string; errors?: unknown }>(method, `${withIds}${queries[operation] ?? ''}`, {
        token,
        headers: { 'idempotency-key': randomUUID() },
        ...(method === 'POST' || method === 'PATCH' ? { body: bodies[operation] ?? {} } : {}),
      });
      answers.push({ operation, status: answer.status, code: answer.body.code ?? '', fields: answer.body.errors !== undefined });
    }

    // Assess: the operations about the caller say it is not registered, naming no field; those that
    // name an object in the path answer that object's 404 (nobody's object is visible to nobody);
    // the catalogue answers what it reads.
    const aboutCaller = answers.filter(
      ({ operation }) => OWN_BY_ID.has(operation) || (!CATALOGUE.has(operation) && !operation.includes('{')),
    );
    expect(aboutCaller.filter(({ status, code, fields }) => status !== 404 || code !== 'CUSTOMER_NOT_FOUND' || fields)).toEqual(
      [],
    );
    const ofObjects = answers.filter(
      ({ operation }) => !CATALOGUE.has(operation) && !OWN_BY_ID.has(operation) && operation.includes('{'),
    );
    expect(ofObjects.filter(({ status }) => status !== 404)).toEqual([]);
    expect(answers.filter(({ operation, status }) => CATALOGUE.has(operation) && status >= 500)).toEqual([]);
    expect(Object.keys(bodies).filter((operation) => !operations.includes(operation))).toEqual([]);
    expect(aboutCaller.length).toBeGreaterThanOrEqual(17);
  });
});
