/**
 * The JSONPath subset that AWS evaluates outside of the state machine library: Step Functions'
 * `SecondsPath` / `TimestampPath` / `TimeoutSecondsPath` / `HeartbeatSecondsPath` (served by the local
 * cloud, not by aws-local-stepfunctions) and EventBridge's `InputPath` / `InputPathsMap`. AWS documents
 * that subset as dot notation, bracket notation, array indices and the `*` wildcard.
 */

type Segment = { key: string } | { index: number } | { wildcard: true };

/** Thrown for a path that is not valid JSONPath (AWS rejects those when the resource is created). */
export class JsonPathSyntaxError extends Error {
  constructor(path: string) {
    super(`Invalid JSONPath: ${path}`);
    this.name = 'JsonPathSyntaxError';
  }
}

function parse(path: string): { root: '$' | '$$'; segments: Segment[] } {
  const root = path.startsWith('$$') ? '$$' : path.startsWith('$') ? '$' : undefined;
  if (!root) throw new JsonPathSyntaxError(path);
  const segments: Segment[] = [];
  let i = root.length;
  while (i < path.length) {
    if (path[i] === '.') {
      const m = /^\.(\*|[^.[\]]+)/.exec(path.slice(i));
      if (!m) throw new JsonPathSyntaxError(path);
      segments.push(m[1] === '*' ? { wildcard: true } : { key: m[1] });
      i += m[0].length;
    } else if (path[i] === '[') {
      const m = /^\[(?:(\d+)|\*|'([^']*)'|"([^"]*)")\]/.exec(path.slice(i));
      if (!m) throw new JsonPathSyntaxError(path);
      if (m[1] !== undefined) segments.push({ index: Number(m[1]) });
      else if (m[2] !== undefined || m[3] !== undefined) segments.push({ key: (m[2] ?? m[3])! });
      else segments.push({ wildcard: true });
      i += m[0].length;
    } else {
      throw new JsonPathSyntaxError(path);
    }
  }
  return { root, segments };
}

function step(values: unknown[], segment: Segment): unknown[] {
  const out: unknown[] = [];
  for (const v of values) {
    if (v === null || typeof v !== 'object') continue;
    if ('wildcard' in segment) out.push(...(Array.isArray(v) ? v : Object.values(v)));
    else if ('index' in segment) {
      if (Array.isArray(v) && segment.index < v.length) out.push(v[segment.index]);
    } else if (!Array.isArray(v) && Object.hasOwn(v, segment.key)) {
      out.push((v as Record<string, unknown>)[segment.key]);
    }
  }
  return out;
}

/**
 * Value at `path` in `data` (`$…`) or in `context` (`$$…`); `undefined` when absent. A path with a
 * wildcard yields the array of every match, as AWS does.
 */
export function readJsonPath(path: string, data: unknown, context?: unknown): unknown {
  const { root, segments } = parse(path);
  let values: unknown[] = [root === '$$' ? context : data];
  for (const s of segments) values = step(values, s);
  if (segments.some((s) => 'wildcard' in s)) return values;
  return values[0];
}

/** Throws JsonPathSyntaxError when `path` is not in the supported subset. */
export function assertJsonPath(path: string): void {
  parse(path);
}
