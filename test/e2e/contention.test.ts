import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, uniqueId, type TestApi } from '../fixtures/api';
import { rightsScene } from '../fixtures/rights-api';

/**
 * Many concurrent requests on one item, through the HTTP API: contention answers 200 or the
 * declared 409 TRANSACTION_CONFLICT, never a 5xx, and every answer tells what was committed
 * (a 200 took its use, a 409 took nothing). Finer cases with injected conflicts and a time
 * left the test controls are in test/unit/contention.
 */
let api: TestApi;
let scene: ReturnType<typeof rightsScene>;

beforeAll(async () => {
  api = await startTestApi();
  scene = rightsScene(api, await api.tokenFor('operator', 'op-contention'));
});
afterAll(async () => api.close());

/**
 * Enough racers on one allowance for several to lose their races, few enough that one attempt
 * fits the 10 s function timeout on a busy test machine (every API function shares its one
 * process and DynamoDB Local): the timeout guard is not what this test is about.
 */
const CONCURRENT_REDEEMS = 16;
const USES = 200;

describe('one ticket redeemed by many requests at once', () => {
  it('answers each 200 (one use taken) or 409 TRANSACTION_CONFLICT (nothing taken), never a 5xx; the allowance adds up', async () => {
    // Prepare
    const provider = await scene.provider();
    const holder = await scene.customer();
    const ticket = await scene.ticket(provider, holder, { maxUses: USES });
    const nonces = Array.from({ length: CONCURRENT_REDEEMS }, (_, index) => `${uniqueId('burst')}-${index}`);

    // Act
    const answers = await Promise.all(nonces.map((nonce) => scene.redeem(provider, ticket.id, { nonce })));
    const probe = await scene.redeem(provider, ticket.id, { nonce: uniqueId('probe') });
    // A refused nonce sent again runs again: it takes its use now.
    const conflicted = nonces.filter((_, index) => answers[index]?.status === 409);
    const retried = await Promise.all(conflicted.map((nonce) => scene.redeem(provider, ticket.id, { nonce })));
    const last = await scene.redeem(provider, ticket.id, { nonce: uniqueId('last') });

    // Assess
    const outcomes = answers.map((answer) => (answer.status === 200 ? '200' : `${answer.status} ${answer.body.code}`));
    expect(outcomes.filter((outcome) => outcome !== '200' && outcome !== '409 TRANSACTION_CONFLICT')).toEqual([]);
    const taken = outcomes.filter((outcome) => outcome === '200').length;
    expect(probe.status).toBe(200);
    expect(probe.body.remaining).toEqual({ uses: USES - taken - 1 });
    expect(retried.map((answer) => answer.status)).toEqual(conflicted.map(() => 200));
    expect(last.body.remaining).toEqual({ uses: USES - CONCURRENT_REDEEMS - 2 });
  });
});
