/**
 * Open data (公开数据), public: OCDS 1.1.5 release packages (a change feed of every project stage of the city's
 * tenants), record packages by ocid, and CSV downloads of the main lists. Everything is read from the rows the
 * disclosure projector writes (statistics/projector-worker.ts), never assembled from projects per request.
 *
 * ocid = `<prefix>-<projectId>`. No prefix is registered with the Open Contracting Partnership for this product yet:
 * the prefix is the placeholder `ocds-ism000` unless the function's environment sets OCDS_OCID_PREFIX (a registered
 * `ocds-xxxxxx`). Stored releases carry no ocid, so setting it later rewrites nothing.
 */
import { ENV, requireEnv } from '#shared/deployment-env.ts';
import { httpHandler, type HttpResult } from '#shared/http/http-handler.ts';
import { problems } from '#shared/http/problems.ts';
import { tenantStore } from '#shared/tenancy/tenant-store.ts';
import { projectStore } from '#functions/procurement/adapters/project-store.ts';
import { PROJECT_STATUS_ZH } from '#functions/procurement/domain/project/lifecycle.ts';
import { PUBLIC_STATUSES } from '#functions/procurement/project-views.ts';
import { METHOD_ZH } from '../statistics/domain/fold.ts';
import { cityTenants, periodOf, summariesFor } from '../statistics/city-statistics.ts';
import { compileReleases } from './domain/compile.ts';
import { csvAnswer, toCsv, yuanText } from '#shared/http/csv.ts';
import { OCDS_VERSION, ocidOf, PLACEHOLDER_OCID_PREFIX, projectIdOfOcid, servedRelease, type Release } from './domain/mapping.ts';
import { releaseStore, type StoredRelease } from './adapters/release-store.ts';
import { openDataRoutes } from './routes.ts';

/**
 * The ocid prefix: a registered one from OCDS_OCID_PREFIX, else the placeholder (README, "Open data"). Read here and not
 * through the deployment contract (#shared/deployment-env.ts), whose names the CDK app sets on every function: nothing
 * sets this one yet — a province that registers a prefix sets it on the open-data function.
 */
export const ocidPrefix = () => process.env.OCDS_OCID_PREFIX || PLACEHOLDER_OCID_PREFIX;

/** The serving API's base URL, as the client reached it (API Gateway sets both headers). */
// API Gateway always sends Host; without one (a direct invocation) links stay relative to the API rather than invent a host.
const baseOf = (headers: Record<string, string | undefined>) => (headers.host ? `${headers['x-forwarded-proto'] ?? 'https'}://${headers.host}` : '');

const publisher = () => ({ name: `${requireEnv(ENV.provinceName)}${requireEnv(ENV.cityName)}网上中介服务超市`, uid: requireEnv(ENV.cityCode), scheme: 'X-GB/T-2260' });

const served = (rows: StoredRelease[], base: string): Release[] => rows.map((r) => servedRelease(r.release, ocidOf(ocidPrefix(), r.projectId), base));

const latest = (releases: Release[]) => releases.map((r) => String(r.date)).sort((a, b) => Date.parse(a) - Date.parse(b)).at(-1) ?? new Date().toISOString();

function decodeCursor(cursor: string): string {
  try {
    const { k } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { k: unknown };
    if (typeof k === 'string' && k.length < 300) return k;
  } catch {
    /* below */
  }
  throw problems.validation([{ path: 'query.cursor', code: 'field.invalid_cursor', message: { zh: '分页游标无效', en: 'Invalid cursor' } }]);
}


