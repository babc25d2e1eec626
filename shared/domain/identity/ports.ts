import type { DueIndex } from '../due/ports';
import type { Page } from '../page';
import type { Role } from '../principal';

/**
 * What the identity area needs from the outside world, declared by its consumer. AWS
 * implementations live in shared/adapters/aws (Cognito, SES, KMS, DynamoDB); tests use the
 * in-memory ones in shared/adapters/memory. Each store and the identity provider pass one
 * contract suite against both (test/contract/identity-*.ts).
 */

/** A P-256 public key as a JWK, reduced to its public members (RFC 7517). */
export interface DevicePublicKey {
  readonly kty: 'EC';
  readonly crv: 'P-256';
  readonly x: string;
  readonly y: string;
}

// ---------------------------------------------------------------------------------------
// The identity provider (Cognito): users and app clients.
// ---------------------------------------------------------------------------------------

export interface UserIdentity {
  readonly email: string;
  /** `custom:role`; undefined for a user that no one gave a role. */
  readonly role: Role | undefined;
  /** `custom:subject`: the party id the user acts as. */
  readonly subject: string | undefined;
}

export interface NewUser {
  readonly email: string;
  readonly role: Role;
  readonly subject: string;
  /**
   * The permanent password. Without one the provider invites the user with a temporary
   * password that must be changed at the first sign-in.
   */
  readonly password?: string;
}

export interface SignedIn {
  readonly accessToken: string;
  readonly expiresInSeconds: number;
  /** The access token's `jti`: sessions are recorded under it. */
  readonly tokenId: string;
  readonly role: Role | undefined;
  readonly subject: string | undefined;
}

export interface MachineClient {
  readonly clientId: string;
  /** Shown once: the provider keeps it, kippu never stores it. */
  readonly clientSecret: string;
  /** The one OAuth scope the client may ask for, `kippu/<role>`. */
  readonly scope: string;
}

export interface IdentityProvider {
  /**
   * Creates a user with its role and subject (and its password, when given) and answers
   * `created: true`; a user that exists with this e-mail is left as it is and returned with
   * `created: false`, so that a retried create changes nothing.
   */
  createUser(user: NewUser): Promise<{ readonly created: boolean; readonly user: UserIdentity }>;
  findUser(email: string): Promise<UserIdentity | undefined>;
  /** Sets a permanent password; a password the pool's policy refuses throws PASSWORD_REJECTED. */
  setPassword(email: string, password: string): Promise<void>;
  /** Password sign-in; undefined when the e-mail or the password is wrong (never which). */
  signIn(email: string, password: string): Promise<SignedIn | undefined>;
  /** An app client with a secret, the client-credentials grant and only the `kippu/<role>` scope. */
  createMachineClient(name: string, role: Role): Promise<MachineClient>;
  /** Removes an app client; removing one that is gone already succeeds. */
  deleteMachineClient(clientId: string): Promise<void>;
}

// ---------------------------------------------------------------------------------------
// Delivery of messages to people (registration codes).
// ---------------------------------------------------------------------------------------

export interface OutboxMessage {
  readonly to: string;
  readonly kind: 'registration-code';
  readonly code: string;
  /** When kippu sent it (ISO 8601). */
  readonly at: string;
  /** When the code stops working (ISO 8601). */
  readonly expiresAt: string;
}

export interface Outbox {
  /** Hands the message to the delivery service; throws when it was not accepted. */
  deliver(message: OutboxMessage): Promise<void>;
}

// ---------------------------------------------------------------------------------------
// Secrets kippu holds for a short while: the password of a provisional registration
// (sealed, because Cognito needs it in plain at confirm) and the code (hashed only).
// ---------------------------------------------------------------------------------------

export interface SecretBox {
  /** Encrypts the plaintext bound to the context; only `open` with the same context reads it. */
  seal(plaintext: string, context: Readonly<Record<string, string>>): Promise<string>;
  open(sealed: string, context: Readonly<Record<string, string>>): Promise<string>;
}

/** Six-digit registration codes, from a cryptographic source in production. */
export interface CodeGenerator {
  next(): string;
}

