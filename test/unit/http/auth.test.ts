import { describe, expect, it } from 'vitest';
import { principalFromClaims } from '../../../shared/http/auth';

describe('the principal behind a verified token', () => {
  it('comes from custom:role and sub for user pool tokens', () => {
    expect(principalFromClaims({ sub: 'u1', 'custom:role': 'customer' })).toEqual({ role: 'customer', subject: 'u1' });
  });

  it('comes from a kippu/<role> scope for client-credentials tokens, with custom:subject preferred', () => {
    expect(principalFromClaims({ sub: 'client', scope: 'openid kippu/provider', 'custom:subject': 'prov-1' })).toEqual({
      role: 'provider',
      subject: 'prov-1',
    });
  });

  it('is absent for unknown roles, missing subjects and missing claims', () => {
    expect(principalFromClaims({ sub: 'u1', 'custom:role': 'admin' })).toBeUndefined();
    expect(principalFromClaims({ 'custom:role': 'operator' })).toBeUndefined();
    expect(principalFromClaims(undefined)).toBeUndefined();
  });
});
