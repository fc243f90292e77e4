/**
 * Prepares a synthesized ASL definition for aws-local-stepfunctions 3.x, closing gaps measured in its
 * source (build/main.node.cjs):
 *  - Task states without `TimeoutSeconds` time out after 60 s in the library; AWS's default is
 *    99,999,999 s. Every Task gets an explicit `TimeoutSeconds`.
 *  - The library arms one Node timer per Task/Wait/execution timeout; a delay above 2^31-1 ms fires
 *    after 1 ms. So `TimeoutSeconds` is capped at MAX_LIBRARY_TIMEOUT_S, `TimeoutSecondsPath` is
 *    removed (the local handler enforces it), and Wait states become Tasks on a local resource whose
 *    handler sleeps with chained timers (sfn-waits.ts). Their retry on `States.Timeout` re-arms the
 *    library's timer for waits beyond 24.8 days; the handler remembers the wait's deadline.
 * Local Task handlers are looked up by bare state name, including states nested in Parallel and Map;
 * that is sound because ASL requires state names to be unique across the whole machine.
 */
import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import { MAX_TIMER_MS } from './sfn-timers.ts';

export const LOCAL_WAIT_RESOURCE = 'arn:aws:states:::local:wait';
export const MAX_LIBRARY_TIMEOUT_S = Math.floor(MAX_TIMER_MS / 1000);

type Json = Record<string, unknown>;
interface Machine extends Json {
  StartAt: string;
  States: Record<string, Json>;
}

export interface StateInfo {
  name: string;
  /** Type as written (a rewritten Wait keeps `Wait`). */
  type: string;
  /** The state's definition as written. */
  state: Json;
}

export interface PreparedMachine {
  definition: StateMachineDefinition;
  /** Every state, nested ones included, by name. */
  states: Map<string, StateInfo>;
}

// Not structuredClone: under Jest it returns objects of the outer realm, which the library's
// plain-object check (prototype === Object.prototype) rejects, leaving nested Parameters unevaluated.
const jsonClone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

export function prepareDefinition(source: Json): PreparedMachine {
  const states = new Map<string, StateInfo>();
  const definition = jsonClone(source) as Machine;
  if (typeof definition.TimeoutSeconds === 'number' && definition.TimeoutSeconds > MAX_LIBRARY_TIMEOUT_S) {
    definition.TimeoutSeconds = MAX_LIBRARY_TIMEOUT_S;
  }
  prepareMachine(definition, states);
  return { definition: definition as unknown as StateMachineDefinition, states };
}

function prepareMachine(machine: Machine, registry: Map<string, StateInfo>): void {
  for (const [name, state] of Object.entries(machine.States)) {
    registry.set(name, { name, type: String(state.Type), state: jsonClone(state) });
    machine.States[name] = prepareState(state, registry);
  }
}

function prepareState(state: Json, registry: Map<string, StateInfo>): Json {
  switch (state.Type) {
    case 'Task':
      return prepareTask(state);
    case 'Wait':
      return waitAsTask(state);
    case 'Parallel':
      for (const branch of (state.Branches as Machine[]) ?? []) prepareMachine(branch, registry);
      return state;
    case 'Map': {
      const processor = (state.ItemProcessor ?? state.Iterator) as Machine | undefined;
      if (processor) prepareMachine(processor, registry);
      return state;
    }
    default:
      return state;
  }
}

/**
 * `TimeoutSecondsPath` / `HeartbeatSecondsPath` are read from the state's input on AWS, but a local handler only
 * sees the input after `Parameters`. So their values ride along in Parameters under these keys (a Parameters path
 * is evaluated on the same state input), and the runner takes them out before the integration is called.
 */
export const LOCAL_TIMEOUT_KEY = '__localTimeoutSeconds';
export const LOCAL_HEARTBEAT_KEY = '__localHeartbeatSeconds';

function prepareTask(state: Json): Json {
  const out = { ...state };
  const params = out.Parameters && typeof out.Parameters === 'object' && !Array.isArray(out.Parameters) ? { ...(out.Parameters as Json) } : undefined;
  if (params && typeof out.TimeoutSecondsPath === 'string') params[`${LOCAL_TIMEOUT_KEY}.$`] = out.TimeoutSecondsPath;
  if (params && typeof out.HeartbeatSecondsPath === 'string') params[`${LOCAL_HEARTBEAT_KEY}.$`] = out.HeartbeatSecondsPath;
  if (params) out.Parameters = params;
  if ('TimeoutSecondsPath' in out) {
    // Evaluated and enforced by the local handler, which can wait past 24.8 days.
    delete out.TimeoutSecondsPath;
    out.TimeoutSeconds = MAX_LIBRARY_TIMEOUT_S;
  } else {
    const t = typeof out.TimeoutSeconds === 'number' ? out.TimeoutSeconds : Infinity;
    out.TimeoutSeconds = Math.min(t, MAX_LIBRARY_TIMEOUT_S);
  }
  return out;
}

/** A Wait is InputPath → (pause) → OutputPath; a Task whose handler returns its input is the same. */
function waitAsTask(state: Json): Json {
  const task: Json = { Type: 'Task', Resource: LOCAL_WAIT_RESOURCE, TimeoutSeconds: MAX_LIBRARY_TIMEOUT_S };
  for (const k of ['Comment', 'InputPath', 'OutputPath', 'Next', 'End']) if (k in state) task[k] = state[k];
  task.Retry = [{ ErrorEquals: ['States.Timeout'], IntervalSeconds: 0, MaxAttempts: 99 }];
  return task;
}
