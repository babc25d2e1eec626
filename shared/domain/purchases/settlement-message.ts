import * as z from '../../zod';

/**
 * What the purchase path puts on the settlement queue: only the purchase id (the record
 * holds everything else, and the worker must read it anyway to know whether it is still
 * authorized). The id also travels as a message attribute, so that a message whose body is
 * damaged still names the purchase that needs an operator.
 */
export const SettlementMessageSchema = /* @__PURE__ */ z.schema(() =>
  z.strictObject({
    purchaseId: z.string().check(z.regex(/^pur_[A-Za-z0-9_-]{1,64}$/)),
  }),
);
export type SettlementMessage = z.output<typeof SettlementMessageSchema>;

export const SETTLEMENT_PURCHASE_ID_ATTRIBUTE = 'purchaseId';
