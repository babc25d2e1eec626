import type { APIGatewayProxyEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { MemoryIdempotencyStore } from '../../../shared/adapters/memory/idempotency';
import { MemoryPurchaseStore } from '../../../shared/adapters/memory/purchases';
import type { Principal } from '../../../shared/domain/principal';
import { derivedId } from '../../../shared/ids';
import { operationFor } from '../../../shared/api/operations';
import { idempotencyScope, PURCHASER_ROLE, respondIdempotently, type StoredResponse } from '../../../shared/http/idempotent';
import { json } from '../../../shared/http/response';
import { ManualClock } from '../../fixtures/clock';

const event = { httpMethod: 'POST', path: '/v1/tickets' } as APIGatewayProxyEvent;

describe('Idempotency-Key scopes', () => {
  it('keep a crafted subject holding the separator apart from another caller with the same key text', async () => {
    // Prepare: "prv#a" with key "b" and "prv" with key "a#b" once shared the scope "provider:prv#a#b".
    const deps = {
      idempotencyStore: new MemoryIdempotencyStore<StoredResponse>(),
      purchaseKeys: new MemoryPurchaseStore().claims,
      clock: new ManualClock(Date.parse('2026-11-26T00:00:00Z')),
      idempotencyLeaseSeconds: 30,
      idempotencyRetentionSeconds: 3600,
    };
    const crafted: Principal = { role: 'provider', subject: 'prv#a' };
    const victim: Principal = { role: 'provider', subject: 'prv' };
    const body = { resource: 'server-1/stream-1' };
    let executions = 0;
    const answerFor = (principal: Principal) => async () => {
      executions += 1;
      return json(201, { issuedTo: principal.subject, execution: executions });
    };

    // Act
    const first = await respondIdempotently(deps, event, victim, 'a#b', body, answerFor(victim));
    const second = await respondIdempotently(deps, event, crafted, 'b', body, answerFor(crafted));

    // Assess: two independent answers, nothing replayed across callers.
    expect(JSON.parse(first.body)).toEqual({ issuedTo: 'prv', execution: 1 });
    expect(JSON.parse(second.body)).toEqual({ issuedTo: 'prv#a', execution: 2 });
    expect(second.headers?.['idempotent-replayed']).toBe('false');
    expect(idempotencyScope(crafted, 'b')).not.toBe(idempotencyScope(victim, 'a#b'));
  });

  it('share one space with the purchase items for the role that buys, and for no other role', () => {
    // respondIdempotently reads the purchase item a key names only for PURCHASER_ROLE's callers.
    expect(operationFor('purchaseCreate').roles).toEqual([PURCHASER_ROLE]);
  });

  it('derive distinct ids from parts that only a separator told apart', () => {
    expect(derivedId('tkt', 'provider:prv\u0000a', 'b')).not.toBe(derivedId('tkt', 'provider:prv', 'a\u0000b'));
    expect(derivedId('tkt', 'provider:prv', 'a')).toBe(derivedId('tkt', 'provider:prv', 'a'));
  });
});
