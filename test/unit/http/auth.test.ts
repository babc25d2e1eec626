import type { APIGatewayProxyEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { MachineClientRecord, SessionRecord } from '../../../shared/domain/identity/ports';
import {
  machineClaims,
  principalFromClaims,
  principalOf,
  requireLiveSession,
  resolveMachinePrincipal,
} from '../../../shared/http/auth';
import { CachedCustomerSessions } from '../../../shared/http/customer-sessions';
import { CachedMachineClients } from '../../../shared/http/machine-clients';
import { ManualClock } from '../../fixtures/clock';

describe('the principal behind a verified token', () => {
  it('comes from custom:role and sub for user pool tokens', () => {
    expect(principalFromClaims({ sub: 'u1', 'custom:role': 'customer' })).toEqual({ role: 'customer', subject: 'u1' });
  });

  it('comes from the role scope and custom:subject for a Cognito user access token', () => {
    expect(
      principalFromClaims({
        sub: 'uuid-1',
        username: 'uuid-1',
        client_id: 'sessions',
        scope: 'aws.cognito.signin.user.admin kippu/customer',
        'custom:subject': 'cus_1',
      }),
    ).toEqual({ role: 'customer', subject: 'cus_1' });
  });

  it('is absent for unknown roles, missing subjects and missing claims', () => {
    expect(principalFromClaims({ sub: 'u1', 'custom:role': 'admin' })).toBeUndefined();
    expect(principalFromClaims({ 'custom:role': 'operator' })).toBeUndefined();
    expect(principalFromClaims(undefined)).toBeUndefined();
  });

  it('is absent for a provider’s or agent’s client-credentials token until its mapping resolves it', () => {
    const claims = { sub: 'client-1', client_id: 'client-1', scope: 'kippu/provider', token_use: 'access' };
    expect(machineClaims(claims)).toEqual({ clientId: 'client-1', role: 'provider' });
    expect(principalFromClaims(claims)).toBeUndefined();
    expect(principalFromClaims({ ...claims, scope: 'kippu/operator' })).toEqual({ role: 'operator', subject: 'client-1' });
  });
});

describe('a client-credentials-shaped token', () => {
  const eventWith = (claims: Record<string, unknown>) =>
    ({ requestContext: { authorizer: { claims } } }) as unknown as APIGatewayProxyEvent;
  const mapping: MachineClientRecord = {
    clientId: 'client-7',
    role: 'provider',
    partyId: 'prv_mapped',
    createdAt: '2030-01-01T00:00:00.000Z',
    createdBy: 'operator:op',
  };
  const lookups: string[] = [];
  const clients = new CachedMachineClients(
    () => ({
      getMachineClient: async (clientId: string) => {
        lookups.push(clientId);
        return clientId === mapping.clientId ? mapping : undefined;
      },
    }),
    new ManualClock(Date.parse('2030-01-01T00:00:00Z')),
  );

  it('acts as the provider its client id is mapped to', async () => {
    const event = eventWith({ sub: 'client-7', client_id: 'client-7', scope: 'kippu/provider' });

    await resolveMachinePrincipal(event, clients);

    expect(principalOf(event)).toEqual({ role: 'provider', subject: 'prv_mapped' });
  });

  it('acts as nobody when its client has no mapping, or a mapping for another role', async () => {
    const unknown = eventWith({ sub: 'client-8', client_id: 'client-8', scope: 'kippu/provider' });
    const otherRole = eventWith({ sub: 'client-7', client_id: 'client-7', scope: 'kippu/agent' });

    await expect(resolveMachinePrincipal(unknown, clients)).rejects.toMatchObject({ code: 'CLIENT_NOT_REGISTERED' });
    await expect(resolveMachinePrincipal(otherRole, clients)).rejects.toMatchObject({ code: 'CLIENT_NOT_REGISTERED' });
    expect(() => principalOf(unknown)).toThrow(/UNAUTHENTICATED/);
  });

  it('is looked up once per client per container while the cache holds', async () => {
    lookups.length = 0;
    for (let request = 0; request < 3; request += 1) {
      await resolveMachinePrincipal(eventWith({ sub: 'client-7', client_id: 'client-7', scope: 'kippu/provider' }), clients);
    }
    expect(lookups).toEqual([]);
  });
});

describe('a customer’s access token', () => {
  const eventWith = (claims: Record<string, unknown>) =>
    ({ requestContext: { authorizer: { claims } } }) as unknown as APIGatewayProxyEvent;
  const accessToken = (jti: string, subject = 'cus_1') => ({
    sub: 'uuid-1',
    username: 'uuid-1',
    client_id: 'sessions',
    token_use: 'access',
    jti,
    scope: 'kippu/customer',
    'custom:subject': subject,
  });
  const session: SessionRecord = {
    tokenId: 'jti-1',
    customerId: 'cus_1',
    deviceId: 'dev_1',
    jkt: 'j',
    deviceCreatedAt: '2030-01-01T00:00:00.000Z',
    createdAt: '2030-01-01T00:01:00.000Z',
    expiresAtMs: Date.parse('2030-01-01T01:01:00.000Z'),
  };
  const reads: string[] = [];
  const devices = new Map([['cus_1/dev_1', { createdAt: '2030-01-01T00:00:00.000Z' }]]);
  const sessions = new CachedCustomerSessions(() => ({
    getSession: async (tokenId: string) => {
      reads.push(`session ${tokenId}`);
      return tokenId === session.tokenId ? session : undefined;
    },
    getDevice: async (customerId: string, deviceId: string) => {
      reads.push(`device ${deviceId}`);
      return devices.get(`${customerId}/${deviceId}`);
    },
  }));

  it('acts while its session’s device is registered, reading the session once and the device on every request', async () => {
    reads.length = 0;
    for (let request = 0; request < 3; request += 1) await requireLiveSession(eventWith(accessToken('jti-1')), sessions);

    expect(reads).toEqual(['session jti-1', 'device dev_1', 'device dev_1', 'device dev_1']);
  });

  it('is SESSION_REVOKED once the device was removed, and when it was added again later', async () => {
    devices.delete('cus_1/dev_1');
    await expect(requireLiveSession(eventWith(accessToken('jti-1')), sessions)).rejects.toMatchObject({
      code: 'SESSION_REVOKED',
      detail: expect.stringMatching(/^The device this session was signed in from was removed/),
    });
    devices.set('cus_1/dev_1', { createdAt: '2030-01-01T00:05:00.000Z' });
    await expect(requireLiveSession(eventWith(accessToken('jti-1')), sessions)).rejects.toMatchObject({
      code: 'SESSION_REVOKED',
    });
    devices.set('cus_1/dev_1', { createdAt: '2030-01-01T00:00:00.000Z' });
  });

  it('is SESSION_REVOKED without a kippu session: another sign-in flow, another customer’s session, no token id', async () => {
    const { jti: _jti, ...withoutJti } = accessToken('x');
    for (const claims of [accessToken('jti-other'), accessToken('jti-1', 'cus_2'), withoutJti]) {
      await expect(requireLiveSession(eventWith(claims), sessions)).rejects.toMatchObject({
        code: 'SESSION_REVOKED',
        detail: expect.stringMatching(/^This access token has no kippu session/),
      });
    }
  });

  it('is not asked for operators’, machine clients’ or local development tokens', async () => {
    reads.length = 0;
    const others = [
      { ...accessToken('jti-op'), scope: 'kippu/operator', 'custom:subject': 'opr_1' },
      { sub: 'client-1', client_id: 'client-1', scope: 'kippu/provider', token_use: 'access' },
      { sub: 'cus_9', 'custom:role': 'customer', token_use: 'id' },
    ];
    for (const claims of others) await requireLiveSession(eventWith(claims), sessions);

    expect(reads).toEqual([]);
  });
});
