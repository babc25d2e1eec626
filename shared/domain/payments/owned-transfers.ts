import { DomainError, isDomainError, quoted } from '../../errors';
import { BILLING_CODES } from '../billing/window';
import type { LedgerQueries } from '../ledger/ports';
import type { TransferCode, TransferView } from '../ledger/types';
import { legError, type LegPosition } from '../ledger/validation';
import { chargeKindOf } from './charge-legs';

/**
 * Transfers that a kippu flow writes and corrects itself. Each is recognised by the code its
 * flow gives it (a transfer's code never changes), and these codes are declared here, in one
 * place, for the flows to write with:
 *
 * - a purchase: its hold (`purchase_hold`), the settlement's post (`purchase_settlement`) and
 *   fee legs, a refund's reversals and void (`purchase_refund`), a rejection's (`purchase_rejected`);
 * - a channel reservation: its price hold and capture (`reservation`) and fee legs;
 * - the fee legs of either (`platform_fee`, `carrier_fee`), told apart by their reference;
 * - billing: payouts, collections and remittance adjustments (`billing_…`);
 * - a top-up of a wallet by an agent (`topup`) and the kiosk's fee on it, linked to it (`topup_fee`).
 *
 * The operator's generic ledger API must not move this money behind its flow's back: posting
 * or voiding a flow's hold (the purchase could then neither settle nor be refunded), or
 * reversing a flow's posted transfer (a settlement leg reversed by hand leaves nothing for the
 * refund to reverse, so the purchase could never be refunded and its ticket stayed active).
 */
export const PURCHASE_HOLD_CODE = 'purchase_hold';
export const RESERVATION_HOLD_CODE = 'reservation';
export const PURCHASE_SETTLEMENT_CODE = 'purchase_settlement';
export const PURCHASE_REFUND_CODE = 'purchase_refund';
export const PURCHASE_REJECTED_CODE = 'purchase_rejected';
export const PLATFORM_FEE_CODE = 'platform_fee';
export const CARRIER_FEE_CODE = 'carrier_fee';
export const TOPUP_CODE = 'topup';
export const TOPUP_FEE_CODE = 'topup_fee';

export type OwnerFlow = 'purchase' | 'reservation' | 'billing' | 'topup';
export type HoldOwnerFlow = Extract<OwnerFlow, 'purchase' | 'reservation'>;

/** The fee legs of a posting belong to a purchase or a reservation: its id is their reference. */
const postingFlow = (reference: string | undefined): OwnerFlow =>
  chargeKindOf(reference) === 'reservation' ? 'reservation' : 'purchase';

const FLOW_OF_CODE: ReadonlyMap<TransferCode, (reference: string | undefined) => OwnerFlow> = /* @__PURE__ */ new Map<
  TransferCode,
  (reference: string | undefined) => OwnerFlow
>([
  [PURCHASE_HOLD_CODE, () => 'purchase'],
  [PURCHASE_SETTLEMENT_CODE, () => 'purchase'],
  [PURCHASE_REFUND_CODE, () => 'purchase'],
  [PURCHASE_REJECTED_CODE, () => 'purchase'],
  [RESERVATION_HOLD_CODE, () => 'reservation'],
  [PLATFORM_FEE_CODE, postingFlow],
  [CARRIER_FEE_CODE, postingFlow],
  [BILLING_CODES.payout, () => 'billing'],
  [BILLING_CODES.collection, () => 'billing'],
  [BILLING_CODES.adjustment, () => 'billing'],
  [TOPUP_CODE, () => 'topup'],
  [TOPUP_FEE_CODE, () => 'topup'],
]);

/** Every code a kippu flow writes with, in declaration order (the OpenAPI document lists them). */
export const flowTransferCodes = (): readonly TransferCode[] => [...FLOW_OF_CODE.keys()];

/** The kippu flow that wrote a transfer, if one did. */
export const ownerFlowOf = (transfer: Pick<TransferView, 'code' | 'reference'>): OwnerFlow | undefined =>
  transfer.code === undefined ? undefined : FLOW_OF_CODE.get(transfer.code)?.(transfer.reference);

const HOW_HOLD_RESOLVED: Readonly<Record<HoldOwnerFlow, string>> = {
  purchase: 'the settlement worker posts it and POST /v1/purchases/{id}/refund releases it',
  reservation: "the reservation's completion, cancellation or expiry resolves it",
};

const HOW_CORRECTED: Readonly<Record<OwnerFlow, string>> = {
  purchase: 'POST /v1/purchases/{id}/refund reverses a settled purchase',
  reservation: "the reservation's own completion, cancellation or expiry moves its money",
  billing: 'the billing run and the remittance import write and balance these transfers',
  topup: 'a wrong top-up is corrected with a new transfer, not a reversal',
};

