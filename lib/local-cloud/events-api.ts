/**
 * The EventBridge API (AWS JSON 1.1, `X-Amz-Target: AWSEvents.<Operation>`) over the synthesized
 * buses and rules: PutEvents for the product's functions, the read operations and TestEventPattern
 * for the CLI and tests. Rules are read-only here: they come from the cloud assembly.
 */
import type { EventBusSpec, PutEventsEntry, RuleSpec, RuleTargetSpec } from './model.ts';
import { InvalidEventPattern, matchesPattern, validatePattern } from './events-pattern.ts';
import { AwsApiError, paginate, requireString, type Operation } from './sfn-aws-json.ts';

export interface EventsApiContext {
  buses(): EventBusSpec[];
  /** By name or ARN (`default` when absent); throws ResourceNotFoundException. */
  bus(nameOrArn?: unknown): EventBusSpec;
  rules(busName: string): RuleSpec[];
  putEvents(entries: PutEventsEntry[]): Promise<{ failed: number; entries: { EventId?: string; ErrorCode?: string; ErrorMessage?: string }[] }>;
}

// AWS: at most 10 entries and 256 KB per PutEvents request.
const MAX_ENTRIES = 10;
const MAX_REQUEST_BYTES = 256 * 1024;
// The event's required top-level fields, per TestEventPattern's documentation.
const REQUIRED_EVENT_FIELDS = ['id', 'account', 'source', 'time', 'region', 'resources', 'detail-type'];

function wireTarget(t: RuleTargetSpec): Record<string, unknown> {
  return {
    Id: t.id,
    Arn: t.arn,
    ...(t.input !== undefined && { Input: t.input }),
    ...(t.inputPath !== undefined && { InputPath: t.inputPath }),
    ...(t.inputTransformer && { InputTransformer: t.inputTransformer }),
    ...(t.deadLetterArn && { DeadLetterConfig: { Arn: t.deadLetterArn } }),
    ...(t.retryPolicy && { RetryPolicy: t.retryPolicy }),
    ...(t.sqsMessageGroupId && { SqsParameters: { MessageGroupId: t.sqsMessageGroupId } }),
  };
}

function wireRule(r: RuleSpec): Record<string, unknown> {
  return {
    Name: r.name,
    Arn: r.arn,
    ...(r.eventPattern && { EventPattern: JSON.stringify(r.eventPattern) }),
    ...(r.scheduleExpression && { ScheduleExpression: r.scheduleExpression }),
    State: r.enabled ? 'ENABLED' : 'DISABLED',
    EventBusName: r.busName,
  };
}

export function eventsOperations(ctx: EventsApiContext): Record<string, Operation> {
  const rule = (input: Record<string, unknown>, member: 'Name' | 'Rule') => {
    const bus = ctx.bus(input.EventBusName);
    const name = requireString(input, member);
    const r = ctx.rules(bus.name).find((x) => x.name === name);
    if (!r) throw new AwsApiError('ResourceNotFoundException', `Rule ${name} does not exist on EventBus ${bus.name}.`);
    return r;
  };

  return {
    PutEvents: async (input) => {
      const entries = input.Entries as Record<string, unknown>[] | undefined;
      if (!Array.isArray(entries) || entries.length < 1 || entries.length > MAX_ENTRIES) {
        throw new AwsApiError('ValidationException', `1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length between 1 and ${MAX_ENTRIES}`);
      }
      if (Buffer.byteLength(JSON.stringify(entries)) > MAX_REQUEST_BYTES) throw new AwsApiError('ValidationException', 'Total size of the entries in the request is over the limit.');
      const { failed, entries: results } = await ctx.putEvents(
        entries.map((e) => ({
          EventBusName: e.EventBusName as string | undefined,
          Source: e.Source as string,
          DetailType: e.DetailType as string,
          Detail: e.Detail as string,
          Resources: e.Resources as string[] | undefined,
          // The JSON protocol carries timestamps as epoch seconds.
          Time: typeof e.Time === 'number' ? new Date(e.Time * 1000) : undefined,
        })),
      );
      return { FailedEntryCount: failed, Entries: results };
    },
    ListEventBuses: (input) => {
      const prefix = typeof input.NamePrefix === 'string' ? input.NamePrefix : '';
      const all = ctx.buses().filter((b) => b.name.startsWith(prefix)).map((b) => ({ Name: b.name, Arn: b.arn }));
      const { page, nextToken } = paginate(all, input.Limit, input.NextToken);
      return { EventBuses: page, NextToken: nextToken };
    },
    DescribeEventBus: (input) => {
      const b = ctx.bus(input.Name);
      return { Name: b.name, Arn: b.arn };
    },
    ListRules: (input) => {
      const prefix = typeof input.NamePrefix === 'string' ? input.NamePrefix : '';
      const all = ctx.rules(ctx.bus(input.EventBusName).name).filter((r) => r.name.startsWith(prefix)).map(wireRule);
      const { page, nextToken } = paginate(all, input.Limit, input.NextToken);
      return { Rules: page, NextToken: nextToken };
    },
    DescribeRule: (input) => ({ ...wireRule(rule(input, 'Name')), CreatedBy: ctx.bus(input.EventBusName).arn.split(':')[4] }),
    ListTargetsByRule: (input) => {
      const { page, nextToken } = paginate(rule(input, 'Rule').targets.map(wireTarget), input.Limit, input.NextToken);
      return { Targets: page, NextToken: nextToken };
    },
    TestEventPattern: (input) => {
      let pattern: unknown;
      let event: Record<string, unknown>;
      try {
        pattern = JSON.parse(requireString(input, 'EventPattern'));
        validatePattern(pattern);
      } catch (err) {
        if (err instanceof AwsApiError) throw err;
        throw new AwsApiError('InvalidEventPatternException', err instanceof InvalidEventPattern ? err.message : 'Event pattern is not valid JSON');
      }
      try {
        event = JSON.parse(requireString(input, 'Event'));
      } catch (err) {
        if (err instanceof AwsApiError) throw err;
        throw new AwsApiError('ValidationException', 'Parameter Event is not valid JSON.');
      }
      const missing = REQUIRED_EVENT_FIELDS.filter((f) => !(f in event));
      if (missing.length) throw new AwsApiError('ValidationException', `Parameter Event is not valid. Missing: ${missing.join(', ')}`);
      return { Result: matchesPattern(pattern, event) };
    },
  };
}
