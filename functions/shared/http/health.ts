import { ENV } from '../deployment-env.ts';
import type { HttpResult } from './http-handler.ts';

export type HealthChecks = Record<string, { ok: boolean; detail?: string }>;

/** `GET /v1/health` of a stack (a city's, the province's): 200 `ok` when every check passed, else 503 `degraded`. */
export function healthAnswer(about: Record<string, unknown>, checks: HealthChecks): HttpResult {
  const ok = Object.values(checks).every((c) => c.ok);
  return {
    status: ok ? 200 : 503,
    body: {
      status: ok ? 'ok' : 'degraded', ...about,
      deploymentKind: process.env[ENV.deploymentKind] === 'production' ? 'production' : 'sandbox',
      checks, time: new Date().toISOString(),
    },
  };
}