const ownerOf = (transfer: Pick<TransferView, 'reference'>): { ownerId?: string } =>
  transfer.reference === undefined ? {} : { ownerId: transfer.reference };

/** The flow that owns a transfer and its id as a detail names them: `purchase "pur_…"`, `topup "r-1"` (an agent's reference, quoted like any id). */
const ownerText = (flow: OwnerFlow, transfer: Pick<TransferView, 'reference'>): string =>
  transfer.reference === undefined ? flow : `${flow} ${quoted(transfer.reference)}`;

/**
 * Refuse a post or void of `pendingId` through the generic ledger API when a kippu flow owns
 * the hold. The hold is read first; its code never changes, so what the read says holds when
 * the post or void commits. A hold that does not exist yet is answered as the ledger would
 * (PENDING_TRANSFER_NOT_FOUND) without trying the post or void: it could be a flow's hold
 * created between the read and the write.
 */
export const requireHoldNotOwnedByFlow = async (ledger: LedgerQueries, pendingId: string): Promise<void> => {
  let hold: TransferView;
  try {
    hold = await ledger.getTransfer(pendingId);
  } catch (error) {
    if (!isDomainError(error) || error.code !== 'TRANSFER_NOT_FOUND') throw error;
    throw legError(
      'PENDING_TRANSFER_NOT_FOUND',
      `hold ${quoted(pendingId)} does not exist`,
      { index: 0, linked: false },
      'pendingId',
    );
  }
  const flow = hold.kind === 'pending' ? ownerFlowOf(hold) : undefined;
  if (flow !== 'purchase' && flow !== 'reservation') return;
  const owner = ownerText(flow, hold);
  throw new DomainError(
    'PENDING_TRANSFER_OWNED_BY_FLOW',
    `Hold ${quoted(pendingId)} belongs to ${owner} and is resolved only through it: ${HOW_HOLD_RESOLVED[flow]}.`,
    // Named as the ledger names the hold (the caller renames it to the request's field, as for every other hold refusal).
    [{ field: 'pendingId', message: `belongs to ${owner}` }],
    { flow, ...ownerOf(hold) },
  );
};

/**
 * Refuse the operator's reversal of a transfer a kippu flow wrote: each leg that names a
 * `reversesTransferId` has its original read first (a transfer's code never changes). An
 * original that does not exist is answered as the ledger would (TRANSFER_NOT_FOUND, naming
 * the leg) without trying the write: a flow's transfer could be created between the read and
 * the write. Unless the leg's own id is stored already: then the ledger writes nothing for
 * the batch whatever happens in between, and its idempotency check, which comes before any
 * other, answers (`exists`, or the conflict naming `reversesTransferId`). The operator's own
 * transfers, and its own reversals of them, stay reversible.
 */
export const requireReversalsNotOfFlows = async (
  ledger: LedgerQueries,
  legs: readonly { readonly id: string; readonly reversesTransferId?: string | undefined }[],
): Promise<void> => {
  const linked = legs.length > 1;
  const stored = async (transferId: string): Promise<boolean> => {
    try {
      await ledger.getTransfer(transferId);
      return true;
    } catch (error) {
      if (!isDomainError(error) || error.code !== 'TRANSFER_NOT_FOUND') throw error;
      return false;
    }
  };
  const checks = legs.map(async ({ id, reversesTransferId: originalId }, index) => {
    if (originalId === undefined) return;
    const position: LegPosition = { index, linked };
    let original: TransferView;
    try {
      original = await ledger.getTransfer(originalId);
    } catch (error) {
      if (!isDomainError(error) || error.code !== 'TRANSFER_NOT_FOUND') throw error;
      if (await stored(id)) return;
      throw legError('TRANSFER_NOT_FOUND', `transfer ${quoted(originalId)} does not exist`, position, 'reversesTransferId');
    }
    const flow = ownerFlowOf(original);
    if (flow === undefined) return;
    const refusal = legError(
      'TRANSFER_OWNED_BY_FLOW',
      `transfer ${quoted(originalId)} belongs to ${ownerText(flow, original)} and is corrected only through it: ${HOW_CORRECTED[flow]}`,
      position,
      'reversesTransferId',
    );
    throw new DomainError(refusal.code, refusal.detail, refusal.fields, { ...refusal.extensions, flow, ...ownerOf(original) });
  });
  // The first refused leg in batch order answers, whichever read finished first.
  const results = await Promise.allSettled(checks);
  const failed = results.find((result) => result.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
};
