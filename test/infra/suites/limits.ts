import { describe, expect, it } from 'vitest';
import { FUNCTION_STACK_COUNT, functionStackIndex } from '../../../infra/constructs/function-placement';
import type { KippuDeclarations } from '../../../infra/constructs/declarations';
import { functionList, functions, type FunctionDefinition, type FunctionId } from '../../../shared/resources/functions';
import { metricList } from '../../../shared/resources/metrics';
import { SPEC_MAX_RECEIVE_COUNT, type QueueDefinition } from '../../../shared/resources/queues';
import type { RouteDefinition } from '../../../shared/resources/routes';
import type { PeriodicScheduleDefinition } from '../../../shared/resources/schedules';
import { templateSizes } from '../../../scripts/template-sizes';
import { resourcesOf, stacksOf, synthesizeKippu, synthesizeSynthetic, templateOf, type SyntheticFixture } from '../fixture';

/**
 * CloudFormation refuses a template with more than 500 resources. The stacks are cut so that
 * every template stays at or below RESOURCES_PER_TEMPLATE_MAX, a margin of 100 below the
 * limit, and this suite says how much more fits: what one more function, route, schedule or
 * queue costs in which template, and that the growth in GROWTH still fits everywhere.
 */
export const RESOURCES_PER_TEMPLATE_MAX = 400;
/** CloudFormation's limits on a template's parameters and outputs. */
const PARAMETERS_PER_TEMPLATE_MAX = 200;
const OUTPUTS_PER_TEMPLATE_MAX = 200;

/**
 * What must still fit on top of today's declarations: the work in flight (batch billing and
 * usage rights, about 20 functions, 25 routes, a few queues and schedules) and room for 40
 * more functions and 60 more routes after it.
 */
export const GROWTH = { functions: 20 + 40, routes: 25 + 60, periodicSchedules: 10, queues: 5 } as const;

type TemplateKind = 'stateful' | 'stateless' | 'functions' | 'monitoring';

/** Resources per template, by the stack's path, and which kind of template it is. */
const countsOf = (fixture: SyntheticFixture): Map<string, { readonly kind: TemplateKind; readonly resources: number }> =>
  new Map(
    stacksOf(fixture).map((stack) => {
      const kind: TemplateKind =
        stack === fixture.stateful
          ? 'stateful'
          : stack === fixture.stateless
            ? 'stateless'
            : stack === fixture.monitoring
              ? 'monitoring'
              : 'functions';
      return [stack.node.path, { kind, resources: Object.keys(resourcesOf(templateOf(stack))).length }] as const;
    }),
  );

/** How many resources a change added, per kind of template (function stacks summed). */
const costOf = (before: SyntheticFixture, after: SyntheticFixture): Record<TemplateKind, number> => {
  const cost: Record<TemplateKind, number> = { stateful: 0, stateless: 0, functions: 0, monitoring: 0 };
  for (const { kind, resources } of countsOf(after).values()) cost[kind] += resources;
  for (const { kind, resources } of countsOf(before).values()) cost[kind] -= resources;
  return cost;
};

const fixture = synthesizeKippu();

describe('CloudFormation limits', () => {
  it.each(stacksOf(fixture).map((stack) => [stack.node.path, stack] as const))(
    'keeps %s at or below 400 resources (500 is the limit), 200 parameters and 200 outputs',
    (_path, stack) => {
      const template = templateOf(stack).toJSON() as { Resources: object; Parameters?: object; Outputs?: object };
      expect(Object.keys(template.Resources).length).toBeLessThanOrEqual(RESOURCES_PER_TEMPLATE_MAX);
      expect(Object.keys(template.Parameters ?? {}).length).toBeLessThanOrEqual(PARAMETERS_PER_TEMPLATE_MAX);
      expect(Object.keys(template.Outputs ?? {}).length).toBeLessThanOrEqual(OUTPUTS_PER_TEMPLATE_MAX);
    },
  );

  it('spreads the declared functions over the nested function stacks by the hash of their names', () => {
    for (const definition of functionList) {
      const stack = fixture.stateless.functionStacks.get(functionStackIndex(definition.name));
      expect(stack?.functions.has(definition.name), definition.name).toBe(true);
    }
    expect(fixture.stateless.functionStacks.size).toBeLessThanOrEqual(FUNCTION_STACK_COUNT);
  });

  it('prints the same resource counts with scripts/template-sizes.ts as these tests check', () => {
    const printed = new Map(templateSizes(fixture.assemblyDirectory).map((size) => [size.template, size.resources]));
    expect(printed).toEqual(
      new Map(stacksOf(fixture).map((stack) => [stack.templateFile, Object.keys(resourcesOf(templateOf(stack))).length])),
    );
  });
});

