/**
 * Resolves the CloudFormation intrinsic functions CDK emits (Ref, Fn::GetAtt, Fn::Join, Fn::Sub,
 * Fn::Select, Fn::Split, Fn::ImportValue, Fn::If with Conditions) against the physical names the
 * local cloud gives resources — so the local cloud runs the synthesized templates as CloudFormation
 * would, not a second description of them.
 */
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export interface ResourceNames {
  /** `Ref` value of a logical id in this stack. */
  ref(logicalId: string): string | undefined;
  /** `Fn::GetAtt` value. */
  getAtt(logicalId: string, attribute: string): string | undefined;
  /** Value of an `Export` from any stack. */
  importValue(name: string): string | undefined;
  pseudo: Record<string, string>;
  parameters: Record<string, string>;
  conditions: Record<string, boolean>;
}

/** Marker for `AWS::NoValue`: the property is dropped. */
const NO_VALUE = Symbol('AWS::NoValue');

export class UnresolvedIntrinsic extends Error {}

export function resolve(value: unknown, names: ResourceNames): Json {
  const out = resolveInner(value, names);
  return (out === NO_VALUE ? null : out) as Json;
}

function str(v: unknown, names: ResourceNames): string {
  const r = resolveInner(v, names);
  if (typeof r === 'string') return r;
  if (typeof r === 'number' || typeof r === 'boolean') return String(r);
  throw new UnresolvedIntrinsic(`expected a string, got ${JSON.stringify(r)}`);
}

function ref(name: string, names: ResourceNames): string | typeof NO_VALUE {
  if (name === 'AWS::NoValue') return NO_VALUE;
  if (name in names.pseudo) return names.pseudo[name];
  if (name in names.parameters) return names.parameters[name];
  const v = names.ref(name);
  if (v === undefined) throw new UnresolvedIntrinsic(`Ref ${name}`);
  return v;
}

function getAtt(logicalId: string, attribute: string, names: ResourceNames): string {
  const v = names.getAtt(logicalId, attribute);
  if (v === undefined) throw new UnresolvedIntrinsic(`Fn::GetAtt ${logicalId}.${attribute}`);
  return v;
}

function sub(template: string, vars: Record<string, unknown>, names: ResourceNames): string {
  return template.replace(/\$\{([^}!][^}]*)\}/g, (_, expr: string) => {
    if (expr in vars) return str(vars[expr], names);
    const dot = expr.indexOf('.');
    if (dot > 0 && !expr.startsWith('AWS::')) return getAtt(expr.slice(0, dot), expr.slice(dot + 1), names);
    const r = ref(expr, names);
    return r === NO_VALUE ? '' : r;
  }).replace(/\$\{!/g, '${');
}

function resolveInner(value: unknown, names: ResourceNames): Json | typeof NO_VALUE {
  if (Array.isArray(value)) return value.map((v) => resolveInner(v, names)).filter((v) => v !== NO_VALUE) as Json[];
  if (value === null || typeof value !== 'object') return value as Json;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (keys.length === 1) {
    const [k] = keys;
    const arg = obj[k];
    switch (k) {
      case 'Ref':
        return ref(arg as string, names);
      case 'Fn::GetAtt': {
        const [id, attr] = Array.isArray(arg) ? (arg as string[]) : (arg as string).split(/\.(.*)/);
        return getAtt(id, attr, names);
      }
      case 'Fn::Join': {
        const [sep, parts] = arg as [string, unknown[]];
        const resolved = resolveInner(parts, names);
        return (resolved as Json[]).map((p) => (typeof p === 'string' ? p : JSON.stringify(p))).join(sep);
      }
      case 'Fn::Sub':
        return Array.isArray(arg) ? sub(arg[0] as string, arg[1] as Record<string, unknown>, names) : sub(arg as string, {}, names);
      case 'Fn::Select': {
        const [index, list] = arg as [unknown, unknown];
        return (resolveInner(list, names) as Json[])[Number(resolveInner(index, names))];
      }
      case 'Fn::Split': {
        const [sep, source] = arg as [string, unknown];
        return str(source, names).split(sep);
      }
      case 'Fn::ImportValue': {
        const name = str(arg, names);
        const v = names.importValue(name);
        if (v === undefined) throw new UnresolvedIntrinsic(`Fn::ImportValue ${name}`);
        return v;
      }
      case 'Fn::If': {
        const [condition, whenTrue, whenFalse] = arg as [string, unknown, unknown];
        return resolveInner(names.conditions[condition] ? whenTrue : whenFalse, names);
      }
      case 'Fn::Equals': {
        const [a, b] = arg as [unknown, unknown];
        return JSON.stringify(resolveInner(a, names)) === JSON.stringify(resolveInner(b, names));
      }
      case 'Fn::Not':
        return !resolveInner((arg as unknown[])[0], names);
      case 'Fn::And':
        return (arg as unknown[]).every((c) => resolveInner(c, names) === true);
      case 'Fn::Or':
        return (arg as unknown[]).some((c) => resolveInner(c, names) === true);
      case 'Condition':
        return names.conditions[arg as string] ?? false;
      case 'Fn::Base64':
        return Buffer.from(str(arg, names)).toString('base64');
      case 'Fn::GetAZs':
        return [`${names.pseudo['AWS::Region']}a`, `${names.pseudo['AWS::Region']}b`];
    }
  }
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(obj)) {
    const r = resolveInner(v, names);
    if (r !== NO_VALUE) out[k] = r;
  }
  return out;
}
