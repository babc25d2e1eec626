import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentFeeAccountId, providerRevenueAccountId } from '../../shared/domain/parties/accounts';
import { documentOperations, startTestApi, type TestApi } from '../fixtures/api';

/**
 * docs/identity.md, "A token of no registered party": a provider or agent token whose subject is
 * no registered provider (agent) acts for no one. Walks every operation of the served document
 * that the role may call, with such a token and a request that passes the operation's own checks,
 * and checks that every operation about the caller answers `404 PROVIDER_NOT_FOUND`
 * (`AGENT_NOT_FOUND`) naming no field, in the words of the customer's rule, never an empty page;
 * that an operation on an object named in the path answers that object's 404; and that the
 * catalogue answers what it reads.
 */
let api: TestApi;

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => api.close());

/**
 * Reads about no caller: the catalogue. GET /v1/offers is a provider's own listing with providerId
 * its own (as the walk asks it), and the catalogue for an agent.
 */
const CATALOGUE = {
  provider: new Set(['GET /v1/contents', 'GET /v1/channels/{id}/availability']),
  agent: new Set(['GET /v1/contents', 'GET /v1/channels/{id}/availability', 'GET /v1/offers']),
};

/** An operation with another party's id in the path that is about the caller all the same: an agent's top-up is its own cash. */
const OWN_BY_ID = new Set(['POST /v1/customers/{id}/topups']);

/** An operation that names an object in its query, not its path: that object's 404. */
const OF_OBJECTS_BY_QUERY = new Set(['GET /v1/usage']);

const ROLES = {
  provider: { prefix: 'prv', code: 'PROVIDER_NOT_FOUND', accountId: (id: string) => providerRevenueAccountId(id, 'JPY') },
  agent: { prefix: 'agt', code: 'AGENT_NOT_FOUND', accountId: (id: string) => agentFeeAccountId(id, 'JPY') },
} as const;

const bodiesFor = (subject: string): Record<string, unknown> => ({
  'POST /v1/tickets': {
    providerId: subject,
    holderId: 'cus_unknown',
    resource: 'server-1/stream-7',
    validitySeconds: 3_600,
    capabilities: ['image'],
  },
  'POST /v1/offers': {
    providerId: subject,
    title: 'Harbour webcam, one day',
    resource: 'server-1/stream-7',
    priceMinor: 300,
    currency: 'JPY',
    validitySeconds: 86_400,
    capabilities: ['image'],
  },
  'POST /v1/channels': { name: 'Stage', capacity: 2, bandwidthKbps: 3_000, feePerSlotMinor: 100, currency: 'JPY' },
  'POST /v1/contents': {
    title: 'Harbour at dawn',
    keywords: ['harbour'],
    purposes: ['viewing'],
    maxPeriodSeconds: 7_200,
    capabilities: ['view'],
    contentKey: randomBytes(32).toString('base64url'),
  },
  'POST /v1/reservations/{id}/outcome': { outcome: 'failed', reason: 'encoder down' },
  'POST /v1/tickets/{id}/redeem': { nonce: randomUUID() },
  'POST /v1/tickets/{id}/usage': { redemptionId: 'rdm_unknown', usedSeconds: 1 },
  'POST /v1/customers': { name: 'Aiko' },
  'POST /v1/customers/{id}/topups': { amountMinor: 5_000, currency: 'JPY', reference: 'receipt-0001' },
  'POST /v1/agents/{id}/carrier-links': { creditLimitMinor: 50_000, currency: 'JPY' },
});

const walk = async (role: keyof typeof ROLES) => {
  const { prefix, accountId } = ROLES[role];
  const subject = `${prefix}_${randomUUID().replaceAll('-', '')}`;
  const token = await api.tokenFor(role, subject);
  const bodies = bodiesFor(subject);
  const soon = new Date(Date.now() + 86_400_000);
  soon.setUTCMinutes(0, 0, 0);
  const queries: Record<string, string> = {
    'GET /v1/offers': `?providerId=${subject}`,
    'GET /v1/usage': '?contentId=cnt_unknown',
    'GET /v1/channels/{id}/availability': `?from=${encodeURIComponent(soon.toISOString())}&to=${encodeURIComponent(new Date(soon.getTime() + 3_600_000).toISOString())}`,
  };
  const own = `/v1/${role}s/{id}`;
  const operations = documentOperations(api)
    .filter(({ roles }) => roles.includes(role))
    .map(({ method, path }) => `${method.toUpperCase()} ${path}`);
  const answers: { operation: string; status: number; code: string; detail: string; fields: boolean }[] = [];
  for (const operation of operations) {
    const [method = '', path = ''] = operation.split(' ');
    const withIds = path
      .replace(own, `/v1/${role}s/${subject}`)
      .replace('{accountId}', accountId(subject))
      .replace(/\{[^}]+\}/g, 'x_unknown');
    const answer = await api.call<{ code?: string; detail?: string; errors?: unknown }>(
      method,
      `${withIds}${queries[operation] ?? ''}`,
      {
        token,
        headers: { 'idempotency-key': randomUUID() },
        ...(method === 'POST' || method === 'PATCH' ? { body: bodies[operation] ?? {} } : {}),
      },
    );
    answers.push({
      operation,
      status: answer.status,
      code: answer.body.code ?? '',
      detail: answer.body.detail ?? '',
      fields: answer.body.errors !== undefined,
    });
  }
  const aboutCaller = answers.filter(
    ({ operation }) =>
      !CATALOGUE[role].has(operation) &&
      !OF_OBJECTS_BY_QUERY.has(operation) &&
      (!operation.includes('{') || operation.includes(own) || operation.includes('{accountId}') || OWN_BY_ID.has(operation)),
  );
  const ofObjects = answers.filter(
    ({ operation }) => !CATALOGUE[role].has(operation) && !aboutCaller.some((about) => about.operation === operation),
  );
  return { subject, operations, bodies, answers, aboutCaller, ofObjects };
};

describe('a provider or agent token whose subject is no registered party', () => {
  it.each(['provider', 'agent'] as const)(
    'a %s: 404 on every operation about the caller, naming no field; an object of nobody is not found; the catalogue answers',
    async (role) => {
      // Act
      const { subject, operations, bodies, answers, aboutCaller, ofObjects } = await walk(role);

      // Assess: the caller is told it is not registered, in the customer's words and naming no field.
      const detail = `You act as ${role} "${subject}", which is not registered.`;
      expect(
        aboutCaller.filter(
          (answer) => answer.status !== 404 || answer.code !== ROLES[role].code || answer.detail !== detail || answer.fields,
        ),
      ).toEqual([]);
      expect(ofObjects.filter(({ status }) => status !== 404)).toEqual([]);
      expect(answers.filter(({ operation, status }) => CATALOGUE[role].has(operation) && status >= 500)).toEqual([]);
      const sent = Object.keys(bodies).filter((operation) => operations.includes(operation));
      expect(sent.length).toBe(role === 'provider' ? 7 : 3);
      expect(aboutCaller.length).toBeGreaterThanOrEqual(role === 'provider' ? 13 : 10);
    },
  );
});
