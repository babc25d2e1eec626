import { matching, readShape } from '../../shapes';
/**
 * What the purchase path puts on the settlement queue: only the purchase id (the record
 * holds everything else, and the worker must read it anyway to know whether it is still
 * authorized). The id also travels as a message attribute, so that a message whose body is
 * damaged still names the purchase that needs an operator.
 */
export interface SettlementMessage {
  readonly purchaseId: string;
}

const SETTLEMENT_MESSAGE = {
  purchaseId: /* @__PURE__ */ matching(/^pur_[A-Za-z0-9_-]{1,64}$/, 'a purchase id'),
};

/**
 * A message body's JSON value as a settlement message: an object with exactly a `purchaseId`
 * that is a purchase id; anything else is undefined (the domain decides what that means).
 * Checked by a plain shape (shared/shapes.ts), as the strict schema it replaced did
 * (test/unit/purchases/settlement-message.test.ts compares the two), so the worker builds no
 * schema at its cold start.
 */
export const settlementMessageOf = (value: unknown): SettlementMessage | undefined => readShape(SETTLEMENT_MESSAGE, value);

export const SETTLEMENT_PURCHASE_ID_ATTRIBUTE = 'purchaseId';
