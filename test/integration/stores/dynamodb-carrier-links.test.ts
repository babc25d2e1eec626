import { describe, expect, it } from 'vitest';
import { dynamoDocumentClient } from '../../../shared/adapters/aws/clients';
import { DynamoPartyStore } from '../../../shared/adapters/aws/parties-dynamodb';
import { ledger, ledgerEntries } from '../../../shared/adapters/aws/wiring';
import { resourceFromEnv } from '../../../shared/config';
import { customerCarrierAccountId } from '../../../shared/domain/parties/accounts';
import { endCarrierAccount } from '../../../shared/domain/parties/carrier-end';
import { createCarrierLink, redeemCarrierLink } from '../../../shared/domain/parties/carrier-links';
import type { Principal } from '../../../shared/domain/principal';
import { randomIds } from '../../../shared/ids';
import { coreTable } from '../../../shared/resources/tables';
import { ManualClock } from '../../fixtures/clock';
import { makeWorld } from '../../fixtures/purchases-world';

/**
 * Redeeming carrier links against DynamoDB Local and the DynamoDB ledger: the link's use and
 * the customer's carrier account are one conditional transaction, so concurrent redeems leave
 * one link used by one customer, and one customer with one carrier account. Ending a
 * subscription is one conditional write, so concurrent ends end it once.
 */
const client = dynamoDocumentClient();
const tableName = resourceFromEnv(process.env, coreTable);

const dynamoWorld = () => {
  const world = makeWorld({
    clock: new ManualClock(Date.now()),
    ledger: ledger(process.env),
    ledgerEntries: ledgerEntries(process.env),
    parties: new DynamoPartyStore(client, tableName),
  });
  const linkDeps = { parties: world.parties, clock: world.clock, ids: randomIds, defaultCurrency: 'JPY', linkSeconds: 3_600 };
  const link = async (agentId: string, creditLimitMinor: number) =>
    (await createCarrierLink(linkDeps, agentId, { creditLimitMinor }, { role: 'agent', subject: agentId })).code;
  return { world, link };
};
const asCustomer = (customerId: string): Principal => ({ role: 'customer', subject: customerId });
const outcomes = (settled: readonly PromiseSettledResult<unknown>[]) =>
  settled.map((result) => (result.status === 'fulfilled' ? 'ok' : String((result.reason as { code?: string }).code))).sort();

describe('redeeming carrier links on DynamoDB', () => {
  it('of one code by several customers at once: exactly one wins, the others are told the code is used', async () => {
    // Prepare
    const { world, link } = dynamoWorld();
    const carrier = await world.agent(500);
    const customers = await Promise.all(Array.from({ length: 4 }, () => world.customer()));
    const code = await link(carrier.id, 10_000);

    // Act
    const settled = await Promise.allSettled(
      customers.map((customer) => redeemCarrierLink(world.partyDeps, code, asCustomer(customer.id))),
    );

    // Assess
    expect(outcomes(settled)).toEqual(['CARRIER_LINK_USED', 'CARRIER_LINK_USED', 'CARRIER_LINK_USED', 'ok']);
    const records = await Promise.all(customers.map((customer) => world.parties.getCustomer(customer.id)));
    const subscribers = records.filter((record) => record?.carrier !== undefined);
    expect(subscribers).toHaveLength(1);
    expect(subscribers[0]?.carrier).toEqual({ agentId: carrier.id, creditLimitMinor: 10_000, currency: 'JPY' });
    expect(await world.ledger.getAccount(customerCarrierAccountId(subscribers[0]?.id ?? '', 'JPY'))).toMatchObject({
      limitMinor: 10_000,
    });
  });

  it('of several codes by one customer at once: one carrier account, on the terms of the one code used', async () => {
    // Prepare
    const { world, link } = dynamoWorld();
    const [first, second] = [await world.agent(500), await world.agent(300)];
    const customer = await world.customer();
    const codes = [await link(first.id, 1_000), await link(second.id, 2_000), await link(first.id, 3_000)];

    // Act
    const settled = await Promise.allSettled(
      codes.map((code) => redeemCarrierLink(world.partyDeps, code, asCustomer(customer.id))),
    );

    // Assess
    expect(outcomes(settled)).toEqual(['CARRIER_ACCOUNT_EXISTS', 'CARRIER_ACCOUNT_EXISTS', 'ok']);
    const winner = settled.find((result) => result.status === 'fulfilled');
    const carrier = (await world.parties.getCustomer(customer.id))?.carrier;
    expect(winner?.status === 'fulfilled' ? winner.value.carrier : undefined).toEqual(carrier);
    expect(await world.ledger.getAccount(customerCarrierAccountId(customer.id, 'JPY'))).toMatchObject({
      limitMinor: carrier?.creditLimitMinor,
    });
  });

  it('ends a subscription: purchases take the wallet, the owed carrier account waits for its carrier, the same carrier links again', async () => {
    // Prepare: a subscriber that bought 1,000 on the carrier route, with 3,000 in its wallet
    const { world, link } = dynamoWorld();
    const [carrier, rival] = [await world.agent(500), await world.agent(300)];
    const provider = await world.provider({ trusted: true });
    const offer = await world.offer(provider.id, 1_000);
    const customer = await world.customer();
    await world.topUp(customer.id, rival.id, 3_000);
    await redeemCarrierLink(world.partyDeps, await link(carrier.id, 10_000), asCustomer(customer.id));
    const throughCarrier = await world.buy(customer.id, { offerId: offer.id });
    await world.deliverAll();

    // Act
    const ends = await Promise.allSettled([
      endCarrierAccount(world.partyDeps, customer.id, asCustomer(customer.id)),
      endCarrierAccount(world.partyDeps, customer.id, { role: 'agent', subject: carrier.id }),
      endCarrierAccount(world.partyDeps, customer.id, world.operator),
    ]);
    const stored = await world.parties.getCustomer(customer.id);
    const fromWallet = await world.buy(customer.id, { offerId: offer.id });
    const toRival = await redeemCarrierLink(world.partyDeps, await link(rival.id, 10_000), asCustomer(customer.id)).catch(
      (error: { code: string }) => error.code,
    );
    const again = await redeemCarrierLink(world.partyDeps, await link(carrier.id, 10_000), asCustomer(customer.id));

    // Assess
    expect(throughCarrier.purchase.route).toBe('carrier');
    expect(outcomes(ends)).toEqual(['ok', 'ok', 'ok']);
    const endedStates = ends.map((end) => (end.status === 'fulfilled' ? end.value.formerCarrier : undefined));
    for (const former of endedStates) expect(former).toEqual(stored?.formerCarrier);
    expect(stored?.carrier).toBeUndefined();
    expect(stored?.formerCarrier).toMatchObject({ agentId: carrier.id, creditLimitMinor: 10_000, currency: 'JPY' });
    expect(fromWallet.purchase.route).toBe('wallet');
    expect(toRival).toBe('CARRIER_BALANCE_OUTSTANDING');
    expect(await world.posted(customerCarrierAccountId(customer.id, 'JPY'))).toBe(-1_000);
    expect(again.carrier).toEqual({ agentId: carrier.id, creditLimitMinor: 10_000, currency: 'JPY' });
    expect((await world.parties.getCustomer(customer.id))?.carrier).toEqual(again.carrier);
  });
});
