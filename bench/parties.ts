import { partyDeps } from '../shared/adapters/aws/purchases-wiring';
import { loadConfig } from '../shared/config';
import { createAgent, createCustomer, createProvider } from '../shared/domain/parties/parties';
import { topUpWallet } from '../shared/domain/parties/topup';
import { randomIds } from '../shared/ids';

/**
 * The parties a bench buys with, made through the parties domain on the emulators' tables: a
 * provider (untrusted, 10 % platform fee) and `customers` customers, each topped up with
 * `fundMinor` JPY by an agent (none when it is 0).
 */
export const setUpParties = async (customers: number, fundMinor: number) => {
  const config = loadConfig(process.env);
  const operator = { role: 'operator', subject: 'op-bench' } as const;
  const parties = partyDeps(process.env);
  const provider = await createProvider(
    parties,
    randomIds.next('prv'),
    { name: 'Bench', proxySettlement: { trusted: false }, platformFeeBps: 1_000 },
    operator,
  );
  const agent = await createAgent(parties, randomIds.next('agt'), { name: 'Kiosk', feeBps: 300 }, operator);
  const customerIds = await Promise.all(
    Array.from({ length: customers }, async () => {
      const customer = await createCustomer(parties, randomIds.next('cus'), { name: 'Bench customer' }, operator);
      if (fundMinor === 0) return customer.id;
      await topUpWallet(
        parties,
        customer.id,
        { amountMinor: fundMinor, currency: 'JPY', reference: randomIds.next('ref') },
        { role: 'agent', subject: agent.id },
      );
      return customer.id;
    }),
  );
  return { config, operator, providerId: provider.id, customerIds };
};
