import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll } from 'vitest';
import { CognitoIdentityProvider } from '../../../shared/adapters/aws/identity-cognito';
import { resourceFromEnv } from '../../../shared/config';
import { sessionsClient, userPool } from '../../../shared/resources/identity';
import { identityProviderContract } from '../../contract/identity-provider-contract';

/**
 * The Cognito adapter against moto's cognito-idp, in the user pool and sessions client that
 * the local bootstrap created from shared/resources/identity.ts. Every test uses new e-mails.
 */
const client = new CognitoIdentityProviderClient({});
afterAll(() => client.destroy());

identityProviderContract(
  'Cognito (moto)',
  async () =>
    new CognitoIdentityProvider(client, {
      userPoolId: resourceFromEnv(process.env, userPool),
      sessionsClientId: resourceFromEnv(process.env, sessionsClient),
    }),
);
