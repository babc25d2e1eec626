import { DomainError, assert, quoted } from '../../errors';
import { derivedId } from '../../ids';
import { DEVICES_PER_CUSTOMER_MAX, REGISTRATION_CODE_ATTEMPTS_MAX, REGISTRATION_EXPIRY_GRACE_SECONDS } from '../../limits';
import type { Clock, IdGenerator, SecretHasher } from '../../ports';
import { REGISTRATION_PASSWORD_CONTEXT } from '../../resources/keys';
import { createCustomer, type PartyDeps } from '../parties/parties';
import { normalizeEmail } from './email';
import { deviceDraft, deviceIdOf } from './keys';
import { registrationExpired } from './expiry';
import type {
  CodeGenerator,
  DevicePublicKey,
  DeviceStore,
  EmailClaim,
  IdentityProvider,
  Outbox,
  RegistrationRecord,
  RegistrationStore,
  SecretBox,
  UserIdentity,
} from './ports';

export interface RegistrationDeps {
  readonly registrations: RegistrationStore;
  readonly devices: DeviceStore;
  readonly identity: IdentityProvider;
  readonly outbox: Outbox;
  readonly secrets: SecretBox;
  readonly hasher: SecretHasher;
  readonly codes: CodeGenerator;
  readonly ids: IdGenerator;
  readonly clock: Clock;
  /** How long a registration waits for its code (KIPPU_REGISTRATION_CONFIRM_SECONDS). */
  readonly confirmSeconds: number;
}

export interface ConfirmDeps extends Omit<RegistrationDeps, 'outbox' | 'codes' | 'ids' | 'confirmSeconds'> {
  readonly parties: PartyDeps;
}

export interface RegistrationInput {
  readonly email: string;
  readonly password: string;
  readonly device: { readonly name: string; readonly publicJwk: DevicePublicKey };
  /** The confirmed customer's name (stored text, as every party's); without it, its customer id. */
  readonly name?: string | undefined;
}

const sealContext = (registrationId: string) => ({
  [REGISTRATION_PASSWORD_CONTEXT.member]: REGISTRATION_PASSWORD_CONTEXT.value,
  registrationId,
});

export const registrationView = (registration: RegistrationRecord) => ({
  id: registration.id,
  status: registration.status,
  expiresAt: new Date(registration.expiresAtMs).toISOString(),
});

const alreadyRegistered = () =>
  new DomainError('EMAIL_ALREADY_REGISTERED', 'This e-mail address belongs to a registered user.', [
    { field: 'email', message: 'is registered already' },
  ]);

/**
 * The customer of a customer user of this address while no confirmed customer holds it: a
 * confirm created the user and then failed (a crash, a refused password) and was never
 * retried. It does not block the address: the next registration's confirm takes it over with
 * its own password. Only the address's own customer qualifies (the claim's customer id, or on
 * a claim written before claims kept one, the user's).
 */
const unfinishedCustomerOf = (user: UserIdentity, claim: EmailClaim | undefined): string | undefined =>
  user.role === 'customer' && claim !== undefined && (claim.customerId ?? user.subject) === user.subject
    ? user.subject
    : undefined;

/**
 * Whether a claim still holds its address against anyone else: a confirmed one always, a
 * provisional one until its expiry plus the grace (after which the stores let a new
 * registration take it over).
 */
export const claimHoldsAddress = (claim: EmailClaim, nowMs: number): boolean =>
  claim.status === 'confirmed' || claim.expiresAtMs > nowMs - REGISTRATION_EXPIRY_GRACE_SECONDS * 1000;

/**
 * Refuses an address that a claim holds: a confirmed customer's, or a pending registration's.
 * A registration that expired holds its address for the grace after its expiry, so the answer
 * names when the address is free: the expiry plus the grace.
 */
export const refuseClaim = (claim: EmailClaim, nowMs: number): never => {
  if (claim.status === 'confirmed') throw alreadyRegistered();
  const expiresAt = new Date(claim.expiresAtMs).toISOString();
  const freeAt = new Date(claim.expiresAtMs + REGISTRATION_EXPIRY_GRACE_SECONDS * 1000).toISOString();
  throw new DomainError(
    'REGISTRATION_PENDING',
    claim.expiresAtMs > nowMs
      ? `A registration of this address waits for its code until ${expiresAt}; confirm it, or register again from ${freeAt}.`
      : `A registration of this address expired at ${expiresAt}; the address is free to register again from ${freeAt}.`,
    [{ field: 'email', message: 'has a pending registration' }],
  );
};

/**
 * Stores the registration under the customer id and claims its address. Should the address
 * have been claimed and released under another customer id since it was read (the claim is
 * free, but keeps that id), it is stored once more under that id.
 */
const storeRegistration = async (
  deps: RegistrationDeps,
  draft: Omit<RegistrationRecord, 'customerId'>,
  customerId: string,
  nowMs: number,
  mayRetry: boolean,
): Promise<RegistrationRecord> => {
  const registration: RegistrationRecord = { ...draft, customerId };
  const stored = await deps.registrations.create(registration, nowMs);
  if (stored.created) return registration;
  const kept = stored.claim.customerId;
  if (mayRetry && !claimHoldsAddress(stored.claim, nowMs) && kept !== undefined && kept !== customerId)
    return storeRegistration(deps, draft, kept, nowMs, false);
  return refuseClaim(stored.claim, nowMs);
};

