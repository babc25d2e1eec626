import { Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  LambdaVersion,
  Mfa,
  OAuthScope,
  ResourceServerScope,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  UserPoolOperation,
  type UserPoolClient,
  type UserPoolDomain,
  type UserPoolResourceServer,
} from 'aws-cdk-lib/aws-cognito';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { join } from 'node:path';
import { ROLES, type Role } from '../../shared/domain/principal';
import {
  ACCESS_TOKEN_VALIDITY_MINUTES,
  ID_TOKEN_VALIDITY_MINUTES,
  PASSWORD_POLICY,
  REFRESH_TOKEN_VALIDITY_MINUTES,
  RESOURCE_SERVER_IDENTIFIER,
  ROLE_ATTRIBUTE_LENGTH_MAX,
  SUBJECT_ATTRIBUTE_LENGTH_MAX,
  automationClient,
  roleScope,
  sessionsClient,
  userPool,
} from '../../shared/resources/identity';
import { KippuFunction } from './kippu-function';
import { PROJECT_ROOT } from './paths';

export const PASSWORD_LENGTH_MIN = PASSWORD_POLICY.lengthMin;
const TEMPORARY_PASSWORD_VALIDITY = Duration.days(3);
const ACCESS_TOKEN_VALIDITY = Duration.minutes(ACCESS_TOKEN_VALIDITY_MINUTES);
const ID_TOKEN_VALIDITY = Duration.minutes(ID_TOKEN_VALIDITY_MINUTES);
const REFRESH_TOKEN_VALIDITY = Duration.minutes(REFRESH_TOKEN_VALIDITY_MINUTES);

export interface KippuAuthProps {
  readonly stage: string;
  /** Where the hosted sign-in may send customers back to (authorization code grant). */
  readonly customerCallbackUrls: readonly string[];
  /** Prefix of the Cognito hosted domain that serves the OAuth token endpoint. */
  readonly domainPrefix?: string;
}

/** The user pool: e-mail sign-in, no self sign-up, role and subject attributes no client may write, threat protection. */
const newUserPool = (scope: Construct, stage: string): UserPool => {
  const pool = new UserPool(scope, 'UserPool', {
    userPoolName: userPool.name(stage),
    // Customers register through kippu, which confirms the address itself.
    selfSignUpEnabled: false,
    signInAliases: { email: true },
    autoVerify: { email: true },
    keepOriginal: { email: true },
    standardAttributes: { email: { required: true, mutable: true } },
    customAttributes: {
      role: new StringAttribute({ minLen: 1, maxLen: ROLE_ATTRIBUTE_LENGTH_MAX, mutable: true }),
      subject: new StringAttribute({ minLen: 1, maxLen: SUBJECT_ATTRIBUTE_LENGTH_MAX, mutable: true }),
    },
    passwordPolicy: {
      minLength: PASSWORD_POLICY.lengthMin,
      requireLowercase: PASSWORD_POLICY.requireLowercase,
      requireUppercase: PASSWORD_POLICY.requireUppercase,
      requireDigits: PASSWORD_POLICY.requireDigits,
      requireSymbols: PASSWORD_POLICY.requireSymbols,
      tempPasswordValidity: TEMPORARY_PASSWORD_VALIDITY,
    },
    userInvitation: {
      emailSubject: 'Your kippu operator account',
      emailBody: 'You are a kippu operator. Your user name is {username} and your temporary password is {####}.',
    },
    mfa: Mfa.OPTIONAL,
    mfaSecondFactor: { otp: true, sms: false },
    accountRecovery: AccountRecovery.EMAIL_ONLY,
    // The Plus plan brings threat protection (compromised credentials, adaptive
    // authentication), enforced here, and access token customization for the trigger below.
    featurePlan: FeaturePlan.PLUS,
    standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
    deletionProtection: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });

  NagSuppressions.addResourceSuppressions(pool, [
    {
      id: 'AwsSolutions-COG2',
      reason:
        'Customers register through kippu and sign in only with a DPoP proof by a registered device, a second factor bound to the device; MFA (TOTP) is offered but optional, and threat protection in enforced mode asks for a second factor on risky sign-ins. Providers and agents use client credentials, not passwords.',
    },
  ]);
  return pool;
};

/**
 * The app clients: the sessions client signs customers and operators in (kippu's own session
 * endpoint, or the hosted authorization code flow); machines use client credentials.
 */
