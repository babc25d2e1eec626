import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type ApiAnswer, type TestApi } from '../fixtures/api';
import { PASSWORD, codeFor, newDevice, registerCustomer, uniqueEmail } from '../fixtures/identity';

/**
 * The Idempotency-Key on the identity routes that change something (SPEC §6): a repeat with
 * the key replays the first answer, marked `Idempotent-Replayed: true`, and the same key on a
 * different request is 422 IDEMPOTENCY_KEY_REUSED. (POST /v1/sessions takes none, on purpose.)
 */
let api: TestApi;
let operator: string;

beforeAll(async () => {
  api = await startTestApi();
  operator = await api.tokenFor('operator', 'op-identity-keys');
});
afterAll(async () => api.close());

interface Answer {
  readonly status: number;
  readonly text: string;
  readonly replayed: string | null;
}

type Send = (key: string) => Promise<ApiAnswer<Record<string, unknown>>>;

/** The first request, its repeat and a different request, all under one new key. */
const underOneKey = async (first: Send, different: Send): Promise<Answer[]> => {
  const key = `key-${uniqueEmail('k')}`;
  const answers = [await first(key), await first(key), await different(key)];
  return answers.map((answer) => ({
    status: answer.status,
    text: answer.status === 422 ? String(answer.body['code']) : answer.text,
    replayed: answer.headers.get('idempotent-replayed'),
  }));
};

const expectReplayed = (answers: Answer[], status: number) => {
  expect(answers).toEqual([
    { status, text: answers[0]?.text, replayed: 'false' },
    { status, text: answers[0]?.text, replayed: 'true' },
    { status: 422, text: 'IDEMPOTENCY_KEY_REUSED', replayed: null },
  ]);
};

describe('an Idempotency-Key on the identity routes', () => {
  it('replays device and device-pair changes, and refuses the key for another one', async () => {
    // Prepare: a customer with its first device
    const customer = await registerCustomer(api, 'keys');
    const token = await api.tokenFor('customer', customer.customerId);
    const [tablet, watch] = [await newDevice(), await newDevice()];
    const send = (method: string, path: string, body?: Record<string, unknown>) => (key: string) =>
      api.call(method, path, { token, headers: { 'idempotency-key': key }, ...(body === undefined ? {} : { body }) });

    // Act
    const added = await underOneKey(
      send('POST', '/v1/devices', { name: 'tablet', publicJwk: tablet.publicJwk }),
      send('POST', '/v1/devices', { name: 'watch', publicJwk: watch.publicJwk }),
    );
    const devices = await api.call<{ items: { id: string; jkt: string }[] }>('GET', '/v1/devices', { token });
    const [first, second] = devices.body.items.map((device) => device.id);
    const paired = await underOneKey(
      send('POST', '/v1/device-pairs', { fromDeviceId: first, toDeviceId: second }),
      send('POST', '/v1/device-pairs', { fromDeviceId: second, toDeviceId: first }),
    );
    const pairId = String(JSON.parse(paired[0]?.text ?? '{}').id);
    const unpaired = await underOneKey(
      send('DELETE', `/v1/device-pairs/${pairId}`),
      send('DELETE', '/v1/device-pairs/pair_other'),
    );
    const removed = await underOneKey(send('DELETE', `/v1/devices/${second}`), send('DELETE', `/v1/devices/${first}`));

    // Assess
    expectReplayed(added, 201);
    expectReplayed(paired, 201);
    expectReplayed(unpaired, 204);
    expectReplayed(removed, 204);
  });

  it('replays an operator’s creation and a registration’s confirmation', async () => {
    // Prepare
    const email = uniqueEmail('confirm-key');
    const registration = await api.call<{ id: string }>('POST', '/v1/registrations', {
      body: { email, password: PASSWORD, device: { name: 'phone', publicJwk: (await newDevice()).publicJwk } },
    });
    const code = await codeFor(api, email);
    const confirm = (attempt: string) => (key: string) =>
      api.call('POST', `/v1/registrations/${registration.body.id}/confirm`, {
        body: { code: attempt },
        headers: { 'idempotency-key': key },
      });
    const operatorCreate = (address: string) => (key: string) =>
      api.call('POST', '/v1/operators', { token: operator, body: { email: address }, headers: { 'idempotency-key': key } });

    // Act
    const confirmed = await underOneKey(confirm(code), confirm(code === '000000' ? '000001' : '000000'));
    const operators = await underOneKey(operatorCreate(uniqueEmail('opr-a')), operatorCreate(uniqueEmail('opr-b')));

    // Assess
    expectReplayed(confirmed, 200);
    expectReplayed(operators, 201);
  });

  it.each(['providers', 'agents'])('replays the removal of %s’ machine credentials', async (collection) => {
    // Prepare
    const party = await api.call<{ id: string }>('POST', `/v1/${collection}`, {
      token: operator,
      body:
        collection === 'providers'
          ? { name: 'Keyed Provider', proxySettlement: { trusted: false }, platformFeeBps: 0 }
          : { name: 'Keyed Kiosk', feeBps: 100 },
    });
    const issue = () =>
      api.call<{ clientId: string }>('POST', `/v1/${collection}/${party.body.id}/credentials`, { token: operator });
    const [one, other] = [await issue(), await issue()];
    const remove = (clientId: string) => (key: string) =>
      api.call('DELETE', `/v1/${collection}/${party.body.id}/credentials/${clientId}`, {
        token: operator,
        headers: { 'idempotency-key': key },
      });

    // Act
    const removed = await underOneKey(remove(one.body.clientId), remove(other.body.clientId));

    // Assess
    expectReplayed(removed, 204);
  });
});
