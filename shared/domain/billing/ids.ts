import { derivedId } from '../../ids';
import type { BilledPartyKind } from './accounts';

/** Statement ids derive from what they are about, so every attempt lands on the same one. */
export const statementIdFor = (period: string, kind: BilledPartyKind, partyId: string, currency: string): string =>
  derivedId('stm', 'statement', period, kind, partyId, currency);

/** A run started with an Idempotency-Key, or by the schedule for one firing, has a derived id. */
export const runIdForKey = (operator: string, idempotencyKey: string): string =>
  derivedId('run', 'operator', operator, idempotencyKey);
export const runIdForSchedule = (period: string, scheduledAt: string): string =>
  derivedId('run', 'schedule', period, scheduledAt);
