import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AgentRecord, CustomerRecord, ProviderRecord } from '../../shared/domain/parties/parties';
import type { PartyStore } from '../../shared/domain/parties/ports';

/** One behaviour suite for every PartyStore (in memory and DynamoDB); every test uses ids of its own. */
export const partyStoreContract = (name: string, makeStore: () => Promise<PartyStore>) =>
  describe(`party store contract: ${name}`, () => {
    const created = { createdAt: '2026-11-22T02:13:00.000Z', createdBy: 'operator:op-1' };
    const provider = (id = `prv_${randomUUID()}`): ProviderRecord => ({
      id,
      name: 'Harbour cameras',
      proxySettlement: { trusted: true },
      platformFeeBps: 1_000,
      currencies: ['JPY', 'EUR'],
      ...created,
    });
    const agent = (id = `agt_${randomUUID()}`): AgentRecord => ({
      id,
      name: 'Kiosk',
      feeBps: 300,
      currencies: ['JPY'],
      ...created,
    });
    const customer = (id = `cus_${randomUUID()}`, withCarrier = true): CustomerRecord => ({
      id,
      name: 'Alice',
      currencies: ['JPY'],
      ...(withCarrier ? { carrier: { agentId: 'agt-carrier', creditLimitMinor: 10_000, currency: 'JPY' } } : {}),
      ...created,
    });

    it('stores each kind of party and reads it back as it was written', async () => {
      // Prepare
      const store = await makeStore();
      const [aProvider, anAgent, aCustomer, aWalletCustomer] = [provider(), agent(), customer(), customer(undefined, false)];

      // Act
      const stored = [
        await store.createProvider(aProvider),
        await store.createAgent(anAgent),
        await store.createCustomer(aCustomer),
        await store.createCustomer(aWalletCustomer),
      ];
      const read = [
        await store.getProvider(aProvider.id),
        await store.getAgent(anAgent.id),
        await store.getCustomer(aCustomer.id),
        await store.getCustomer(aWalletCustomer.id),
      ];

      // Assess
      expect(stored).toEqual([aProvider, anAgent, aCustomer, aWalletCustomer]);
      expect(read).toEqual([aProvider, anAgent, aCustomer, aWalletCustomer]);
      expect(read[3]).not.toHaveProperty('carrier');
    });

    it('keeps the first party written with an id: a repeated create answers the stored one', async () => {
      // Prepare
      const store = await makeStore();
      const first = provider();
      await store.createProvider(first);

      // Act
      const repeat = await store.createProvider({ ...first, name: 'Another name', platformFeeBps: 0 });

      // Assess
      expect(repeat).toEqual(first);
      expect(await store.getProvider(first.id)).toEqual(first);
    });

    it('answers every one of concurrent creates with one id with the same stored party', async () => {
      // Prepare
      const store = await makeStore();
      const id = `agt_${randomUUID()}`;
      const attempts = Array.from({ length: 8 }, (_, index) => ({ ...agent(id), feeBps: index }));

      // Act
      const answers = await Promise.all(attempts.map((attempt) => store.createAgent(attempt)));

      // Assess
      const stored = await store.getAgent(id);
      expect(stored).toBeDefined();
      expect(answers).toEqual(attempts.map(() => stored));
    });

    it('keeps the kinds apart: an id of one kind is no party of another, and unknown ids are undefined', async () => {
      // Prepare
      const store = await makeStore();
      const id = `party_${randomUUID()}`;
      await store.createProvider(provider(id));

      // Act
      const asAgent = await store.getAgent(id);
      const asCustomer = await store.getCustomer(id);
      const unknown = await store.getProvider(`prv_${randomUUID()}`);

      // Assess
      expect(asAgent).toBeUndefined();
      expect(asCustomer).toBeUndefined();
      expect(unknown).toBeUndefined();
    });

    it('adds each currency opened later once, also when added concurrently, and leaves an absent party absent', async () => {
      // Prepare
      const store = await makeStore();
      const [aProvider, anAgent, aCustomer] = [provider(), agent(), customer()];
      await store.createProvider(aProvider);
      await store.createAgent(anAgent);
      await store.createCustomer(aCustomer);
      const absent = `cus_${randomUUID()}`;

      // Act
      await Promise.all(['USD', 'USD', 'GBP', 'USD'].map((currency) => store.addCurrency('provider', aProvider.id, currency)));
      await store.addCurrency('agent', anAgent.id, 'USD');
      await store.addCurrency('agent', anAgent.id, 'USD');
      await store.addCurrency('customer', aCustomer.id, 'EUR');
      await store.addCurrency('customer', absent, 'EUR');

      // Assess
      expect(await store.getProvider(aProvider.id)).toEqual({ ...aProvider, openedCurrencies: ['GBP', 'USD'] });
      expect(await store.getAgent(anAgent.id)).toEqual({ ...anAgent, openedCurrencies: ['USD'] });
      expect(await store.getCustomer(aCustomer.id)).toEqual({ ...aCustomer, openedCurrencies: ['EUR'] });
      expect(await store.getCustomer(absent)).toBeUndefined();
    });
  });
