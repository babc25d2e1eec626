import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import {
  CreateResourceServerCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  ResourceNotFoundException,
  DescribeResourceServerCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { AlreadyExistsException, CreateEmailIdentityCommand } from '@aws-sdk/client-sesv2';
import { ROLES } from '../../shared/domain/principal';
import { assert } from '../../shared/errors';
import {
  ACCESS_TOKEN_VALIDITY_MINUTES,
  REFRESH_TOKEN_VALIDITY_MINUTES,
  PASSWORD_POLICY,
  RESOURCE_SERVER_IDENTIFIER,
  ROLE_ATTRIBUTE_LENGTH_MAX,
  SUBJECT_ATTRIBUTE_LENGTH_MAX,
  TOKEN_URL_ENV,
  automationClient,
  mailSender,
  roleScope,
  sessionsClient,
  userPool,
} from '../../shared/resources/identity';

/**
 * Creates, in moto's cognito-idp and SES, the user pool, its resource server scopes and app
 * clients, and the sender identity that the CDK stack declares (both read
 * shared/resources/identity.ts). Idempotent: with reused emulators, what exists is kept.
 */
const PAGE_SIZE = 60;
const PAGES_MAX = 50;
/** Where the local gateway serves the client-credentials grant (scripts/local/server.ts). */
export const LOCAL_TOKEN_PATH = '/local/oauth2/token';

const findPool = async (client: CognitoIdentityProviderClient, name: string): Promise<string | undefined> => {
  let nextToken: string | undefined;
  for (let page = 0; page < PAGES_MAX; page += 1) {
    const answer = await client.send(new ListUserPoolsCommand({ MaxResults: PAGE_SIZE, NextToken: nextToken }));
    const found = answer.UserPools?.find((pool) => pool.Name === name)?.Id;
    if (found !== undefined) return found;
    nextToken = answer.NextToken;
    if (nextToken === undefined) return undefined;
  }
  return undefined;
};

/**
 * Cognito takes passwords of at most PASSWORD_POLICY.lengthMax characters whatever the pool's
 * policy; moto applies a policy member of its own, `MaximumLength` (99 unless set, and a
 * password must be shorter than it), which the SDK's model does not have. It is added to the
 * serialized request, so the local pool accepts exactly the lengths Cognito does.
 */
const withEmulatorPasswordMaximum = (command: CreateUserPoolCommand): CreateUserPoolCommand => {
  command.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { body?: unknown; headers?: Record<string, string> };
      const text =
        typeof request.body === 'string'
          ? request.body
          : request.body instanceof Uint8Array
            ? new TextDecoder().decode(request.body)
            : undefined;
      assert(text !== undefined, 'the SDK serializes a CreateUserPool request as JSON text or bytes');
      const body = JSON.parse(text) as { Policies: { PasswordPolicy: Record<string, unknown> } };
      body.Policies.PasswordPolicy['MaximumLength'] = PASSWORD_POLICY.lengthMax + 1;
      const serialized = JSON.stringify(body);
      request.body = serialized;
      if (request.headers?.['content-length'] !== undefined)
        request.headers['content-length'] = String(Buffer.byteLength(serialized));
      return next(args);
    },
    { step: 'build', name: 'emulatorPasswordMaximum' },
  );
  return command;
};

const ensurePool = async (client: CognitoIdentityProviderClient, stage: string): Promise<string> => {
  const name = userPool.name(stage);
  const existing = await findPool(client, name);
  if (existing !== undefined) return existing;
  const created = await client.send(
    withEmulatorPasswordMaximum(
      new CreateUserPoolCommand({
        PoolName: name,
        UsernameAttributes: ['email'],
        AutoVerifiedAttributes: ['email'],
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        Policies: {
          PasswordPolicy: {
            MinimumLength: PASSWORD_POLICY.lengthMin,
            RequireLowercase: PASSWORD_POLICY.requireLowercase,
            RequireUppercase: PASSWORD_POLICY.requireUppercase,
            RequireNumbers: PASSWORD_POLICY.requireDigits,
            RequireSymbols: PASSWORD_POLICY.requireSymbols,
          },
        },
        Schema: [
          {
            Name: 'role',
            AttributeDataType: 'String',
            Mutable: true,
            StringAttributeConstraints: { MinLength: '1', MaxLength: String(ROLE_ATTRIBUTE_LENGTH_MAX) },
          },
          {
            Name: 'subject',
            AttributeDataType: 'String',
            Mutable: true,
            StringAttributeConstraints: { MinLength: '1', MaxLength: String(SUBJECT_ATTRIBUTE_LENGTH_MAX) },
          },
        ],
      }),
    ),
  );
  const id = created.UserPool?.Id;
  if (id === undefined) throw new Error(`the emulator created no user pool ${name}`);
  return id;
};

