import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { CarrierLinkRecord } from '../../shared/domain/parties/carrier-links';
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

    it('changes a provider’s trust keeping the trust it was registered with; one registered before that was kept gets the trust replaced', async () => {
      // Prepare
      const store = await makeStore();
      const registered = await store.createProvider({ ...provider(), trustedAtRegistration: true });
      const older = await store.createProvider(provider());

      // Act
      const withdrawn = await store.setProviderTrust(registered.id, { trusted: false, changedAt: '2026-11-22T03:00:00.000Z' });
      const restored = await store.setProviderTrust(registered.id, { trusted: true, changedAt: '2026-11-22T04:00:00.000Z' });
      const olderWithdrawn = await store.setProviderTrust(older.id, { trusted: false, changedAt: '2026-11-22T03:00:00.000Z' });
      const olderAgain = await store.setProviderTrust(older.id, { trusted: true, changedAt: '2026-11-22T04:00:00.000Z' });
      const absent = await store.setProviderTrust(`prv_${randomUUID()}`, {
        trusted: false,
        changedAt: '2026-11-22T03:00:00.000Z',
      });

      // Assess
      expect(withdrawn).toEqual({ ...registered, proxySettlement: { trusted: false, changedAt: '2026-11-22T03:00:00.000Z' } });
      expect(restored).toEqual({ ...registered, proxySettlement: { trusted: true, changedAt: '2026-11-22T04:00:00.000Z' } });
      expect(olderWithdrawn).toEqual({
        ...older,
        proxySettlement: { trusted: false, changedAt: '2026-11-22T03:00:00.000Z' },
        trustedAtRegistration: true,
      });
      expect(olderAgain?.trustedAtRegistration).toBe(true);
      expect(await store.getProvider(older.id)).toEqual(olderAgain);
      expect(absent).toBeUndefined();
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
    const carrierLink = (overrides: Partial<CarrierLinkRecord> = {}): CarrierLinkRecord => ({
      id: `cln_${randomUUID()}`,
      codeHash: randomUUID(),
      agentId: 'agt-carrier',
      creditLimitMinor: 20_000,
      currency: 'JPY',
      expiresAt: '2026-11-29T02:13:00.000Z',
      ...created,
      ...overrides,
    });
    const terms = { agentId: 'agt-carrier', creditLimitMinor: 20_000, currency: 'JPY' };
    const redeemedAt = '2026-11-22T03:00:00.000Z';

    it('keeps a carrier link under its code hash; redeeming it marks it used and sets the customer carrier, together', async () => {
      // Prepare
      const store = await makeStore();
      const link = carrierLink();
      const walletCustomer = customer(undefined, false);
      await store.createCustomer(walletCustomer);
      await store.createCarrierLink(link);

      // Act
      const read = await store.getCarrierLink(link.codeHash);
      const outcome = await store.redeemCarrierLink({
        codeHash: link.codeHash,
        customerId: walletCustomer.id,
        carrier: terms,
        redeemedAt,
      });

      // Assess
      expect(read).toEqual(link);
      expect(await store.getCarrierLink(`${link.codeHash}x`)).toBeUndefined();
      expect(outcome).toBe('redeemed');
      expect(await store.getCarrierLink(link.codeHash)).toEqual({ ...link, redeemedBy: walletCustomer.id, redeemedAt });
      expect(await store.getCustomer(walletCustomer.id)).toEqual({ ...walletCustomer, carrier: terms });
    });

    it('refuses a redeem, writing nothing, when the link is used, expired or absent, or the customer has a carrier or is absent', async () => {
      // Prepare
      const store = await makeStore();
      const [used, expired, open] = [carrierLink(), carrierLink({ expiresAt: redeemedAt }), carrierLink()];
      const [first, second, subscriber] = [customer(undefined, false), customer(undefined, false), customer()];
      for (const record of [first, second, subscriber]) await store.createCustomer(record);
      for (const record of [used, expired, open]) await store.createCarrierLink(record);
      await store.redeemCarrierLink({ codeHash: used.codeHash, customerId: first.id, carrier: terms, redeemedAt });
      const redeem = (codeHash: string, customerId: string) =>
        store.redeemCarrierLink({ codeHash, customerId, carrier: terms, redeemedAt });

      // Act
      const outcomes = [
        await redeem(used.codeHash, second.id),
        await redeem(expired.codeHash, second.id),
        await redeem(randomUUID(), second.id),
        await redeem(open.codeHash, subscriber.id),
        await redeem(open.codeHash, `cus_${randomUUID()}`),
      ];

      // Assess
      expect(outcomes).toEqual(['refused', 'refused', 'refused', 'refused', 'refused']);
      expect(await store.getCustomer(second.id)).toEqual(second);
      expect(await store.getCustomer(subscriber.id)).toEqual(subscriber);
      expect(await store.getCarrierLink(expired.codeHash)).toEqual(expired);
      expect(await store.getCarrierLink(open.codeHash)).toEqual(open);
    });

    it('applies exactly one of concurrent redeems of one code by several customers, and of several codes by one customer', async () => {
      // Prepare
      const store = await makeStore();
      const shared = carrierLink();
      const rivals = Array.from({ length: 4 }, () => customer(undefined, false));
      const solo = customer(undefined, false);
      const links = Array.from({ length: 4 }, (_, index) => carrierLink({ creditLimitMinor: 1_000 * (index + 1) }));
      for (const record of [...rivals, solo]) await store.createCustomer(record);
      for (const record of [shared, ...links]) await store.createCarrierLink(record);

      // Act
      const byRivals = await Promise.all(
        rivals.map((rival) =>
          store.redeemCarrierLink({ codeHash: shared.codeHash, customerId: rival.id, carrier: terms, redeemedAt }),
        ),
      );
      const bySolo = await Promise.all(
        links.map((link) =>
          store.redeemCarrierLink({
            codeHash: link.codeHash,
            customerId: solo.id,
            carrier: { ...terms, creditLimitMinor: link.creditLimitMinor },
            redeemedAt,
          }),
        ),
      );

      // Assess
      expect(byRivals.filter((outcome) => outcome === 'redeemed')).toHaveLength(1);
      expect(bySolo.filter((outcome) => outcome === 'redeemed')).toHaveLength(1);
      const winner = rivals[byRivals.indexOf('redeemed')];
      expect((await store.getCarrierLink(shared.codeHash))?.redeemedBy).toBe(winner?.id);
      const withCarrier = await Promise.all(rivals.map(async (rival) => (await store.getCustomer(rival.id))?.carrier));
      expect(withCarrier.filter((carrier) => carrier !== undefined)).toHaveLength(1);
      const soloCarrier = (await store.getCustomer(solo.id))?.carrier;
      const usedLinks = await Promise.all(links.map(async (link) => (await store.getCarrierLink(link.codeHash))?.redeemedBy));
      expect(usedLinks.filter((redeemer) => redeemer !== undefined)).toEqual([solo.id]);
      expect(soloCarrier?.creditLimitMinor).toBe(links[bySolo.indexOf('redeemed')]?.creditLimitMinor);
    });

    it('ends a carrier only while it is the one named: the terms move to formerCarrier; a new redeem may follow', async () => {
      // Prepare
      const store = await makeStore();
      const [subscriber, walletCustomer] = [customer(), customer(undefined, false)];
      await store.createCustomer(subscriber);
      await store.createCustomer(walletCustomer);
      const held = subscriber.carrier ?? terms;
      const ended = { ...held, endedAt: redeemedAt, endedBy: 'customer:' + subscriber.id };
      const link = carrierLink();
      await store.createCarrierLink(link);

      // Act
      const byOther = await store.endCarrier(subscriber.id, { ...ended, agentId: 'agt-other' });
      const byOtherLimit = await store.endCarrier(subscriber.id, { ...ended, creditLimitMinor: 1 });
      const untouched = await store.getCustomer(subscriber.id);
      const outcomes = [
        await store.endCarrier(subscriber.id, ended),
        await store.endCarrier(subscriber.id, ended),
        await store.endCarrier(walletCustomer.id, ended),
        await store.endCarrier(`cus_${randomUUID()}`, ended),
      ];
      const afterEnd = await store.getCustomer(subscriber.id);
      const redeemed = await store.redeemCarrierLink({
        codeHash: link.codeHash,
        customerId: subscriber.id,
        carrier: terms,
        redeemedAt,
      });

      // Assess
      expect([byOther, byOtherLimit]).toEqual([false, false]);
      expect(untouched).toEqual(subscriber);
      expect(outcomes).toEqual([true, false, false, false]);
      const { carrier: _carrier, ...withoutCarrier } = subscriber;
      expect(afterEnd).toEqual({ ...withoutCarrier, formerCarrier: ended });
      expect(await store.getCustomer(walletCustomer.id)).toEqual(walletCustomer);
      expect(redeemed).toBe('redeemed');
      expect(await store.getCustomer(subscriber.id)).toEqual({ ...withoutCarrier, formerCarrier: ended, carrier: terms });
    });
  });
