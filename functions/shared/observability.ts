/**
 * The one module that builds Powertools' logger, metrics and tracer (as Powertools' own example app
 * does), so every function logs the same JSON shape with the tenant on every line.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

export const logger = new Logger();
export const metrics = new Metrics({ namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'ism' });
export const tracer = new Tracer();

/** Every log line of this invocation names the tenant it acts on (and the caller's). */
export function logTenant(target: string | undefined, callerTenant: string | undefined): void {
  logger.appendKeys({ tenant: target ?? callerTenant ?? 'none', callerTenant: callerTenant ?? 'public' });
}
