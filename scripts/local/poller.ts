import { randomUUID } from 'node:crypto';
import {
  DeleteMessageBatchCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SQSClient,
  type Message,
} from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { functionList, type FunctionDefinition } from '../../shared/resources/functions';
import { queueName, type QueueDefinition } from '../../shared/resources/queues';
import { loadFunctionHandler } from './handlers';

/**
 * The local stand-in for Lambda's SQS event source mapping: receive a batch, invoke the
 * worker with a real SQS event, delete only the records it did not report as failed. Failed
 * records stay on the queue, come back after the visibility timeout, and after
 * maxReceiveCount receives the queue's redrive policy moves them to the dead-letter queue —
 * the emulator does that, as SQS does.
 */
const RECEIVE_WAIT_SECONDS = 1;
const BATCH_SIZE_DEFAULT = 10;
const SQS_BATCH_SIZE_MAX = 10;
const IDLE_PAUSE_MS = 50;
const ERROR_PAUSE_MS = 1000;

type WorkerHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | void>;

export interface QueueConsumer {
  readonly queue: QueueDefinition;
  readonly definition: FunctionDefinition;
  readonly batchSize: number;
}

export const queueConsumers = (): QueueConsumer[] =>
  functionList.flatMap((definition) =>
    (definition.queues ?? [])
      .filter((entry) => entry.access === 'consume')
      .map((entry) => ({
        queue: entry.queue,
        definition,
        batchSize: Math.min(entry.batchSize ?? BATCH_SIZE_DEFAULT, SQS_BATCH_SIZE_MAX),
      })),
  );

const toRecord = (message: Message, queueArn: string): SQSRecord => {
  const attributes = message.Attributes ?? {};
  return {
    messageId: message.MessageId ?? randomUUID(),
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
      SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
      SenderId: attributes.SenderId ?? 'local',
      ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
    },
    messageAttributes: Object.fromEntries(
      Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
        name,
        { dataType: value.DataType ?? 'String', stringValue: value.StringValue, stringListValues: [], binaryListValues: [] },
      ]),
    ),
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: process.env.AWS_REGION ?? 'us-east-1',
  };
};

/** One receive-invoke-delete round for one consumer; returns how many messages it handled. */
export const pollOnce = async (
  client: SQSClient,
  consumer: QueueConsumer,
  queueUrl: string,
  options: { waitSeconds: number; log: (line: string) => void },
): Promise<number> => {
  const received = await client.send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: consumer.batchSize,
      WaitTimeSeconds: options.waitSeconds,
      MessageSystemAttributeNames: ['All'],
      MessageAttributeNames: ['All'],
    }),
  );
  const messages = received.Messages ?? [];
  if (messages.length === 0) return 0;
  const queueArn = `arn:aws:sqs:${process.env.AWS_REGION ?? 'us-east-1'}:000000000000:${queueUrl.split('/').pop() ?? ''}`;
  const event: SQSEvent = { Records: messages.map((message) => toRecord(message, queueArn)) };
  const handler = await loadFunctionHandler<WorkerHandler>(consumer.definition);
  let failed = new Set<string>();
  try {
    const response = await handler(event, { awsRequestId: randomUUID(), functionName: consumer.definition.name } as Context);
    failed = new Set((response?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier));
  } catch (error) {
    // A thrown error fails the whole batch, as with Lambda.
    options.log(`${consumer.definition.name} failed its batch: ${error instanceof Error ? error.message : String(error)}`);
    failed = new Set(event.Records.map((record) => record.messageId));
  }
  const done = event.Records.filter((record) => !failed.has(record.messageId));
  if (done.length > 0) {
    await client.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: done.map((record, index) => ({ Id: String(index), ReceiptHandle: record.receiptHandle })),
      }),
    );
  }
  options.log(
    `${consumer.definition.name}: ${messages.length} received, ${done.length} done, ${failed.size} left for redelivery`,
  );
  return messages.length;
};

export interface Poller {
  stop(): Promise<void>;
}

export const startPoller = (options: { stage: string; log: (line: string) => void }): Poller => {
  const client = new SQSClient({});
  let running = true;
  const loops = queueConsumers().map(async (consumer) => {
    const { QueueUrl: queueUrl } = await client.send(
      new GetQueueUrlCommand({ QueueName: queueName(options.stage, consumer.queue) }),
    );
    if (queueUrl === undefined) throw new Error(`no queue ${consumer.queue.id}`);
    while (running) {
      try {
        const handled = await pollOnce(client, consumer, queueUrl, { waitSeconds: RECEIVE_WAIT_SECONDS, log: options.log });
        if (handled === 0) await new Promise((resolve) => setTimeout(resolve, IDLE_PAUSE_MS));
      } catch (error) {
        if (!running) break;
        options.log(`poller ${consumer.queue.id}: ${error instanceof Error ? error.message : String(error)}`);
        await new Promise((resolve) => setTimeout(resolve, ERROR_PAUSE_MS));
      }
    }
  });
  return {
    stop: async () => {
      running = false;
      await Promise.allSettled(loops);
      client.destroy();
    },
  };
};
