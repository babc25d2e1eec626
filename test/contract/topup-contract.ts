import { describe, expect, it } from 'vitest';
import { createTransfer } from '../../shared/domain/ledger/one-transfer';
import { agentCashAccountId, agentFeeAccountId, customerWalletAccountId } from '../../shared/domain/parties/accounts';
import { agentView, createAgent, type AgentRecord } from '../../shared/domain/parties/parties';
import { topUpFeeTransferId, topUpTransferId, topUpWallet, type TopUpInput } from '../../shared/domain/parties/topup';
import { requireReversalsNotOfFlows, TOPUP_CODE } from '../../shared/domain/payments/owned-transfers';
import { randomIds } from '../../shared/ids';
import { codeOf, rejection } from '../fixtures/errors';
import type { World } from '../fixtures/purchases-world';

/**
 * An agent's top-up of a customer's wallet and a kiosk's surcharge on it (SPEC section 2):
 * the wallet gets the amount, the agent's cash account owes the amount plus the fee, the
 * agent's fee account earns the fee, in one linked ledger write. The same scenarios run on the
 * in-memory adapters and on DynamoDB Local.
 */
export const topUpContract = (name: string, makeWorld: () => World) =>
  describe(`top-ups and the kiosk's fee: ${name}`, () => {
    const scene = async (topUpFeeBps?: number) => {
      const world = makeWorld();
      const kiosk = await world.agent(300, topUpFeeBps);
      const customer = await world.customer();
      const topUp = (input: Partial<TopUpInput> = {}, customerId = customer.id) =>
        topUpWallet(
          world.partyDeps,
          customerId,
          { amountMinor: 10_000, currency: 'JPY', reference: 'receipt-1', ...input },
          { role: 'agent', subject: kiosk.id },
        );
      const balances = async () => ({
        wallet: await world.posted(customerWalletAccountId(customer.id, 'JPY')),
        cash: await world.posted(agentCashAccountId(kiosk.id, 'JPY')),
        fees: await world.posted(agentFeeAccountId(kiosk.id, 'JPY')),
      });
      return { world, kiosk, customer, topUp, balances };
    };

    it('credits the wallet the amount asked for and moves the fee from the cash account to the fee account, linked', async () => {
      // Prepare
      const { world, kiosk, customer, topUp, balances } = await scene(250);

      // Act
      const { result, topUp: answer } = await topUp();

      // Assess
      const topUpId = topUpTransferId(kiosk.id, 'receipt-1');
      expect(result).toBe('created');
      expect(answer).toMatchObject({
        id: topUpId,
        amountMinor: 10_000,
        feeMinor: 250,
        collectedMinor: 10_250,
        feeTransferId: topUpFeeTransferId(topUpId),
      });
      expect(await balances()).toEqual({ wallet: 10_000, cash: -10_250, fees: 250 });
      expect(await world.ledger.getTransfer(topUpFeeTransferId(topUpId))).toMatchObject({
        kind: 'single',
        debitAccountId: agentCashAccountId(kiosk.id, 'JPY'),
        creditAccountId: agentFeeAccountId(kiosk.id, 'JPY'),
        amountMinor: 250,
        code: 'topup_fee',
        reference: 'receipt-1',
      });
      expect(await world.ledger.getTransfer(topUpId)).toMatchObject({
        debitAccountId: agentCashAccountId(kiosk.id, 'JPY'),
        creditAccountId: customerWalletAccountId(customer.id, 'JPY'),
        amountMinor: 10_000,
        code: TOPUP_CODE,
      });
    });

    it('answers a repeat with the same reference with the same top-up and moves nothing again', async () => {
      // Prepare
      const { topUp, balances } = await scene(250);
      const first = await topUp();

      // Act
      const repeat = await topUp();

      // Assess
      expect(repeat).toEqual({ result: 'exists', topUp: first.topUp });
      expect(await balances()).toEqual({ wallet: 10_000, cash: -10_250, fees: 250 });
    });

    it('rounds the fee down as the settlement split does, and an amount whose fee rounds to 0 is one transfer', async () => {
      // Prepare
      const { world, kiosk, topUp, balances } = await scene(250);

      // Act
      const odd = await topUp({ amountMinor: 999, reference: 'receipt-odd' });
      const small = await topUp({ amountMinor: 39, reference: 'receipt-small' });

      // Assess
      expect(odd.topUp).toMatchObject({ amountMinor: 999, feeMinor: 24, collectedMinor: 1_023 });
      expect(small.topUp).toMatchObject({ amountMinor: 39, feeMinor: 0, collectedMinor: 39 });
      expect(small.topUp).not.toHaveProperty('feeTransferId');
      expect(await codeOf(world.ledger.getTransfer(topUpFeeTransferId(topUpTransferId(kiosk.id, 'receipt-small'))))).toBe(
        'TRANSFER_NOT_FOUND',
      );
      expect(await balances()).toEqual({ wallet: 1_038, cash: -1_062, fees: 24 });
    });

    it('refuses the reference with another amount or customer, naming the field, and moves nothing', async () => {
      // Prepare
      const { world, topUp, balances } = await scene(250);
      const other = await world.customer();
      await topUp();

      // Act
      const otherAmount = await rejection(topUp({ amountMinor: 20_000 }));
      const smallAmount = await rejection(topUp({ amountMinor: 39 }));
      const otherCustomer = await rejection(topUp({}, other.id));

      // Assess
      expect(otherAmount).toMatchObject({ code: 'TOPUP_REFERENCE_REUSED', fields: [{ field: 'amountMinor' }] });
      expect(smallAmount).toMatchObject({ code: 'TOPUP_REFERENCE_REUSED', fields: [{ field: 'amountMinor' }] });
      expect(otherCustomer).toMatchObject({ code: 'TOPUP_REFERENCE_REUSED', fields: [{ field: 'customerId' }] });
      expect(await balances()).toEqual({ wallet: 10_000, cash: -10_250, fees: 250 });
      expect(await world.posted(customerWalletAccountId(other.id, 'JPY'))).toBe(0);
    });

    it('an agent with the default rate of 0 tops up as before: one transfer, no fee', async () => {
      // Prepare
      const { world, kiosk, topUp, balances } = await scene();

      // Act
      const { result, topUp: answer } = await topUp();

      // Assess
      expect(result).toBe('created');
      expect(answer).toMatchObject({ amountMinor: 10_000, feeMinor: 0, collectedMinor: 10_000 });
      expect(answer).not.toHaveProperty('feeTransferId');
      expect(agentView(kiosk).topUpFeeBps).toBe(0);
      expect(await balances()).toEqual({ wallet: 10_000, cash: -10_000, fees: 0 });
      expect(await codeOf(world.ledger.getTransfer(topUpFeeTransferId(answer.id)))).toBe('TRANSFER_NOT_FOUND');
    });

    it('answers a repeat of a top-up stored before fees existed (an agent without a rate, one transfer) with exists and no fee', async () => {
      // Prepare: the agent record and the top-up as they were written before this setting existed.
      const world = makeWorld();
      const customer = await world.customer();
      const registered = await world.agent(300);
      const { topUpFeeBps: _rate, ...withoutRate } = registered;
      const legacy: AgentRecord = { ...withoutRate, id: randomIds.next('agt') };
      await world.parties.createAgent(legacy);
      await world.ledger.createAccount({ id: agentCashAccountId(legacy.id, 'JPY'), currency: 'JPY' });
      await world.ledger.createAccount({ id: agentFeeAccountId(legacy.id, 'JPY'), currency: 'JPY' });
      const stored = await createTransfer(world.ledger, {
        action: 'create',
        id: topUpTransferId(legacy.id, 'receipt-old'),
        debitAccountId: agentCashAccountId(legacy.id, 'JPY'),
        creditAccountId: customerWalletAccountId(customer.id, 'JPY'),
        amountMinor: 700,
        currency: 'JPY',
        code: TOPUP_CODE,
        reference: 'receipt-old',
      });

      // Act
      const repeat = await topUpWallet(
        world.partyDeps,
        customer.id,
        { amountMinor: 700, currency: 'JPY', reference: 'receipt-old' },
        { role: 'agent', subject: legacy.id },
      );

      // Assess
      expect(repeat.result).toBe('exists');
      expect(repeat.topUp).toMatchObject({ id: stored.transfer.id, amountMinor: 700, feeMinor: 0, collectedMinor: 700 });
      expect(repeat.topUp).not.toHaveProperty('feeTransferId');
      expect(await world.posted(customerWalletAccountId(customer.id, 'JPY'))).toBe(700);
      expect(agentView((await world.parties.getAgent(legacy.id)) as AgentRecord).topUpFeeBps).toBe(0);
    });

    it('refuses an amount whose collected sum would pass 2^53 - 1, naming amountMinor, and moves nothing', async () => {
      // Prepare
      const { topUp, balances } = await scene(10_000);

      // Act
      const refusal = await rejection(topUp({ amountMinor: Number.MAX_SAFE_INTEGER - 10 }));

      // Assess
      expect(refusal).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'amountMinor' }] });
      expect(await balances()).toEqual({ wallet: 0, cash: 0, fees: 0 });
    });

    it("fixes an agent's rate at creation: the same id with another topUpFeeBps is refused naming it, the same request answers the agent", async () => {
      // Prepare
      const world = makeWorld();
      const id = randomIds.next('agt');
      const request = { name: 'Corner Kiosk', feeBps: 200, topUpFeeBps: 250 };
      const first = await createAgent(world.partyDeps, id, request, world.operator);

      // Act
      const repeat = await createAgent(world.partyDeps, id, request, world.operator);
      const otherRate = await rejection(createAgent(world.partyDeps, id, { ...request, topUpFeeBps: 0 }, world.operator));
      const withoutRate = await rejection(
        createAgent(world.partyDeps, id, { name: 'Corner Kiosk', feeBps: 200 }, world.operator),
      );

      // Assess
      expect(repeat).toEqual(first);
      expect(agentView(first)).toMatchObject({ feeBps: 200, topUpFeeBps: 250 });
      for (const refusal of [otherRate, withoutRate]) {
        expect(refusal).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', fields: [{ field: 'topUpFeeBps' }] });
      }
    });

    it("keeps the fee leg the top-up flow's: an operator's reversal of it is refused", async () => {
      // Prepare
      const { world, topUp } = await scene(250);
      const { topUp: answer } = await topUp();

      // Act
      const refusal = await rejection(
        requireReversalsNotOfFlows(world.ledger, [{ id: 'fee-reversal-1', reversesTransferId: answer.feeTransferId as string }]),
      );

      // Assess
      expect(refusal).toMatchObject({ code: 'TRANSFER_OWNED_BY_FLOW', extensions: { flow: 'topup', ownerId: 'receipt-1' } });
    });
  });
