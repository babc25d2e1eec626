/**
 * Named limits, one file per area. Every loop, batch, page and retry in kippu is bounded by
 * one of these; import them from `shared/limits` (this index), never from an area's file.
 */

export * from './general';
export * from './due';
export * from './retry';
export * from './ledger';
export * from './purchases';
export * from './reservations';
export * from './identity';
export * from './billing';
export * from './rights';
