import type { APIGatewayProxyEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { MachineClientRecord } from '../../../shared/domain/identity/ports';
import { machineClaims, principalFromClaims, principalOf, resolveMachinePrincipal } from '../../../shared/http/auth';
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
