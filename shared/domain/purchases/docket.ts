import { DOCKET_TYPE } from '@kippu/verify/documents';
import { signCompactJws, type JwsSigner } from '../tickets/jws';
import type { FeeSplit } from './fees';
import type { PurchaseRecord, SettlementLeg } from './purchase';

/**
 * The docket: kippu's signed statement that a purchase was settled, for the provider and,
 * on the carrier route, for the carrier that will collect from its subscriber. A compact JWS
 * (ES256, the ticket signing key, so it verifies with the same JWKS), typ kippu-docket+jwt.
 * Its content is a pure function of the purchase and the posted transfer, so every attempt
 * to settle the same purchase signs the same claims (only the ECDSA signature differs, and
 * only the first stored docket is kept).
 */
export { DOCKET_TYPE };

export interface DocketClaims {
  readonly iss: string;
  /** The customer's pseudonym towards the provider (the ticket's `sub`). */
  readonly sub: string;
  /** The provider, and the carrier on the carrier route. */
  readonly aud: string | readonly string[];
  readonly jti: string;
  readonly iat: number;
  readonly pur: string;
  readonly off: string;
  readonly res: string;
  readonly tkt: string;
  /** The hold the customer's money was taken with. */
  readonly txn: string;
  readonly route: 'carrier' | 'wallet';
  readonly prv: string;
  readonly agt?: string;
  readonly cur: string;
  readonly amounts: {
    readonly grossMinor: number;
    readonly providerNetMinor: number;
    readonly platformFeeMinor: number;
    readonly carrierFeeMinor: number;
  };
  readonly feeBps: { readonly platform: number; readonly carrier: number };
  /** Ledger transfers of the settlement, in the order they were written. */
  readonly legs: readonly string[];
  /** Epoch seconds: when the hold was placed and when it was posted. */
  readonly authorizedAt: number;
  readonly settledAt: number;
}

const epochSeconds = (iso: string): number => Math.floor(Date.parse(iso) / 1000);

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
    aud: purchase.agentId === undefined ? purchase.providerId : [purchase.providerId, purchase.agentId],
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
    amounts: {
      grossMinor: split.grossMinor,
      providerNetMinor: split.providerNetMinor,
      platformFeeMinor: split.platformFeeMinor,
      carrierFeeMinor: split.carrierFeeMinor,
    },
    feeBps: { platform: purchase.platformFeeBps, carrier: purchase.route === 'carrier' ? purchase.carrierFeeBps : 0 },
    legs: input.legs.map((leg) => leg.transferId),
    authorizedAt: epochSeconds(purchase.createdAt),
    settledAt: epochSeconds(input.settledAt),
  };
};

export const signDocket = async (signer: JwsSigner, claims: DocketClaims): Promise<string> =>
  (await signCompactJws(signer, DOCKET_TYPE, claims)).token;
