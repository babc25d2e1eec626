import { describe, expect, it } from 'vitest';
import { functionList } from '../../../shared/resources/functions';
import { settlementQueue, SPEC_MAX_RECEIVE_COUNT } from '../../../shared/resources/queues';
import { routes } from '../../../shared/resources/routes';

describe('the settlement queue declaration', () => {
  it('dead-letters after five receives and keeps messages invisible for at least six worker timeouts', () => {
    // Prepare
    const consumers = functionList.filter((definition) =>
      (definition.queues ?? []).some((entry) => entry.queue.id === settlementQueue.id && entry.access === 'consume'),
    );

    // Assess
    expect(settlementQueue.maxReceiveCount).toBe(SPEC_MAX_RECEIVE_COUNT);
    expect(consumers.map((definition) => definition.name)).toEqual(['settlement-worker']);
    for (const consumer of consumers)
      expect(settlementQueue.visibilityTimeoutSeconds).toBeGreaterThanOrEqual(6 * consumer.timeoutSeconds);
  });

  it('only the purchase function and the settlement recovery send to it', () => {
    // Act
    const senders = functionList.filter((definition) =>
      (definition.queues ?? []).some((entry) => entry.queue.id === settlementQueue.id && entry.access === 'send'),
    );

    // Assess
    expect(senders.map((definition) => definition.name)).toEqual(['purchase-create', 'purchase-recover']);
  });

  it('every purchase-path route the issue names is declared', () => {
    // Act
    const declared = routes.map((route) => `${route.method} ${route.path}`);

    // Assess
    expect(declared).toEqual(
      expect.arrayContaining([
        'POST /v1/providers',
        'POST /v1/agents',
        'POST /v1/customers',
        'POST /v1/customers/{id}/topups',
        'POST /v1/offers',
        'GET /v1/offers',
        'POST /v1/purchases',
        'GET /v1/purchases/{id}',
        'POST /v1/purchases/{id}/refund',
        'GET /v1/providers/{id}/revocations',
      ]),
    );
  });
});