// ---------------------------------------------------------------------------------------
// Registrations.
// ---------------------------------------------------------------------------------------

export interface DeviceDraft {
  readonly name: string;
  readonly publicJwk: DevicePublicKey;
  /** RFC 7638 thumbprint of publicJwk. */
  readonly jkt: string;
}

type RegistrationStatus = 'provisional' | 'confirmed' | 'expired';

export interface RegistrationRecord {
  readonly id: string;
  /** Normalized: trimmed, lower case. */
  readonly email: string;
  readonly status: RegistrationStatus;
  /** The customer id the registration creates when confirmed: its address's (EmailClaim.customerId). */
  readonly customerId: string;
  /** The name the registrant gave the customer (stored text); absent: the customer is named by its id. */
  readonly name?: string;
  readonly device: DeviceDraft;
  /** The code's hash; the code itself is never stored. */
  readonly codeHash: string;
  readonly attemptsLeft: number;
  /**
   * The fingerprints of the codes that took an attempt (`codeFingerprint`), at most
   * REGISTRATION_CODE_ATTEMPTS_MAX: the same code sent again is compared again without taking
   * another, so repeats of the right code never use up the attempts.
   */
  readonly codesTried?: readonly string[];
  /** The password, sealed under the data key; removed once confirmed or expired. */
  readonly passwordSealed?: string;
  readonly createdAt: string;
  readonly expiresAtMs: number;
  readonly confirmedAt?: string;
  readonly expiredAt?: string;
}

/** Who holds an e-mail address: a provisional registration, or a confirmed customer. */
export interface EmailClaim {
  readonly email: string;
  readonly registrationId: string;
  readonly status: 'provisional' | 'confirmed';
  readonly expiresAtMs: number;
  /**
   * The address's customer id: drawn at random by the first registration that claimed the
   * address and kept by every later one, so that all of them create (or finish) one customer.
   * Never computed from the address (docs/identity.md, "Customer ids"). Absent only on claims
   * written before claims kept it.
   */
  readonly customerId?: string;
}

export type ConsumeAttempt =
  | { readonly consumed: true; readonly firstTry: boolean; readonly registration: RegistrationRecord }
  | { readonly consumed: false; readonly registration: RegistrationRecord | undefined };

export interface RegistrationStore {
  /**
   * Stores the registration and claims its e-mail in one atomic write, when the address is
   * free: no claim, a provisional claim expired by `nowMs` or released, or a claim by this
   * same registration (a retry; the registration is then replaced). A claim that keeps a
   * customer id is taken only by a registration of that customer id, and keeps it; one that
   * keeps none takes the registration's. Otherwise nothing is written and the claim is returned.
   */
  create(registration: RegistrationRecord, nowMs: number): Promise<{ created: true } | { created: false; claim: EmailClaim }>;
  get(id: string): Promise<RegistrationRecord | undefined>;
  getClaim(email: string): Promise<EmailClaim | undefined>;
  /**
   * Lets a code be compared with a registration that is provisional and not expired by
   * `nowMs`: a code whose fingerprint took an attempt before is let through again as it is
   * (`firstTry: false`); a new one takes one attempt (attemptsLeft − 1, its fingerprint
   * recorded, in one atomic write) while one is left. Otherwise nothing changes and the
   * registration is returned as it is (undefined when there is none).
   */
  consumeAttempt(id: string, nowMs: number, codeFingerprint: string): Promise<ConsumeAttempt>;
  /** Provisional → confirmed, and the claim with it; a confirmed registration stays as it is. */
  confirm(id: string, confirmedAt: string): Promise<RegistrationRecord>;
  /**
   * Provisional → expired (the sealed password removed), releasing its e-mail claim if the
   * claim is still its own. Nothing happens to a registration that is not provisional.
   */
  expire(id: string, expiredAt: string): Promise<void>;
  /**
   * Provisional registrations by expiry (REGISTRATION_DUE_LAYOUT): a registration is in it
   * from its creation until it is confirmed or expired.
   */
  readonly dueIndex: DueIndex;
}

