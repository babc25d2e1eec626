import { DomainError } from '../../errors';
import { iso } from './rules';

/** Refusals of a booking, the same from every store. */
export const slotTaken = (slotStartsMs: readonly number[]) =>
  new DomainError(
    'SLOT_TAKEN',
    `Slot${slotStartsMs.length > 1 ? 's' : ''} ${slotStartsMs.map(iso).join(', ')} ${slotStartsMs.length > 1 ? 'are' : 'is'} booked already.`,
    slotStartsMs.map((startMs) => ({ field: 'startsAt', message: `slot ${iso(startMs)} is taken` })),
    { slots: slotStartsMs.map(iso) },
  );

export const quotaExceeded = (month: string, quota: number) =>
  new DomainError(
    'QUOTA_EXCEEDED',
    `This booking would take you over ${quota} slots in ${month} (UTC).`,
    [{ field: 'slots', message: `exceeds the monthly quota of ${quota} in ${month}` }],
    { month, quota },
  );

/** A time range (availability, listings) whose end is not after its start. */
export const rangeEndsBeforeStart = () =>
  new DomainError('VALIDATION_FAILED', 'The end of the range (`to`) must be after its start (`from`).', [
    { field: 'to', message: 'must be after from' },
  ]);
