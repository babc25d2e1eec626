import { DomainError } from '../../errors';
import type { Clock } from '../../ports';
import { verifyDpopProof } from './dpop';
import { deviceIdOf } from './keys';
import { normalizeEmail } from './email';
import type { DeviceStore, IdentityProvider, SessionRecord, SessionStore } from './ports';

export interface SessionDeps {
  readonly identity: IdentityProvider;
  readonly devices: Pick<DeviceStore, 'getDevice'>;
  readonly sessions: SessionStore;
  readonly clock: Clock;
}

export interface SessionRequest {
  readonly email: string;
  readonly password: string;
  /** The DPoP header as sent. */
  readonly proof: string | undefined;
  readonly method: string;
  /** The URL of this endpoint, as the client must name it in `htu`. */
  readonly url: string;
}

const sessionView = (signedIn: { readonly accessToken: string; readonly expiresInSeconds: number }, session: SessionRecord) => ({
  accessToken: signedIn.accessToken,
  expiresIn: signedIn.expiresInSeconds,
  deviceId: session.deviceId,
});

/**
 * Sign a customer in from a registered device only (SPEC S3).
 *
 * Flow:
 *  1. The DPoP proof: present, well formed, signed by the key in its `jwk` header, for this
 *     method and URL, fresh (dpop.ts names each refusal).
 *  2. Its `jti` is remembered for the key, atomically: a proof presented twice is
 *     DPOP_PROOF_REPLAYED, however close together.
 *  3. The password, through Cognito: a wrong e-mail or password is INVALID_CREDENTIALS (never
 *     which of the two). Only customers sign in here.
 *  4. The proof's key must be one of this customer's devices (its id follows from the key):
 *     otherwise DEVICE_NOT_REGISTERED, and the tokens Cognito issued are dropped unseen.
 *  5. The session is recorded under the access token's id with its device: every later
 *     request with the token is refused once that device was removed (sessionStanding).
 * The password is checked before the device so that a refusal never tells whether an address
 * is registered.
 */
export const createSession = async (deps: SessionDeps, request: SessionRequest) => {
  const nowMs = deps.clock.now();
  const proof = await verifyDpopProof(request.proof, { method: request.method, url: request.url, nowMs });
  if (!(await deps.sessions.rememberProof(proof.jkt, proof.jti, proof.keepUntilMs))) {
    throw new DomainError('DPOP_PROOF_REPLAYED', 'This DPoP proof was used before; make a new proof for every request.');
  }
  const signedIn = await deps.identity.signIn(normalizeEmail(request.email), request.password);
  if (signedIn === undefined) throw new DomainError('INVALID_CREDENTIALS', 'The e-mail address or the password is wrong.');
  if (signedIn.role !== 'customer' || signedIn.subject === undefined) {
    throw new DomainError('FORBIDDEN', 'Sessions with a device proof are for customers.');
  }
  const device = await deps.devices.getDevice(signedIn.subject, deviceIdOf(signedIn.subject, proof.jkt));
  if (device === undefined) {
    throw new DomainError('DEVICE_NOT_REGISTERED', 'The key that signed the DPoP proof is not one of your registered devices.');
  }
  const session: SessionRecord = {
    tokenId: signedIn.tokenId,
    customerId: signedIn.subject,
    deviceId: device.id,
    jkt: device.jkt,
    deviceCreatedAt: device.createdAt,
    createdAt: new Date(nowMs).toISOString(),
    expiresAtMs: nowMs + signedIn.expiresInSeconds * 1000,
  };
  await deps.sessions.putSession(session);
  return sessionView(signedIn, session);
};
