import { describe, expect, it } from 'vitest';
import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import { accessTokenOverrides, handler } from '../../infra/constructs/token-scopes/handler';

describe('Cognito token scopes trigger', () => {
  it('makes a user without a role a customer', () => {
    const overrides = accessTokenOverrides({ sub: 'user-1', email: 'a@example.com' });
    expect(overrides.scopesToAdd).toEqual(['kippu/customer']);
    expect(overrides.scopesToSuppress).toEqual(['kippu/provider', 'kippu/agent', 'kippu/operator']);
    expect(overrides.claimsToAddOrOverride).toEqual({});
  });

  it('gives a user exactly the role an operator set, and suppresses the others', () => {
    const overrides = accessTokenOverrides({ 'custom:role': 'operator', 'custom:subject': 'opr_1' });
    expect(overrides.scopesToAdd).toEqual(['kippu/operator']);
    expect(overrides.scopesToSuppress).toEqual(['kippu/customer', 'kippu/provider', 'kippu/agent']);
    expect(overrides.claimsToAddOrOverride).toEqual({ 'custom:subject': 'opr_1' });
  });

  it('grants no role at all for an unknown role value', () => {
    const overrides = accessTokenOverrides({ 'custom:role': 'admin' });
    expect(overrides.scopesToAdd).toEqual([]);
    expect(overrides.scopesToSuppress).toEqual(['kippu/customer', 'kippu/provider', 'kippu/agent', 'kippu/operator']);
  });

  it('writes the overrides into the access token section of the response', async () => {
    // Prepare
    const event = {
      version: '2',
      triggerSource: 'TokenGeneration_Authentication',
      region: 'eu-west-1',
      userPoolId: 'eu-west-1_example',
      userName: 'user-1',
      callerContext: { awsSdkVersion: 'x', clientId: 'client' },
      request: { userAttributes: { 'custom:role': 'provider', 'custom:subject': 'prv_1' }, groupConfiguration: {} },
      response: { claimsAndScopeOverrideDetails: {} },
    } as PreTokenGenerationV2TriggerEvent;

    // Act
    const result = await handler(event);

    // Assess
    expect(result.response.claimsAndScopeOverrideDetails.accessTokenGeneration).toEqual({
      scopesToAdd: ['kippu/provider'],
      scopesToSuppress: ['kippu/customer', 'kippu/agent', 'kippu/operator'],
      claimsToAddOrOverride: { 'custom:subject': 'prv_1' },
    });
    expect(result.response.claimsAndScopeOverrideDetails.idTokenGeneration).toBeUndefined();
  });
});
