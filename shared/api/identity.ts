import * as z from '../zod';
import {
  DEVICE_NAME_LENGTH_MAX,
  EMAIL_LENGTH_MAX,
  IDENTITY_PAGE_LIMIT_DEFAULT,
  IDENTITY_PAGE_LIMIT_MAX,
  PARTY_NAME_LENGTH_MAX,
  REGISTRATION_CODE_DIGITS,
} from '../limits';
import {
  PASSWORD_POLICY,
  passwordLength,
  passwordPolicyIssues,
  passwordPolicyPattern,
  USER_EMAIL_PATTERN,
} from '../resources/identity';
import { Identifier, pageQuery, pageOf, Timestamp, VisibleText } from './common';

/** Registrations, sessions, devices, device pairs and machine credentials (docs/identity.md). */

/**
 * An address may come with spaces, tabs or line breaks around it, which kippu trims away
 * (normalizeEmail) before it uses the address. The patterns say so, so that the document
 * describes exactly what is accepted: an address that passes zod's e-mail check and the user
 * pool's (USER_EMAIL_PATTERN) once trimmed.
 */
const SURROUNDING_SPACE = '[ \\t\\n\\r]*';
const allowingSurroundingSpace = (pattern: RegExp): RegExp => {
  const { source } = pattern;
  if (!source.startsWith('^') || !source.endsWith('$')) throw new Error(`an anchored pattern, not ${source}`);
  return new RegExp(`^${SURROUNDING_SPACE}(?:${source.slice(1, -1)})${SURROUNDING_SPACE}$`);
};

const Email = /* @__PURE__ */ z.schema(() =>
  z
    .string()
    .check(
      z.maxLength(EMAIL_LENGTH_MAX),
      z.regex(allowingSurroundingSpace(z.regexes.email), 'an e-mail address'),
      z.regex(
        allowingSurroundingSpace(USER_EMAIL_PATTERN),
        'letters, digits and . _ % + - before the @, starting with a letter, digit or _',
      ),
      z.describe('An e-mail address; spaces, tabs and line breaks around it are trimmed away, and case does not matter.'),
    ),
);

/**
 * What the document says of a password: its length bounds (the checks count characters, code
 * points, as JSON Schema and Cognito do) and, for a new one, the policy's other rules as a pattern.
 */
const passwordDocument = (lengthMin: number, pattern?: string) =>
  z.meta({
    override: { minLength: lengthMin, maxLength: PASSWORD_POLICY.lengthMax, ...(pattern === undefined ? {} : { pattern }) },
  });

const Password = /* @__PURE__ */ z.schema(() =>
  z.string().check(
    z.superRefine((password: string, context) => {
      const issues = passwordPolicyIssues(password);
      if (issues.length > 0) context.addIssue({ code: 'custom', message: `needs ${issues.join(', ')}` });
    }),
    passwordDocument(PASSWORD_POLICY.lengthMin, passwordPolicyPattern()),
    z.describe(
      `${PASSWORD_POLICY.lengthMin} to ${PASSWORD_POLICY.lengthMax} characters with a lower-case and an upper-case letter, a digit and a symbol`,
    ),
  ),
);

/** A password to sign in with: anything up to the pool's maximum. */
const SignInPassword = /* @__PURE__ */ z.schema(() =>
  z.string().check(
    z.minLength(1),
    z.refine((password: string) => passwordLength(password) <= PASSWORD_POLICY.lengthMax, {
      message: `at most ${PASSWORD_POLICY.lengthMax} characters`,
    }),
    passwordDocument(1),
  ),
);

const Base64UrlCoordinate = /* @__PURE__ */ z.schema(() =>
  z
    .string()
    .check(z.regex(/^[A-Za-z0-9_-]{43}$/, 'a 32-byte base64url coordinate'), z.describe('a 32-byte base64url coordinate')),
);

/** Private members of any JWK key type (RFC 7518 §6.2.2, §6.3.2, §6.4): present, each is refused by name. */
const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k', 'oth'] as const;

const privateMember = /* @__PURE__ */ z.schema(() =>
  z.optional(z.never({ error: 'is a private key member: send the public key only' })),
);

/**
 * A P-256 public key as a JWK; private members are refused by name, anything else unknown too.
 * The document lists only the public members: `additionalProperties: false` already refuses the
 * private ones, and listing them (as `not: {}`) gave generated clients model fields that some
 * send as null (the description says they are refused).
 */
const PublicJwk = /* @__PURE__ */ z.schema(() =>
  z
    .strictObject({
      kty: z.literal('EC'),
      crv: z.literal('P-256'),
      x: Base64UrlCoordinate,
      y: Base64UrlCoordinate,
      kid: z.optional(z.string().check(z.maxLength(200))),
      use: z.optional(z.literal('sig')),
      alg: z.optional(z.literal('ES256')),
      key_ops: z.optional(z.array(z.literal('verify')).check(z.maxLength(1))),
      ...Object.fromEntries(PRIVATE_JWK_MEMBERS.map((member) => [member, privateMember])),
    })
    .check(
      z.describe(
        `the device public key: a P-256 JWK (kty EC, crv P-256, x, y) without private members; a private member (${PRIVATE_JWK_MEMBERS.join(', ')}) is refused, 422 VALIDATION_FAILED naming it`,
      ),
      z.meta({
        id: 'PublicJwk',
        override: ({ jsonSchema }) => {
          const properties = jsonSchema.properties ?? {};
          for (const member of PRIVATE_JWK_MEMBERS) delete properties[member];
        },
      }),
    ),
);

const DeviceName = /* @__PURE__ */ z.schema(() => VisibleText(DEVICE_NAME_LENGTH_MAX));