describe('what one more function, route, schedule or queue costs', () => {
  // A small app: health-get with its route, and one more declared function that the hash puts
  // in the same nested stack (so that adding it adds no stack), that uses no queue or
  // one-time schedule and emits none of kippu's metrics (which bring resources of their own:
  // an event source, the one-time scheduler role, the alarms on those metrics).
  const healthGet = functions.healthGet;
  const [partnerId, partner] = (Object.entries(functions) as [FunctionId, FunctionDefinition][]).find(
    ([, definition]) =>
      definition !== healthGet &&
      definition.queues === undefined &&
      definition.oneTimeSchedules === undefined &&
      metricList.every((metric) => !metric.emittedBy.some((emitter) => functions[emitter] === definition)) &&
      functionStackIndex(definition.name) === functionStackIndex(healthGet.name),
  ) ?? ['healthGet', healthGet];
  const healthRoute: RouteDefinition = { method: 'GET', path: '/health', functionId: 'healthGet', public: false };
  const base: KippuDeclarations = { functionList: [healthGet], routes: [healthRoute], queues: [], periodicSchedules: [] };
  const probeQueue: QueueDefinition = {
    id: 'probe',
    envVar: 'KIPPU_QUEUE_PROBE',
    description: 'Synthetic queue',
    maxReceiveCount: SPEC_MAX_RECEIVE_COUNT,
    visibilityTimeoutSeconds: 6 * healthGet.timeoutSeconds,
    deadLetterRetentionDays: 14,
  };
  const sweep: PeriodicScheduleDefinition = {
    id: 'probeSweep',
    functionId: 'healthGet',
    description: 'Synthetic schedule',
    defaultRateSeconds: 60,
  };

  const variants = {
    base,
    functionWithoutRoute: { ...base, functionList: [healthGet, partner] },
    functionWithRoute: {
      ...base,
      functionList: [healthGet, partner],
      routes: [healthRoute, { method: 'GET', path: '/probe', functionId: partnerId, public: false }],
    },
    routeOnExistingPath: { ...base, routes: [healthRoute, { ...healthRoute, method: 'POST' }] },
    routeOnNewPath: { ...base, routes: [healthRoute, { ...healthRoute, path: '/health/deep' }] },
    periodicSchedule: { ...base, periodicSchedules: [sweep] },
    queueWithConsumer: {
      ...base,
      queues: [probeQueue],
      functionList: [{ ...healthGet, queues: [{ queue: probeQueue, access: 'consume' }] }],
    },
  } satisfies Record<string, KippuDeclarations>;
  const built = Object.fromEntries(
    Object.entries(variants).map(([name, declarations]) => [name, synthesizeSynthetic(declarations)]),
  ) as Record<keyof typeof variants, SyntheticFixture>;
  const cost = (variant: keyof typeof variants) => costOf(built.base, built[variant]);

  it('has a partner function in health-get’s stack', () => {
    expect(partner).not.toBe(healthGet);
  });

  it('costs a function without routes 3 resources in its function stack (function, role, log group) and 2 alarms', () => {
    expect(cost('functionWithoutRoute')).toEqual({ stateful: 0, stateless: 0, functions: 3, monitoring: 2 });
  });

  it('costs a function with a route one more: its invoke permission; the route costs what any route costs', () => {
    expect(cost('functionWithRoute')).toEqual({ stateful: 0, stateless: 2, functions: 4, monitoring: 2 });
  });

  it('costs a route one method in the stateless stack’s own template, and one API resource per new path segment', () => {
    expect(cost('routeOnExistingPath')).toEqual({ stateful: 0, stateless: 1, functions: 0, monitoring: 0 });
    expect(cost('routeOnNewPath')).toEqual({ stateful: 0, stateless: 2, functions: 0, monitoring: 0 });
  });

  it('costs a periodic schedule 3 resources (schedule, role, policy) in its target’s stack', () => {
    expect(cost('periodicSchedule')).toEqual({ stateful: 0, stateless: 0, functions: 3, monitoring: 0 });
  });

  it('costs a queue 6 resources in the stateful stack (queue and dead-letter queue, their policies and alarms), its consumer an event source', () => {
    expect(cost('queueWithConsumer')).toEqual({ stateful: 6, stateless: 0, functions: 1, monitoring: 0 });
  });

  it('leaves room for GROWTH in every template, even if every new function landed in the fullest function stack', () => {
    const counts = [...countsOf(fixture).values()];
    const largest = (kind: TemplateKind): number =>
      Math.max(...counts.filter((count) => count.kind === kind).map((count) => count.resources));
    // Routes on new paths (two resources each) in the API's template.
    expect(largest('stateless') + GROWTH.routes * cost('routeOnNewPath').stateless).toBeLessThanOrEqual(
      RESOURCES_PER_TEMPLATE_MAX,
    );
    // Routed functions, each with a schedule and a queue consumer at most, in one function stack.
    const functionsCost =
      GROWTH.functions * cost('functionWithRoute').functions +
      GROWTH.periodicSchedules * cost('periodicSchedule').functions +
      GROWTH.queues * cost('queueWithConsumer').functions;
    expect(largest('functions') + functionsCost).toBeLessThanOrEqual(RESOURCES_PER_TEMPLATE_MAX);
    // Two alarms a function, and a sweeper backlog alarm per schedule.
    expect(
      largest('monitoring') + GROWTH.functions * cost('functionWithRoute').monitoring + GROWTH.periodicSchedules,
    ).toBeLessThanOrEqual(RESOURCES_PER_TEMPLATE_MAX);
    expect(largest('stateful') + GROWTH.queues * cost('queueWithConsumer').stateful).toBeLessThanOrEqual(
      RESOURCES_PER_TEMPLATE_MAX,
    );
  });
});
