/**
 * Delivery of one event to one rule target, by the target's ARN type, with EventBridge's failure
 * handling: retry per the target's RetryPolicy (MaximumRetryAttempts, MaximumEventAgeInSeconds; AWS
 * defaults 185 / 24 h, backoffs shortened locally), no retry when the target does not exist, then the
 * dead-letter queue with the original event and the attributes AWS adds, or a log line and a drop.
 */
import type { RuleSpec, RuleTargetSpec } from './model.ts';
import { sleepUntil } from './sfn-timers.ts';
import { targetInput, type EventEnvelope } from './events-transform.ts';

export interface DeliveryRecord {
  at: string;
  eventId: string;
  rule: string;
  targetId: string;
  targetArn: string;
  outcome: 'delivered' | 'accepted' | 'failed' | 'dead-lettered' | 'dropped';
  attempts: number;
  error?: string;
}

export interface TargetDeps {
  invokeFunction(nameOrArn: string, event: unknown): Promise<unknown>;
  sendToQueue(queueArnOrUrl: string, body: string, o?: { messageGroupId?: string; attributes?: Record<string, string> }): Promise<void>;
  startExecution(stateMachineArn: string, input: string): Promise<unknown>;
  /** Routes the event on another bus; false when there is no such bus. */
  forwardToBus(busArn: string, event: EventEnvelope, hops: number): boolean;
  record(d: DeliveryRecord): void;
  log(m: string): void;
  /** Aborted when the local cloud stops: pending retries end. */
  signal: AbortSignal;
}

// Bus-to-bus forwarding of one event stops here: a rule cycle (city → province → city …) must not
// loop forever. AWS detects such loops too; locally a log line says where it stopped.
export const MAX_BUS_HOPS = 5;
const DEFAULT_RETRIES = 185;
const DEFAULT_MAX_AGE_S = 86_400;
const BACKOFF_BASE_MS = 100;
const BACKOFF_MAX_MS = 2_000;

class TargetError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

function classify(err: unknown): TargetError {
  if (err instanceof TargetError) return err;
  const e = err as { type?: string; errorType?: string; name?: string; message?: string; errorMessage?: string };
  const code = e.type ?? e.errorType ?? e.name ?? 'Error';
  const message = e.errorMessage ?? e.message ?? String(err);
  // A target that does not exist fails every retry: AWS sends the event to the DLQ at once.
  if (/NotFound|DoesNotExist|NonExistent/i.test(code)) return new TargetError('RESOURCE_NOT_FOUND', message, false);
  return new TargetError('SDK_CLIENT_ERROR', `${code}: ${message}`, true);
}

async function invokeTarget(target: RuleTargetSpec, rule: RuleSpec, event: EventEnvelope, hops: number, deps: TargetDeps, body: string): Promise<'delivered' | 'accepted'> {
  const service = target.arn.split(':')[2];
  if (service === 'sqs') {
    await deps.sendToQueue(target.arn, body, { messageGroupId: target.sqsMessageGroupId });
  } else if (service === 'states') {
    await deps.startExecution(target.arn, body);
  } else if (service === 'events') {
    if (hops + 1 > MAX_BUS_HOPS) {
      deps.log(`event ${event.id} not forwarded to ${target.arn}: it already crossed ${MAX_BUS_HOPS} buses (a rule cycle?)`);
      throw new TargetError('LOOP_DETECTED', `more than ${MAX_BUS_HOPS} bus hops`, false);
    }
    // A bus target receives the event itself, not a transformed input (AWS disallows those there).
    if (!deps.forwardToBus(target.arn, event, hops + 1)) throw new TargetError('RESOURCE_NOT_FOUND', `Event bus ${target.arn} does not exist`, false);
  } else if (service === 'lambda') {
    // Asynchronous invocation: EventBridge is done once Lambda accepted the event; the function's own
    // errors belong to Lambda's async retries, not to the rule's RetryPolicy.
    let payload: unknown = body;
    try {
      payload = JSON.parse(body);
    } catch {
      /* a string template: the function receives the text */
    }
    const invocation = deps.invokeFunction(target.arn, payload);
    const early = await Promise.race([invocation.then(() => undefined, (e: unknown) => ({ e })), new Promise<'pending'>((r) => setImmediate(() => r('pending')))]);
    if (early && early !== 'pending' && classify(early.e).code === 'RESOURCE_NOT_FOUND') throw early.e;
    invocation.catch((e: { errorType?: string; message?: string }) => deps.log(`rule ${rule.name}: ${target.arn} failed on event ${event.id} (not retried by EventBridge): ${e?.errorType ?? ''} ${e?.message ?? e}`));
    return 'accepted';
  } else {
    throw new TargetError('UNSUPPORTED_TARGET', `The local cloud cannot deliver to ${target.arn}`, false);
  }
  return 'delivered';
}

