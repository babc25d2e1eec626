import { REFUND_DOCKET_TYPE, type RefundDocketClaims } from '@kippu/verify/documents';
import { assert, DomainError, quoted } from '../../errors';
import { derivedId } from '../../ids';
import { purchaseReversalTransferIdFor } from '../payments/charge-legs';
import { signCompactJws } from '../tickets/jws';
import type { JwsSigner, PseudonymStore } from '../tickets/ports';
import type { JwsLayout } from '../tickets/stored-jws';
import { amountsOf, docketAudience, resignedIfKeyLeaves, type DocketReadDeps } from './docket';
import type { PurchaseStore } from './ports';
import { docketIdFor, settlementLegs, settlementReversalIdFor, type PurchaseRecord, type PurchaseRefund } from './purchase';

/**
 * The refund docket: kippu's signed statement that the settlement a docket recorded was
 * reversed, for the same parties as the docket (its `aud`: the provider and, on the carrier
 * route, the carrier that collects). The docket proves a charge, the refund docket its
 * reversal; signed history is never rewritten, so the docket stays as it was. A compact JWS
 * (ES256), typ kippu-refund-docket+jwt, signed as a docket is: by the window's delegated key
 * with KIPPU_SIGNING=delegated (when the key's delegation lists the type: keys certified
 * before refund dockets were delegated leave them to the root key), by the root (KMS) key
 * with `kms`. It verifies with the same JWK Set, and is signed again by the current root key
 * when its key is about to leave the set, as a docket is (servedRefundDocket).
 *
 * Only a refund that reversed a settlement has one (refundReversedSettlement): a refund that
 * voided the hold of a purchase never settled took no money, and there is no docket to
 * reverse. Its claims are a pure function of the purchase and its refund (the reversal
 * transfers derive from the purchase, the time is the refund's), so every attempt of one
 * refund signs the same claims; the one stored is the one the refund's write stored.
 */
export { REFUND_DOCKET_TYPE };
export type { RefundDocketClaims } from '@kippu/verify/documents';

export const refundDocketIdFor = (purchaseId: string): string => derivedId('rdk', 'purchase-refund-docket', purchaseId);

/**
 * True when the purchase's refund reversed its settlement (its transfers name the reversal of
 * the post leg), whether the purchase was settled when it was refunded or the refund overtook
 * the settlement's record: such a refund has a refund docket.
 */
export const refundReversedSettlement = (purchase: PurchaseRecord): boolean =>
  purchase.refund?.transferIds.includes(settlementReversalIdFor(purchase.id)) === true;

const epochSeconds = (iso: string): number => Math.floor(Date.parse(iso) / 1000);

/**
 * The claims of a refund docket: every leg of the settlement (as recorded, or as the purchase
 * derives it when the refund overtook the settlement's record) with the transfer that
 * reversed it, and the amounts given back (the docket's amounts).
 */
export const refundDocketClaims = (input: {
  readonly issuer: string;
  readonly subject: string;
  readonly purchase: PurchaseRecord;
  readonly refund: Pick<PurchaseRefund, 'refundedAt' | 'transferIds'>;
}): RefundDocketClaims => {
  const { purchase, refund } = input;
  const { split, legs } = purchase.settlement ?? settlementLegs(purchase);
  const reversed = legs.map((leg) => {
    const trf = purchaseReversalTransferIdFor(purchase.id, leg.kind);
    assert(refund.transferIds.includes(trf), `the refund of purchase ${purchase.id} reversed its ${leg.kind} leg`);
    return { kind: leg.kind, trf, rev: leg.transferId, amountMinor: leg.amountMinor };
  });
  return {
    iss: input.issuer,
    sub: input.subject,
    aud: docketAudience(purchase),
    jti: refundDocketIdFor(purchase.id),
    iat: epochSeconds(refund.refundedAt),
    pur: purchase.id,
    dkt: purchase.settlement?.docketId ?? docketIdFor(purchase.id),
    tkt: purchase.ticketId,
    route: purchase.route,
    prv: purchase.providerId,
    ...(purchase.agentId === undefined ? {} : { agt: purchase.agentId }),
    cur: purchase.currency,
    amounts: amountsOf(split),
    legs: reversed,
    refundedAt: epochSeconds(refund.refundedAt),
  };
};

/** What signing a refund docket needs: the document signer, the issuer, and the pseudonyms of purchases that do not keep theirs. */
export interface RefundDocketSigning {
  /**
   * The document signer (shared/adapters/aws/signing-wiring.ts documentSigner): the window's
   * delegated key with KIPPU_SIGNING=delegated, the KMS key with `kms`; it picks the key from
   * the refund docket's type and `iat` (its keyFor).
   */
  readonly signer: JwsSigner;
  readonly issuer: string;
  readonly pseudonyms: Pick<PseudonymStore, 'subjectFor'>;
}

/** The refund docket of a refund that reversed the settlement, signed by the key the signer picks for it. */
const signedRefundDocket = async (
  deps: RefundDocketSigning,
  purchase: PurchaseRecord,
  refund: Pick<PurchaseRefund, 'refundedAt' | 'transferIds'>,
): Promise<{ refundDocketId: string; refundDocket: string }> => {
  const subject = purchase.subject ?? (await deps.pseudonyms.subjectFor(purchase.providerId, purchase.customerId));
  const claims = refundDocketClaims({ issuer: deps.issuer, subject, purchase, refund });
  const { token } = await signCompactJws(deps.signer, REFUND_DOCKET_TYPE, claims);
  return { refundDocketId: claims.jti, refundDocket: token };
};

