import { describe, expect, it } from 'vitest';
import { balanceConditions } from '../../../shared/adapters/aws/ledger-balance-conditions';
import type { BalanceUpdate } from '../../../shared/domain/ledger';

/** A balance item's commit conditions beyond its existence: the limited account's `available`, the stated account's posted bound. */
const update = (overrides: Partial<BalanceUpdate>): BalanceUpdate => ({
  accountId: 'wallet:cus_1:JPY',
  shard: 0,
  exact: true,
  limited: false,
  change: { debitsPosted: 0n, creditsPosted: 0n, debitsPending: 0n, creditsPending: 0n },
  availableChangeMinor: 0n,
  requiredAvailableMinor: 0n,
  ...overrides,
});

describe('balanceConditions', () => {
  it("checks a limited stated wallet's available and the bound of each posted counter it raises, stored minus the change", () => {
    // Act
    const conditions = balanceConditions(
      update({
        limited: true,
        requiredAvailableMinor: 700n,
        change: { debitsPosted: 700n, creditsPosted: 0n, debitsPending: -700n, creditsPending: 0n },
        postedCounterMaxMinor: 1_000n,
      }),
    );

    // Assess
    expect(conditions).toEqual({
      condition: ' AND availableMinor >= :required AND debitsPosted <= :debitsPostedMax',
      values: { ':required': 700n, ':debitsPostedMax': 300n },
    });
  });

  it("checks only the bound of a sharded revenue shard's credits, and nothing for an account on no statement", () => {
    // Act
    const shard = balanceConditions(
      update({
        accountId: 'revenue:prv_1:JPY',
        shard: 3,
        exact: false,
        change: { debitsPosted: 0n, creditsPosted: 5n, debitsPending: 0n, creditsPending: 0n },
        postedCounterMaxMinor: 40n,
      }),
    );
    const unbounded = balanceConditions(
      update({
        accountId: 'agent-cash:agt_1:JPY',
        change: { debitsPosted: 9n, creditsPosted: 0n, debitsPending: 0n, creditsPending: 0n },
      }),
    );

    // Assess
    expect(shard).toEqual({ condition: ' AND creditsPosted <= :creditsPostedMax', values: { ':creditsPostedMax': 35n } });
    expect(unbounded).toEqual({ condition: '', values: {} });
  });
});
