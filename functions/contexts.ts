import type { RouteSpec } from '#shared/http/route-spec.ts';
import { agencyRoutes, applicationRoutes } from './agencies/routes.ts';
import { auditRoutes } from './audit/routes.ts';
import { catalogRoutes } from './catalog/routes.ts';
import { creditRoutes } from './credit/routes.ts';
import { certificateRoutes } from './certificates/routes.ts';
import { openDataRoutes } from './disclosure/ocds/routes.ts';
import { statisticsRoutes } from './disclosure/statistics/routes.ts';
import { expertRoutes } from './experts/routes.ts';
import { supervisionRoutes } from './supervision/routes.ts';
import { notificationRoutes } from './notifications/routes.ts';
import { ownerRoutes } from './owners/routes.ts';
import { projectRoutes, registrationRoutes } from './procurement/routes.ts';
import { platformRoutes } from './platform/routes.ts';
import { portalRoutes } from './disclosure/portal/routes.ts';
import { tenancyRoutes } from './tenancy/routes.ts';
import { policyRoutes } from './tenancy/policy-routes.ts';

/**
 * The product's functions, as data. The CDK app (lib/constructs/api-functions.ts) builds one Lambda per
 * API context with the routes listed here and one per worker with its trigger, granting exactly the
 * access each declares. The handler of an API context dispatches on the route key.
 */
export interface FunctionAccess {
  table?: 'read' | 'write';
  documents?: 'read' | 'write';
  certificates?: 'read' | 'write';
  publishEvents?: boolean;
  startTimeline?: boolean;
  /** SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat on the timeline. */
  timelineCallbacks?: boolean;
  sendNotifications?: boolean;
  /** Create accounts in the city's Cognito user pool (when identity is Cognito). */
  manageUsers?: boolean;
  /**
   * The city's certificate signing key (KMS): `public` reads its public key (kms:GetPublicKey, for the JWKS),
   * `sign` also signs (kms:Sign) and bundles the certificate font — what a function calling issueCertificate needs
   * (with `certificates: 'write'`, `table: 'write'`, `publishEvents`). Both set CERTIFICATE_KEY_ID and PUBLIC_API_URL.
   */
  certificateKey?: 'public' | 'sign';
}

export interface ApiContext {
  /** Bounded context name, kebab-case; also the function's name suffix. */
  name: string;
  /** Handler file, relative to the repository root; exports `handler`. */
  entry: string;
  routes: RouteSpec[];
  access: FunctionAccess;
  memoryMb?: number;
  /** Lambda timeout; 10 s unless said. */
  timeoutSeconds?: number;
}

/**
 * `inbox`: events replicated from the province bus and this city's own bus (agency, credit, tenant, catalogue);
 * `readModel`: the province's read-model queue (award, agency, credit events; functions/province/contexts.ts);
 * `credit`: this city's procurement incidents and evaluations, for the credit context;
 * `disclosure`: this city's project stage events, for open data (OCDS) and statistics.
 */
export type WorkerQueue = 'inbox' | 'notifications' | 'readModel' | 'credit' | 'disclosure';

export type WorkerTrigger =
  | { kind: 'schedule'; expression: string; description: string }
  | { kind: 'queue'; queue: WorkerQueue; batchSize?: number }
  /** Invoked by the timeline state machine's tasks. */
  | { kind: 'timeline' };

export interface WorkerSpec {
  name: string;
  entry: string;
  access: FunctionAccess;
  trigger: WorkerTrigger;
  memoryMb?: number;
  /** Lambda timeout; 10 s unless said. */
  timeoutSeconds?: number;
}

