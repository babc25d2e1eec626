import type * as z from '../../zod';
import {
  CredentialsCreateRequest,
  CredentialsResponse,
  DeviceCreateRequest,
  DeviceListResponse,
  DevicePairCreateRequest,
  DevicePairListResponse,
  DevicePairResponse,
  DeviceResponse,
  DpopHeader,
  IdentityListQuery,
  OperatorCreateRequest,
  OperatorResponse,
  RegistrationConfirmRequest,
  RegistrationConfirmResponse,
  RegistrationCreateRequest,
  RegistrationResponse,
  SessionCreateRequest,
  SessionResponse,
} from '../identity';
import { createdOrExisting, listOperation, type OperationDoc, removeOperation } from './types';

const credentialsCreate = (role: 'provider' | 'agent'): OperationDoc => ({
  summary: `Machine credentials for a ${role} (an operator, or the ${role} itself): a Cognito app client with the client-credentials grant whose tokens act as that ${role}`,
  roles: ['operator', role],
  request: CredentialsCreateRequest,
  idempotencyKey: 'optional',
  responses: {
    201: { description: 'The credentials; the secret is shown once (a replay leaves it out).', schema: CredentialsResponse },
  },
  problems: [role === 'provider' ? 'PROVIDER_NOT_FOUND' : 'AGENT_NOT_FOUND', 'CREDENTIALS_LIMIT_REACHED'],
});

const credentialsDelete = (role: 'provider' | 'agent'): OperationDoc =>
  idempotent(
    removeOperation(
      `Remove machine credentials of a ${role}: the app client and its mapping to the ${role}`,
      ['operator', role],
      [role === 'provider' ? 'PROVIDER_NOT_FOUND' : 'AGENT_NOT_FOUND', 'CREDENTIAL_NOT_FOUND'],
    ),
  );

/** A change that takes an optional Idempotency-Key: a repeat with it replays the first answer. */
const idempotent = (operation: OperationDoc): OperationDoc => ({ ...operation, idempotencyKey: 'optional' });

/** A page of the caller's own devices or device pairs. */
const callersList = (what: string, schema: z.core.$ZodType): OperationDoc =>
  listOperation({
    summary: `The caller's ${what}`,
    roles: ['customer'],
    query: IdentityListQuery,
    page: { description: `A page of ${what}.`, schema },
    problems: ['CUSTOMER_NOT_FOUND'],
  });

/** Registration, sign-in, devices, machine credentials and operators. */
export const identityOperations: Readonly<Record<string, OperationDoc>> = {
  registrationCreate: {
    summary: 'Register as a customer: provisional until the code sent by e-mail is confirmed (public, throttled)',
    roles: [],
    request: RegistrationCreateRequest,
    idempotencyKey: 'optional',
    responses: {
      201: { description: 'The provisional registration; the code is on its way.', schema: RegistrationResponse },
    },
    problems: ['EMAIL_ALREADY_REGISTERED', 'REGISTRATION_PENDING', 'PASSWORD_REJECTED'],
  },
  registrationConfirm: {
    summary: 'Confirm a registration with its code: the customer, its Cognito user and its first device (public, throttled)',
    description:
      'REGISTRATION_CODE_INVALID names the attempts left; each different code takes one, the same code sent again none. PASSWORD_REJECTED (the pool refused the password) ends the registration: register again.',
    roles: [],
    request: RegistrationConfirmRequest,
    idempotencyKey: 'optional',
    responses: {
      200: { description: 'Confirmed (a repeat with the code answers the same).', schema: RegistrationConfirmResponse },
    },
    problems: [
      'REGISTRATION_NOT_FOUND',
      'REGISTRATION_CODE_INVALID',
      'REGISTRATION_EXPIRED',
      'EMAIL_ALREADY_REGISTERED',
      'PASSWORD_REJECTED',
      'DEVICE_LIMIT_REACHED',
    ],
  },
  sessionCreate: {
    summary: 'Sign in from a registered device with a DPoP proof (public, throttled)',
    description:
      "The DPoP header carries a proof (RFC 9449, typ dpop+jwt, ES256, claims htm, htu, iat, jti) signed by the key of one of your registered devices. The access token it answers is a bearer token (send it as Authorization: Bearer; it carries no cnf and needs no DPoP proof per request); its session is bound on kippu's side to the device that signed in, and ends when that device is removed (SESSION_REVOKED) or when the token expires. It takes no Idempotency-Key, on purpose: its answer holds an access token that kippu never stores, and each sign-in is bound to its one-time proof, so a retry signs in again with a new proof.",
    roles: [],
    request: SessionCreateRequest,
    headers: DpopHeader,
    responses: {
      201: {
        description:
          'A Cognito access token, a bearer token whose session is bound to the device that proved itself (ended when that device is removed).',
        schema: SessionResponse,
      },
    },
    problems: [
      'DPOP_PROOF_MISSING',
      'DPOP_PROOF_INVALID',
      'DPOP_PROOF_STALE',
      'DPOP_PROOF_REPLAYED',
      'INVALID_CREDENTIALS',
      'SIGN_IN_CHALLENGE_REQUIRED',
      'DEVICE_NOT_REGISTERED',
      'FORBIDDEN',
    ],
  },
  deviceCreate: {
    summary: 'Register a device: a P-256 public key, known by its RFC 7638 thumbprint',
    roles: ['customer'],
    request: DeviceCreateRequest,
    idempotencyKey: 'optional',
    responses: createdOrExisting(DeviceResponse, 'The device.', 'This key is registered already under this name.'),
    problems: ['CUSTOMER_NOT_FOUND', 'DEVICE_LIMIT_REACHED', 'DEVICE_ALREADY_REGISTERED'],
  },
  deviceList: callersList('devices', DeviceListResponse),
  deviceDelete: idempotent(
    removeOperation(
      'Remove a device (not one in a device pair, not the last one)',
      ['customer'],
      ['CUSTOMER_NOT_FOUND', 'DEVICE_NOT_FOUND', 'LAST_DEVICE', 'DEVICE_IN_PAIR'],
    ),
  ),
  devicePairCreate: {
    summary: "Allow tickets to move from one of the caller's devices to another",
    roles: ['customer'],
    request: DevicePairCreateRequest,
    idempotencyKey: 'optional',
    responses: createdOrExisting(DevicePairResponse, 'The pair.', 'This pair exists already.'),
    problems: ['CUSTOMER_NOT_FOUND', 'DEVICE_NOT_FOUND', 'DEVICE_PAIR_SAME_DEVICE'],
  },
  devicePairList: callersList('device pairs', DevicePairListResponse),
  devicePairDelete: idempotent(
    removeOperation('Remove a device pair', ['customer'], ['CUSTOMER_NOT_FOUND', 'DEVICE_PAIR_NOT_FOUND']),
  ),
  providerCredentialsCreate: credentialsCreate('provider'),
  providerCredentialsDelete: credentialsDelete('provider'),
  agentCredentialsCreate: credentialsCreate('agent'),
  agentCredentialsDelete: credentialsDelete('agent'),
  operatorCreate: {
    summary: 'Give an operator a user identity (Cognito e-mails an invitation)',
    description: 'An address that a customer registration holds, pending or confirmed, is refused as a registration would be.',
    roles: ['operator'],
    request: OperatorCreateRequest,
    idempotencyKey: 'optional',
    responses: createdOrExisting(OperatorResponse, 'The operator.', 'This operator exists already.'),
    problems: ['EMAIL_ALREADY_REGISTERED', 'REGISTRATION_PENDING'],
  },
};
