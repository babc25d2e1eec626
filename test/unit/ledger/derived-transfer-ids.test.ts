import { describe, expect, it } from 'vitest';
import { derivedId, randomIds } from '../../../shared/ids';
import { collectionTransferIdFor } from '../../../shared/domain/billing/customer-bill';
import { payoutTransferIdFor } from '../../../shared/domain/billing/provider-statement';
import { derivedResolutionId, isKippuTransferId, KIPPU_TRANSFER_ID_PREFIX } from '../../../shared/domain/ledger/keys';
import { topUpFeeTransferId, topUpTransferId } from '../../../shared/domain/parties/topup';
import {
  purchaseLegTransferIdFor,
  purchaseReversalTransferIdFor,
  reservationHoldTransferIdFor,
  reservationLateCaptureTransferIdFor,
  reservationLegTransferIdFor,
} from '../../../shared/domain/payments/charge-legs';
import { holdTransferIdFor, voidTransferIdFor } from '../../../shared/domain/purchases/purchase';

/**
 * The transfer ids kippu derives for its flows are all in the namespace a client may not
 * choose from (shared/domain/ledger/keys.ts, docs/ledger.md "Transfer ids kippu derives"), so
 * no client transfer can take the id a flow or the expiry sweeper is about to write.
 */
describe("kippu's derived transfer ids", () => {
  it('all start with the reserved prefix, and ids that merely look alike do not', () => {
    // Prepare
    const derived = [
      derivedResolutionId('hold-1', 'post'),
      derivedResolutionId('hold-1', 'void'),
      derivedResolutionId('hold-1', 'expire'),
      holdTransferIdFor('pur_1'),
      voidTransferIdFor('pur_1'),
      topUpTransferId('agt_1', 'ref'),
      topUpFeeTransferId(topUpTransferId('agt_1', 'ref')),
      collectionTransferIdFor('stm_1'),
      payoutTransferIdFor('stm_1'),
      purchaseLegTransferIdFor('pur_1', 'post'),
      purchaseReversalTransferIdFor('pur_1', 'platformFee'),
      reservationHoldTransferIdFor('rsv_1'),
      reservationLegTransferIdFor('rsv_1', 'post'),
      reservationLegTransferIdFor('rsv_1', 'carrierFee'),
      reservationLateCaptureTransferIdFor('rsv_1'),
      derivedId('trf', 'billing-remittance', '2026-10', 'agt_1', 'cus_1', 'JPY'),
      randomIds.next('trf'),
    ];

    // Act + Assess
    expect(KIPPU_TRANSFER_ID_PREFIX).toBe('trf_');
    expect(derived.filter((id) => !isKippuTransferId(id))).toEqual([]);
    expect(['trf-1', 'TRF_1', 'my-trf_1', 'trf', 'transfer_1'].filter(isKippuTransferId)).toEqual([]);
  });
});
