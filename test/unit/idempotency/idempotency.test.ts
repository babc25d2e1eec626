import { describe, expect, it } from 'vitest';
import { idempotencyContract } from '../../contract/idempotency-contract';
import { idempotencyKeySpaceContract } from '../../contract/idempotency-key-space-contract';
import { randomUUID } from 'node:crypto';
import { MemoryIdempotencyStore } from '../../../shared/adapters/memory/idempotency';
import { MemoryPurchaseStore } from '../../../shared/adapters/memory/purchases';
import { MemoryTicketStore } from '../../../shared/adapters/memory/tickets';
import { PurchaseIdempotency } from '../../../shared/http/purchase-idempotency';
import { runIdempotent, TRANSPORT_CODES, type IdempotencyDeps } from '../../../shared/domain/idempotency/idempotency';
import { DomainError, type ErrorCode } from '../../../shared/errors';
import { ManualClock } from '../../fixtures/clock';

/** What these tests store as the answer of a request (the HTTP layer stores its response). */
interface StoredResponse {
  readonly statusCode: number;
  readonly body: string;
}

const makeDeps = (): IdempotencyDeps<StoredResponse> & { clock: ManualClock } => ({
  idempotencyStore: new MemoryIdempotencyStore<StoredResponse>(),
  clock: new ManualClock(0),
  idempotencyLeaseSeconds: 30,
  idempotencyRetentionSeconds: 3600,
});
const request = (body: Record<string, unknown>) => ({ scope: 'customer:c1#key-1', method: 'POST', path: '/v1/things', body });
const ok = (body: string): StoredResponse => ({ statusCode: 201, body });
const asResponse = (error: DomainError): StoredResponse => ({ statusCode: error.status, body: error.code });

describe('idempotent requests', () => {
  it('a repeat returns the first answer without running again', async () => {
    // Prepare
    const deps = makeDeps();
    let runs = 0;
    const execute = async () => ok(`run-${(runs += 1)}`);

    // Act
    const first = await runIdempotent(deps, request({ a: 1 }), execute, asResponse);
    const second = await runIdempotent(deps, request({ a: 1 }), execute, asResponse);

    // Assess
    expect(runs).toBe(1);
    expect(second).toEqual({ ...first, replayed: true });
  });

  it('the same key with a different body is refused naming each differing field', async () => {
    // Prepare
    const deps = makeDeps();
    await runIdempotent(deps, request({ a: 1, b: 2, c: 3 }), async () => ok('x'), asResponse);

    // Act
    const attempt = runIdempotent(deps, request({ a: 1, b: 5, d: 4, c: 3 }), async () => ok('y'), asResponse);

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', fields: [{ field: 'b' }, { field: 'd' }] });
  });

  it('the refusal of a reused key says in a sentence which route it was used for and which fields differ', async () => {
    // Prepare
    const deps = makeDeps();
    await runIdempotent(deps, request({ a: 1 }), async () => ok('x'), asResponse);

    // Act
    const otherRoute = runIdempotent(deps, { ...request({ a: 2 }), path: '/v1/others' }, async () => ok('y'), asResponse);
    const sameRouteAndBody = runIdempotent(deps, { ...request({ a: 1 }), method: 'PUT' }, async () => ok('z'), asResponse);

    // Assess
    await expect(otherRoute).rejects.toMatchObject({
      detail: 'This Idempotency-Key was used for a different request (POST /v1/things) with another a.',
    });
    await expect(sameRouteAndBody).rejects.toMatchObject({
      detail: 'This Idempotency-Key was used for a different request (POST /v1/things).',
    });
  });

  it('an expected failure is the stored answer too', async () => {
    // Prepare
    const deps = makeDeps();
    const failing = async (): Promise<StoredResponse> => {
      throw new DomainError('EXCEEDS_CREDITS', 'no funds');
    };

    // Act
    const first = await runIdempotent(deps, request({}), failing, asResponse);
    const second = await runIdempotent(deps, request({}), async () => ok('later'), asResponse);

    // Assess
    expect(first.statusCode).toBe(409);
    expect(second).toMatchObject({ statusCode: 409, body: 'EXCEEDS_CREDITS', replayed: true });
  });

  it.each([...TRANSPORT_CODES].map((code) => [code as ErrorCode]))(
    'a refusal of the transport (%s) raised while executing is not stored: the key stays free for the corrected request',
    async (code) => {
      // Prepare
      const deps = makeDeps();
      const refused = runIdempotent(
        deps,
        request({}),
        async () => Promise.reject(new DomainError(code, 'a transport check')),
        asResponse,
      );
      await expect(refused).rejects.toMatchObject({ code });

      // Act
      const corrected = await runIdempotent(deps, request({}), async () => ok('corrected'), asResponse);

      // Assess
      expect(corrected).toMatchObject({ body: 'corrected', replayed: false });
    },
  );

  it('a crash releases the key so that a retry runs again', async () => {
    // Prepare
    const deps = makeDeps();
    const crash = runIdempotent(deps, request({}), async () => Promise.reject(new Error('boom')), asResponse);
    await expect(crash).rejects.toThrow('boom');

    // Act
    const retry = await runIdempotent(deps, request({}), async () => ok('second'), asResponse);

    // Assess
    expect(retry).toMatchObject({ body: 'second', replayed: false });
  });

  it('a request in progress blocks a concurrent repeat until its lease runs out', async () => {
    // Prepare
    const deps = makeDeps();
    let release: (value: StoredResponse) => void = () => {};
    const slow = runIdempotent(
      deps,
      request({}),
      () => new Promise<StoredResponse>((resolve) => (release = resolve)),
      asResponse,
    );

    // Act
    const concurrent = runIdempotent(deps, request({}), async () => ok('concurrent'), asResponse);
    await expect(concurrent).rejects.toMatchObject({ code: 'IDEMPOTENCY_REQUEST_IN_PROGRESS' });
    deps.clock.advanceSeconds(31);
    const takeover = await runIdempotent(deps, request({}), async () => ok('takeover'), asResponse);

    // Assess
    expect(takeover.body).toBe('takeover');
    release(ok('slow'));
    await slow;
  });
});