export const apiContexts: ApiContext[] = [
  { name: 'platform', entry: 'functions/platform/handler.ts', routes: platformRoutes, access: { table: 'read' } },
  { name: 'catalog', entry: 'functions/catalog/handler.ts', routes: [...catalogRoutes], access: { table: 'write', publishEvents: true } },
  { name: 'tenancy', entry: 'functions/tenancy/handler.ts', routes: [...tenancyRoutes], access: { table: 'write', publishEvents: true, manageUsers: true } },
  { name: 'tenant-policy', entry: 'functions/tenancy/policy-handler.ts', routes: [...policyRoutes], access: { table: 'write', publishEvents: true } },
  { name: 'owners', entry: 'functions/owners/handler.ts', routes: [...ownerRoutes], access: { table: 'write', manageUsers: true } },
  { name: 'experts', entry: 'functions/experts/handler.ts', routes: [...expertRoutes], access: { table: 'write' } },
  { name: 'audit', entry: 'functions/audit/handler.ts', routes: [...auditRoutes], access: { table: 'read' } },
  {
    name: 'agency-applications', entry: 'functions/agencies/applications-handler.ts', routes: [...applicationRoutes],
    access: { table: 'write', documents: 'write', publishEvents: true },
  },
  { name: 'agencies', entry: 'functions/agencies/agencies-handler.ts', routes: [...agencyRoutes], access: { table: 'write', publishEvents: true } },
  {
    name: 'projects', entry: 'functions/procurement/projects-handler.ts', routes: [...projectRoutes],
    access: { table: 'write', documents: 'write', certificates: 'write', certificateKey: 'public', publishEvents: true, startTimeline: true, timelineCallbacks: true },
  },
  // The hot path of a deadline (a burst of registrations in its last second): a function of its own, kept small.
  {
    name: 'registrations', entry: 'functions/procurement/registrations-handler.ts', routes: [...registrationRoutes],
    // 29 s: the most API Gateway waits; a registration stored during the close waits for it (registrations-handler.ts).
    access: { table: 'write', publishEvents: true }, memoryMb: 1024, timeoutSeconds: 29,
  },
  // The agency's inbox; named apart from the `notifications` worker that fills it (function names are unique).
  { name: 'agency-notifications', entry: 'functions/notifications/handler.ts', routes: [...notificationRoutes], access: { table: 'write' } },
  // 中选确认书: public reads and verification; issuance is the timeline's (functions/certificates/issue.ts).
  { name: 'certificates', entry: 'functions/certificates/handler.ts', routes: [...certificateRoutes], access: { table: 'read', certificates: 'read', certificateKey: 'public' } },
  // 公开门户: server-rendered Chinese pages for citizens (no login, no script); reads only.
  { name: 'portal', entry: 'functions/disclosure/portal/handler.ts', routes: [...portalRoutes], access: { table: 'read' } },
  // 公开数据: OCDS release and record packages, CSV downloads; from the rows the disclosure projector writes.
  { name: 'open-data', entry: 'functions/disclosure/ocds/handler.ts', routes: [...openDataRoutes], access: { table: 'read' } },
  // 统计分析: per tenant and per city, from the month accumulators the disclosure projector keeps.
  { name: 'statistics', entry: 'functions/disclosure/statistics/handler.ts', routes: [...statisticsRoutes], access: { table: 'read' } },
  // 信用: records, 信用脸谱, restrictions, objection and repair; a serious record clears the agency where it was admitted.
  { name: 'credit', entry: 'functions/credit/handler.ts', routes: [...creditRoutes], access: { table: 'write', documents: 'write', publishEvents: true, sendNotifications: true } },
  // 监管: inspectors (执法检查人员), 双随机 spot checks, red flags (风险预警).
  // Red flags read a year of a city's projects per request (projected to what the rules need): time and memory for it.
  { name: 'supervision', entry: 'functions/supervision/handler.ts', routes: [...supervisionRoutes], access: { table: 'write' }, memoryMb: 1024, timeoutSeconds: 29 },
];

export const workers: WorkerSpec[] = [
  {
    // Every Task of the timeline state machine (lib/constructs/timeline.ts): close, select, confirm, overdue steps.
    name: 'timeline', entry: 'functions/procurement/timeline-worker.ts',
    access: { table: 'write', certificates: 'write', certificateKey: 'sign', publishEvents: true, sendNotifications: true, timelineCallbacks: true },
    // 120 s: the close waits for the registrations in flight (up to 20 s) and checks every registrant's eligibility.
    trigger: { kind: 'timeline' }, memoryMb: 1024, timeoutSeconds: 120,
  },
  {
    name: 'housekeeping', entry: 'functions/platform/housekeeping.ts', access: { table: 'write', publishEvents: true },
    trigger: { kind: 'schedule', expression: 'rate(5 minutes)', description: 'Re-publish events left in the outbox; heartbeat for /v1/health' },
  },
  {
    name: 'inbox', entry: 'functions/replication/inbox-handler.ts', access: { table: 'write', publishEvents: true },
    trigger: { kind: 'queue', queue: 'inbox', batchSize: 10 },
  },
  {
    name: 'agency-expiry', entry: 'functions/agencies/expiry-job.ts', access: { table: 'write', publishEvents: true, sendNotifications: true },
    // 17:00 UTC = 01:00 Asia/Shanghai, after the day has turned and before anyone works.
    trigger: { kind: 'schedule', expression: 'cron(0 17 * * ? *)', description: 'Qualification expiry: warnings 30 days ahead, item suspensions on expiry (01:00 Asia/Shanghai)' },
  },
  {
    // 主动推送 / 短信邀请: each message a notice in the agency's inbox (once per key) and one SMS.
    name: 'notifications', entry: 'functions/notifications/notifications-worker.ts', access: { table: 'write' },
    trigger: { kind: 'queue', queue: 'notifications', batchSize: 10 },
  },
  {
    // System credit records from this city's procurement incidents and evaluations (the city bus's credit rule).
    name: 'credit-incidents', entry: 'functions/credit/incidents-worker.ts', access: { table: 'write', publishEvents: true },
    trigger: { kind: 'queue', queue: 'credit', batchSize: 10 },
  },
  {
    // The regulators' feed (行政处罚、失信被执行人), imported once per entry.
    name: 'credit-feed', entry: 'functions/credit/feed-import.ts', access: { table: 'write', publishEvents: true, sendNotifications: true },
    trigger: { kind: 'schedule', expression: 'rate(1 hour)', description: 'Import the regulators\' credit feed (administrative penalties, court enforcement list); refresh the listed credit profiles' },
  },
  {
    // 公开数据与统计分析: each project stage of this city → its OCDS release and statistics summary (+ ProjectSummarized).
    name: 'disclosure', entry: 'functions/disclosure/statistics/projector-worker.ts', access: { table: 'write', publishEvents: true },
    trigger: { kind: 'queue', queue: 'disclosure', batchSize: 10 },
  },
];
