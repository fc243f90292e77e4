/**
 * The local EventBridge: the synthesized buses and rules, PutEvents with EventBridge's envelope and
 * per-entry errors, pattern matching (events-pattern.ts), delivery to targets with retries and DLQs
 * (events-targets.ts), bus-to-bus forwarding (city → province → cities, DESIGN §7), and scheduled
 * rules (events-schedule.ts), which operators and tests can also fire on demand.
 * Delivery is asynchronous, as on AWS: PutEvents returns once the events are accepted.
 */
import { randomUUID } from 'node:crypto';
import { arn as arnOf, LOCAL_ACCOUNT, LOCAL_REGION, nameFromArn, type AwsServiceHandler, type EventBusSpec, type PutEventsEntry, type RuleSpec } from './model.ts';
import { eventsOperations } from './events-api.ts';
import { matchesPattern, validatePattern } from './events-pattern.ts';
import { nextFire } from './events-schedule.ts';
import { deliver, type DeliveryRecord, type TargetDeps } from './events-targets.ts';
import type { EventEnvelope } from './events-transform.ts';
import { AwsApiError, serveAwsJson } from './sfn-aws-json.ts';
import { setLongTimeout } from './sfn-timers.ts';

export interface EventBridgeDeps {
  buses: EventBusSpec[];
  rules: RuleSpec[];
  invokeFunction(nameOrArn: string, event: unknown): Promise<unknown>;
  sendToQueue(queueArnOrUrl: string, body: string, o?: { messageGroupId?: string; attributes?: Record<string, string> }): Promise<void>;
  startExecution(stateMachineArn: string, input: string): Promise<unknown>;
  log?(m: string): void;
  now?: () => Date;
}

export interface PutEventsResult {
  failed: number;
  entries: { EventId?: string; ErrorCode?: string; ErrorMessage?: string }[];
}

export interface LocalEventBridge {
  service: AwsServiceHandler;
  putEvents(entries: PutEventsEntry[]): Promise<PutEventsResult>;
  /** Fires a rule's targets now with a "Scheduled Event" (`POST /_local/rules/{name}/trigger`); resolves when delivered. */
  triggerRule(ruleName: string): Promise<void>;
  startSchedules(): void;
  stop(): Promise<void>;
  /** The latest deliveries, oldest first (debugging). */
  deliveries(): DeliveryRecord[];
  /** Resolves once no delivery (or retry) is in flight. */
  idle(): Promise<void>;
}

const RING_SIZE = 200;
// AWS: 256 KB per entry, counted over Source, DetailType, Detail, Resources and 14 bytes for Time.
const MAX_ENTRY_BYTES = 256 * 1024;
// A scheduler that fell this far behind (a laptop asleep) restarts from now instead of catching up.
const MISSED_FIRE_MS = 60_000;

/** EventBridge event times have second precision. */
const eventTime = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
const entryBytes = (e: PutEventsEntry) => 14 + [e.Source, e.DetailType, e.Detail, ...(e.Resources ?? [])].reduce((n, s) => n + Buffer.byteLength(s ?? ''), 0);

