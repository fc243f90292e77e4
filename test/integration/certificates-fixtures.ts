import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { CertificateIssuance } from '../../functions/certificates/issue.ts';
import { readAssembly } from '../../lib/local-cloud/assembly.ts';
import { apiOf, endpoint, JIEDONG, JIEYANG, PROVINCE } from './helpers.ts';

/**
 * Certificates are issued by the procurement timeline; these tests issue them from the test process instead,
 * through the same `issueCertificate` and against the running local cloud: the process takes the environment
 * the city's certificate functions were synthesized with (table, bucket, bus, KMS key; read from the local
 * cloud's assembly), the local cloud's AWS endpoint, and the city API as its public URL.
 */
export function useCityEnvironment(city = JIEYANG): void {
  const stateDir = process.env.ISM_TEST_STATE_DIR;
  if (!stateDir) throw new Error('certificates are issued in-process against the local cloud: run with the harness (ISM_TEST_STATE_DIR)');
  const model = readAssembly({ outdir: join(stateDir, 'cdk.out'), endpoint: endpoint(), apiUrl: () => apiOf(city) });
  const fn = model.functions.find((f) => f.name === `ism-${city}-certificates`);
  if (!fn) throw new Error(`no certificates function in the assembly of ${city}`);
  const env = Object.fromEntries(Object.entries(fn.environment).filter(([k]) => !k.startsWith('POWERTOOLS_') && k !== 'NODE_OPTIONS'));
  Object.assign(process.env, env, {
    AWS_ENDPOINT_URL: endpoint(), AWS_REGION: model.region, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local',
    PUBLIC_API_URL: apiOf(city), POWERTOOLS_TRACE_ENABLED: 'false', POWERTOOLS_LOG_LEVEL: 'WARN',
  });
}

const hex = (text: string) => createHash('sha256').update(text).digest('hex');
const DAY_MS = 86_400_000;

/** A confirmed award of 揭东 445203 by random draw, ready to be certified; `project` makes it unique. */
export function demoIssuance(project: string, overrides: Partial<CertificateIssuance> = {}): CertificateIssuance {
  const now = Date.now();
  return {
    tenant: JIEDONG,
    project: { id: `P-${JIEDONG}-${project}`, name: '揭东区某道路改造工程环境影响评价' },
    owner: { id: 'OWN-445203-0007', name: '揭阳市揭东区交通运输局' },
    agency: { uscc: '91445200MA4W3K2L9P', name: '揭阳市某环境咨询有限公司' },
    serviceItem: { code: 'HJ-EIA-01', name: '建设项目环境影响评价' },
    method: 'random',
    draw: { commitment: hex(`seed ${project}`), poolHash: hex(`pool ${project}`) },
    awardedAt: new Date(now - 7 * DAY_MS).toISOString(),
    confirmedAt: new Date(now - 60_000).toISOString(),
    issuer: { province: PROVINCE, city: JIEYANG },
    ...overrides,
  };
}
