import { REGISTRATION_DUE_LAYOUT } from '../../domain/identity/expiry';
import type { ConsumeAttempt, EmailClaim, RegistrationRecord, RegistrationStore } from '../../domain/identity/ports';
import { MemoryDueIndex } from './due-index';
import { assert } from '../../errors';
import { REGISTRATION_EXPIRY_GRACE_SECONDS } from '../../limits';

const GRACE_MS = REGISTRATION_EXPIRY_GRACE_SECONDS * 1000;

/**
 * Registrations in memory, for unit tests: the same conditions as the DynamoDB store (the
 * address taken over only past its expiry and the grace and under its own customer id, attempts taken only in time, the
 * claim released only by its own registration) and the same due index by hour bucket.
 */
export class MemoryRegistrationStore implements RegistrationStore {
  readonly registrations = new Map<string, RegistrationRecord>();
  readonly claims = new Map<string, EmailClaim>();
  readonly dueIndex = new MemoryDueIndex(REGISTRATION_DUE_LAYOUT);

  async create(
    registration: RegistrationRecord,
    nowMs: number,
  ): Promise<{ created: true } | { created: false; claim: EmailClaim }> {
    assert(registration.status === 'provisional', 'a new registration is provisional');
    const claim = this.claims.get(registration.email);
    const free =
      claim === undefined ||
      (claim.status === 'provisional' &&
        (claim.registrationId === registration.id || claim.expiresAtMs <= nowMs - GRACE_MS) &&
        (claim.customerId === undefined || claim.customerId === registration.customerId));
    const existing = this.registrations.get(registration.id);
    if (!free || (existing !== undefined && existing.status !== 'provisional')) {
      assert(claim !== undefined, 'a refused registration names the claim that holds its address');
      return { created: false, claim };
    }
    this.claims.set(registration.email, {
      email: registration.email,
      registrationId: registration.id,
      status: 'provisional',
      expiresAtMs: registration.expiresAtMs,
      customerId: registration.customerId,
    });
    this.registrations.set(registration.id, registration);
    this.dueIndex.put({ id: registration.id }, registration.expiresAtMs);
    return { created: true };
  }

  async get(id: string) {
    return this.registrations.get(id);
  }

  async getClaim(email: string) {
    return this.claims.get(email);
  }

  async consumeAttempt(id: string, nowMs: number, codeFingerprint: string): Promise<ConsumeAttempt> {
    const registration = this.registrations.get(id);
    if (registration === undefined || registration.status !== 'provisional' || registration.expiresAtMs <= nowMs) {
      return { consumed: false, registration };
    }
    const tried = registration.codesTried ?? [];
    if (tried.includes(codeFingerprint)) return { consumed: true, firstTry: false, registration };
    if (registration.attemptsLeft <= 0) return { consumed: false, registration };
    const updated = { ...registration, attemptsLeft: registration.attemptsLeft - 1, codesTried: [...tried, codeFingerprint] };
    this.registrations.set(id, updated);
    return { consumed: true, firstTry: true, registration: updated };
  }

  async confirm(id: string, confirmedAt: string): Promise<RegistrationRecord> {
    const registration = this.registrations.get(id);
    assert(registration !== undefined, `registration ${id} exists when it is confirmed`);
    if (registration.status === 'confirmed') return registration;
    const claim = this.claims.get(registration.email);
    assert(
      registration.status === 'provisional' && claim?.registrationId === id,
      `registration ${id} holds its address when confirmed`,
    );
    const { passwordSealed: _sealed, ...rest } = registration;
    const confirmed: RegistrationRecord = { ...rest, status: 'confirmed', confirmedAt };
    this.registrations.set(id, confirmed);
    this.dueIndex.remove(id);
    this.claims.set(registration.email, { ...claim, status: 'confirmed' });
    return confirmed;
  }

  async expire(id: string, expiredAt: string): Promise<void> {
    const registration = this.registrations.get(id);
    if (registration?.status !== 'provisional') return;
    const { passwordSealed: _sealed, ...rest } = registration;
    this.registrations.set(id, { ...rest, status: 'expired', expiredAt });
    this.dueIndex.remove(id);
    const claim = this.claims.get(registration.email);
    if (claim?.registrationId === id && claim.status === 'provisional')
      this.claims.set(registration.email, { ...claim, expiresAtMs: 0 });
  }
}
