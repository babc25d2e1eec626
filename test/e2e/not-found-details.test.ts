import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../shared/domain/principal';
import { documentOperations, startTestApi, type TestApi } from '../fixtures/api';

/**
 * README, API conventions: an id the caller sent is quoted in a problem's `detail`, JSON-escaped,
 * so the sentence's own full stop never reads as part of it. Walks every operation of the served
 * document that takes an id in its path, as a registered caller of a role the operation allows,
 * naming an id that ends with a full stop, and checks each refusal that names the id quotes it,
 * and that its `errors` name only the fields the request sent (`shared/http/request-fields.ts`).
 */
let api: TestApi;

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => api.close());

/** A registered party of each role, so a refusal is about the id named, not about the caller. */
const callers = async (): Promise<Record<Role, string>> => {
  const operator = await api.tokenFor('operator', 'op-not-found');
  const made = async (path: string, body: unknown) => {
    const answer = await api.call<{ id: string }>('POST', path, { token: operator, body });
    expect(answer.status).toBe(201);
    return answer.body.id;
  };
  const provider = await made('/v1/providers', { name: 'Quoted', proxySettlement: { trusted: false }, platformFeeBps: 0 });
  const agent = await made('/v1/agents', { name: 'Quoted kiosk', feeBps: 100 });
  const customer = await made('/v1/customers', { name: 'Quoted customer' });
  return {
    operator,
    provider: await api.tokenFor('provider', provider),
    agent: await api.tokenFor('agent', agent),
    customer: await api.tokenFor('customer', customer),
  };
};

describe('not-found and forbidden details', () => {
  it('quote the id the caller sent, on every operation that takes an id in its path', async () => {
    // Prepare
    const tokens = await callers();
    const operations = documentOperations(api).filter(({ path }) => path.includes('{'));
    // An operation that needs a query to reach its object's 404 gets a valid one.
    const soon = new Date(Date.now() + 86_400_000);
    soon.setUTCMinutes(0, 0, 0);
    const queries: Record<string, string> = {
      'GET /v1/channels/{id}/availability': `?from=${encodeURIComponent(soon.toISOString())}&to=${encodeURIComponent(new Date(soon.getTime() + 3_600_000).toISOString())}`,
    };

    // Act: one id per operation, ending with a full stop, in every path parameter.
    const answers = [];
    for (const [index, { path, method, roles }] of operations.entries()) {
      const role: Role | undefined = roles.includes('operator') ? 'operator' : roles[0];
      if (role === undefined) continue;
      const id = `nf.${index}.`;
      const answer = await api.call<{ code?: string; detail?: string; errors?: { field: string }[] }>(
        method.toUpperCase(),
        `${path.replace(/\{[^}]+\}/g, id)}${queries[`${method.toUpperCase()} ${path}`] ?? ''}`,
        {
          token: tokens[role],
          ...(method === 'get' || method === 'delete' ? {} : { body: {} }),
        },
      );
      answers.push({
        operation: `${method.toUpperCase()} ${path} as ${role}`,
        id,
        status: answer.status,
        detail: answer.body.detail ?? '',
        fields: (answer.body.errors ?? []).map((issue) => issue.field),
        sent: [...path.matchAll(/\{([^}]+)\}/g)].map((parameter) => parameter[1]),
      });
    }

    // Assess: every refusal that names the id quotes it; most operations' 404 does name it.
    const naming = answers.filter(({ status, detail, id }) => (status === 404 || status === 403) && detail.includes(id));
    const unquoted = naming
      .filter(({ detail, id }) => !detail.includes(JSON.stringify(id)))
      .map(({ operation, detail }) => `${operation}: ${detail}`);
    expect(unquoted).toEqual([]);
    expect(naming.length).toBeGreaterThanOrEqual(20);
    // …and `errors` names only what the request sent: here its path parameters (the body is empty,
    // a query only where the operation needs one, and valid), never the domain's name for one
    // (`channelId`, `offerId` for `id`).
    const refusals = answers.filter(({ status }) => status === 404 || status === 403);
    const unsent = refusals.flatMap(({ operation, fields, sent }) =>
      fields.filter((field) => !sent.includes(field.split('.')[0] ?? field)).map((field) => `${operation}: ${field}`),
    );
    expect(unsent).toEqual([]);
    expect(refusals.filter(({ fields }) => fields.length > 0).length).toBeGreaterThanOrEqual(5);
    expect(answers.find(({ operation }) => operation.startsWith('GET /v1/channels/{id}/availability'))).toMatchObject({
      status: 404,
      fields: ['id'],
    });
  });
});
