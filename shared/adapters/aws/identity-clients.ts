import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { SESv2Client } from '@aws-sdk/client-sesv2';

/**
 * The Cognito and SES clients, built once per container (see clients.ts). Locally the SDK
 * finds moto through AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER and AWS_ENDPOINT_URL_SESV2,
 * which scripts/emulators sets; the deployed stack sets neither.
 */
let cognitoClient: CognitoIdentityProviderClient | undefined;
let sesClient: SESv2Client | undefined;

export const cognito = (): CognitoIdentityProviderClient => {
  cognitoClient ??= new CognitoIdentityProviderClient({});
  return cognitoClient;
};

export const ses = (): SESv2Client => {
  sesClient ??= new SESv2Client({});
  return sesClient;
};
