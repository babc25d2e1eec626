import type { DueSweepLimits } from './due';
import type { ProofFreshness } from './general';

// ---------------------------------------------------------------------------------------
// Identity: registrations, sessions, devices, machine credentials (docs/identity.md).
// ---------------------------------------------------------------------------------------

/** Wrong codes a registration accepts; the next attempt after the last is REGISTRATION_EXPIRED. */
export const REGISTRATION_CODE_ATTEMPTS_MAX = 5;

/** Digits of a registration code. */
export const REGISTRATION_CODE_DIGITS = 6;

/**
 * An expired registration's address is taken over, and its records expired by the sweep, only
 * this long after its expiry: longer than any confirm request runs (the API timeout), so a
 * confirm that consumed its attempt in time is never raced by the expiry.
 */
export const REGISTRATION_EXPIRY_GRACE_SECONDS = 60;

/** Longest wait for a registration's code a deployment may configure (KIPPU_REGISTRATION_CONFIRM_SECONDS). */
export const REGISTRATION_CONFIRM_SECONDS_MAX = 30 * 24 * 60 * 60;

/** How long an expired or confirmed registration is kept before TTL cleanup (cleanup only). */
export const REGISTRATION_RETENTION_SECONDS = 30 * 24 * 60 * 60;

/** Rounds of the registration write when the address's claim changes between the write and its read. */
export const REGISTRATION_CREATE_ATTEMPTS_MAX = 3;

/** Longest e-mail address (RFC 5321 path limit). */
export const EMAIL_LENGTH_MAX = 254;

/** Width of one bucket of the registrations' due index (core table gsi1, one partition per hour). */
export const REGISTRATION_DUE_BUCKET_SECONDS = 60 * 60;

/** What one expiry sweep of registrations reads. */
export const REGISTRATION_DUE_SWEEP: DueSweepLimits = {
  /** How far back the first expiry sweep (no watermark yet) looks, in buckets. */
  lookbackBuckets: 48,
  /** Buckets one expiry sweep walks at most (a week of hours); a sweep that fell behind catches up over several runs. */
  bucketsPerSweepMax: 7 * 24,
  /** Registrations one expiry sweep reads at most; the rest waits for the next run. */
  itemsPerSweepMax: 500,
  /** A bucket is closed (the watermark may pass it) only this long after it ended: the GSI is eventually consistent. */
  settleSeconds: 5 * 60,
  readRecentWhenBehind: false,
};

/** Devices one customer may register. */
export const DEVICES_PER_CUSTOMER_MAX = 10;

/** Longest device name. */
export const DEVICE_NAME_LENGTH_MAX = 100;

/** Devices or device pairs per page: the default and the most a client may ask for. */
export const IDENTITY_PAGE_LIMIT_DEFAULT = 20;
export const IDENTITY_PAGE_LIMIT_MAX = 100;

/** A DPoP proof's `iat` may be at most this old, and at most the skew in the future (RFC 9449 §11.1). */
export const DPOP_PROOF_FRESHNESS: ProofFreshness = { ageSecondsMax: 60, clockSkewSeconds: 5 };

/** Longest DPoP proof accepted, in characters (a P-256 proof is about 600). */
export const DPOP_PROOF_LENGTH_MAX = 4096;

/** Machine credentials (app clients) one provider or agent may hold at once. */
export const MACHINE_CREDENTIALS_PER_PARTY_MAX = 5;

/** How long a container trusts its cached client-id → party mapping (a deleted credential stops acting within this). */
export const MACHINE_CLIENT_CACHE_SECONDS = 60;

/** Mappings one container caches at most. */
export const MACHINE_CLIENT_CACHE_ENTRIES_MAX = 1_000;

/** Customer sessions (token id → device, never changed once written) one container caches at most. */
export const SESSION_CACHE_ENTRIES_MAX = 1_000;
