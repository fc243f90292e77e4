/**
 * Route selection of an API Gateway HTTP API: route keys `METHOD /path` with `{param}` segments and a
 * greedy trailing `{proxy+}`, `ANY` for every method, the most specific route first, `$default` last.
 * "Most specific" is decided segment by segment from the left: a literal beats `{param}`, which beats
 * `{proxy+}`; for the same path a route with the request's method beats `ANY`.
 */
import type { HttpRouteSpec } from './model.ts';

export interface RouteMatch {
  route: HttpRouteSpec;
  /** Decoded values of the path's `{param}` / `{proxy+}` segments; absent when the route has none. */
  pathParameters?: Record<string, string>;
}

const LITERAL = 0;
const PARAM = 1;
const GREEDY = 2;

interface Segment {
  kind: typeof LITERAL | typeof PARAM | typeof GREEDY;
  /** The literal text, or the parameter's name. */
  text: string;
}

interface CompiledRoute {
  route: HttpRouteSpec;
  method: string;
  segments: Segment[];
}

export type RouteMatcher = (method: string, rawPath: string) => RouteMatch | undefined;

export function compileRoutes(routes: HttpRouteSpec[]): RouteMatcher {
  const fallback = routes.find((r) => r.routeKey === '$default');
  const compiled = routes.filter((r) => r !== fallback).map(compile).sort(bySpecificity);

  return (method, rawPath) => {
    const parts = rawPath.split('/').slice(1);
    for (const candidate of compiled) {
      if (candidate.method !== method && candidate.method !== 'ANY') continue;
      const pathParameters = matchSegments(candidate.segments, parts);
      if (pathParameters) return Object.keys(pathParameters).length ? { route: candidate.route, pathParameters } : { route: candidate.route };
    }
    return fallback ? { route: fallback } : undefined;
  };
}

function compile(route: HttpRouteSpec): CompiledRoute {
  const space = route.routeKey.indexOf(' ');
  if (space < 0) throw new Error(`Unsupported HTTP API route key '${route.routeKey}'`);
  const method = route.routeKey.slice(0, space).toUpperCase();
  const segments = route.routeKey.slice(space + 1).split('/').slice(1).map((text, i, all): Segment => {
    const param = /^\{([^{}]+?)(\+?)\}$/.exec(text);
    if (!param) return { kind: LITERAL, text };
    if (param[2] && i !== all.length - 1) throw new Error(`Greedy path variable must be last in '${route.routeKey}'`);
    return { kind: param[2] ? GREEDY : PARAM, text: param[1] };
  });
  return { route, method, segments };
}

function bySpecificity(a: CompiledRoute, b: CompiledRoute): number {
  const length = Math.max(a.segments.length, b.segments.length);
  for (let i = 0; i < length; i++) {
    const ka = a.segments[i]?.kind ?? -1;
    const kb = b.segments[i]?.kind ?? -1;
    if (ka !== kb) return ka - kb;
  }
  return Number(a.method === 'ANY') - Number(b.method === 'ANY');
}

function matchSegments(segments: Segment[], parts: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    if (segment.kind === GREEDY) {
      // `{proxy+}` needs at least one non-empty segment: `/files/{proxy+}` does not match `/files`.
      const rest = parts.slice(i);
      if (rest.length === 0 || rest.join('/') === '') return undefined;
      params[segment.text] = decode(rest.join('/'));
      return params;
    }
    const part = parts[i];
    if (part === undefined) return undefined;
    if (segment.kind === LITERAL) {
      if (part !== segment.text && decode(part) !== segment.text) return undefined;
    } else {
      if (part === '') return undefined;
      params[segment.text] = decode(part);
    }
  }
  return parts.length === segments.length ? params : undefined;
}

function decode(value: string): string {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
