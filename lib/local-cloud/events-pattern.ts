/**
 * EventBridge event patterns, matched as EventBridge matches them: the event is seen as flattened
 * leaf paths (arrays, including arrays of objects, contribute every element to the same path), a
 * pattern key matches when any of its values matches any of the event's values at that path, and all
 * keys (plus one alternative of each `$or`) must match. Operators: exact values (string, number,
 * boolean, null), `prefix`, `suffix`, `equals-ignore-case`, `wildcard`, `anything-but` (value, list,
 * `prefix`, `suffix`, `equals-ignore-case`, `wildcard`), `numeric`, `exists`, `cidr` (IPv4).
 */

export type EventPattern = Record<string, unknown>;

/** What AWS answers as InvalidEventPatternException. */
export class InvalidEventPattern extends Error {
  constructor(message: string) {
    super(`Event pattern is not valid. Reason: ${message}`);
    this.name = 'InvalidEventPatternException';
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const flatten = (v: unknown): unknown[] => (Array.isArray(v) ? v.flatMap(flatten) : [v]);
const NUMERIC_OPS = new Set(['<', '<=', '=', '>=', '>']);

// ---- validation (AWS refuses a malformed pattern at PutRule / TestEventPattern time) ----

export function validatePattern(pattern: unknown, path = ''): asserts pattern is EventPattern {
  if (!isObject(pattern)) throw new InvalidEventPattern(`${path || 'pattern'} must be an object`);
  for (const [key, value] of Object.entries(pattern)) {
    const at = path ? `${path}.${key}` : key;
    if (key === '$or') {
      if (!Array.isArray(value) || value.length < 2) throw new InvalidEventPattern(`$or at ${at} needs at least two alternatives`);
      value.forEach((alt) => validatePattern(alt, at));
    } else if (Array.isArray(value)) value.forEach((m) => validateMatcher(m, at));
    else if (isObject(value)) validatePattern(value, at);
    else throw new InvalidEventPattern(`Match value for ${at} must be an array or an object`);
  }
}

function validateMatcher(m: unknown, at: string): void {
  if (m === null || ['string', 'number', 'boolean'].includes(typeof m)) return;
  if (!isObject(m) || Object.keys(m).length !== 1) throw new InvalidEventPattern(`Unrecognized match type at ${at}`);
  const [op, arg] = Object.entries(m)[0];
  const stringOrIgnoreCase = (v: unknown) => typeof v === 'string' || (isObject(v) && typeof v['equals-ignore-case'] === 'string');
  const ok =
    op === 'prefix' || op === 'suffix' ? stringOrIgnoreCase(arg)
    : op === 'equals-ignore-case' || op === 'wildcard' || op === 'cidr' ? typeof arg === 'string'
    : op === 'exists' ? typeof arg === 'boolean'
    : op === 'numeric' ? validNumeric(arg)
    : op === 'anything-but' ? validAnythingBut(arg)
    : false;
  if (!ok) throw new InvalidEventPattern(`Invalid ${op} matcher at ${at}`);
  if (op === 'wildcard' && /\*\*/.test(arg as string)) throw new InvalidEventPattern(`Consecutive wildcards at ${at}`);
}

function validNumeric(arg: unknown): boolean {
  if (!Array.isArray(arg) || arg.length === 0 || arg.length % 2 || arg.length > 4) return false;
  for (let i = 0; i < arg.length; i += 2) if (!NUMERIC_OPS.has(arg[i]) || typeof arg[i + 1] !== 'number') return false;
  return !(arg.length === 4 && (arg[0] === '=' || arg[2] === '='));
}

function validAnythingBut(arg: unknown): boolean {
  const plain = (v: unknown) => typeof v === 'string' || typeof v === 'number';
  if (plain(arg)) return true;
  if (Array.isArray(arg)) return arg.length > 0 && arg.every(plain);
  if (!isObject(arg) || Object.keys(arg).length !== 1) return false;
  const [op, v] = Object.entries(arg)[0];
  if (op === 'prefix' || op === 'suffix') return typeof v === 'string';
  if (op === 'equals-ignore-case' || op === 'wildcard') return typeof v === 'string' || (Array.isArray(v) && v.every((s) => typeof s === 'string'));
  return false;
}

// ---- matching ----

export function matchesPattern(pattern: EventPattern, event: unknown): boolean {
  return matchObject(pattern, [event]);
}

function matchObject(pattern: EventPattern, values: unknown[]): boolean {
  for (const [key, sub] of Object.entries(pattern)) {
    if (key === '$or') {
      if (!(sub as EventPattern[]).some((alt) => matchObject(alt, values))) return false;
      continue;
    }
    const children = values.flatMap((v) => (isObject(v) && Object.hasOwn(v, key) ? flatten(v[key]) : []));
    if (Array.isArray(sub) ? !matchLeaf(sub, children.filter((c) => !isObject(c))) : !matchObject(sub as EventPattern, children.filter(isObject))) return false;
  }
  return true;
}

function matchLeaf(matchers: unknown[], leaves: unknown[]): boolean {
  return matchers.some((m) => {
    if (isObject(m) && 'exists' in m) return m.exists === leaves.length > 0;
    return leaves.some((v) => matchValue(m, v));
  });
}

function matchValue(m: unknown, v: unknown): boolean {
  if (!isObject(m)) return m === v;
  const [op, arg] = Object.entries(m)[0];
  switch (op) {
    case 'prefix':
      return typeof v === 'string' && affix(arg, v, (s, a) => s.startsWith(a));
    case 'suffix':
      return typeof v === 'string' && affix(arg, v, (s, a) => s.endsWith(a));
    case 'equals-ignore-case':
      return typeof v === 'string' && v.toLowerCase() === (arg as string).toLowerCase();
    case 'wildcard':
      return typeof v === 'string' && wildcard(arg as string).test(v);
    case 'numeric':
      return typeof v === 'number' && numeric(arg as (string | number)[], v);
    case 'cidr':
      return typeof v === 'string' && inCidr(arg as string, v);
    case 'anything-but':
      return anythingBut(arg, v);
    default:
      return false;
  }
}

/** `prefix` / `suffix` with a plain string or `{ "equals-ignore-case": "…" }`. */
function affix(arg: unknown, v: string, test: (s: string, a: string) => boolean): boolean {
  if (typeof arg === 'string') return test(v, arg);
  return test(v.toLowerCase(), String((arg as Record<string, unknown>)['equals-ignore-case']).toLowerCase());
}

function anythingBut(arg: unknown, v: unknown): boolean {
  if (Array.isArray(arg)) return !arg.includes(v);
  if (!isObject(arg)) return v !== arg;
  const [op, a] = Object.entries(arg)[0];
  if (typeof v !== 'string') return false;
  const list = flatten(a) as string[];
  if (op === 'prefix') return !v.startsWith(a as string);
  if (op === 'suffix') return !v.endsWith(a as string);
  if (op === 'equals-ignore-case') return !list.some((s) => s.toLowerCase() === v.toLowerCase());
  if (op === 'wildcard') return !list.some((s) => wildcard(s).test(v));
  return false;
}

function numeric(ranges: (string | number)[], v: number): boolean {
  for (let i = 0; i < ranges.length; i += 2) {
    const n = ranges[i + 1] as number;
    const ok = { '<': v < n, '<=': v <= n, '=': v === n, '>=': v >= n, '>': v > n }[ranges[i] as string];
    if (!ok) return false;
  }
  return true;
}

/** `*` is any run of characters; `\*` and `\\` are a literal star and backslash. */
function wildcard(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && (pattern[i + 1] === '*' || pattern[i + 1] === '\\')) re += `\\${pattern[++i]}`;
    else if (c === '*') re += '.*';
    else re += c.replace(/[.+?^${}()|[\]\\/-]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 's');
}

function ipv4(s: string): number | undefined {
  const parts = s.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

function inCidr(cidr: string, v: string): boolean {
  const [base, bits] = cidr.split('/');
  const b = ipv4(base);
  const x = ipv4(v);
  const n = Number(bits ?? 32);
  if (b === undefined || x === undefined || !(n >= 0 && n <= 32)) return false;
  const block = 2 ** (32 - n);
  return Math.floor(b / block) === Math.floor(x / block);
}