/**
 * The refund docket of this refund of the purchase: its id and its token, for the refund's
 * write (PurchaseStore.markRefunded) to store with it, so that the refund and its docket are
 * recorded together, once. Nothing when the refund reversed no settlement (it voided the hold).
 */
export const signRefundDocket = async (
  deps: RefundDocketSigning,
  purchase: PurchaseRecord,
  refund: Pick<PurchaseRefund, 'refundedAt' | 'transferIds'>,
): Promise<Pick<PurchaseRefund, 'refundDocketId' | 'refundDocket'>> =>
  refund.transferIds.includes(settlementReversalIdFor(purchase.id)) ? signedRefundDocket(deps, purchase, refund) : {};

export type RefundDocketReadDeps = Omit<DocketReadDeps, 'purchases'> &
  Omit<RefundDocketSigning, 'signer'> & { readonly purchases: Pick<PurchaseStore, 'storeRefundDocket'> };

/**
 * The refund docket of a refunded purchase as served: the stored one, signed again by the
 * current root key when its key is not one the JWK Set lists for at least one more rotation
 * period (the docket's rule, servedDocket: a delegated key near its `validUntil`, a previous
 * root), and stored in its place once. A refund recorded before refund dockets were signed
 * has none stored: the first read signs it with the root key from the refund
 * (the same claims any refund of it signs) and stores it, once (of concurrent reads, the
 * first write is kept). 404 REFUND_DOCKET_NOT_FOUND when the purchase's refund reversed no
 * settlement, or it was not refunded.
 */
export const servedRefundDocket = async (deps: RefundDocketReadDeps, purchase: PurchaseRecord) => {
  const { refund } = purchase;
  if (refund === undefined || !refundReversedSettlement(purchase)) {
    throw new DomainError(
      'REFUND_DOCKET_NOT_FOUND',
      refund === undefined
        ? `Purchase ${quoted(purchase.id)} has no refund docket: it was not refunded (it is ${purchase.status}).`
        : `Purchase ${quoted(purchase.id)} has no refund docket: it was refunded before it was settled, so nothing was charged (its hold was released).`,
    );
  }
  // A read signs with the root key only (the readers open no delegated key): the refund time is past.
  const root: JwsSigner = { keyId: () => deps.rootSigner.keyId(), sign: (input) => deps.rootSigner.sign(input) };
  const stored =
    refund.refundDocket ??
    (await deps.purchases.storeRefundDocket(
      purchase,
      (await signedRefundDocket({ ...deps, signer: root }, purchase, refund)).refundDocket,
    ));
  const token = await resignedIfKeyLeaves(deps, REFUND_DOCKET_TYPE, stored, (resigned) =>
    deps.purchases.storeRefundDocket({ ...purchase, refund: { ...refund, refundDocket: stored } }, resigned),
  );
  return {
    purchaseId: purchase.id,
    refundDocketId: refundDocketIdFor(purchase.id),
    docketId: purchase.settlement?.docketId ?? docketIdFor(purchase.id),
    token,
  };
};

/** What a stored refund docket is rebuilt from: the purchase (with its settlement) and the refund's time. */
export interface RefundDocketSource {
  readonly purchase: PurchaseRecord;
  readonly refund: Pick<PurchaseRefund, 'refundedAt'>;
}

/**
 * A refund docket beside its purchase (form 1, shared/domain/tickets/stored-jws.ts), as the
 * docket is stored (DOCKET_JWS_LAYOUT): the purchase, its settlement and the refund's time give
 * every claim but the issuer (and `sub` for a purchase stored before it kept its subject), so
 * the refund keeps the kid and the signature, not the JWS. The amounts and legs derive from
 * the recorded settlement only: a refund that overtook the settlement's record signs them
 * before the settlement is stored, so its refund docket is stored whole. Frozen:
 * refundDocketClaims may change, this layout does not (a refund docket it cannot rebuild is
 * stored whole).
 */
export const REFUND_DOCKET_JWS_LAYOUT: JwsLayout<RefundDocketSource> = {
  form: 1,
  type: REFUND_DOCKET_TYPE,
  claims: [
    ['iss', () => undefined],
    ['sub', ({ purchase }) => purchase.subject],
    ['aud', ({ purchase }) => (purchase.agentId === undefined ? purchase.providerId : [purchase.providerId, purchase.agentId])],
    ['jti', ({ purchase }) => refundDocketIdFor(purchase.id)],
    ['iat', ({ refund }) => epochSeconds(refund.refundedAt)],
    ['pur', ({ purchase }) => purchase.id],
    ['dkt', ({ purchase }) => purchase.settlement?.docketId ?? docketIdFor(purchase.id)],
    ['tkt', ({ purchase }) => purchase.ticketId],
    ['route', ({ purchase }) => purchase.route],
    ['prv', ({ purchase }) => purchase.providerId],
    ['agt', ({ purchase }) => purchase.agentId],
    ['cur', ({ purchase }) => purchase.currency],
    ['amounts', ({ purchase: { settlement } }) => (settlement === undefined ? undefined : amountsOf(settlement.split))],
    [
      'legs',
      ({ purchase }) =>
        purchase.settlement?.legs.map((leg) => ({
          kind: leg.kind,
          trf: purchaseReversalTransferIdFor(purchase.id, leg.kind),
          rev: leg.transferId,
          amountMinor: leg.amountMinor,
        })),
    ],
    ['refundedAt', ({ refund }) => epochSeconds(refund.refundedAt)],
  ],
};
