import { identityConfigOf, resourceFromEnv, type CoreConfig } from '../../config';
import type { CredentialDeps } from '../../domain/identity/credentials';
import type { DeviceDeps } from '../../domain/identity/devices';
import type { OperatorDeps } from '../../domain/identity/operators';
import type { RegistrationExpiryDeps } from '../../domain/identity/expiry';
import type { ConfirmDeps, RegistrationDeps } from '../../domain/identity/registration';
import type { SessionDeps } from '../../domain/identity/sessions';
import { randomIds } from '../../ids';
import { systemClock } from '../../ports';
import { TOKEN_URL_ENV, mailSender, sessionsClient, userPool } from '../../resources/identity';
import { dataKey } from '../../resources/keys';
import { coreTable } from '../../resources/tables';
import { dynamoDocumentClient } from './clients';
import { CognitoIdentityProvider } from './identity-cognito';
import { cognito, ses } from './identity-clients';
import { DynamoDeviceStore } from './identity-devices-dynamodb';
import { DynamoRegistrationStore } from './identity-registrations-dynamodb';
import { scryptHasher } from '../node/scrypt-hasher';
import { KmsSecretBox, SesOutbox, randomCodes } from './identity-secrets';
import { DynamoSessionStore } from './identity-sessions-dynamodb';
import { kms } from './kms-client';
import { DynamoPartyStore } from './parties-dynamodb';
import { partyRegistrationDeps } from './purchases-wiring';

/**
 * Module-scope wiring of the identity functions (see wiring.ts): each builder reads only the
 * resources its function was given, so a missing one fails the function at init.
 */
const coreTableName = (env: NodeJS.ProcessEnv): string => resourceFromEnv(env, coreTable);

/**
 * The user pool's provider. Only sign-in (sessionDeps, whose declaration has `signIn`) reads
 * the sessions client id: the stack gives KIPPU_USER_POOL_CLIENT_ID to those functions alone.
 */
const identityProvider = (env: NodeJS.ProcessEnv, signsIn = false): CognitoIdentityProvider =>
  new CognitoIdentityProvider(cognito(), {
    userPoolId: resourceFromEnv(env, userPool),
    ...(signsIn ? { sessionsClientId: resourceFromEnv(env, sessionsClient) } : {}),
  });

const registrationStore = (env: NodeJS.ProcessEnv) => new DynamoRegistrationStore(dynamoDocumentClient(), coreTableName(env));
const deviceStore = (env: NodeJS.ProcessEnv) => new DynamoDeviceStore(dynamoDocumentClient(), coreTableName(env));

export const registrationDeps = (env: NodeJS.ProcessEnv): RegistrationDeps => ({
  registrations: registrationStore(env),
  devices: deviceStore(env),
  identity: identityProvider(env),
  outbox: new SesOutbox(ses(), resourceFromEnv(env, mailSender)),
  secrets: new KmsSecretBox(kms(env), resourceFromEnv(env, dataKey)),
  hasher: scryptHasher,
  codes: randomCodes,
  ids: randomIds,
  clock: systemClock,
  confirmSeconds: identityConfigOf(env).registrationConfirmSeconds,
});

export const confirmDeps = (env: NodeJS.ProcessEnv): ConfirmDeps => ({
  registrations: registrationStore(env),
  devices: deviceStore(env),
  identity: identityProvider(env),
  secrets: new KmsSecretBox(kms(env), resourceFromEnv(env, dataKey)),
  hasher: scryptHasher,
  clock: systemClock,
  parties: partyRegistrationDeps(env),
});

/** Operators get their identities without a sessions client (they never sign in through kippu). */
export const operatorDeps = (env: NodeJS.ProcessEnv): OperatorDeps => ({
  identity: identityProvider(env),
  registrations: registrationStore(env),
  clock: systemClock,
});

export const expiryDeps = (env: NodeJS.ProcessEnv): RegistrationExpiryDeps => ({
  registrations: registrationStore(env),
  clock: systemClock,
});

export const sessionDeps = (env: NodeJS.ProcessEnv): SessionDeps => ({
  identity: identityProvider(env, true),
  devices: deviceStore(env),
  sessions: new DynamoSessionStore(dynamoDocumentClient(), coreTableName(env)),
  clock: systemClock,
});

export const deviceDeps = (env: NodeJS.ProcessEnv): DeviceDeps => ({
  devices: deviceStore(env),
  parties: new DynamoPartyStore(dynamoDocumentClient(), coreTableName(env)),
  clock: systemClock,
});

export const credentialDeps = (env: NodeJS.ProcessEnv, config: CoreConfig): CredentialDeps => ({
  identity: identityProvider(env),
  machineClients: new DynamoSessionStore(dynamoDocumentClient(), coreTableName(env)),
  parties: new DynamoPartyStore(dynamoDocumentClient(), coreTableName(env)),
  clock: systemClock,
  stage: config.stage,
  tokenUrl: resourceFromEnv(env, { envVar: TOKEN_URL_ENV }),
});
