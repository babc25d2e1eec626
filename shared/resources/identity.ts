import { ROLES, type Role } from '../domain/principal';

/**
 * Identity resources, declared once: the Cognito user pool (its custom attributes, password
 * policy, resource server scopes and app clients) and the e-mail sender. The CDK stack builds
 * them (infra/constructs/kippu-auth.ts) and the local bootstrap creates the same pool, scopes
 * and clients in moto's cognito-idp. Functions learn ids and addresses from environment
 * variables.
 */

/** The resource server identifier; role scopes read `kippu/<role>`. */
export const RESOURCE_SERVER_IDENTIFIER = 'kippu';
export const roleScope = (role: Role): string => `${RESOURCE_SERVER_IDENTIFIER}/${role}`;
export const ROLE_SCOPES: readonly string[] = /* @__PURE__ */ ROLES.map(roleScope);

/** The roles that obtain tokens through OAuth client credentials rather than as users. */
const MACHINE_ROLES = ['provider', 'agent', 'operator'] as const satisfies readonly Role[];
export type MachineRole = (typeof MACHINE_ROLES)[number];

/** `custom:role` holds one of ROLES; `custom:subject` the party id such as `cus_…`. */
export const ROLE_ATTRIBUTE = 'custom:role';
export const SUBJECT_ATTRIBUTE = 'custom:subject';
export const ROLE_ATTRIBUTE_LENGTH_MAX = 16;
export const SUBJECT_ATTRIBUTE_LENGTH_MAX = 64;

/**
 * The password policy of the pool, the one declaration that the CDK pool, the local pool and
 * kippu's own check (`passwordPolicyIssues`, at registration) read, so that a password kippu
 * accepted is never refused when the confirm sets it. Lengths count characters (code points)
 * as Cognito does, not UTF-16 units.
 */
export const PASSWORD_POLICY = {
  lengthMin: 12,
  /**
   * Cognito's own limit (its API takes passwords of at most 256 characters; a pool's policy
   * cannot change it). moto applies a pool maximum of its own (99 unless set), so the local
   * bootstrap gives its pool this one.
   */
  lengthMax: 256,
  requireLowercase: true,
  requireUppercase: true,
  requireDigits: true,
  requireSymbols: true,
} as const;

/** The characters Cognito counts as symbols (the space among them). */
const PASSWORD_SYMBOLS = '^$*.[]{}()?"!@#%&/\\,><\':;|_~`+=- ';

/** What String.prototype.trim removes: a password may not start or end with one of these. */
const TRIMMED_WHITESPACE = '\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff';

/**
 * passwordPolicyIssues but the length, as one regular expression for the OpenAPI document (its
 * lengths are minLength and maxLength), so a client or fuzzer that follows the document sends
 * only passwords kippu accepts. Written for ECMA-262 and Python alike: lookaheads over
 * `[\s\S]*`, explicit character classes, no flags (a test compares it with the check).
 */
export const passwordPolicyPattern = (): string => {
  const symbols = [...PASSWORD_SYMBOLS]
    .map((character) => ('\\^]-['.includes(character) ? `\\${character}` : character))
    .join('');
  const edge = `[${TRIMMED_WHITESPACE}]`;
  return `^(?!${edge})(?![\\s\\S]*${edge}$)(?=[\\s\\S]*[a-z])(?=[\\s\\S]*[A-Z])(?=[\\s\\S]*[0-9])(?=[\\s\\S]*[${symbols}])`;
};

/** A password's length as Cognito counts it: in characters (code points). */
export const passwordLength = (password: string): number => [...password].length;