const ensureResourceServer = async (client: CognitoIdentityProviderClient, poolId: string, stage: string): Promise<void> => {
  try {
    await client.send(new DescribeResourceServerCommand({ UserPoolId: poolId, Identifier: RESOURCE_SERVER_IDENTIFIER }));
    return;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  await client.send(
    new CreateResourceServerCommand({
      UserPoolId: poolId,
      Identifier: RESOURCE_SERVER_IDENTIFIER,
      Name: `kippu-${stage}`,
      Scopes: ROLES.map((role) => ({ ScopeName: role, ScopeDescription: `Act as a ${role}` })),
    }),
  );
};

const findClient = async (client: CognitoIdentityProviderClient, poolId: string, name: string): Promise<string | undefined> => {
  let nextToken: string | undefined;
  for (let page = 0; page < PAGES_MAX; page += 1) {
    const answer = await client.send(
      new ListUserPoolClientsCommand({ UserPoolId: poolId, MaxResults: PAGE_SIZE, NextToken: nextToken }),
    );
    const found = answer.UserPoolClients?.find((entry) => entry.ClientName === name)?.ClientId;
    if (found !== undefined) return found;
    nextToken = answer.NextToken;
    if (nextToken === undefined) return undefined;
  }
  return undefined;
};

const ensureClients = async (client: CognitoIdentityProviderClient, poolId: string, stage: string): Promise<string> => {
  const sessionsName = sessionsClient.name(stage);
  const sessionsId =
    (await findClient(client, poolId, sessionsName)) ??
    (
      await client.send(
        new CreateUserPoolClientCommand({
          UserPoolId: poolId,
          ClientName: sessionsName,
          GenerateSecret: false,
          ExplicitAuthFlows: [...sessionsClient.explicitAuthFlows],
          ReadAttributes: ['email', 'email_verified', 'custom:role', 'custom:subject'],
          WriteAttributes: ['email'],
          PreventUserExistenceErrors: 'ENABLED',
          AccessTokenValidity: ACCESS_TOKEN_VALIDITY_MINUTES,
          RefreshTokenValidity: REFRESH_TOKEN_VALIDITY_MINUTES,
          TokenValidityUnits: { AccessToken: 'minutes', RefreshToken: 'minutes' },
        }),
      )
    ).UserPoolClient?.ClientId;
  if (sessionsId === undefined) throw new Error(`the emulator created no client ${sessionsName}`);
  const automationName = automationClient.name(stage);
  if ((await findClient(client, poolId, automationName)) === undefined) {
    await client.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: automationName,
        GenerateSecret: true,
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ['client_credentials'],
        AllowedOAuthScopes: automationClient.scopes.map(roleScope),
      }),
    );
  }
  return sessionsId;
};

const ensureSender = async (client: SESv2Client): Promise<void> => {
  try {
    await client.send(new CreateEmailIdentityCommand({ EmailIdentity: mailSender.localAddress }));
  } catch (error) {
    if (!(error instanceof AlreadyExistsException)) throw error;
  }
};

export interface IdentityClients {
  readonly cognito: CognitoIdentityProviderClient;
  readonly ses: SESv2Client;
}

/** The pool, scopes, clients and sender identity, and the variables that name them. */
export const bootstrapIdentity = async (
  clients: IdentityClients,
  stage: string,
  issuer: string,
): Promise<Record<string, string>> => {
  const poolId = await ensurePool(clients.cognito, stage);
  await ensureResourceServer(clients.cognito, poolId, stage);
  const sessionsClientId = await ensureClients(clients.cognito, poolId, stage);
  await ensureSender(clients.ses);
  return {
    [userPool.envVar]: poolId,
    [sessionsClient.envVar]: sessionsClientId,
    [TOKEN_URL_ENV]: `${issuer}${LOCAL_TOKEN_PATH}`,
    [mailSender.envVar]: mailSender.localAddress,
  };
};
