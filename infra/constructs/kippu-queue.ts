import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { QUEUE_RETENTION_DAYS } from './declarations';

/** How long a message waits in a main queue before SQS deletes it unprocessed. */
export const QUEUE_RETENTION = Duration.days(QUEUE_RETENTION_DAYS);
/** Alarms look at one-minute periods (SQS reports every minute) and fire on the first breaching one. */
const ALARM_PERIOD = Duration.minutes(1);
const ALARM_EVALUATION_PERIODS = 1;

export interface KippuQueueProps {
  /** Physical queue name. */
  readonly queueName: string;
  readonly deadLetterQueueName: string;
  readonly encryptionKey: IKey;
  readonly visibilityTimeoutSeconds: number;
  readonly maxReceiveCount: number;
  readonly deadLetterRetentionDays: number;
}

/**
 * A queue the way kippu runs them all: encrypted with the customer managed data key, TLS-only
 * (a bucket-style policy denies any request without aws:SecureTransport), a dead-letter queue
 * with the same protections that takes a message after `maxReceiveCount` receives, and both
 * retained when the stack is deleted, because their messages are work (money movements) that
 * has been accepted but not done yet.
 *
 * Two alarms: any message in the dead-letter queue (each one is a failure someone must look
 * at), and a main-queue message older than `maxReceiveCount` × visibility timeout, the time
 * within which every message should have been either processed or dead-lettered; an older one
 * means that consumption has stalled.
 */
export class KippuQueue extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly deadLetterAlarm: Alarm;
  readonly oldestMessageAlarm: Alarm;

  constructor(scope: Construct, id: string, props: KippuQueueProps) {
    super(scope, id);

    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      queueName: props.deadLetterQueueName,
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: props.encryptionKey,
      enforceSSL: true,
      retentionPeriod: Duration.days(props.deadLetterRetentionDays),
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.queue = new Queue(this, 'Queue', {
      queueName: props.queueName,
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: props.encryptionKey,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(props.visibilityTimeoutSeconds),
      retentionPeriod: QUEUE_RETENTION,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount },
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.deadLetterAlarm = deadLetterAlarm(this, 'DeadLetterAlarm', props.deadLetterQueueName, this.deadLetterQueue);

    const oldestMessageAgeSecondsMax = props.maxReceiveCount * props.visibilityTimeoutSeconds;
    this.oldestMessageAlarm = new Alarm(this, 'OldestMessageAlarm', {
      alarmName: `${props.queueName}-oldest-message`,
      alarmDescription: `A message has waited in ${props.queueName} for more than ${oldestMessageAgeSecondsMax} s (maxReceiveCount × visibility timeout): its consumer is not keeping up or not running.`,
      metric: this.queue.metricApproximateAgeOfOldestMessage({ period: ALARM_PERIOD, statistic: 'Maximum' }),
      threshold: oldestMessageAgeSecondsMax,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: ALARM_EVALUATION_PERIODS,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }
}

/** Any visible message in a dead-letter queue is a failure that needs an operator. */
export const deadLetterAlarm = (scope: Construct, id: string, queueName: string, queue: Queue): Alarm =>
  new Alarm(scope, id, {
    alarmName: `${queueName}-not-empty`,
    alarmDescription: `${queueName} holds messages that could not be processed; inspect them and redrive or discard.`,
    metric: queue.metricApproximateNumberOfMessagesVisible({ period: ALARM_PERIOD, statistic: 'Maximum' }),
    threshold: 0,
    comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: ALARM_EVALUATION_PERIODS,
    treatMissingData: TreatMissingData.NOT_BREACHING,
  });
