import { describe, expect, it } from 'vitest';
import { alarmNamePrefix } from '../../../infra/constructs/alarm-topic';
import { logicalIdOf, mentions, resourcesOf, templatesOf, type SyntheticFixture } from '../fixture';

/**
 * Every CloudWatch alarm in every template reaches a person: an action on the alarm topic for
 * ALARM and for OK, and a name the topic policy lets publish. Registered for the real
 * declarations and for the synthetic ones.
 */
export const describeAlarmActions = (label: string, fixture: SyntheticFixture): void => {
  const topicId = logicalIdOf(fixture.stateful.alarmTopic);
  const alarms = templatesOf(fixture).flatMap(([stackName, template]) =>
    Object.entries(resourcesOf(template, 'AWS::CloudWatch::Alarm')).map(
      ([logicalId, alarm]) => [`${stackName} ${logicalId}`, alarm.Properties ?? {}] as const,
    ),
  );

  describe(`${label}: alarm actions`, () => {
    it('has alarms in the stateful stack (the queues) and the monitoring stack (everything else)', () => {
      const holders = new Set(alarms.map(([name]) => name.split(' ')[0]));
      expect([...holders].sort()).toEqual([fixture.monitoring.node.path, fixture.stateful.node.path].sort());
    });

    it.each(alarms)('notifies the alarm topic on ALARM and on OK from %s', (_name, properties) => {
      for (const key of ['AlarmActions', 'OKActions']) {
        const actions = properties[key] as unknown[] | undefined;
        expect(actions, key).toHaveLength(1);
        expect(mentions(actions, topicId), key).toBe(true);
      }
    });

    it.each(alarms)('names %s with the stage prefix that the topic policy lets publish', (_name, properties) => {
      expect(properties['AlarmName']).toEqual(expect.stringMatching(new RegExp(`^${alarmNamePrefix(fixture.settings.stage)}`)));
    });
  });
};
