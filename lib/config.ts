import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import * as z from 'zod';

/**
 * The deployment topology (config/topology.json), read and validated once: one ProvinceStack per
 * province, one CityStack per city (DESIGN §2). Counties are tenants created at run time, never listed here.
 * Codes are GB/T 2260 administrative division codes (行政区划代码).
 */

const code = z.string().regex(/^\d{6}$/, 'must be a 6-digit GB/T 2260 code');

const identitySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('cognito') }).strict(),
  // A province's unified identity platform (统一身份认证), mapped onto the claims of functions/shared/auth/claims.ts.
  z.object({
    kind: z.literal('oidc'),
    // API Gateway fetches the issuer's discovery document over HTTPS only.
    issuer: z.url({ protocol: /^https$/ }),
    audience: z.array(z.string().min(1)).min(1),
  }).strict(),
]);

const retentionSchema = z.union([
  z.object({ years: z.int().min(1).max(99) }).strict(),
  z.object({ days: z.int().min(1).max(36500) }).strict(),
]);

const citySchema = z.object({
  code, name: z.string().min(1), nameEn: z.string().optional(),
  // The public base URL of the city's API and portal (its custom domain): the province portal links to it.
  url: z.url({ protocol: /^https?$/ }).optional(),
}).strict();

const provinceSchema = z.object({
  code: code.regex(/0000$/, 'a province code ends in 0000'),
  name: z.string().min(1),
  nameEn: z.string().optional(),
  // Missing means production: the safe default keeps data (RETAIN, deletion protection).
  sandbox: z.boolean().default(false),
  identity: identitySchema.default({ kind: 'cognito' }),
  account: z.string().regex(/^\d{12}$/, 'an AWS account id has 12 digits').optional(),
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'not an AWS region name').optional(),
  // S3 Object Lock (compliance) default retention of selection certificates (DESIGN §5, §10).
  certificateRetention: retentionSchema.optional(),
  // Browser origins of the portal, for CORS of the API and of presigned uploads; '*' until configured.
  portalOrigins: z.array(z.string().min(1)).min(1).optional(),
  // The province's e-licence gateway (电子证照库) that admission checks certificates against (seed 000 四(三)3).
  elicenceUrl: z.url().optional(),
  cities: z.array(citySchema).min(1),
}).strict();

const topologySchema = z.object({ $comment: z.string().optional(), provinces: z.array(provinceSchema).min(1) }).strict();

export type IdentityConfig = z.infer<typeof identitySchema>;
export type CertificateRetention = z.infer<typeof retentionSchema>;

export interface CityConfig {
  code: string;
  name: string;
  nameEn?: string;
  /** Public base URL of the city's API and portal, when the province has given it a domain. */
  url?: string;
}

export interface ProvinceConfig {
  code: string;
  name: string;
  nameEn?: string;
  /** Training, demos and tests: resources are disposable and time acceleration is allowed (DESIGN §4). */
  sandbox: boolean;
  identity: IdentityConfig;
  account?: string;
  region?: string;
  cities: CityConfig[];
  /** Derived from `sandbox`: DESTROY in a sandbox, RETAIN in production. */
  removalPolicy: RemovalPolicy;
  deletionProtection: boolean;
  certificateRetention: CertificateRetention;
  logRetention: RetentionDays;
  portalOrigins: string[];
  elicenceUrl?: string;
}

export interface Topology {
  provinces: ProvinceConfig[];
}

/** The repository root: the nearest folder above the working directory holding cdk.json. */
export function repoRoot(start = process.cwd()): string {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'cdk.json')) && existsSync(join(dir, 'functions'))) return dir;
    if (dirname(dir) === dir) return resolve(start);
  }
}

export function loadTopology(path = join(repoRoot(), 'config', 'topology.json')): Topology {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read the topology ${path}: ${(err as Error).message}`);
  }
  return parseTopology(raw, path);
}

export function parseTopology(raw: unknown, source = 'topology'): Topology {
  const parsed = topologySchema.safeParse(raw);
  if (!parsed.success) throw new Error(`${source} is invalid:\n${z.prettifyError(parsed.error)}`);

  const problems: string[] = [];
  const seen = new Map<string, string>();
  const claim = (c: string, what: string) => {
    const first = seen.get(c);
    if (first) problems.push(`code ${c} is used twice: ${first} and ${what}`);
    else seen.set(c, what);
  };
  for (const p of parsed.data.provinces) {
    claim(p.code, `province ${p.name}`);
    for (const c of p.cities) {
      claim(c.code, `city ${c.name}`);
      if (c.code.slice(0, 2) !== p.code.slice(0, 2)) {
        problems.push(`city ${c.name} (${c.code}) is not in province ${p.name} (${p.code}): the first 2 digits differ`);
      } else if (c.code.slice(2, 4) === '00') {
        problems.push(`city ${c.name} (${c.code}) has a province-level code; a city code is ${p.code.slice(0, 2)}XX00`);
      } else if (!c.code.endsWith('00') && c.code.slice(2, 4) !== '90') {
        // Only 省直辖县级行政区划 (XX90YY, e.g. 429004 仙桃市) stand for a city without ending in 00.
        problems.push(`city ${c.name} (${c.code}) is a county-level code; counties are tenants, onboarded at run time`);
      }
    }
  }
  if (problems.length) throw new Error(`${source} is invalid:\n${problems.map((m) => `  ✖ ${m}`).join('\n')}`);

  return {
    provinces: parsed.data.provinces.map((p) => ({
      ...p,
      removalPolicy: p.sandbox ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
      deletionProtection: !p.sandbox,
      // 15 years in production (DESIGN §10); one day in a sandbox so test certificates can be cleaned up.
      certificateRetention: p.certificateRetention ?? (p.sandbox ? { days: 1 } : { years: 15 }),
      logRetention: p.sandbox ? RetentionDays.ONE_WEEK : RetentionDays.ONE_YEAR,
      portalOrigins: p.portalOrigins ?? ['*'],
      elicenceUrl: p.elicenceUrl,
    })),
  };
}