export const handler = httpHandler(openDataRoutes, {
  async listOcdsReleases({ query, headers }): Promise<HttpResult> {
    const base = baseOf(headers);
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    const { rows, last } = await releaseStore.feedPage(requireEnv(ENV.cityCode), { since: query.since, after, limit: query.limit });
    // OCDS requires at least one release in a package: an empty feed is "nothing new", not an invalid package.
    if (!rows.length) return { status: 204 };
    const releases = served(rows, base);
    const self = new URL(`${base}/v1/ocds/releases`);
    if (query.since) self.searchParams.set('since', query.since);
    self.searchParams.set('limit', String(query.limit));
    const nextCursor = last ? Buffer.from(JSON.stringify({ k: last })).toString('base64url') : undefined;
    const next = nextCursor ? new URL(self) : undefined;
    next?.searchParams.set('cursor', nextCursor!);
    if (query.cursor) self.searchParams.set('cursor', query.cursor);
    return {
      body: {
        uri: self.toString(), version: OCDS_VERSION, publishedDate: latest(releases), publisher: publisher(),
        license: 'https://creativecommons.org/licenses/by/4.0/', publicationPolicy: `${base}/v1/openapi.json`,
        releases,
        ...(next ? { links: { next: next.toString() }, nextCursor } : {}),
      },
      headers: next ? { link: `<${next.toString()}>; rel="next"` } : undefined,
    };
  },

  async getOcdsRecord({ params, headers }) {
    const projectId = projectIdOfOcid(ocidPrefix(), params.ocid);
    const notFound = problems.notFound({ zh: `开放合同编号 ${params.ocid}`, en: `ocid ${params.ocid}` });
    if (!projectId || !/^\d{6}-\d{8}-[0-9A-Z]{6}$/.test(projectId)) throw notFound;
    const rows = await releaseStore.ofProject(projectId.slice(0, 6), projectId);
    if (!rows.length) throw notFound;
    const base = baseOf(headers);
    const releases = served(rows, base);
    return {
      body: {
        uri: `${base}/v1/ocds/records/${params.ocid}`, version: OCDS_VERSION, publishedDate: latest(releases), publisher: publisher(),
        license: 'https://creativecommons.org/licenses/by/4.0/', publicationPolicy: `${base}/v1/openapi.json`,
        records: [{ ocid: params.ocid, releases, compiledRelease: compileReleases(params.ocid, releases) }],
      },
    };
  },

  async downloadProjectsCsv({ params }) {
    if (!(await tenantStore.get(params.tenant))) throw problems.tenantNotFound(params.tenant);
    const projects = (await projectStore.list(params.tenant))
      .filter((p) => PUBLIC_STATUSES.has(p.status))
      .sort((a, b) => (b.publishedAt ?? '').localeCompare(a.publishedAt ?? '') || b.id.localeCompare(a.id));
    const rows = projects.map((p) => {
      const round = p.award?.rounds.at(-1);
      const winner = round && !round.ended && p.status !== 'failed' ? round.code : '';
      const amount = winner ? (p.award?.contract?.amountFen ?? p.award?.ranking.find((r) => r.code === winner)?.quoteFen) : undefined;
      return [
        p.id, ocidOf(ocidPrefix(), p.id), p.name, PROJECT_STATUS_ZH[p.status], p.serviceItem.code, p.serviceItem.name, METHOD_ZH[p.selectionMethod] ?? p.selectionMethod,
        p.fundingType === 'fiscal' ? '财政资金' : '社会资金', yuanText(p.budgetFen), p.publishedAt, p.registration?.closesAt,
        p.closing ? p.closing.pool.length + p.closing.excluded.length : '', winner, yuanText(amount),
      ];
    });
    const csv = toCsv(['项目编号', 'ocid', '项目名称', '状态', '事项编码', '中介服务事项', '选取方式', '资金性质', '预算（元）', '发布时间', '报名截止', '报名机构数', '中选机构', '中选金额（元）'], rows);
    return csvAnswer(csv, `projects-${params.tenant}.csv`);
  },

  async downloadAwardsCsv({ query }) {
    const { from, to } = periodOf(query);
    const summaries = (await summariesFor(await cityTenants(query.tenant), from, to)).filter((s) => s.winner);
    const rows = summaries.map((s) => [
      s.projectId, ocidOf(ocidPrefix(), s.projectId), s.tenant, s.name, s.serviceItem.name, METHOD_ZH[s.method] ?? s.method,
      s.winner!.uscc, s.winner!.name ?? '', s.winner!.outOfRegion ? '是' : '否', yuanText(s.budgetFen), yuanText(s.awardFen), s.awardedAt, s.workingDaysToAward, s.tenderers,
    ]);
    const csv = toCsv(['项目编号', 'ocid', '租户', '项目名称', '中介服务事项', '选取方式', '中选机构代码', '中选机构', '市外机构', '预算（元）', '中选金额（元）', '首次中选时间', '发布至中选工作日', '报名机构数'], rows);
    return csvAnswer(csv, `awards-${requireEnv(ENV.cityCode)}-${from}-${to}.csv`);
  },
});
