/**
 * Lambda event source mappings for SQS, as the Lambda service runs them: poll the queue, invoke the
 * function with up to `batchSize` messages in the SQS event shape, delete the batch on success (all
 * but the reported `batchItemFailures` when ReportBatchItemFailures is on), and on an error leave the
 * messages alone: they come back after the visibility timeout, and after `maxReceiveCount` receives
 * the queue's redrive policy moves them to the dead-letter queue.
 * https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html
 */
import type { SQSBatchResponse, SQSEvent, SQSMessageAttributes, SQSRecord, SQSRecordAttributes } from 'aws-lambda';
import { LOCAL_REGION, type EventSourceMappingSpec } from './model.ts';
import type { WireMessage } from './sqs-protocol.ts';

export interface PollerOptions {
  mappings: EventSourceMappingSpec[];
  invoke: (functionName: string, event: unknown) => Promise<unknown>;
  functionArn: (name: string) => string;
  log: (m: string) => void;
  /** Long-polls the queue (woken by each send, so a new message is picked up at once). */
  receive: (queueArn: string, max: number, signal: AbortSignal) => Promise<WireMessage[]>;
  delete: (queueArn: string, receiptHandle: string) => void;
}

export interface Pollers {
  stop(): Promise<void>;
}

export function startPollers(o: PollerOptions): Pollers {
  const stopping = new AbortController();
  const loops = o.mappings.filter((m) => m.enabled).map((m) => poll(m, o, stopping.signal));
  return {
    async stop() {
      stopping.abort();
      // An invocation still running is not waited for long: its messages simply reappear later.
      await Promise.race([Promise.all(loops), new Promise((r) => setTimeout(r, 5_000).unref())]);
    },
  };
}

async function poll(mapping: EventSourceMappingSpec, o: PollerOptions, signal: AbortSignal): Promise<void> {
  const where = `${mapping.queueArn} → ${o.functionArn(mapping.functionName)}`;
  while (!signal.aborted) {
    let batch: WireMessage[];
    try {
      batch = await o.receive(mapping.queueArn, mapping.batchSize, signal);
    } catch (error) {
      // e.g. the queue was deleted at run time; Lambda keeps retrying too.
      o.log(`event source ${where}: ${error instanceof Error ? error.message : String(error)}`);
      await new Promise((r) => setTimeout(r, 1_000).unref());
      continue;
    }
    // Never spin on an empty answer (a stopping queue answers at once): let the event loop breathe.
    if (!batch.length) { await new Promise((r) => setImmediate(r)); continue; }
    const event: SQSEvent = { Records: batch.map((m) => toRecord(m, mapping.queueArn)) };
    let result: unknown;
    try {
      result = await o.invoke(mapping.functionName, event);
    } catch (error) {
      o.log(`event source ${where}: invocation failed (${error instanceof Error ? error.message : String(error)}); ${batch.length} message(s) return after the visibility timeout`);
      continue;
    }
    const failed = failedMessageIds(result, batch, mapping.reportBatchItemFailures);
    for (const m of batch) if (!failed.has(m.MessageId)) o.delete(mapping.queueArn, m.ReceiptHandle);
  }
}

/**
 * With ReportBatchItemFailures, the listed messages stay; a malformed answer (an identifier that is
 * empty or not in the batch) fails the whole batch, as Lambda does. Without it, any success deletes all.
 */
function failedMessageIds(result: unknown, batch: WireMessage[], reportBatchItemFailures: boolean): Set<string> {
  const failures = (result as Partial<SQSBatchResponse> | null | undefined)?.batchItemFailures;
  if (!reportBatchItemFailures || !Array.isArray(failures)) return new Set();
  const ids = new Set(batch.map((m) => m.MessageId));
  const listed = failures.map((f) => f?.itemIdentifier);
  if (listed.some((id) => typeof id !== 'string' || !ids.has(id))) return ids;
  return new Set(listed);
}

function toRecord(m: WireMessage, queueArn: string): SQSRecord {
  const messageAttributes: SQSMessageAttributes = Object.fromEntries(Object.entries(m.MessageAttributes ?? {}).map(([name, a]) => [name, {
    ...(a.StringValue !== undefined ? { stringValue: a.StringValue } : {}),
    ...(a.BinaryValue !== undefined ? { binaryValue: a.BinaryValue } : {}),
    stringListValues: [], binaryListValues: [], dataType: a.DataType,
  }]));
  return {
    messageId: m.MessageId,
    receiptHandle: m.ReceiptHandle,
    body: m.Body,
    attributes: m.Attributes as unknown as SQSRecordAttributes,
    messageAttributes,
    md5OfBody: m.MD5OfBody,
    ...(m.MD5OfMessageAttributes ? { md5OfMessageAttributes: m.MD5OfMessageAttributes } : {}),
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: LOCAL_REGION,
  };
}