/** Delivers with retries; resolves when the event is delivered, dead-lettered or dropped. */
export async function deliver(target: RuleTargetSpec, rule: RuleSpec, event: EventEnvelope, ingestion: Date, hops: number, deps: TargetDeps): Promise<void> {
  const body = targetInput(target, event, rule, ingestion);
  const maxRetries = target.retryPolicy?.MaximumRetryAttempts ?? DEFAULT_RETRIES;
  const expires = ingestion.getTime() + (target.retryPolicy?.MaximumEventAgeInSeconds ?? DEFAULT_MAX_AGE_S) * 1000;
  const record = (outcome: DeliveryRecord['outcome'], attempts: number, error?: string) =>
    deps.record({ at: new Date().toISOString(), eventId: event.id, rule: rule.name, targetId: target.id, targetArn: target.arn, outcome, attempts, error });

  for (let attempt = 1; ; attempt++) {
    let failure: TargetError;
    try {
      record(await invokeTarget(target, rule, event, hops, deps, body), attempt);
      return;
    } catch (err) {
      failure = classify(err);
    }
    const retryAt = Date.now() + Math.min(BACKOFF_BASE_MS * 2 ** (attempt - 1), BACKOFF_MAX_MS);
    const exhausted = !failure.retryable ? undefined : attempt > maxRetries ? 'MaximumRetryAttempts' : retryAt > expires ? 'MaximumEventAge' : null;
    if (exhausted === null) {
      record('failed', attempt, failure.message);
      try {
        await sleepUntil(retryAt, deps.signal);
        continue;
      } catch {
        deps.log(`rule ${rule.name}: event ${event.id} for ${target.arn} dropped: the local cloud stopped while retrying`);
        return record('dropped', attempt, failure.message);
      }
    }
    return deadLetter(target, rule, event, attempt, failure, exhausted ?? undefined, deps, record);
  }
}

async function deadLetter(
  target: RuleTargetSpec,
  rule: RuleSpec,
  event: EventEnvelope,
  attempts: number,
  failure: TargetError,
  exhausted: string | undefined,
  deps: TargetDeps,
  record: (outcome: DeliveryRecord['outcome'], attempts: number, error?: string) => void,
): Promise<void> {
  if (!target.deadLetterArn) {
    deps.log(`rule ${rule.name}: event ${event.id} dropped after ${attempts} attempt(s) to ${target.arn}: ${failure.message}`);
    return record('dropped', attempts, failure.message);
  }
  const attributes: Record<string, string> = {
    RULE_ARN: rule.arn,
    TARGET_ARN: target.arn,
    ERROR_CODE: failure.code,
    ERROR_MESSAGE: failure.message,
    RETRY_ATTEMPTS: String(attempts - 1),
    ...(exhausted && { EXHAUSTED_RETRY_CONDITION: exhausted }),
  };
  try {
    await deps.sendToQueue(target.deadLetterArn, JSON.stringify(event), { attributes });
    deps.log(`rule ${rule.name}: event ${event.id} sent to the dead-letter queue ${target.deadLetterArn}: ${failure.message}`);
    record('dead-lettered', attempts, failure.message);
  } catch (err) {
    deps.log(`rule ${rule.name}: event ${event.id} lost: the dead-letter queue ${target.deadLetterArn} refused it (${(err as Error).message})`);
    record('dropped', attempts, failure.message);
  }
}
