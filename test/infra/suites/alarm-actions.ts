import { describe, expect, it } from 'vitest';
import { alarmNamePrefix } from '../../../infra/constructs/alarm-topic';
import { logicalIdOf, mentions, resourcesOf, templatesOf, type SyntheticFixture } from '../fixture';

/**
 * Every CloudWatch alarm in both templates reaches a person: an action on the alarm topic for
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
    it('has alarms in both stacks', () => {
      for (const [stackName] of templatesOf(fixture)) {
        expect(alarms.some(([name]) => name.startsWith(`${stackName} `))).toBe(true);
      }
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
