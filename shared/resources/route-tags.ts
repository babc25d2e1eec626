/**
 * The OpenAPI tags: one per area of the API, each with the description the document lists at
 * its top level. Every route group in routes.ts names its tag once (`routeGroup`), so every
 * operation has exactly one.
 */
export const ROUTE_TAGS = {
  operations: 'The service itself: liveness, this document, and the JWK Set that verifies what kippu signs.',
  tickets: "Signed tickets: issue, read, and a provider's revocation list.",
  ledger: 'The double-entry ledger: accounts, their entries, transfers and two-phase holds.',
  parties: 'Providers, agents and customers; wallet top-ups; the calling customer (me).',
  purchases: 'Offers, purchases with proxy settlement, dockets and refunds.',
  reservations: 'Channels, availability, reservations, reconfirmation, viewers and public listings.',
  identity: 'Registrations, sessions, devices and device pairs, machine credentials, operators.',
  billing: 'Batch billing: monthly runs, statements and remittance imports.',
  rights: 'Usage rights: contents, redeems and usage reports, one-time passwords, grants, transfers and the redeem intake.',
} as const satisfies Record<string, string>;

export type RouteTag = keyof typeof ROUTE_TAGS;
