import { afterAll, describe, expect, it } from 'vitest';
import { makeHandler } from '../../../functions/ledger-expire/handler';
import { loadConfig } from '../../../shared/config';
import { silentLogger } from '../../../shared/logger';
import { noMetrics } from '../../../shared/ports';
import { dropDynamoLedgers, makeDynamoLedger } from '../ledger/table';

/** The scheduled sweeper function, with the real DynamoDB ledger and an injected clock. */
afterAll(dropDynamoLedgers);

describe('the ledger-expire function', () => {
  it('expires the holds that are due, once, however often it runs', async () => {
    // Prepare
    const { ledger, clock } = await makeDynamoLedger();
    await ledger.createAccount({ id: 'source', currency: 'JPY' });
    await ledger.createAccount({ id: 'wallet', currency: 'JPY', flags: { debitsMustNotExceedCredits: true } });
    await ledger.createTransfers([
      { action: 'create', id: 'fund', debitAccountId: 'source', creditAccountId: 'wallet', amountMinor: 100, currency: 'JPY' },
    ]);
    await ledger.createTransfers([
      {
        action: 'create',
        id: 'hold-due',
        debitAccountId: 'wallet',
        creditAccountId: 'source',
        amountMinor: 30,
        currency: 'JPY',
        timeoutSeconds: 60,
      },
      {
        action: 'create',
        id: 'hold-live',
        debitAccountId: 'wallet',
        creditAccountId: 'source',
        amountMinor: 20,
        currency: 'JPY',
        timeoutSeconds: 3600,
      },
    ]);
    const handler = makeHandler({ config: loadConfig(process.env), logger: silentLogger, metrics: noMetrics, ledger });
    clock.advanceSeconds(61);

    // Act
    const [first, second] = await Promise.all([handler(), handler()]);
    const third = await handler();

    // Assess
    expect(first.expired + second.expired + third.expired).toBe(1);
    expect((await ledger.getTransfer('hold-due')).state).toBe('expired');
    expect((await ledger.getTransfer('hold-live')).state).toBe('pending');
    expect((await ledger.getAccount('wallet')).balances).toMatchObject({ debitsPending: 20, available: 80 });
  });
});
