import { generateKeyPairSync, sign as signWithKey, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, type JWK } from 'jose';
import type { JwsSigner, PseudonymStore, TicketStore } from '../../domain/tickets/ports';
import type { TicketRecord } from '../../domain/tickets/ticket';
import { randomIds } from '../../ids';
import { putIfAbsent } from './records';

export class MemoryTicketStore implements TicketStore {
  readonly records = new Map<string, TicketRecord>();
  /** Ticket id → the tickets made from it, linked by MemoryAllowanceStore.commit. */
  readonly derived = new Map<string, string[]>();

  async create(record: TicketRecord) {
    const { created, stored } = putIfAbsent(this.records, record);
    return { created, record: stored };
  }

  async get(id: string) {
    return this.records.get(id);
  }

  async revoke(id: string, revokedAt: string) {
    const record = this.records.get(id);
    if (record === undefined || record.status === 'revoked') return record;
    const revoked: TicketRecord = { ...record, status: 'revoked', revokedAt };
    this.records.set(id, revoked);
    return revoked;
  }

  async derivedFrom(id: string) {
    return [...(this.derived.get(id) ?? [])];
  }
}

export class MemoryPseudonymStore implements PseudonymStore {
  private readonly subjects = new Map<string, string>();

  async subjectFor(providerId: string, holderId: string) {
    const key = `${providerId}\u0000${holderId}`;
    let subject = this.subjects.get(key);
    if (subject === undefined) {
      subject = randomIds.next('sub');
      this.subjects.set(key, subject);
    }
    return subject;
  }
}

/** An in-process P-256 key standing in for KMS in unit tests. */
export class LocalKeyJwsSigner implements JwsSigner {
  private readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;

  constructor() {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.privateKey = pair.privateKey;
    this.publicKey = pair.publicKey;
  }

  async publicJwk(): Promise<JWK> {
    const jwk = this.publicKey.export({ format: 'jwk' }) as JWK;
    const bare: JWK = { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y };
    return { ...bare, kid: await calculateJwkThumbprint(bare), alg: 'ES256', use: 'sig' };
  }

  async keyId(): Promise<string> {
    const jwk = await this.publicJwk();
    return jwk.kid ?? '';
  }

  async sign(signingInput: Uint8Array): Promise<Uint8Array> {
    return signWithKey('sha256', signingInput, { key: this.privateKey, dsaEncoding: 'ieee-p1363' });
  }
}
