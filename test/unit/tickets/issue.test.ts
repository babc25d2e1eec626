import type { JSONWebKeySet } from 'jose';
import { describe, expect, it } from 'vitest';
import { LocalKeyJwsSigner, MemoryPseudonymStore, MemoryTicketStore } from '../../../shared/adapters/memory/tickets';
import {
  authorizeTicketIssue,
  authorizeTicketRead,
  issueTicket,
  ticketView,
  type TicketDeps,
} from '../../../shared/domain/tickets/issue';
import { verifyTicket } from '@kippu/verify';
import { DomainError } from '../../../shared/errors';
import { noMetrics } from '../../../shared/ports';
import { ManualClock } from '../../fixtures/clock';

const ISSUER = 'https://kippu.test';
const START_MS = Date.parse('2026-11-22T00:00:00Z');

const makeDeps = () => {
  const signer = new LocalKeyJwsSigner();
  const deps: TicketDeps = {
    signer,
    ticketStore: new MemoryTicketStore(),
    pseudonyms: new MemoryPseudonymStore(),
    clock: new ManualClock(START_MS),
    issuer: ISSUER,
    metrics: noMetrics,
    ticketValiditySecondsMax: 86_400,
  };
  return { deps, signer };
};

const input = {
  kind: 'direct' as const,
  providerId: 'prov-1',
  holderId: 'cust-1',
  resource: 'server/stream',
  validitySeconds: 600,
  capabilities: ['image'],
};
const operator = { role: 'operator', subject: 'op' } as const;

describe('issuing a ticket', () => {
  it('signs the spec claims and verifies within its window only', async () => {
    // Prepare
    const { deps, signer } = makeDeps();
    const jwks: JSONWebKeySet = { keys: [await signer.publicJwk()] };

    // Act
    const ticket = await issueTicket(
      deps,
      'tkt_1',
      { ...input, maxSeconds: 120, purchaseId: 'pur_1', transferId: 'trf_1' },
      operator,
    );

    // Assess
    const inside = await verifyTicket(ticket.token, { jwks, issuer: ISSUER, audience: 'prov-1', now: new Date(START_MS + 1000) });
    expect(inside).toMatchObject({
      ok: true,
      claims: { jti: 'tkt_1', sec: 120, pur: 'pur_1', txn: 'trf_1', res: 'server/stream' },
    });
    const after = await verifyTicket(ticket.token, {
      jwks,
      issuer: ISSUER,
      audience: 'prov-1',
      now: new Date(START_MS + 700_000),
    });
    expect(after).toMatchObject({ ok: false, reason: 'EXPIRED' });
  });

  it('returns the stored ticket when the same id is issued again (a retry after a crash)', async () => {
    // Prepare
    const { deps } = makeDeps();
    const first = await issueTicket(deps, 'tkt_1', input, operator);

    // Act
    const again = await issueTicket(deps, 'tkt_1', { ...input, resource: 'other' }, operator);

    // Assess
    expect(again).toEqual(first);
  });

  it('refuses a window longer than the configured maximum, naming the field', async () => {
    const { deps } = makeDeps();
    await expect(issueTicket(deps, 'tkt_1', { ...input, validitySeconds: 86_401 }, operator)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: [{ field: 'validitySeconds' }],
    });
  });

  it('refuses a window that has already ended', async () => {
    const { deps } = makeDeps();
    await expect(issueTicket(deps, 'tkt_1', { ...input, notBeforeMs: START_MS - 3_600_000 }, operator)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });
});

describe('who may issue and read', () => {
  it('an operator and the provider itself may issue; another provider, a customer or an agent may not', () => {
    expect(() => authorizeTicketIssue(operator, 'prov-1')).not.toThrow();
    expect(() => authorizeTicketIssue({ role: 'provider', subject: 'prov-1' }, 'prov-1')).not.toThrow();
    for (const principal of [
      { role: 'provider', subject: 'prov-2' },
      { role: 'customer', subject: 'prov-1' },
      { role: 'agent', subject: 'prov-1' },
    ] as const) {
      expect(() => authorizeTicketIssue(principal, 'prov-1')).toThrow(DomainError);
    }
  });

  it('a ticket past its window shows expired, from the instant redeems answer TICKET_EXPIRED; a revoked one stays revoked', async () => {
    // Prepare
    const { deps } = makeDeps();
    const ticket = await issueTicket(deps, 'tkt_1', input, operator);
    const endMs = Date.parse(ticket.expiresAt);
    const revoked = { ...ticket, status: 'revoked' as const, revokedAt: ticket.issuedAt };

    // Act
    const during = ticketView(operator, ticket, endMs - 1).status;
    const atEnd = ticketView(operator, ticket, endMs).status;
    const providerAfter = ticketView({ role: 'provider', subject: 'prov-1' }, ticket, endMs + 1_000).status;
    const revokedAfter = ticketView(operator, revoked, endMs + 1_000).status;

    // Assess
    expect(ticket.status).toBe('active');
    expect([during, atEnd, providerAfter, revokedAfter]).toEqual(['active', 'expired', 'expired', 'revoked']);
  });

  it('reading hides the holder from the provider and hides the ticket from strangers', async () => {
    // Prepare
    const { deps } = makeDeps();
    const ticket = await issueTicket(deps, 'tkt_1', input, operator);

    // Act
    const providerView = ticketView({ role: 'provider', subject: 'prov-1' }, ticket, deps.clock.now());

    // Assess
    expect(providerView).not.toHaveProperty('holderId');
    expect(() => authorizeTicketRead({ role: 'customer', subject: 'cust-2' }, ticket, 'tkt_1')).toThrow(/No ticket/);
    expect(() => authorizeTicketRead({ role: 'customer', subject: 'cust-1' }, ticket, 'tkt_1')).not.toThrow();
    expect(() => authorizeTicketRead(operator, undefined, 'tkt_1')).toThrow(/No ticket/);
  });
});
