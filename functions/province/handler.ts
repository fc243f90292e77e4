/**
 * The province API (全省). Trigger: API Gateway routes of `provinceRoutes` (functions/province/routes.ts), all public
 * and read-only. Input: periods of statistics. Effect: none; answers from the province's read models (the award rows
 * folded by the read-model worker) and its configuration (the cities of the topology).
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '#shared/aws-clients.ts';
import { ENV, requireEnv } from '#shared/deployment-env.ts';
import { type HealthChecks, healthAnswer } from '#shared/http/health.ts';
import { httpHandler } from '#shared/http/http-handler.ts';
import { openApiDocument } from '#shared/http/openapi.ts';
import { provinceKeys } from '#shared/store/keys.ts';
import { tableName } from '#shared/store/table.ts';
import { provinceCities } from './adapters/cities.ts';
import { provinceApiContexts } from './contexts.ts';
import { provinceRoutes } from './routes.ts';
import { provinceStatistics } from './statistics/province-statistics.ts';

const province = () => ({ code: requireEnv(ENV.provinceCode), name: requireEnv(ENV.provinceName) });
let document: unknown;

export const handler = httpHandler(provinceRoutes, {
  async getProvinceHealth() {
    const checks: HealthChecks = {};
    try {
      await dynamo().send(new GetCommand({ TableName: tableName(), Key: provinceKeys.award(province().code, 'health') }));
      checks.table = { ok: true };
    } catch (error) {
      checks.table = { ok: false, detail: (error as Error).name };
    }
    return healthAnswer({ province: province() }, checks);
  },

  async getProvinceOpenApi() {
    document ??= openApiDocument(provinceApiContexts.flatMap((c) => c.routes), {
      title: '网上中介服务超市 全省 API (online intermediary services supermarket, province)',
      version: '1',
      description: 'Province stack API: public, read-only, from the province read models (agency directory, credit, statistics). Money is integer fen (分).',
    });
    return { body: document };
  },

  async listProvinceCities() {
    return { body: { items: provinceCities() } };
  },

  async getProvinceStats({ query }) {
    return { body: await provinceStatistics(query) };
  },
});
