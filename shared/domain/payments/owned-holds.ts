import { DomainError, isDomainError } from '../../errors';
import type { LedgerQueries } from '../ledger/ports';

/**
 * Holds that a kippu flow places and resolves itself: a purchase's hold (posted by the
 * settlement worker, voided by a refund or a rejection) and a channel reservation's price
 * hold (captured at completion, voided when the booking ends). Each is recognised by the
 * code its flow gives it. Posting or voiding one through the operator's generic ledger API
 * would move the money behind the flow's back (the purchase could then neither settle nor
 * be refunded), so the API refuses them: they are resolved through their flow.
 */
export const PURCHASE_HOLD_CODE = 'purchase_hold';
export const RESERVATION_HOLD_CODE = 'reservation';

export type HoldOwnerFlow = 'purchase' | 'reservation';

const FLOW_OF_HOLD_CODE: ReadonlyMap<string | number, HoldOwnerFlow> = /* @__PURE__ */ new Map<string | number, HoldOwnerFlow>([
  [PURCHASE_HOLD_CODE, 'purchase'],
  [RESERVATION_HOLD_CODE, 'reservation'],
]);

const HOW_RESOLVED: Readonly<Record<HoldOwnerFlow, string>> = {
  purchase: 'the settlement worker posts it and POST /v1/purchases/{id}/refund releases it',
  reservation: "the reservation's completion, cancellation or expiry resolves it",
};

/**
 * Refuse a post or void of `pendingId` through the generic ledger API when a kippu flow owns
 * the hold. The hold is read first; its code never changes, so what the read says holds when
 * the post or void commits. A hold that does not exist yet is answered as the ledger would
 * (PENDING_TRANSFER_NOT_FOUND) without trying the post or void: it could be a flow's hold
 * created between the read and the write.
 */
export const requireHoldNotOwnedByFlow = async (ledger: LedgerQueries, pendingId: string): Promise<void> => {
  let code: string | number | undefined;
  let kind: string;
  let reference: string | undefined;
  try {
    ({ code, kind, reference } = await ledger.getTransfer(pendingId));
  } catch (error) {
    if (!isDomainError(error) || error.code !== 'TRANSFER_NOT_FOUND') throw error;
    const detail = `Hold ${pendingId} does not exist.`;
    throw new DomainError('PENDING_TRANSFER_NOT_FOUND', detail, [{ field: 'pendingId', message: detail }]);
  }
  const flow = kind === 'pending' && code !== undefined ? FLOW_OF_HOLD_CODE.get(code) : undefined;
  if (flow === undefined) return;
  throw new DomainError(
    'PENDING_TRANSFER_OWNED_BY_FLOW',
    `Hold ${pendingId} belongs to ${flow} ${reference ?? '(unknown)'} and is resolved only through it: ${HOW_RESOLVED[flow]}.`,
    [],
    { flow, ...(reference === undefined ? {} : { ownerId: reference }) },
  );
};
