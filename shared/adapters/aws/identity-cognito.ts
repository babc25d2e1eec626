import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  CreateUserPoolClientCommand,
  DeleteUserPoolClientCommand,
  InvalidParameterException,
  InvalidPasswordException,
  NotAuthorizedException,
  ResourceNotFoundException,
  UserNotFoundException,
  UsernameExistsException,
  type AttributeType,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { DomainError, assert } from '../../errors';
import type { IdentityProvider, MachineClient, NewUser, SignedIn, UserIdentity } from '../../domain/identity/ports';
import { userEmailRefused } from '../../domain/identity/email';
import { isRole, type Role } from '../../domain/principal';
import {
  ACCESS_TOKEN_VALIDITY_MINUTES,
  ROLE_ATTRIBUTE,
  SUBJECT_ATTRIBUTE,
  roleScope,
  type MachineRole,
} from '../../resources/identity';

export interface CognitoIdentityConfig {
  readonly userPoolId: string;
  /** The app client that signs customers in (ADMIN_USER_PASSWORD_AUTH); only functions that sign in have it. */
  readonly sessionsClientId?: string;
}

const MACHINE_ROLES_ALLOWED: readonly Role[] = ['provider', 'agent', 'operator'] satisfies readonly MachineRole[];

const attribute = (attributes: readonly AttributeType[] | undefined, name: string): string | undefined => {
  const value = attributes?.find((entry) => entry.Name === name)?.Value;
  return value === undefined || value === '' ? undefined : value;
};

const identityOf = (email: string, attributes: readonly AttributeType[] | undefined): UserIdentity => {
  const role = attribute(attributes, ROLE_ATTRIBUTE);
  return {
    email: attribute(attributes, 'email') ?? email,
    role: isRole(role) ? role : undefined,
    subject: attribute(attributes, SUBJECT_ATTRIBUTE),
  };
};

const stringClaim = (claims: Record<string, unknown>, name: string): string | undefined => {
  const value = claims[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
};

/**
 * The identity port on an Amazon Cognito user pool: users carry `custom:role` and
 * `custom:subject` (written only through the admin API), customers sign in with
 * ADMIN_USER_PASSWORD_AUTH through the sessions client, and every provider or agent gets its
 * own app client with the client-credentials grant. Runs against moto's cognito-idp locally.
 */
export class CognitoIdentityProvider implements IdentityProvider {
  constructor(
    private readonly client: CognitoIdentityProviderClient,
    private readonly config: CognitoIdentityConfig,
  ) {}

  async createUser(user: NewUser): Promise<{ created: boolean; user: UserIdentity }> {
    try {
      await this.client.send(
        new AdminCreateUserCommand({
          UserPoolId: this.config.userPoolId,
          Username: user.email,
          UserAttributes: [
            { Name: 'email', Value: user.email },
            { Name: 'email_verified', Value: 'true' },
            { Name: ROLE_ATTRIBUTE, Value: user.role },
            { Name: SUBJECT_ATTRIBUTE, Value: user.subject },
          ],
          // With a password kippu sets it itself; without one Cognito e-mails an invitation.
          ...(user.password === undefined ? { DesiredDeliveryMediums: ['EMAIL'] } : { MessageAction: 'SUPPRESS' }),
        }),
      );
    } catch (error) {
      if (error instanceof InvalidParameterException) throw userEmailRefused();
      if (!(error instanceof UsernameExistsException)) throw error;
      const existing = await this.findUser(user.email);
      assert(existing !== undefined, 'a user that exists by its create answer can be read');
      return { created: false, user: existing };
    }
    if (user.password !== undefined) await this.setPassword(user.email, user.password);
    return { created: true, user: { email: user.email, role: user.role, subject: user.subject } };
  }

  async findUser(email: string): Promise<UserIdentity | undefined> {
    try {
      const answer = await this.client.send(new AdminGetUserCommand({ UserPoolId: this.config.userPoolId, Username: email }));
      return identityOf(email, answer.UserAttributes);
    } catch (error) {
      if (error instanceof UserNotFoundException) return undefined;
      throw error;
    }
  }

  async setPassword(email: string, password: string): Promise<void> {
    try {
      await this.client.send(
        new AdminSetUserPasswordCommand({
          UserPoolId: this.config.userPoolId,
          Username: email,
          Password: password,
          Permanent: true,
        }),
      );
    } catch (error) {
      if (error instanceof InvalidPasswordException) {
        throw new DomainError('PASSWORD_REJECTED', 'The password does not meet the password policy.', [
          { field: 'password', message: 'is refused by the password policy' },
        ]);
      }
      throw error;
    }
  }

  async signIn(email: string, password: string): Promise<SignedIn | undefined> {
    assert(this.config.sessionsClientId !== undefined, 'signing in needs the sessions client id');
    let answer;
    try {
      answer = await this.client.send(
        new AdminInitiateAuthCommand({
          UserPoolId: this.config.userPoolId,
          ClientId: this.config.sessionsClientId,
          AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: email, PASSWORD: password },
        }),
      );
    } catch (error) {
      if (error instanceof NotAuthorizedException || error instanceof UserNotFoundException) return undefined;
      throw error;
    }
    if (answer.ChallengeName !== undefined) {
      throw new DomainError(
        'SIGN_IN_CHALLENGE_REQUIRED',
        `Signing in needs a further step (${answer.ChallengeName}) that this endpoint does not offer; use the hosted sign-in.`,
      );
    }
    const result = answer.AuthenticationResult;
    assert(result?.AccessToken !== undefined && result.IdToken !== undefined, 'a sign-in without a challenge has tokens');
    const access = decodeJwt(result.AccessToken);
    const id = decodeJwt(result.IdToken);
    const tokenId = stringClaim(access, 'jti');
    assert(tokenId !== undefined, 'Cognito access tokens carry a jti');
    const role = stringClaim(id, ROLE_ATTRIBUTE);
    return {
      accessToken: result.AccessToken,
      expiresInSeconds: result.ExpiresIn ?? ACCESS_TOKEN_VALIDITY_MINUTES * 60,
      tokenId,
      role: isRole(role) ? role : undefined,
      subject: stringClaim(id, SUBJECT_ATTRIBUTE),
    };
  }

  async createMachineClient(name: string, role: Role): Promise<MachineClient> {
    assert(MACHINE_ROLES_ALLOWED.includes(role), `machine clients act as provider, agent or operator, not ${role}`);
    const scope = roleScope(role);
    const answer = await this.client.send(
      new CreateUserPoolClientCommand({
        UserPoolId: this.config.userPoolId,
        ClientName: name,
        GenerateSecret: true,
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ['client_credentials'],
        AllowedOAuthScopes: [scope],
        SupportedIdentityProviders: ['COGNITO'],
        ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
        PreventUserExistenceErrors: 'ENABLED',
        EnableTokenRevocation: true,
        AccessTokenValidity: ACCESS_TOKEN_VALIDITY_MINUTES,
        TokenValidityUnits: { AccessToken: 'minutes' },
      }),
    );
    const created = answer.UserPoolClient;
    assert(created?.ClientId !== undefined && created.ClientSecret !== undefined, 'a client created with a secret has one');
    return { clientId: created.ClientId, clientSecret: created.ClientSecret, scope };
  }

  async deleteMachineClient(clientId: string): Promise<void> {
    try {
      await this.client.send(new DeleteUserPoolClientCommand({ UserPoolId: this.config.userPoolId, ClientId: clientId }));
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
  }
}
