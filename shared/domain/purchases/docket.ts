import { DOCKET_TYPE, type DocketClaims } from '@kippu/verify/documents';
import { assert } from '../../errors';
import type { Clock } from '../../ports';
import { certifyingRootOf } from '../signing/delegated-keys';
import { liveDelegatedKeys } from '../signing/key-set';
import type { WindowPolicy } from '../signing/policy';
import type { DelegatedKeyStore } from '../signing/ports';
import { signCompactJws } from '../tickets/jws';
import type { JwsSigner } from '../tickets/ports';
import type { JwsLayout } from '../tickets/stored-jws';
import type { FeeSplit } from './fees';
import type { PurchaseStore } from './ports';
import { purchaseDocket, type PurchaseRecord, type PurchaseSettlement, type SettlementLeg } from './purchase';

/**
 * The docket: kippu's signed statement that a purchase was settled, for the provider and,
 * on the carrier route, for the carrier that will collect from its subscriber. A compact JWS
 * (ES256, the ticket signing key, so it verifies with the same JWKS), typ kippu-docket+jwt.
 * Its content is a pure function of the purchase and the posted transfer, so every attempt
 * to settle the same purchase signs the same claims (only the ECDSA signature differs, and
 * only the first stored docket is kept).
 */
export { DOCKET_TYPE };

/** The docket's claims, as the verifier package reads them. */
export type { DocketClaims } from '@kippu/verify/documents';

const epochSeconds = (iso: string): number => Math.floor(Date.parse(iso) / 1000);

/** Who a docket (and its refund docket) is addressed to: the provider, and on the carrier route also the carrier. */
export const docketAudience = (purchase: Pick<PurchaseRecord, 'providerId' | 'agentId'>): string | string[] =>
  purchase.agentId === undefined ? purchase.providerId : [purchase.providerId, purchase.agentId];

/**
 * The `amounts` claim of a docket and of its refund docket (the same amounts, given back):
 * the split's four amounts, built in this key order whatever order the split's own keys are in
 * (a split read back from a store), so that every document that carries them signs the same bytes.
 */
export const amountsOf = (split: FeeSplit): DocketClaims['amounts'] => ({
  grossMinor: split.grossMinor,
  providerNetMinor: split.providerNetMinor,
  platformFeeMinor: split.platformFeeMinor,
  carrierFeeMinor: split.carrierFeeMinor,
});

export const docketClaims = (input: {
  readonly issuer: string;
  readonly subject: string;
  readonly docketId: string;
  readonly purchase: PurchaseRecord;
  readonly split: FeeSplit;
  readonly legs: readonly SettlementLeg[];
  readonly settledAt: string;
}): DocketClaims => {
  const { purchase, split } = input;
  return {
    iss: input.issuer,
    sub: input.subject,
    aud: docketAudience(purchase),
    jti: input.docketId,
    iat: epochSeconds(input.settledAt),
    pur: purchase.id,
    off: purchase.offerId,
    res: purchase.resource,
    tkt: purchase.ticketId,
    txn: purchase.holdTransferId,
    route: purchase.route,
    prv: purchase.providerId,
    ...(purchase.agentId === undefined ? {} : { agt: purchase.agentId }),
    cur: purchase.currency,
    amounts: amountsOf(split),
    feeBps: { platform: purchase.platformFeeBps, carrier: purchase.route === 'carrier' ? purchase.carrierFeeBps : 0 },
    legs: input.legs.map((leg) => leg.transferId),
    authorizedAt: epochSeconds(purchase.createdAt),
    settledAt: epochSeconds(input.settledAt),
  };
};

export const signDocket = async (signer: JwsSigner, claims: DocketClaims): Promise<string> =>
  (await signCompactJws(signer, DOCKET_TYPE, claims)).token;

export interface DocketReadDeps {
  readonly purchases: Pick<PurchaseStore, 'replaceDocket'>;
  /**
   * The root (KMS) key itself, never a delegated one: a document it signs needs no delegation,
   * so it verifies for as long as the key is in the JWK Set, whatever its age.
   */
  readonly rootSigner: JwsSigner;
  /**
   * The delegated keys, to learn whether the docket's key is listed and for how long: the one
   * key by its kid (`get`), the listing only for a key stored without its lookup.
   */
  readonly keys: Pick<DelegatedKeyStore, 'get' | 'list' | 'longestLife'>;
  readonly clock: Clock;
  readonly policy: WindowPolicy;
}

const jsonPart = (part: string | undefined): Record<string, unknown> => {
  const value: unknown = JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8'));
  assert(typeof value === 'object' && value !== null && !Array.isArray(value), 'a docket part is a JSON object');
  return value as Record<string, unknown>;
};

/**
 * Whether a docket signed by this key verifies against the served JWK Set for at least one
 * more rotation period: the current root key (always listed) does; a delegated key does while
 * it is certified by the current root key and its `validUntil` is more than P away. Any other
 * key does not: a delegated key near its `validUntil` or certified by a previous root (listed
 * only while the operator keeps that root as verify-only), a previous root key itself (the
 * same), a key no longer listed at all.
 */
