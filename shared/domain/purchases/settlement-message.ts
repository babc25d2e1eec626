/**
 * What the purchase path puts on the settlement queue: only the purchase id (the record
 * holds everything else, and the worker must read it anyway to know whether it is still
 * authorized). The id also travels as a message attribute, so that a message whose body is
 * damaged still names the purchase that needs an operator.
 */
export interface SettlementMessage {
  readonly purchaseId: string;
}

const PURCHASE_ID = /^pur_[A-Za-z0-9_-]{1,64}$/;

/**
 * A message body's JSON value as a settlement message: an object with exactly a `purchaseId`
 * that is a purchase id; anything else is undefined (the domain decides what that means).
 * Checked by hand, as the strict schema it replaced did (test/unit/purchases/settlement-message.test.ts
 * compares the two), so the worker builds no schema at its cold start.
 */
export const settlementMessageOf = (value: unknown): SettlementMessage | undefined => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1 || keys[0] !== 'purchaseId') return undefined;
  const { purchaseId } = value as { readonly purchaseId: unknown };
  return typeof purchaseId === 'string' && PURCHASE_ID.test(purchaseId) ? { purchaseId } : undefined;
};

export const SETTLEMENT_PURCHASE_ID_ATTRIBUTE = 'purchaseId';