// ---------------------------------------------------------------------------------------
// Devices and device pairs.
// ---------------------------------------------------------------------------------------

export interface DeviceRecord {
  readonly id: string;
  readonly customerId: string;
  readonly name: string;
  readonly publicJwk: DevicePublicKey;
  readonly jkt: string;
  readonly createdAt: string;
}

export interface DevicePairRecord {
  readonly id: string;
  readonly customerId: string;
  readonly fromDeviceId: string;
  readonly toDeviceId: string;
  readonly createdAt: string;
}

export type { Page } from '../page';

export type AddDeviceResult =
  { readonly outcome: 'created' | 'exists'; readonly device: DeviceRecord } | { readonly outcome: 'limit_reached' };

export type RemoveDeviceResult = 'removed' | 'not_found' | 'last_device' | 'in_pair';

export type AddPairResult =
  | { readonly outcome: 'created' | 'exists'; readonly pair: DevicePairRecord }
  | { readonly outcome: 'device_not_found'; readonly deviceId: string };

export interface DeviceStore {
  /**
   * Adds the device unless its id exists (then `exists` with the stored one) or the customer
   * has `devicesMax` devices already (`limit_reached`); atomic under concurrency.
   */
  addDevice(device: DeviceRecord, devicesMax: number): Promise<AddDeviceResult>;
  getDevice(customerId: string, deviceId: string): Promise<DeviceRecord | undefined>;
  /** In id order; a cursor the store did not hand out throws INVALID_CURSOR. */
  listDevices(customerId: string, limit: number, cursor: string | undefined): Promise<Page<DeviceRecord>>;
  /** Removes a device that is in no pair and is not the customer's last one. */
  removeDevice(customerId: string, deviceId: string): Promise<RemoveDeviceResult>;
  /** Adds the pair while both devices exist (atomically), unless its id exists. */
  addPair(pair: DevicePairRecord): Promise<AddPairResult>;
  /** The customer's pair with this id (its id follows from the two devices: devicePairIdOf). */
  getPair(customerId: string, pairId: string): Promise<DevicePairRecord | undefined>;
  listPairs(customerId: string, limit: number, cursor: string | undefined): Promise<Page<DevicePairRecord>>;
  removePair(customerId: string, pairId: string): Promise<'removed' | 'not_found'>;
}

// ---------------------------------------------------------------------------------------
// Sessions, DPoP proof replay, machine clients.
// ---------------------------------------------------------------------------------------

/** A signed-in customer session: the access token's id and the device that proved itself. */
export interface SessionRecord {
  readonly tokenId: string;
  readonly customerId: string;
  readonly deviceId: string;
  readonly jkt: string;
  /**
   * When the device was added, as the session saw it: a device removed and added again is a
   * new device (a later `createdAt`), which does not bring the sessions of the old one back.
   */
  readonly deviceCreatedAt: string;
  readonly createdAt: string;
  readonly expiresAtMs: number;
}

/** An app client that acts as one provider or agent. */
export interface MachineClientRecord {
  readonly clientId: string;
  readonly role: 'provider' | 'agent';
  readonly partyId: string;
  readonly createdAt: string;
  readonly createdBy: string;
}

export interface SessionStore {
  putSession(session: SessionRecord): Promise<void>;
  getSession(tokenId: string): Promise<SessionRecord | undefined>;
  /**
   * Records a proof's `jti` for the key until `keepUntilMs`; false when it was recorded
   * already (a replay). Atomic: of two concurrent uses exactly one is true.
   */
  rememberProof(jkt: string, jti: string, keepUntilMs: number): Promise<boolean>;
}

export interface MachineClientStore {
  /** Records the mapping while the party has fewer than `clientsMax`; false when it has that many. */
  putMachineClient(record: MachineClientRecord, clientsMax: number): Promise<boolean>;
  getMachineClient(clientId: string): Promise<MachineClientRecord | undefined>;
  /** Removes the mapping; false when there was none. */
  removeMachineClient(clientId: string): Promise<boolean>;
}