const keyOutlivesNextPeriod = async (
  deps: Omit<DocketReadDeps, 'purchases'>,
  keyId: unknown,
  nowSeconds: number,
): Promise<boolean> => {
  const rootKeyId = await deps.rootSigner.keyId();
  if (keyId === rootKeyId) return true;
  if (typeof keyId !== 'string') return false;
  // The one key, by its kid (one GetItem). A key found so is listed exactly when the listing
  // below would find it: its stored `validUntil` has not passed (implied by the test below,
  // P > 0), its window starts no earlier than the listing reaches back (its life is at most the
  // longest recorded) and no later than now (it signed this docket). Only a key stored without
  // its lookup (before lookups were written) is looked for in the listing.
  const delegated =
    (await deps.keys.get(keyId)) ?? (await liveDelegatedKeys(deps, nowSeconds)).find((record) => record.keyId === keyId);
  return (
    delegated !== undefined &&
    certifyingRootOf(delegated) === rootKeyId &&
    nowSeconds < delegated.validUntil - deps.policy.rotationSeconds
  );
};

/**
 * The docket of a settled purchase as served: one that always verifies against the served
 * JWK Set (docs/signing.md, "Dockets after their key"). A docket signed by a delegated key
 * verifies until that key's `validUntil` (its window's end + V), when the key leaves the set,
 * or until its root key leaves the set; one signed by a previous root key until the operator
 * drops that key. A carrier bills after the month closes, so a docket must verify long after.
 * So whenever the docket's key is not one the set lists for at least one more rotation period
 * (keyOutlivesNextPeriod), the same claims — the payload, byte for byte — are signed again by
 * the current root key, once, and stored in place of the first signature
 * (PurchaseStore.replaceDocket: of concurrent reads, the first replacement is kept and every
 * read answers it). The purchase path is untouched: a docket costs a KMS call only when it is
 * read this late, once per root key.
 */
export const servedDocket = async (deps: DocketReadDeps, purchase: PurchaseRecord) => {
  const served = purchaseDocket(purchase);
  const token = await resignedIfKeyLeaves(deps, DOCKET_TYPE, served.token, (resigned) =>
    deps.purchases.replaceDocket(purchase, resigned),
  );
  return { ...served, token };
};

/**
 * A stored signed document (a docket, a refund docket) as served: itself while its key is one
 * the JWK Set lists for at least one more rotation period (keyOutlivesNextPeriod), else the
 * same payload, byte for byte, signed by the current root key, which `replace` stores in its
 * place once (a conditional write) and answers: the token stored afterwards.
 */
export const resignedIfKeyLeaves = async (
  deps: Omit<DocketReadDeps, 'purchases'>,
  type: string,
  token: string,
  replace: (resigned: string) => Promise<string>,
): Promise<string> => {
  const [headerPart, payloadPart] = token.split('.');
  const header = jsonPart(headerPart);
  const payload = jsonPart(payloadPart);
  assert(typeof payload.iat === 'number', 'a docket has an iat');
  const nowSeconds = Math.floor(deps.clock.now() / 1000);
  if (await keyOutlivesNextPeriod(deps, header.kid, nowSeconds)) return token;
  // The root key itself, with no keyFor: no delegation window applies to it.
  const root: JwsSigner = { keyId: () => deps.rootSigner.keyId(), sign: (input) => deps.rootSigner.sign(input) };
  const resigned = await signCompactJws(root, type, payload);
  assert(resigned.token.split('.')[1] === payloadPart, 'a docket signed again keeps its claims byte for byte');
  return replace(resigned.token);
};

/** What a stored docket is rebuilt from: the purchase and its settlement (all but the docket). */
export interface DocketSource {
  readonly purchase: PurchaseRecord;
  readonly settlement: Omit<PurchaseSettlement, 'docket'>;
}

/**
 * A docket beside its purchase (form 1, shared/domain/tickets/stored-jws.ts): the purchase
 * and its settlement give every claim but the issuer (and `sub` for a purchase stored before
 * it kept its subject), so the purchase item keeps the kid and the signature, not the JWS.
 * Frozen: docketClaims may change, this layout does not (a docket it cannot rebuild is
 * stored whole).
 */
export const DOCKET_JWS_LAYOUT: JwsLayout<DocketSource> = {
  form: 1,
  type: DOCKET_TYPE,
  claims: [
    ['iss', () => undefined],
    ['sub', ({ purchase }) => purchase.subject],
    ['aud', ({ purchase }) => (purchase.agentId === undefined ? purchase.providerId : [purchase.providerId, purchase.agentId])],
    ['jti', ({ settlement }) => settlement.docketId],
    ['iat', ({ settlement }) => epochSeconds(settlement.settledAt)],
    ['pur', ({ purchase }) => purchase.id],
    ['off', ({ purchase }) => purchase.offerId],
    ['res', ({ purchase }) => purchase.resource],
    ['tkt', ({ purchase }) => purchase.ticketId],
    ['txn', ({ purchase }) => purchase.holdTransferId],
    ['route', ({ purchase }) => purchase.route],
    ['prv', ({ purchase }) => purchase.providerId],
    ['agt', ({ purchase }) => purchase.agentId],
    ['cur', ({ purchase }) => purchase.currency],
    ['amounts', ({ settlement: { split } }) => amountsOf(split)],
    [
      'feeBps',
      ({ purchase }) => ({
        platform: purchase.platformFeeBps,
        carrier: purchase.route === 'carrier' ? purchase.carrierFeeBps : 0,
      }),
    ],
    ['legs', ({ settlement }) => settlement.legs.map((leg) => leg.transferId)],
    ['authorizedAt', ({ purchase }) => epochSeconds(purchase.createdAt)],
    ['settledAt', ({ settlement }) => epochSeconds(settlement.settledAt)],
  ],
};