describe('one key space across stores (otherKeyHolders)', () => {
  /** Another store of the key space, holding the key for `held` (if given); it counts its reads. */
  const holder = (held?: { method: string; path: string; body: Record<string, unknown> }) => {
    const reads: string[] = [];
    return {
      reads,
      requestOf: async (scope: string) => {
        reads.push(scope);
        return held === undefined ? undefined : { scope, ...held };
      },
    };
  };

  it('a key held elsewhere for another request refuses this one, naming that route, and gives the claim up', async () => {
    // Prepare
    const deps = makeDeps();
    const elsewhere = holder({ method: 'POST', path: '/v1/purchases', body: { offerId: 'ofr-1' } });
    let runs = 0;

    // Act
    const refused = await runIdempotent(
      { ...deps, otherKeyHolders: [elsewhere] },
      request({ name: 'x' }),
      async () => ok(`run-${(runs += 1)}`),
      asResponse,
    ).catch((error: unknown) => error);

    // Assess
    expect(refused).toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
      detail: 'This Idempotency-Key was used for a different request (POST /v1/purchases) with another name, offerId.',
      fields: [
        { field: '(request)', message: 'the key was used for POST /v1/purchases' },
        { field: 'name' },
        { field: 'offerId' },
      ],
    });
    expect(runs).toBe(0);
    expect(elsewhere.reads).toEqual([request({}).scope]);
    expect((deps.idempotencyStore as MemoryIdempotencyStore<StoredResponse>).records.size).toBe(0);
  });

  it('a key held nowhere else runs; its replay asks no other store', async () => {
    // Prepare
    const deps = makeDeps();
    const elsewhere = holder();
    const withHolder = { ...deps, otherKeyHolders: [elsewhere] };

    // Act
    const first = await runIdempotent(withHolder, request({ a: 1 }), async () => ok('first'), asResponse);
    const replay = await runIdempotent(withHolder, request({ a: 1 }), async () => ok('again'), asResponse);

    // Assess
    expect(first).toMatchObject({ body: 'first', replayed: false });
    expect(replay).toMatchObject({ body: 'first', replayed: true });
    expect(elsewhere.reads).toHaveLength(1);
  });

  it('a failed read of the other store gives the claim up, so that a retry runs', async () => {
    // Prepare
    const deps = makeDeps();
    const failing = {
      requestOf: async (): Promise<undefined> => {
        throw new Error('throttled');
      },
    };
    const attempt = runIdempotent({ ...deps, otherKeyHolders: [failing] }, request({}), async () => ok('x'), asResponse);
    await expect(attempt).rejects.toThrow('throttled');

    // Act
    const retry = await runIdempotent({ ...deps, otherKeyHolders: [holder()] }, request({}), async () => ok('y'), asResponse);

    // Assess
    expect(retry).toMatchObject({ body: 'y', replayed: false });
  });
});

idempotencyContract('in memory', async () => {
  const store = new MemoryIdempotencyStore<StoredResponse>();
  return { store, readRecord: async (scope) => store.records.get(scope) };
});

// POST /v1/purchases keeps its records in purchase items: the same guarantees, one purchase id per store.
idempotencyContract('purchase items, in memory', async () => {
  const purchases = new MemoryPurchaseStore();
  const purchaseId = `pur_${randomUUID()}`;
  const store = new PurchaseIdempotency(
    { claims: purchases.claims, ticketStore: new MemoryTicketStore() },
    { role: 'customer', subject: 'cus-1' },
    purchaseId,
  );
  return { store, readRecord: async () => purchases.claims.records.get(purchaseId) };
});

idempotencyKeySpaceContract('in memory', async () => ({
  idempotencyStore: new MemoryIdempotencyStore<StoredResponse>(),
  claims: new MemoryPurchaseStore().claims,
  ticketStore: new MemoryTicketStore(),
}));