/**
 * Register a customer provisionally (SPEC S3).
 *
 * Flow:
 *  1. Normalize the address and check the device key (P-256, on the curve) and its thumbprint.
 *  2. An address that a confirmed customer or any Cognito user holds is a 409.
 *  3. Draw a 6-digit code and keep only its hash; seal the password under the data key
 *     (Cognito needs it in plain at confirm, and kippu must not hold it in plain).
 *  4. Store the registration and claim the address in one atomic write. The address is free
 *     when nobody claims it, when its registration expired (by time, plus the grace) or was
 *     released, or when this same registration claims it (a retry with the same
 *     Idempotency-Key derives the same id, and replaces it with a fresh code).
 *  5. The customer id is the address's: the one its claim keeps (so every registration of an
 *     address creates, or finishes, one customer), else that of a customer user a failed
 *     confirm left behind, else a new random one, which the claim then keeps. It is never
 *     computed from the address: who knows an address must not know the customer's id
 *     (docs/identity.md, "Customer ids"). Should the address have been claimed and released
 *     under an id between the read and the write, the write is refused and made once more
 *     with that id.
 *  6. Deliver the code through the outbox. If delivery fails the registration is expired at
 *     once, so the address is not locked until the expiry, and the failure propagates.
 */
export const createRegistration = async (
  deps: RegistrationDeps,
  input: RegistrationInput,
  idempotencyKey: string | undefined,
) => {
  const email = normalizeEmail(input.email);
  const device = await deviceDraft(input.device.name, input.device.publicJwk, 'device.publicJwk');
  const claim = await deps.registrations.getClaim(email);
  if (claim?.status === 'confirmed') throw alreadyRegistered();
  const user = await deps.identity.findUser(email);
  const unfinishedCustomer = user === undefined ? undefined : unfinishedCustomerOf(user, claim);
  if (user !== undefined && unfinishedCustomer === undefined) throw alreadyRegistered();
  const nowMs = deps.clock.now();
  const id = idempotencyKey === undefined ? deps.ids.next('reg') : derivedId('reg', email, idempotencyKey);
  const code = deps.codes.next();
  const draft: Omit<RegistrationRecord, 'customerId'> = {
    id,
    email,
    status: 'provisional',
    ...(input.name === undefined ? {} : { name: input.name }),
    device,
    codeHash: await deps.hasher.hash(code),
    attemptsLeft: REGISTRATION_CODE_ATTEMPTS_MAX,
    passwordSealed: await deps.secrets.seal(input.password, sealContext(id)),
    createdAt: new Date(nowMs).toISOString(),
    expiresAtMs: nowMs + deps.confirmSeconds * 1000,
  };
  const registration = await storeRegistration(
    deps,
    draft,
    claim?.customerId ?? unfinishedCustomer ?? deps.ids.next('cus'),
    nowMs,
    true,
  );
  try {
    await deps.outbox.deliver({
      to: email,
      kind: 'registration-code',
      code,
      at: registration.createdAt,
      expiresAt: new Date(registration.expiresAtMs).toISOString(),
    });
  } catch (error) {
    await deps.registrations.expire(id, new Date(deps.clock.now()).toISOString());
    throw error;
  }
  return registration;
};

const expiredError = (registration: RegistrationRecord) =>
  new DomainError(
    'REGISTRATION_EXPIRED',
    registration.attemptsLeft <= 0
      ? 'This registration used up its attempts; register again.'
      : 'This registration expired before it was confirmed; register again.',
  );

const codeInvalid = (attemptsLeft: number, detail?: string) =>
  new DomainError(
    'REGISTRATION_CODE_INVALID',
    detail ??
      (attemptsLeft === 1 ? 'The code is wrong; 1 attempt is left.' : `The code is wrong; ${attemptsLeft} attempts are left.`),
    [{ field: 'code', message: 'does not match the code that was sent' }],
    { attemptsLeft },
  );

/**
 * What identifies a code sent to one registration, so that the same code sent again takes no
 * second attempt. A 6-digit code's fingerprint can be reversed by trying them all; it is kept
 * only for the codes that were tried, and the one that matters, the right one, is spent as
 * soon as it confirms.
 */
const codeFingerprint = (registrationId: string, code: string): string => derivedId('code', registrationId, code);

/** Refusals of the confirm after which the registration cannot complete: it expires at once, freeing the address. */
const FINAL_CONFIRM_REFUSALS: readonly string[] = ['PASSWORD_REJECTED', 'EMAIL_ALREADY_REGISTERED'];

export const confirmationView = (registration: RegistrationRecord) => ({
  status: 'confirmed' as const,
  customerId: registration.customerId,
});