export const RegistrationCreateRequest = /* @__PURE__ */ z.schema(() =>
  z
    .strictObject({
      email: Email,
      password: Password,
      device: z
        .strictObject({ name: DeviceName, publicJwk: PublicJwk })
        .check(z.describe('the first device, from which the customer signs in')),
      name: z
        .optional(VisibleText(PARTY_NAME_LENGTH_MAX))
        .check(
          z.describe(
            "the confirmed customer's name, which its carrier and operators read (default: its customer id; never the address)",
          ),
        ),
    })
    .check(z.meta({ id: 'RegistrationCreateRequest' })),
);

export const RegistrationResponse = /* @__PURE__ */ z.schema(() =>
  z
    .object({ id: z.string(), status: z.enum(['provisional', 'confirmed', 'expired']), expiresAt: Timestamp })
    .check(z.meta({ id: 'Registration' })),
);

export const RegistrationConfirmRequest = /* @__PURE__ */ z.schema(() =>
  z
    .strictObject({
      code: z
        .string()
        .check(
          z.regex(new RegExp(`^[0-9]{${REGISTRATION_CODE_DIGITS}}$`), `${REGISTRATION_CODE_DIGITS} digits`),
          z.describe('the code from the e-mail'),
        ),
    })
    .check(z.meta({ id: 'RegistrationConfirmRequest' })),
);

export const RegistrationConfirmResponse = /* @__PURE__ */ z.schema(() =>
  z
    .object({
      status: z.literal('confirmed'),
      customerId: z
        .string()
        .check(
          z.describe(
            "The new customer's id: drawn at random for the address (never computed from it, docs/identity.md, Customer ids); no provider is shown it.",
          ),
        ),
    })
    .check(z.meta({ id: 'RegistrationConfirmation' })),
);

export const SessionCreateRequest = /* @__PURE__ */ z.schema(() =>
  z.strictObject({ email: Email, password: SignInPassword }).check(z.meta({ id: 'SessionCreateRequest' })),
);

export const SessionResponse = /* @__PURE__ */ z.schema(() =>
  z
    .object({
      accessToken: z.string().check(z.describe('a Cognito access token: send it as a bearer token')),
      expiresIn: z.int().check(z.describe('seconds until the access token expires')),
      deviceId: z.string().check(z.describe('the device whose key signed the DPoP proof; the session is bound to it')),
    })
    .check(z.meta({ id: 'Session' })),
);

export const DeviceCreateRequest = /* @__PURE__ */ z.schema(() =>
  z.strictObject({ name: DeviceName, publicJwk: PublicJwk }).check(z.meta({ id: 'DeviceCreateRequest' })),
);

export const DeviceResponse = /* @__PURE__ */ z.schema(() =>
  z
    .object({
      id: z.string(),
      name: z.string(),
      jkt: z.string().check(z.describe('the RFC 7638 thumbprint (SHA-256) of the key')),
      publicJwk: z.object({ kty: z.literal('EC'), crv: z.literal('P-256'), x: z.string(), y: z.string() }),
      createdAt: Timestamp,
    })
    .check(z.meta({ id: 'Device' })),
);

export const DevicePairCreateRequest = /* @__PURE__ */ z.schema(() =>
  z.strictObject({ fromDeviceId: Identifier, toDeviceId: Identifier }).check(z.meta({ id: 'DevicePairCreateRequest' })),
);

export const DevicePairResponse = /* @__PURE__ */ z.schema(() =>
  z
    .object({ id: z.string(), fromDeviceId: z.string(), toDeviceId: z.string(), createdAt: Timestamp })
    .check(z.meta({ id: 'DevicePair' })),
);

export const DeviceListResponse = /* @__PURE__ */ z.schema(() => pageOf(DeviceResponse, 'DeviceList'));
export const DevicePairListResponse = /* @__PURE__ */ z.schema(() => pageOf(DevicePairResponse, 'DevicePairList'));

export const IdentityListQuery = /* @__PURE__ */ z.schema(() =>
  z.strictObject({
    ...pageQuery(IDENTITY_PAGE_LIMIT_MAX, IDENTITY_PAGE_LIMIT_DEFAULT, 'Items per page.'),
  }),
);

/** The proof of possession of a device key that signs in (RFC 9449). */
export const DpopHeader = /* @__PURE__ */ z.schema(() =>
  z.object({
    DPoP: z
      .string()
      .check(
        z.minLength(1),
        z.describe(
          'A DPoP proof: a compact JWS, typ dpop+jwt, ES256, with the public key in its header (else 401 DPOP_PROOF_MISSING).',
        ),
      ),
  }),
);

/** Creating machine credentials takes no fields: send no body, or `{}`. */
export const CredentialsCreateRequest = /* @__PURE__ */ z.schema(() =>
  z.strictObject({}).check(z.meta({ id: 'CredentialsCreateRequest' })),
);

export const CredentialsResponse = /* @__PURE__ */ z.schema(() =>
  z
    .object({
      clientId: z.string(),
      clientSecret: z
        .optional(z.string())
        .check(z.describe('shown once: kippu does not keep it, and a replayed answer leaves it out')),
      tokenUrl: z.string().check(z.describe('the OAuth 2.0 token endpoint for the client-credentials grant')),
      scope: z.string().check(z.describe('the one scope the client may ask for, kippu/provider or kippu/agent')),
    })
    .check(z.meta({ id: 'Credentials' })),
);

export const OperatorCreateRequest = /* @__PURE__ */ z.schema(() =>
  z.strictObject({ email: Email }).check(z.meta({ id: 'OperatorCreateRequest' })),
);

export const OperatorResponse = /* @__PURE__ */ z.schema(() =>
  z.object({ id: z.string(), email: z.string(), role: z.literal('operator') }).check(z.meta({ id: 'Operator' })),
);
