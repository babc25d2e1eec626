import { createHash } from 'node:crypto';
import { DomainError, quoted } from '../../errors';
import { DEVICE_PROOF_FRESHNESS, DPOP_PROOF_LENGTH_MAX } from '../../limits';
import { checkedPayload, issuedAtMs, protectedHeaderOf, stalenessOf, unsupportedCriticalHeader } from '../identity/proof-jwt';
import type { TicketBinding } from '../tickets/ticket';

/**
 * Device proofs: redeeming a ticket bound to a device (`cnf.jkt`) needs a compact JWS the
 * device made for this one redeem and the provider relays — `typ: kippu-proof+jwt`,
 * `alg: ES256`, signed by the bound device's private key, with the claims `nonce` (the
 * redeem's nonce), `tkt` (the ticket id) and `iat` (at most DEVICE_PROOF_FRESHNESS.ageSecondsMax old and at
 * most its clockSkewSeconds in the future; a refusal states the rule in these numbers).
 * The key is the one recorded with the ticket's binding (its thumbprint is `cnf.jkt`); a `jwk`
 * or `kid` in the header changes nothing. Every refusal is DEVICE_PROOF_INVALID naming why.
 *
 * Replays: a proof names its nonce and ticket, and the redeem of a nonce is recorded with the
 * hash of the proof it was accepted with (proofHashOf). The same proof again is the retry of
 * that redeem and gets its first answer; the same proof with another nonce or ticket is
 * refused here.
 */
export const DEVICE_PROOF_TYPE = 'kippu-proof+jwt';

export interface ProofRequest {
  readonly ticketId: string;
  readonly nonce: string;
  readonly nowMs: number;
}

const invalid = (reason: string) => new DomainError('DEVICE_PROOF_INVALID', `The device proof is refused: ${reason}.`);

export const proofHashOf = (proof: string): string => createHash('sha256').update(proof).digest('base64url');

/** Checks the proof; answers its hash (recorded with the redemption). */
export const verifyDeviceProof = async (
  proof: string | undefined,
  binding: TicketBinding,
  request: ProofRequest,
): Promise<string> => {
  if (proof === undefined || proof.trim() === '') {
    throw invalid('the ticket is bound to a device, so the redeem needs a proof signed by that device');
  }
  if (proof.length > DPOP_PROOF_LENGTH_MAX) throw invalid('it is too long to be a proof');
  const header = protectedHeaderOf(proof);
  if (header === undefined) throw invalid('it is not a compact JWS');
  if (header['typ'] !== DEVICE_PROOF_TYPE) throw invalid(`typ must be ${DEVICE_PROOF_TYPE}`);
  if (header['alg'] !== 'ES256') throw invalid('alg must be ES256');
  const critical = unsupportedCriticalHeader(header);
  if (critical !== undefined) throw invalid(critical);
  const checked = await checkedPayload(proof, binding.publicJwk, DEVICE_PROOF_TYPE, request.nowMs);
  if ('badSignature' in checked) throw invalid('it is not signed by the device the ticket is bound to');
  if ('malformed' in checked) throw invalid(checked.malformed);
  const payload = checked.payload;
  const { nonce, tkt } = payload as Record<string, unknown>;
  if (tkt !== request.ticketId) throw invalid(`it was made for another ticket than ${quoted(request.ticketId)}`);
  if (nonce !== request.nonce) throw invalid('it was made for another redeem (its nonce is not this one); it cannot be replayed');
  const iatMs = issuedAtMs(payload);
  if (iatMs === undefined) throw invalid('iat is missing');
  const stale = stalenessOf(iatMs, request.nowMs, DEVICE_PROOF_FRESHNESS);
  if (stale !== undefined) throw invalid(`its ${stale}; the device makes a new proof for every redeem`);
  return proofHashOf(proof);
};