export function createEventBridge(deps: EventBridgeDeps): LocalEventBridge {
  const log = (m: string) => deps.log?.(m);
  const now = deps.now ?? (() => new Date());
  const buses = new Map<string, EventBusSpec>([['default', { stack: '', logicalId: '', name: 'default', arn: arnOf.bus('default') }]]);
  for (const b of deps.buses) buses.set(b.name, b);
  const rules = deps.rules.filter((r) => {
    if (!r.eventPattern) return true;
    try {
      validatePattern(r.eventPattern);
      return true;
    } catch (err) {
      log(`rule ${r.name} ignored: ${(err as Error).message}`);
      return false;
    }
  });
  const controller = new AbortController();
  const inFlight = new Set<Promise<void>>();
  const ring: DeliveryRecord[] = [];
  const timers = new Map<string, () => void>();

  const findBus = (nameOrArn?: unknown): EventBusSpec | undefined => {
    const name = typeof nameOrArn === 'string' && nameOrArn ? (nameOrArn.startsWith('arn:') ? nameFromArn(nameOrArn) : nameOrArn) : 'default';
    return buses.get(name);
  };
  const track = (p: Promise<void>) => {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  };

  const targetDeps: TargetDeps = {
    invokeFunction: deps.invokeFunction,
    sendToQueue: deps.sendToQueue,
    startExecution: deps.startExecution,
    forwardToBus: (busArn, event, hops) => {
      const bus = findBus(busArn);
      if (bus) route(bus, event, now(), hops);
      return !!bus;
    },
    record: (d) => {
      ring.push(d);
      if (ring.length > RING_SIZE) ring.shift();
    },
    log,
    signal: controller.signal,
  };

  function route(bus: EventBusSpec, event: EventEnvelope, ingestion: Date, hops: number): void {
    for (const rule of rules) {
      if (rule.busName !== bus.name || !rule.enabled || !rule.eventPattern || !matchesPattern(rule.eventPattern, event)) continue;
      for (const target of rule.targets) track(deliver(target, rule, event, ingestion, hops, targetDeps));
    }
  }

  function accept(e: PutEventsEntry): { event: EventEnvelope; bus: EventBusSpec } | { ErrorCode: string; ErrorMessage: string } {
    if (!e.Source || !e.DetailType || typeof e.Detail !== 'string') return { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameters Source, DetailType and Detail are required.' };
    if (e.Source.startsWith('aws.')) return { ErrorCode: 'NotAuthorizedForSourceException', ErrorMessage: 'Not authorized for the source.' };
    if (entryBytes(e) > MAX_ENTRY_BYTES) return { ErrorCode: 'InvalidArgument', ErrorMessage: 'Entry size exceeds the 256 KB limit.' };
    let detail: unknown;
    try {
      detail = JSON.parse(e.Detail);
    } catch {
      detail = undefined;
    }
    if (!detail || typeof detail !== 'object' || Array.isArray(detail)) return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
    const bus = findBus(e.EventBusName);
    if (!bus) return { ErrorCode: 'ResourceNotFoundException', ErrorMessage: `Event bus ${e.EventBusName} does not exist.` };
    const event: EventEnvelope = {
      version: '0',
      id: randomUUID(),
      'detail-type': e.DetailType,
      source: e.Source,
      account: LOCAL_ACCOUNT,
      time: eventTime(e.Time ?? now()),
      region: LOCAL_REGION,
      resources: e.Resources ?? [],
      detail: detail as Record<string, unknown>,
    };
    return { event, bus };
  }

  async function putEvents(entries: PutEventsEntry[]): Promise<PutEventsResult> {
    const ingestion = now();
    const results = entries.map((e) => {
      const accepted = accept(e);
      if ('ErrorCode' in accepted) return accepted;
      route(accepted.bus, accepted.event, ingestion, 0);
      return { EventId: accepted.event.id };
    });
    return { failed: results.filter((r) => 'ErrorCode' in r).length, entries: results };
  }

  async function fire(rule: RuleSpec, at: Date): Promise<void> {
    const event: EventEnvelope = {
      version: '0',
      id: randomUUID(),
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: LOCAL_ACCOUNT,
      time: eventTime(at),
      region: LOCAL_REGION,
      resources: [rule.arn],
      detail: {},
    };
    const deliveries = rule.targets.map((t) => deliver(t, rule, event, now(), 0, targetDeps));
    deliveries.forEach(track);
    await Promise.all(deliveries);
  }

  function schedule(rule: RuleSpec, after: Date): void {
    let next: Date;
    try {
      next = nextFire(rule.scheduleExpression!, after);
    } catch (err) {
      return log(`rule ${rule.name} not scheduled: ${(err as Error).message}`);
    }
    const delay = next.getTime() - now().getTime();
    const cancel = setLongTimeout(
      () => {
        void fire(rule, next);
        schedule(rule, now().getTime() - next.getTime() > MISSED_FIRE_MS ? now() : next);
      },
      Date.now() + delay,
      true,
    );
    timers.set(rule.arn, cancel);
  }

  const operations = eventsOperations({
    buses: () => [...buses.values()],
    bus: (nameOrArn) => {
      const bus = findBus(nameOrArn);
      if (!bus) throw new AwsApiError('ResourceNotFoundException', `Event bus ${nameOrArn} does not exist.`);
      return bus;
    },
    rules: (busName) => rules.filter((r) => r.busName === busName),
    putEvents,
  });

  return {
    service: {
      signingName: 'events',
      handle: (req, res, body) => serveAwsJson({ targetPrefix: 'AWSEvents', contentType: 'application/x-amz-json-1.1', operations, log }, req, res, body),
    },
    putEvents,
    async triggerRule(ruleName) {
      const matching = deps.rules.filter((r) => r.name === ruleName);
      if (!matching.length) throw new AwsApiError('ResourceNotFoundException', `Rule ${ruleName} does not exist.`);
      log(`rule ${ruleName} triggered on demand`);
      await Promise.all(matching.map((r) => fire(r, now())));
    },
    startSchedules() {
      for (const rule of rules) if (rule.enabled && rule.scheduleExpression && !timers.has(rule.arn)) schedule(rule, now());
    },
    async stop() {
      for (const cancel of timers.values()) cancel();
      timers.clear();
      controller.abort();
      await Promise.allSettled([...inFlight]);
    },
    deliveries: () => [...ring],
    async idle() {
      while (inFlight.size) await Promise.allSettled([...inFlight]);
    },
  };
}
