import type { JWTPayload } from 'jose';
import { DomainError } from '../../errors';
import { DPOP_PROOF_FRESHNESS, DPOP_PROOF_LENGTH_MAX } from '../../limits';
import { comparableHtu } from './htu';
import { thumbprintOf } from './keys';
import type { DevicePublicKey } from './ports';
import {
  checkedPayload,
  issuedAtMs,
  PRIVATE_JWK_MEMBERS,
  protectedHeaderOf,
  stalenessOf,
  unsupportedCriticalHeader,
} from './proof-jwt';

/**
 * DPoP proofs (RFC 9449): a JWT that the client signs with its device key for one request,
 * carrying the public key in its `jwk` header. kippu accepts ES256 with a P-256 key only.
 *
 * The checks of RFC 9449 §4.3, each failure naming what was wrong:
 *  - no proof → DPOP_PROOF_MISSING;
 *  - not a single JWT, `typ` not `dpop+jwt`, `alg` not ES256, a `crit` header (kippu supports
 *    no critical extension), `jwk` not a public P-256 key (a private member is refused), a bad signature, `htm`/`htu` not this request (htu.ts), no `jti`
 *    → DPOP_PROOF_INVALID;
 *  - `iat` more than DPOP_PROOF_FRESHNESS.ageSecondsMax in the past, or more than
 *    DPOP_PROOF_FRESHNESS.clockSkewSeconds in the future → DPOP_PROOF_STALE.
 * A `jti` seen before (DPOP_PROOF_REPLAYED) is the caller's check, against the proof store,
 * after this one: only proofs that are otherwise valid are remembered.
 */
const DPOP_PROOF_TYPE = 'dpop+jwt';
const JTI_LENGTH_MAX = 256;

export interface DpopRequest {
  readonly method: string;
  /** The URL the request was sent to; query and fragment are ignored. */
  readonly url: string;
  readonly nowMs: number;
}

export interface VerifiedProof {
  readonly jkt: string;
  readonly jti: string;
  readonly publicJwk: DevicePublicKey;
  /** How long the proof's id must be remembered: until no `iat` check could accept it. */
  readonly keepUntilMs: number;
}

const invalid = (reason: string) => new DomainError('DPOP_PROOF_INVALID', `The DPoP proof is invalid: ${reason}.`);

const publicKeyOf = (header: Record<string, unknown>): DevicePublicKey => {
  const jwk = header['jwk'];
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) throw invalid('the jwk header is missing');
  const members = jwk as Record<string, unknown>;
  if (PRIVATE_JWK_MEMBERS.some((name) => name in members)) throw invalid('the jwk header holds a private key');
  const { kty, crv, x, y } = members;
  if (kty !== 'EC' || crv !== 'P-256' || typeof x !== 'string' || typeof y !== 'string')
    throw invalid('the jwk header is not a P-256 public key');
  return { kty, crv, x, y };
};

const checkClaims = (payload: JWTPayload, request: DpopRequest): { jti: string; iatMs: number } => {
  const { htm, htu, jti } = payload as Record<string, unknown>;
  if (htm !== request.method) throw invalid(`htm must be ${request.method}`);
  const expected = comparableHtu(request.url);
  if (typeof htu !== 'string' || expected === undefined || comparableHtu(htu) !== expected)
    throw invalid(`htu must be ${request.url}`);
  if (jti === undefined || jti === '') throw invalid('jti is missing');
  if (typeof jti !== 'string') throw invalid('jti must be a string');
  if (jti.length > JTI_LENGTH_MAX) throw invalid(`jti is longer than ${JTI_LENGTH_MAX} characters`);
  const iatMs = issuedAtMs(payload);
  if (iatMs === undefined) throw invalid('iat is missing');
  return { jti, iatMs };
};

export const verifyDpopProof = async (proof: string | undefined, request: DpopRequest): Promise<VerifiedProof> => {
  if (proof === undefined || proof.trim() === '') {
    throw new DomainError('DPOP_PROOF_MISSING', 'Send a DPoP proof signed by one of your registered devices in the DPoP header.');
  }
  if (proof.includes(',')) throw invalid('send exactly one proof');
  if (proof.length > DPOP_PROOF_LENGTH_MAX) throw invalid(`it is longer than ${DPOP_PROOF_LENGTH_MAX} characters`);
  const header = protectedHeaderOf(proof);
  if (header === undefined) throw invalid('it is not a JWT');
  if (header['typ'] !== DPOP_PROOF_TYPE) throw invalid(`typ must be ${DPOP_PROOF_TYPE}`);
  if (header['alg'] !== 'ES256') throw invalid('alg must be ES256');
  const critical = unsupportedCriticalHeader(header);
  if (critical !== undefined) throw invalid(critical);
  const publicJwk = publicKeyOf(header);
  const checked = await checkedPayload(proof, publicJwk, DPOP_PROOF_TYPE, request.nowMs);
  if ('badSignature' in checked) throw invalid('the signature does not verify with its jwk');
  if ('malformed' in checked) throw invalid(checked.malformed);
  const { jti, iatMs } = checkClaims(checked.payload, request);
  const stale = stalenessOf(iatMs, request.nowMs, DPOP_PROOF_FRESHNESS);
  if (stale !== undefined) {
    throw new DomainError('DPOP_PROOF_STALE', `The DPoP proof's ${stale}; make a new proof for every request.`);
  }
  return {
    jkt: await thumbprintOf(publicJwk),
    jti,
    publicJwk,
    keepUntilMs: iatMs + (DPOP_PROOF_FRESHNESS.ageSecondsMax + DPOP_PROOF_FRESHNESS.clockSkewSeconds) * 1000,
  };
};
