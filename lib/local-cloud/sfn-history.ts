/**
 * GetExecutionHistory from the library's event log: its events are renamed to the AWS history event
 * types and detail members (`TaskStateEntered` + `stateEnteredEventDetails`, `TaskFailed` +
 * `taskFailedEventDetails`, …). Rewritten states (sfn-definition.ts) appear under their written name
 * and type; the library's re-arming of long waits leaves no trace. A subset: no TaskScheduled /
 * TaskSubmitted events, which the library does not report.
 */
import type { StateInfo } from './sfn-definition.ts';
import { parseResource } from './sfn-integrations.ts';

export interface HistoryEvent {
  id: number;
  previousEventId: number;
  /** Epoch ms. */
  timestamp: number;
  type: string;
  [details: string]: unknown;
}

type Drafted = Omit<HistoryEvent, 'id' | 'previousEventId'>;
/** The library's EventLog, loosely typed: only the members read here. */
export interface LibraryEvent {
  type: string;
  timestamp: number;
  input?: unknown;
  output?: unknown;
  Error?: string;
  Cause?: unknown;
  index?: number;
  state?: { name: string; type: string; input?: unknown; output?: unknown };
  parentState?: { name: string };
}

const text = (v: unknown) => (v === undefined ? undefined : JSON.stringify(v));
const causeText = (c: unknown) => (c === undefined ? undefined : typeof c === 'string' ? c : c instanceof Error ? c.message : JSON.stringify(c));

function taskResource(info: StateInfo | undefined): { resource: string; resourceType: string } {
  const r = parseResource(String(info?.state.Resource ?? ''));
  if (!r) return { resourceType: 'unknown', resource: String(info?.state.Resource ?? '') };
  if (r.service === 'lambda' && r.action === 'function') return { resourceType: 'lambda', resource: String(info?.state.Resource) };
  const suffix = r.pattern === 'callback' ? '.waitForTaskToken' : r.pattern === 'request-response' ? '' : `.${r.pattern}`;
  return { resourceType: r.service, resource: `${r.action}${suffix}` };
}

/** AWS history events for one library event (none, one or more). */
export function historyEventsOf(e: LibraryEvent, states: Map<string, StateInfo>): Drafted[] {
  const info = e.state ? states.get(e.state.name) : undefined;
  const name = info?.name ?? e.state?.name;
  const type = info?.type ?? e.state?.type;
  const at = e.timestamp;
  switch (e.type) {
    case 'ExecutionStarted':
      return [{ timestamp: at, type: 'ExecutionStarted', executionStartedEventDetails: { input: text(e.input), inputDetails: { truncated: false } } }];
    case 'ExecutionSucceeded':
      return [{ timestamp: at, type: 'ExecutionSucceeded', executionSucceededEventDetails: { output: text(e.output), outputDetails: { truncated: false } } }];
    case 'ExecutionFailed':
      return [{ timestamp: at, type: 'ExecutionFailed', executionFailedEventDetails: { error: e.Error, cause: causeText(e.Cause) } }];
    case 'ExecutionTimeout':
      return [{ timestamp: at, type: 'ExecutionTimedOut', executionTimedOutEventDetails: { error: 'States.Timeout' } }];
    case 'ExecutionAborted':
      return [{ timestamp: at, type: 'ExecutionAborted', executionAbortedEventDetails: {} }];
    case 'StateEntered':
      return [{ timestamp: at, type: `${type}StateEntered`, stateEnteredEventDetails: { name, input: text(e.state?.input), inputDetails: { truncated: false } } }];
    case 'StateExited':
      return [{ timestamp: at, type: `${type}StateExited`, stateExitedEventDetails: { name, output: text(e.state?.output), outputDetails: { truncated: false } } }];
    case 'StateFailed':
      if (type === 'Wait') return []; // the library's 24.8-day timer on a long wait, re-armed by its Retry
      if (type === 'Task' && e.Error === 'States.Timeout') {
        return [{ timestamp: at, type: 'TaskTimedOut', taskTimedOutEventDetails: { ...taskResource(info), error: e.Error, cause: causeText(e.Cause) } }];
      }
      if (type === 'Task') return [{ timestamp: at, type: 'TaskFailed', taskFailedEventDetails: { ...taskResource(info), error: e.Error, cause: causeText(e.Cause) } }];
      if (type === 'Map' || type === 'Parallel') return [{ timestamp: at, type: `${type}StateFailed` }];
      return [];
    case 'MapIterationStarted':
    case 'MapIterationSucceeded':
    case 'MapIterationFailed':
      return [{ timestamp: at, type: e.type, mapIterationEventDetails: { name: e.parentState?.name, index: e.index } }];
    default:
      return []; // StateRetried, StateCaught, ParallelBranch*: no AWS counterpart event
  }
}

/** Numbers events as AWS does: ids from 1, each pointing at the one before. */
export function appendHistory(history: HistoryEvent[], drafted: Drafted[]): void {
  for (const d of drafted) {
    const id = history.length + 1;
    history.push({ ...d, id, previousEventId: id - 1 } as HistoryEvent);
  }
}

/** The event as the JSON protocol sends it (timestamp in epoch seconds). */
export function wireEvent(e: HistoryEvent): Record<string, unknown> {
  return { ...e, timestamp: e.timestamp / 1000 };
}