/** What a password lacks under PASSWORD_POLICY, as phrases; empty when Cognito will accept it. */
export const passwordPolicyIssues = (password: string): string[] => {
  const issues: string[] = [];
  const length = passwordLength(password);
  if (length < PASSWORD_POLICY.lengthMin) issues.push(`at least ${PASSWORD_POLICY.lengthMin} characters`);
  if (length > PASSWORD_POLICY.lengthMax) issues.push(`at most ${PASSWORD_POLICY.lengthMax} characters`);
  if (password !== password.trim()) issues.push('no space at the start or the end');
  if (!/[a-z]/.test(password)) issues.push('a lower-case letter');
  if (!/[A-Z]/.test(password)) issues.push('an upper-case letter');
  if (!/[0-9]/.test(password)) issues.push('a digit');
  if (![...password].some((character) => PASSWORD_SYMBOLS.includes(character))) issues.push('a symbol');
  return issues;
};

/**
 * The e-mail addresses kippu hands the pool as user names (the pool signs in by e-mail): a
 * local part of letters, digits and . _ % + - that starts with a letter, digit or _, and a
 * dotted domain. The request schemas hold to it, so the pool never refuses an address that
 * kippu accepted; an address it still refuses is 422 VALIDATION_FAILED naming email.
 */
export const USER_EMAIL_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9._%+-]*@[A-Za-z0-9][A-Za-z0-9.-]*\.[A-Za-z]{2,}$/;

/** Lifetimes of the tokens the pool issues. */
export const ACCESS_TOKEN_VALIDITY_MINUTES = 60;
export const ID_TOKEN_VALIDITY_MINUTES = 60;
/**
 * Cognito's minimum. Kippu hands out no refresh token (it drops the one its sign-in gets), and
 * Cognito cannot turn refresh tokens off on a client (CDK adds ALLOW_REFRESH_TOKEN_AUTH to every
 * client without rotation), so the sessions client's refresh tokens, which only its hosted
 * sign-in and SRP hand to operators, live no longer than an access token.
 */
export const REFRESH_TOKEN_VALIDITY_MINUTES = 60;

export const userPool = {
  /** Carries the pool id to the functions that manage users and clients. */
  envVar: 'KIPPU_USER_POOL_ID',
  name: (stage: string) => `kippu-${stage}`,
} as const;

/**
 * The app client through which kippu signs customers in (`POST /v1/sessions` calls
 * AdminInitiateAuth with ADMIN_USER_PASSWORD_AUTH); it also serves SRP sign-in and the hosted
 * sign-in for operators. No secret: it is also a public client, so it allows no flow kippu does
 * not use: not USER_PASSWORD_AUTH, which would let anyone holding the public client id test a
 * customer's password at Cognito, outside the sessions route's throttle and without a device
 * proof. ALLOW_REFRESH_TOKEN_AUTH stays because Cognito (and CDK) keeps it on every client; its
 * tokens live the minimum (REFRESH_TOKEN_VALIDITY_MINUTES).
 */
export const sessionsClient = {
  envVar: 'KIPPU_USER_POOL_CLIENT_ID',
  name: (stage: string) => `kippu-${stage}-customers`,
  /** The role scopes it may ask for in OAuth flows. */
  scopes: ['customer'] as const satisfies readonly Role[],
  explicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] as const,
} as const;

/**
 * The shared client-credentials client for kippu's own automation (any machine role). Every
 * provider and agent gets its own client from `POST /v1/{providers|agents}/{id}/credentials`.
 */
export const automationClient = {
  name: (stage: string) => `kippu-${stage}-machines`,
  scopes: MACHINE_ROLES,
} as const;

/** Name of the app client kippu creates for one party's machine credentials. */
export const partyClientName = (stage: string, role: MachineRole, partyId: string): string =>
  `kippu-${stage}-${role}-${partyId}`.slice(0, 128);

/** The OAuth token endpoint machine clients call (the pool domain in AWS, the local gateway locally). */
export const TOKEN_URL_ENV = 'KIPPU_TOKEN_URL';

/**
 * The sender of kippu's e-mail (registration codes): a verified Amazon SES identity. In AWS
 * it comes from the CDK context (`mailFromAddress`, optionally `mailSenderIdentity` when the
 * verified identity is the domain); locally the bootstrap verifies it in moto's SES.
 */
export const mailSender = {
  envVar: 'KIPPU_MAIL_FROM',
  localAddress: 'no-reply@kippu.local',
} as const;
