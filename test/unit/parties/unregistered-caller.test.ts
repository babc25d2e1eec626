import { describe, expect, it } from 'vitest';
import { MemoryStatementStore } from '../../../shared/adapters/memory/billing';
import { MemoryContentStore } from '../../../shared/adapters/memory/contents';
import { MemoryPartyStore } from '../../../shared/adapters/memory/parties';
import { MemoryAllowanceStore } from '../../../shared/adapters/memory/rights';
import { MemoryTicketStore } from '../../../shared/adapters/memory/tickets';
import { listStatements } from '../../../shared/domain/billing/statements';
import { ownerOfList } from '../../../shared/domain/owned';
import { agentCashAccountId, customerWalletAccountId, providerRevenueAccountId } from '../../../shared/domain/parties/accounts';
import { myAccounts, readAgent, readMe, readProvider, requireOwnAccount } from '../../../shared/domain/parties/reads';
import type { Principal } from '../../../shared/domain/principal';
import { customerUsage } from '../../../shared/domain/rights/usage-log';

/**
 * docs/identity.md: a customer token whose subject is no registered customer acts for no one.
 * Every read of the caller's own things resolves the caller through requireCallerCustomer, so
 * each answers the same 404, never an empty page.
 */
const nobody: Principal = { role: 'customer', subject: 'cus_nobody' };
const refusal = (work: Promise<unknown>) =>
  work.then(
    () => 'answered',
    (error: unknown) => error,
  );

describe('a customer caller that is not registered', () => {
  it("is 404 CUSTOMER_NOT_FOUND, naming no field, for itself, its lists, its statements, its usage log and its own account's history", async () => {
    // Prepare
    const parties = new MemoryPartyStore();
    const usage = { usage: new MemoryAllowanceStore(new MemoryTicketStore()), contents: new MemoryContentStore(), parties };

    // Act
    const answers = [
      await refusal(readMe(parties, nobody)),
      await refusal(ownerOfList({ parties }, nobody, undefined)),
      await refusal(ownerOfList({ parties }, nobody, nobody.subject)),
      await refusal(listStatements({ parties, statements: new MemoryStatementStore() }, nobody, { limit: 10 })),
      await refusal(customerUsage(usage, nobody, { limit: 10 })),
      await refusal(requireOwnAccount(parties, nobody, customerWalletAccountId(nobody.subject, 'JPY'))),
    ];

    // Assess
    for (const answer of answers) {
      expect(answer).toMatchObject({
        code: 'CUSTOMER_NOT_FOUND',
        detail: 'You act as customer "cus_nobody", which is not registered.',
        fields: [],
      });
    }
  });
});

describe('a provider or agent caller that is not registered', () => {
  it.each([
    { role: 'provider', code: 'PROVIDER_NOT_FOUND', accountId: providerRevenueAccountId('nobody', 'JPY'), read: readProvider },
    { role: 'agent', code: 'AGENT_NOT_FOUND', accountId: agentCashAccountId('nobody', 'JPY'), read: readAgent },
  ] as const)(
    "a $role is $code, naming no field, for itself, its accounts, its statements and its own account's history",
    async ({ role, code, accountId, read }) => {
      // Prepare
      const parties = new MemoryPartyStore();
      const caller: Principal = { role, subject: 'nobody' };
      const unread = () => Promise.reject(new Error('nothing of the ledger is read for nobody'));
      const ledger = { getAccount: unread, getTransfer: unread };

      // Act
      const answers = [
        await refusal(readMe(parties, caller)),
        await refusal(read(parties, caller, caller.subject)),
        await refusal(myAccounts({ parties, ledger }, caller, { limit: 10 })),
        await refusal(listStatements({ parties, statements: new MemoryStatementStore() }, caller, { limit: 10 })),
        await refusal(requireOwnAccount(parties, caller, accountId)),
      ];

      // Assess
      for (const answer of answers) {
        expect(answer).toMatchObject({ code, detail: `You act as ${role} "nobody", which is not registered.`, fields: [] });
      }
    },
  );
});