/**
 * Confirm a registration with its code.
 *
 * Flow:
 *  1. Unknown id → 404. A confirmed registration answers the same again for its code (a
 *     retried confirm); another code there is REGISTRATION_CODE_INVALID saying so.
 *  2. Let the code be compared (atomically, before looking at it): a code sent before is
 *     compared again as it is, a new one takes one attempt while one is left (provisional, in
 *     time). So no more than REGISTRATION_CODE_ATTEMPTS_MAX different codes are ever compared,
 *     however many arrive at once, and repeats of the right code (concurrent, or a retry of a
 *     confirm that failed) never use up the attempts. Refused: expired (by time) or out of
 *     attempts → REGISTRATION_EXPIRED.
 *  3. Wrong code → REGISTRATION_CODE_INVALID with the attempts left; the wrong code that took
 *     the last attempt expires the registration at once and releases the address.
 *  4. Right code → the customer record with its wallet, the Cognito user (role customer,
 *     subject = customer id, the sealed password), the first device, then the registration
 *     and the address confirmed. Each step is idempotent (the customer id is the
 *     registration's, the address's own; an existing Cognito user of the same customer gets
 *     the password again), so a
 *     confirm that failed half-way completes when retried, and a user it left behind does not
 *     block the address once the registration expired (createRegistration). A password the
 *     pool refuses, or an address another user took meanwhile, ends the registration at once.
 */
export const confirmRegistration = async (
  deps: ConfirmDeps,
  registrationId: string,
  code: string,
): Promise<RegistrationRecord> => {
  const current = await deps.registrations.get(registrationId);
  if (current === undefined) throw new DomainError('REGISTRATION_NOT_FOUND', `No registration ${quoted(registrationId)}.`);
  if (current.status === 'confirmed') {
    if (!(await deps.hasher.matches(code, current.codeHash)))
      throw codeInvalid(0, 'This registration is confirmed already, and this is not the code that confirmed it.');
    return current;
  }
  const nowMs = deps.clock.now();
  const attempt = await deps.registrations.consumeAttempt(registrationId, nowMs, codeFingerprint(registrationId, code));
  if (!attempt.consumed) {
    const latest = attempt.registration ?? current;
    if (latest.status === 'confirmed') return confirmRegistration(deps, registrationId, code);
    assert(
      latest.attemptsLeft <= 0 || registrationExpired(latest, nowMs) || latest.status === 'expired',
      'an attempt is refused only when none is left, time is up or the registration ended',
    );
    throw expiredError(latest);
  }
  const registration = attempt.registration;
  if (!(await deps.hasher.matches(code, registration.codeHash))) {
    if (attempt.firstTry && registration.attemptsLeft <= 0)
      await deps.registrations.expire(registrationId, new Date(nowMs).toISOString());
    throw codeInvalid(registration.attemptsLeft);
  }
  try {
    await completeRegistration(deps, registration, nowMs);
  } catch (error) {
    if (!(error instanceof DomainError && FINAL_CONFIRM_REFUSALS.includes(error.code))) throw error;
    await deps.registrations.expire(registrationId, new Date(deps.clock.now()).toISOString());
    if (error.code !== 'PASSWORD_REJECTED') throw error;
    throw new DomainError(
      'PASSWORD_REJECTED',
      'The user pool refused the password, so this registration has ended; register again with another password.',
      error.fields,
    );
  }
  return deps.registrations.confirm(registrationId, new Date(deps.clock.now()).toISOString());
};

const completeRegistration = async (deps: ConfirmDeps, registration: RegistrationRecord, nowMs: number): Promise<void> => {
  assert(registration.passwordSealed !== undefined, 'a provisional registration holds its sealed password');
  const password = await deps.secrets.open(registration.passwordSealed, sealContext(registration.id));
  const customerId = registration.customerId;
  // The name the registrant gave, else the customer's id (which every reader of the customer, its
  // carrier and operators, sees anyway): never the address, which no operation reads out. A
  // customer that an earlier confirm of the address created and then failed keeps its name.
  const leftBehind = await deps.parties.parties.getCustomer(customerId);
  const name = leftBehind?.name ?? registration.name ?? customerId;
  await createCustomer(deps.parties, customerId, { name }, { role: 'customer', subject: customerId });
  const user = await deps.identity.createUser({ email: registration.email, role: 'customer', subject: customerId, password });
  if (!user.created) {
    // A user of this same customer was left by a confirm that crashed: finish it. Anyone else's address is not ours.
    if (user.user.role !== 'customer' || user.user.subject !== customerId) throw alreadyRegistered();
    await deps.identity.setPassword(registration.email, password);
  }
  const added = await deps.devices.addDevice(
    {
      id: deviceIdOf(customerId, registration.device.jkt),
      customerId,
      name: registration.device.name,
      publicJwk: registration.device.publicJwk,
      jkt: registration.device.jkt,
      createdAt: new Date(nowMs).toISOString(),
    },
    DEVICES_PER_CUSTOMER_MAX,
  );
  if (added.outcome === 'limit_reached') {
    throw new DomainError('DEVICE_LIMIT_REACHED', `This customer has ${DEVICES_PER_CUSTOMER_MAX} devices already.`);
  }
};