const addAppClients = (
  pool: UserPool,
  resourceServer: UserPoolResourceServer,
  scopeFor: (role: Role) => ResourceServerScope,
  stage: string,
  customerCallbackUrls: readonly string[],
): { customerClient: UserPoolClient; machineClient: UserPoolClient } => {
  const readable = new ClientAttributes()
    .withStandardAttributes({ email: true, emailVerified: true })
    .withCustomAttributes('role', 'subject');
  // Clients may change the email address (re-verified) and nothing else: not the role, not the subject.
  const writable = new ClientAttributes().withStandardAttributes({ email: true });

  const flows = new Set<string>(sessionsClient.explicitAuthFlows);
  const customerClient = pool.addClient('CustomerClient', {
    userPoolClientName: sessionsClient.name(stage),
    generateSecret: false,
    authFlows: {
      adminUserPassword: flows.has('ALLOW_ADMIN_USER_PASSWORD_AUTH'),
      userSrp: flows.has('ALLOW_USER_SRP_AUTH'),
    },
    oAuth: {
      flows: { authorizationCodeGrant: true },
      scopes: [
        OAuthScope.OPENID,
        OAuthScope.EMAIL,
        ...sessionsClient.scopes.map((role) => OAuthScope.resourceServer(resourceServer, scopeFor(role))),
      ],
      callbackUrls: [...customerCallbackUrls],
    },
    readAttributes: readable,
    writeAttributes: writable,
    preventUserExistenceErrors: true,
    enableTokenRevocation: true,
    accessTokenValidity: ACCESS_TOKEN_VALIDITY,
    idTokenValidity: ID_TOKEN_VALIDITY,
    refreshTokenValidity: REFRESH_TOKEN_VALIDITY,
  });

  const machineClient = pool.addClient('MachineClient', {
    userPoolClientName: automationClient.name(stage),
    generateSecret: true,
    authFlows: {},
    oAuth: {
      flows: { clientCredentials: true },
      scopes: automationClient.scopes.map((role) => OAuthScope.resourceServer(resourceServer, scopeFor(role))),
    },
    readAttributes: readable,
    writeAttributes: new ClientAttributes(),
    preventUserExistenceErrors: true,
    enableTokenRevocation: true,
    accessTokenValidity: ACCESS_TOKEN_VALIDITY,
  });
  return { customerClient, machineClient };
};

/**
 * Who may call the API (docs/identity.md), built from shared/resources/identity.ts like the
 * local bootstrap's pool in moto.
 *
 * - Customers register through kippu (`POST /v1/registrations`, confirmed with a code kippu
 *   e-mails through SES), which creates their user with the admin API: there is no self
 *   sign-up. They sign in through kippu (`POST /v1/sessions`, a DPoP proof by a registered
 *   device), which calls AdminInitiateAuth on the sessions client; the SRP and hosted
 *   sign-in flows of that client serve operators.
 * - Operators are users with `custom:role` operator (`POST /v1/operators`, an invitation).
 * - Providers and agents are machines: each gets its own app client from
 *   `POST /v1/{providers|agents}/{id}/credentials`, allowed only its role scope; kippu maps
 *   the client id (the token's `sub`) to the party. The shared machine client below may ask
 *   for any machine scope and is meant for kippu's own automation.
 *
 * shared/http/auth.ts maps the claims to a principal. Both custom attributes are readable but
 * not writable by any app client, so only kippu (through the admin API) sets them.
 */
export class KippuAuth extends Construct {
  readonly userPool: UserPool;
  readonly resourceServer: UserPoolResourceServer;
  readonly customerClient: UserPoolClient;
  readonly machineClient: UserPoolClient;
  readonly domain: UserPoolDomain;
  /** `kippu/<role>` for every role: the scopes the API's authorizer accepts. */
  readonly roleScopes: readonly string[];
  readonly tokenScopesTrigger: KippuFunction;
  /** The OAuth token endpoint of the pool's domain, handed out with machine credentials. */
  readonly tokenUrl: string;

  constructor(scope: Construct, id: string, props: KippuAuthProps) {
    super(scope, id);

    this.userPool = newUserPool(this, props.stage);

    this.tokenScopesTrigger = new KippuFunction(this, 'TokenScopes', {
      name: 'token-scopes',
      stage: props.stage,
      description: 'Cognito pre token generation: adds the kippu/<role> scope to user access tokens',
      entry: join(PROJECT_ROOT, 'infra', 'constructs', 'token-scopes', 'handler.ts'),
      timeoutSeconds: 5,
      memoryMegabytes: 256,
      environment: { NODE_OPTIONS: '--enable-source-maps' },
    });
    this.userPool.addTrigger(UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG, this.tokenScopesTrigger.function, LambdaVersion.V2_0);

    const scopes = new Map<Role, ResourceServerScope>(
      ROLES.map((role) => [role, new ResourceServerScope({ scopeName: role, scopeDescription: `Act as a ${role}` })]),
    );
    const scopeFor = (role: Role): ResourceServerScope => {
      const found = scopes.get(role);
      if (found === undefined) throw new Error(`no scope for role ${role}`);
      return found;
    };
    this.resourceServer = this.userPool.addResourceServer('ResourceServer', {
      identifier: RESOURCE_SERVER_IDENTIFIER,
      userPoolResourceServerName: `kippu-${props.stage}`,
      scopes: [...scopes.values()],
    });
    this.roleScopes = ROLES.map(roleScope);

    this.domain = this.userPool.addDomain('Domain', {
      cognitoDomain: { domainPrefix: props.domainPrefix ?? `kippu-${props.stage}-${Aws.ACCOUNT_ID}` },
    });
    this.tokenUrl = `${this.domain.baseUrl()}/oauth2/token`;

    const clients = addAppClients(this.userPool, this.resourceServer, scopeFor, props.stage, props.customerCallbackUrls);
    this.customerClient = clients.customerClient;
    this.machineClient = clients.machineClient;
  }
}
