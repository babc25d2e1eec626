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
import { KippuFunction } from './kippu-function';
import { PROJECT_ROOT } from './paths';
import { ROLE_SCOPE_PREFIX } from './token-scopes/handler';

/** The resource server identifier; scopes read `kippu/<role>`. */
export const RESOURCE_SERVER_IDENTIFIER = 'kippu';
/** The roles that obtain tokens through OAuth client credentials rather than as users. */
export const MACHINE_ROLES = ['provider', 'agent', 'operator'] as const satisfies readonly Role[];

export const PASSWORD_LENGTH_MIN = 12;
const TEMPORARY_PASSWORD_VALIDITY = Duration.days(3);
const ACCESS_TOKEN_VALIDITY = Duration.minutes(60);
const ID_TOKEN_VALIDITY = Duration.minutes(60);
const REFRESH_TOKEN_VALIDITY = Duration.days(30);
/** `custom:role` holds one of ROLES; `custom:subject` an opaque id such as `prv_…`. */
const ROLE_ATTRIBUTE_LENGTH_MAX = 16;
const SUBJECT_ATTRIBUTE_LENGTH_MAX = 64;

export interface KippuAuthProps {
  readonly stage: string;
  /** Where the hosted sign-in may send customers back to (authorization code grant). */
  readonly customerCallbackUrls: readonly string[];
  /** Prefix of the Cognito hosted domain that serves the OAuth token endpoint. */
  readonly domainPrefix?: string;
}

/**
 * Who may call the API.
 *
 * - Customers sign themselves up in the user pool (email, verified by a code) and sign in
 *   with SRP or a password through the customer app client, or through the hosted sign-in
 *   with the authorization code grant.
 * - Providers, agents and operators are machines: they use the OAuth client credentials
 *   grant. The shared machine client below may ask for any of the three scopes and is meant
 *   for kippu's own automation. Each provider gets its own app client, created by an
 *   operator (CreateUserPoolClient) and allowed only `kippu/provider`; the token's `sub` is
 *   that client's id, which the handlers take as the provider's subject. Callers ask for
 *   exactly one role scope per token.
 *
 * shared/http/auth.ts maps the claims to a principal: the role from the `kippu/<role>` scope
 * (or a `custom:role` claim), the subject from `custom:subject` when present, else `sub`.
 * Both custom attributes are readable but not writable by any app client, so only operators
 * (through the admin API) set them.
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

  constructor(scope: Construct, id: string, props: KippuAuthProps) {
    super(scope, id);

    this.userPool = new UserPool(this, 'UserPool', {
      userPoolName: `kippu-${props.stage}`,
      selfSignUpEnabled: true,
      signInAliases: { email: true },
      autoVerify: { email: true },
      keepOriginal: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      customAttributes: {
        role: new StringAttribute({ minLen: 1, maxLen: ROLE_ATTRIBUTE_LENGTH_MAX, mutable: true }),
        subject: new StringAttribute({ minLen: 1, maxLen: SUBJECT_ATTRIBUTE_LENGTH_MAX, mutable: true }),
      },
      passwordPolicy: {
        minLength: PASSWORD_LENGTH_MIN,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: TEMPORARY_PASSWORD_VALIDITY,
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

    NagSuppressions.addResourceSuppressions(this.userPool, [
      {
        id: 'AwsSolutions-COG2',
        reason:
          'Customers sign themselves up; MFA (TOTP) is offered but optional for them, and threat protection in enforced mode asks for a second factor on risky sign-ins. Roles that can act on others (providers, agents, operators) use client credentials, not passwords.',
      },
    ]);

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
    this.roleScopes = ROLES.map((role) => `${ROLE_SCOPE_PREFIX}${role}`);

    this.domain = this.userPool.addDomain('Domain', {
      cognitoDomain: { domainPrefix: props.domainPrefix ?? `kippu-${props.stage}-${Aws.ACCOUNT_ID}` },
    });

    const readable = new ClientAttributes()
      .withStandardAttributes({ email: true, emailVerified: true })
      .withCustomAttributes('role', 'subject');
    // Clients may change the email address (re-verified) and nothing else: not the role, not the subject.
    const writable = new ClientAttributes().withStandardAttributes({ email: true });

    this.customerClient = this.userPool.addClient('CustomerClient', {
      userPoolClientName: `kippu-${props.stage}-customers`,
      generateSecret: false,
      authFlows: { userSrp: true, userPassword: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.resourceServer(this.resourceServer, scopeFor('customer'))],
        callbackUrls: [...props.customerCallbackUrls],
      },
      readAttributes: readable,
      writeAttributes: writable,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: ACCESS_TOKEN_VALIDITY,
      idTokenValidity: ID_TOKEN_VALIDITY,
      refreshTokenValidity: REFRESH_TOKEN_VALIDITY,
    });

    this.machineClient = this.userPool.addClient('MachineClient', {
      userPoolClientName: `kippu-${props.stage}-machines`,
      generateSecret: true,
      authFlows: {},
      oAuth: {
        flows: { clientCredentials: true },
        scopes: MACHINE_ROLES.map((role) => OAuthScope.resourceServer(this.resourceServer, scopeFor(role))),
      },
      readAttributes: readable,
      writeAttributes: new ClientAttributes(),
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: ACCESS_TOKEN_VALIDITY,
    });
  }
}
