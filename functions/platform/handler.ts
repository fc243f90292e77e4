/**
 * Platform API. Trigger: GET /v1/health, GET /v1/openapi.json (public).
 * Health reads the housekeeping heartbeat, so it also says whether the scheduler is alive.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '#shared/aws-clients.ts';
import { ENV, requireEnv } from '#shared/deployment-env.ts';
import { type HealthChecks, healthAnswer } from '#shared/http/health.ts';
import { httpHandler } from '#shared/http/http-handler.ts';
import { openApiDocument } from '#shared/http/openapi.ts';
import { platformKeys } from '#shared/store/keys.ts';
import { tableName } from '#shared/store/table.ts';
import { allRoutes } from '../routes-index.ts';
import { platformRoutes } from './routes.ts';

let document: unknown;

export const handler = httpHandler(platformRoutes, {
  async getHealth() {
    const checks: HealthChecks = {};
    try {
      const beat = (await dynamo().send(new GetCommand({ TableName: tableName(), Key: platformKeys.heartbeat(requireEnv(ENV.cityCode), 'housekeeping') }))).Item;
      checks.table = { ok: true };
      checks.scheduler = beat ? { ok: true, detail: `housekeeping last ran ${beat.at as string}` } : { ok: true, detail: 'housekeeping has not run yet' };
    } catch (error) {
      checks.table = { ok: false, detail: (error as Error).name };
    }
    return healthAnswer({
      city: { code: requireEnv(ENV.cityCode), name: requireEnv(ENV.cityName) },
      province: { code: requireEnv(ENV.provinceCode), name: requireEnv(ENV.provinceName) },
    }, checks);
  },

  async getOpenApi() {
    document ??= openApiDocument(allRoutes(), {
      title: '网上中介服务超市 API (online intermediary services supermarket)',
      version: '1',
      description: 'City stack API. Times are ISO 8601 with offset; money is integer fen (分); errors are application/problem+json.',
    });
    return { body: document };
  },
});
