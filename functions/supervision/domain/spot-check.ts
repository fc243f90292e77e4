import * as z from 'zod';
import { DomainError, problems } from '#shared/http/problems.ts';
import { drawRanking, type Transcript } from '#functions/procurement/domain/draw/ism-draw-1.ts';
import { drawWeighted, MAX_WEIGHT, type WeightedTranscript } from '#functions/procurement/domain/draw/ism-draw-1-w.ts';
import { IndustryCode } from '#functions/experts/domain/expert.ts';
import { ServiceItemRef, itemKey } from '#functions/agencies/domain/offered-item.ts';
import { coveringRegion } from '#functions/agencies/domain/practice-region.ts';
import type { Agency } from '#functions/agencies/domain/agency.ts';
import type { Inspector } from './inspector.ts';

/**
 * 双随机、一公开 spot checks: a regulator or the supermarket office draws agencies to inspect (随机抽取检查对象) and
 * the inspectors to send to each (随机选派执法检查人员), publishes the draw at once and the results later.
 *
 *  1. Plan (POST …/spot-checks): scope (all admitted agencies offering in the tenant, one industry, or named service
 *     items), sample size, inspectors per agency. The platform draws the 32-byte seed now and publishes only its
 *     commitment — ISM-DRAW-1 step 1 — so the scope and the seed are fixed before anyone knows who is in the pool.
 *  2. Draw (POST …/draw): the pool is frozen from the data — every admitted agency of the province whose practice
 *     regions cover the tenant and that offers an in-scope item visible in the tenant — each with its credit weight
 *     (`spotCheckWeight`: 重点监管 agencies are drawn more often, seed 001 §四(二)5). Agencies are drawn by
 *     ISM-DRAW-1-W (functions/procurement/domain/draw/ism-draw-1-w.ts) with the spot check's id as the draw id;
 *     then, for each drawn agency, inspectors by plain ISM-DRAW-1 over the active roster minus 回避 (conflicts)
 *     minus those without an industry the agency is inspected for, with draw id `<id>#inspectors#<agency>`. The seed
 *     is revealed with the transcripts.
 *  3. Results (POST …/results): per drawn agency, passed or problems found, with a note; published on the same GET.
 *
 * Before any draw, every agency of the pool is checked to have enough eligible inspectors; if one has not, nothing
 * is drawn (409 naming those agencies). Checking only the drawn agencies would refuse after the draw and so tell
 * the office who was drawn — and let it reshape the roster and try again.
 */
export const SPOT_CHECK_ID_SHAPE = /^SC-\d{6}-\d{8}-[0-9ABCDEFGHJKLMNPQRTUWXY]{6}$/;
export const SpotCheckId = z.string().regex(SPOT_CHECK_ID_SHAPE, { message: 'a spot check id such as SC-445203-20261121-7K3QX9' });

export const inspectorDrawId = (spotCheckId: string, agency: string) => `${spotCheckId}#inspectors#${agency}`;

export const SpotCheckScope = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }).strict(),
  z.object({ kind: z.literal('industry'), industry: IndustryCode }).strict(),
  z.object({ kind: z.literal('service-items'), items: z.array(ServiceItemRef).min(1).max(50) }).strict(),
]);
export type SpotCheckScope = z.infer<typeof SpotCheckScope>;

export const NewSpotCheck = z.object({
  name: z.string().trim().min(2).max(200),
  scope: SpotCheckScope,
  sampleSize: z.number().int().min(1).max(200),
  inspectorsPerAgency: z.number().int().min(1).max(5).default(2),
  /** Public randomness named in advance (e.g. a drand round after the draw); '' where none. */
  beacon: z.string().max(200).default(''),
}).strict();
export type NewSpotCheck = z.infer<typeof NewSpotCheck>;

export const SpotCheckResultInput = z.object({
  agencyUscc: z.string().trim().toUpperCase().regex(/^[0-9ABCDEFGHJKLMNPQRTUWXY]{18}$/),
  outcome: z.enum(['passed', 'problems-found']),
  note: z.string().trim().min(2).max(2000),
}).strict();
export type SpotCheckResultInput = z.infer<typeof SpotCheckResultInput>;

/**
 * Credit weights (the credit context's rows, #shared/store/keys.ts `creditKeys`). A weight multiplies an agency's
 * chances (ISM-DRAW-1-W: weight w = w tickets): 一般失信 (general dishonesty, or restricted now) × the province's
 * credit policy (`measures.general.spotCheckWeight`, carried on the profile row as `spotCheckWeight`; 3 by default
 * and here when the row does not carry it); grade C or D ×2 on top; no row, or a good record, ×1. 严重失信 /
 * blacklisted agencies are not in the pool: they are cleared from the supermarket (DESIGN §6) and are pursued by
 * enforcement, not sampled.
 */
export const SPOT_CHECK_WEIGHTS = { generalDishonesty: 3, lowGrade: 2, lowGrades: ['C', 'D'] as readonly string[] } as const;

/** `creditKeys.profile` as the credit context writes it. */
export interface CreditProfileRow {
  grade?: string;
  level?: 'good' | 'general' | 'serious';
  restricted?: boolean;
  blacklisted?: boolean;
  score?: number;
  /** The credit policy's weight for the agency's level (1 good, 3 general by default). */
  spotCheckWeight?: number;
}
/** `creditKeys.restriction` as the credit context writes it. */
export interface CreditRestrictionRow {
  restricted?: boolean;
  level?: 'general' | 'serious';
  until?: string;
  reason?: string;
}

export interface Basis { code: string; zh: string; en: string }

export type WeightDecision = { weight: number; basis: Basis[] } | { excluded: Basis };

export function spotCheckWeight(profile: CreditProfileRow | undefined, restriction: CreditRestrictionRow | undefined, nowMs: number): WeightDecision {
  const restrictedNow = restriction?.restricted === true && (!restriction.until || Date.parse(restriction.until) > nowMs);
  if (profile?.blacklisted === true || profile?.level === 'serious' || (restrictedNow && restriction?.level === 'serious')) {
    return { excluded: { code: 'credit.blacklisted', zh: '严重失信，已列入黑名单（清退），不列入抽查对象', en: 'Serious dishonesty: blacklisted (cleared), not sampled' } };
  }
  const basis: Basis[] = [];
  let weight = 1;
  if (profile?.level === 'general' || restrictedNow || profile?.restricted === true) {
    const policyWeight = profile?.spotCheckWeight;
    const w = Number.isSafeInteger(policyWeight) && policyWeight! > 1 ? policyWeight! : SPOT_CHECK_WEIGHTS.generalDishonesty;
    weight *= w;
    basis.push({ code: 'credit.general', zh: `一般失信，列为重点监管对象，抽中机会 ×${w}`, en: `General dishonesty: under closer supervision, chances ×${w}` });
  }
  if (profile?.grade && SPOT_CHECK_WEIGHTS.lowGrades.includes(profile.grade)) {
    weight *= SPOT_CHECK_WEIGHTS.lowGrade;
    basis.push({ code: 'credit.low-grade', zh: `信用等级 ${profile.grade}，抽中机会 ×${SPOT_CHECK_WEIGHTS.lowGrade}`, en: `Credit grade ${profile.grade}: chances ×${SPOT_CHECK_WEIGHTS.lowGrade}` });
  }
  return { weight: Math.min(weight, MAX_WEIGHT), basis };
}

/** What the tenant's catalogue says of an item: its industry. Keyed by `itemKey`. */
export type VisibleItems = ReadonlyMap<string, { industry: string }>;

/** The industries an agency would be inspected for under `scope` in `tenant`, or [] when it is out of scope. */
export function inspectedIndustries(agency: Agency, scope: SpotCheckScope, tenant: string, visible: VisibleItems): string[] {
  const regions = [...agency.practiceRegions, ...agency.branches.flatMap((b) => b.regions)];
  if (!coveringRegion(regions, tenant)) return [];
  const wanted = scope.kind === 'service-items' ? new Set(scope.items.map(itemKey)) : undefined;
  const industries = new Set<string>();
  for (const offered of agency.serviceItems) {
    if (offered.status !== 'active') continue;
    const key = itemKey(offered);
    const item = visible.get(key);
    if (!item || (wanted && !wanted.has(key)) || (scope.kind === 'industry' && item.industry !== scope.industry)) continue;
    industries.add(item.industry);
  }
  return [...industries].sort();
}

/**
 * The industries a scope covers, or 'all'. A scope naming an item the tenant's catalogue does not show is refused
 * (422): a spot check of nothing would publish an empty draw that looks like a real one.
 */
export function scopeIndustries(scope: SpotCheckScope, visible: VisibleItems): string[] | 'all' {
  if (scope.kind === 'all') return 'all';
  if (scope.kind === 'industry') return [scope.industry];
  const unknown = scope.items.filter((i) => !visible.has(itemKey(i)));
  if (unknown.length) {
    throw problems.validation(unknown.map((i) => ({ path: 'body.scope.items', code: 'spot-check.item-unknown', message: { zh: `本租户的事项清单中没有 ${i.code}`, en: `${i.code} is not in this tenant's catalogue` } })));
  }
  return [...new Set(scope.items.map((i) => visible.get(itemKey(i))!.industry))].sort();
}

/**
 * 行业主管部门 supervise their own industries: a regulator plans, draws and records results only for a scope inside
 * the industries of its account (an all-industry check is the supermarket office's). Operators are not limited.
 */
export function assertMayRun(caller: { role: string; industries: readonly string[] }, scope: SpotCheckScope, visible: VisibleItems): void {
  if (caller.role !== 'regulator') return;
  const industries = scopeIndustries(scope, visible);
  const outside = industries === 'all' ? ['all'] : industries.filter((i) => !caller.industries.includes(i));
  if (outside.length) {
    throw problems.forbidden({ zh: `行业主管部门只能抽查本行业（${caller.industries.join('、') || '无'}），不含 ${outside.join('、')}`, en: `a regulator spot-checks its own industries (${caller.industries.join(', ') || 'none'}), not ${outside.join(', ')}` });
  }
}

export interface PoolMember { code: string; name: string; weight: number; basis: Basis[]; industries: string[] }
export interface PoolExclusion { code: string; name: string; reason: Basis }

/** The frozen pool: in-scope agencies with their weights, ascending by code; cleared and blacklisted ones apart. */
export function spotCheckPool(
  agencies: Iterable<Agency>, scope: SpotCheckScope, tenant: string, visible: VisibleItems,
  creditOf: (uscc: string) => { profile?: CreditProfileRow; restriction?: CreditRestrictionRow }, nowMs: number,
): { pool: PoolMember[]; excluded: PoolExclusion[] } {
  const pool: PoolMember[] = [];
  const excluded: PoolExclusion[] = [];
  for (const agency of agencies) {
    const industries = inspectedIndustries(agency, scope, tenant, visible);
    if (industries.length === 0) continue;
    if (agency.status === 'cleared') {
      excluded.push({ code: agency.uscc, name: agency.name, reason: { code: 'agency.cleared', zh: '已被清退', en: 'Cleared from the supermarket' } });
      continue;
    }
    const credit = creditOf(agency.uscc);
    const decision = spotCheckWeight(credit.profile, credit.restriction, nowMs);
    if ('excluded' in decision) excluded.push({ code: agency.uscc, name: agency.name, reason: decision.excluded });
    else pool.push({ code: agency.uscc, name: agency.name, weight: decision.weight, basis: decision.basis, industries });
  }
  const byCode = (a: { code: string }, b: { code: string }) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
  return { pool: pool.sort(byCode), excluded: excluded.sort(byCode) };
}

const norm = (code: string) => code.trim().toUpperCase();

/** Why an inspector may not be sent to an agency, or undefined when they may. */
export function inspectorExclusion(inspector: Inspector, agency: string, industries: readonly string[]): Basis | undefined {
  if (inspector.conflicts.map(norm).includes(norm(agency))) return { code: 'inspector.conflict', zh: '与被检查机构存在利害关系，依法回避', en: 'Tied to the agency: stands aside (conflict of interest)' };
  if (inspector.status !== 'active') return { code: 'inspector.suspended', zh: '检查人员已暂停', en: 'The inspector is suspended' };
  if (!industries.some((i) => inspector.industries.includes(i))) return { code: 'inspector.no-industry', zh: `不承担 ${industries.join('、')} 行业的检查`, en: `Does not inspect ${industries.join(', ')}` };
  return undefined;
}

export type SpotCheckStatus = 'planned' | 'drawn' | 'completed';

export interface Assignment {
  agency: string;
  name: string;
  weight: number;
  inspectors: { id: string; name: string; unit: string }[];
  /** The frozen pool of the inspector draw (plain ISM-DRAW-1, ascending); the first `inspectorsPerAgency` of its ranking are sent. */
  eligibleInspectors: string[];
  /** Private (the reasons name 回避 relations): the rule's code only (`inspectorExclusion` gives the words), to keep the row small. */
  excludedInspectors: { id: string; code: string }[];
}

export interface SpotCheckResult {
  agency: string;
  outcome: 'passed' | 'problems-found';
  note: string;
  at: string;
  by: string;
}

export interface SpotCheck {
  id: string;
  tenant: string;
  name: string;
  scope: SpotCheckScope;
  sampleSize: number;
  inspectorsPerAgency: number;
  status: SpotCheckStatus;
  commitment: string;
  beacon: string;
  createdAt: string;
  createdBy: string;
  draw?: {
    drawnAt: string;
    by: string;
    pool: PoolMember[];
    excluded: PoolExclusion[];
    /** Revealed with the draw. The transcripts are recomputed from it and the frozen pools (`spotCheckTranscripts`),
     * so the stored row stays small whatever the pool (tickets of a thousand agencies would not fit a DynamoDB item). */
    seed: string;
    poolHash: string;
    /** In draw order. */
    assignments: Assignment[];
  };
  results: SpotCheckResult[];
  version: number;
  updatedAt: string;
}

export function planSpotCheck(id: string, tenant: string, input: NewSpotCheck, commitment: string, by: string, at: string): SpotCheck {
  return {
    id, tenant, name: input.name, scope: input.scope, sampleSize: input.sampleSize, inspectorsPerAgency: input.inspectorsPerAgency,
    status: 'planned', commitment, beacon: input.beacon, createdAt: at, createdBy: by, results: [], version: 1, updatedAt: at,
  };
}

export class TooFewInspectors extends DomainError {
  constructor(readonly needed: number, readonly short: { agency: string; eligible: number }[]) {
    super(409, 'spot-check.too-few-inspectors',
      `执法检查人员不足：${short.length} 家机构可选派的检查人员少于 ${needed} 名（${short.map((s) => `${s.agency}：${s.eligible} 名`).join('；')}），请先补充名录库`,
      `Too few inspectors: ${short.length} agencies of the pool have fewer than ${needed} eligible inspectors (${short.map((s) => `${s.agency}: ${s.eligible}`).join('; ')}); add inspectors to the roster first`,
      undefined, { needed, short });
    this.name = 'TooFewInspectors';
  }
}

export interface DrawInputs {
  seed: string;
  pool: PoolMember[];
  excluded: PoolExclusion[];
  /** The roster (any order, every status). */
  inspectors: readonly Inspector[];
  at: string;
  by: string;
}

/** planned → drawn: the agency draw (ISM-DRAW-1-W) and one inspector draw (ISM-DRAW-1) per drawn agency. */
export function drawSpotCheck(plan: SpotCheck, { seed, pool: given, excluded, inspectors, at, by }: DrawInputs): SpotCheck {
  const pool = [...given].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  if (plan.status !== 'planned') throw problems.conflict('spot-check.already-drawn', '本次抽查已经抽取', 'This spot check has already been drawn', { status: plan.status });
  const eligibleFor = (member: PoolMember) => {
    const eligible: Inspector[] = [];
    const out: { id: string; code: string }[] = [];
    for (const inspector of inspectors) {
      const reason = inspectorExclusion(inspector, member.code, member.industries);
      if (reason) out.push({ id: inspector.id, code: reason.code });
      else eligible.push(inspector);
    }
    return { eligible, excluded: out.sort((a, b) => (a.id < b.id ? -1 : 1)) };
  };
  const short = pool.map((m) => ({ agency: m.code, eligible: eligibleFor(m).eligible.length })).filter((s) => s.eligible < plan.inspectorsPerAgency);
  if (short.length) throw new TooFewInspectors(plan.inspectorsPerAgency, short);

  const agencyTranscript = drawWeighted({ seed, drawId: plan.id, candidates: pool.map((m) => ({ code: m.code, weight: m.weight })), count: plan.sampleSize, beacon: plan.beacon });
  const byCode = new Map(pool.map((m) => [m.code, m]));
  const assignments = agencyTranscript.ranking.slice(0, agencyTranscript.drawn).map((code): Assignment => {
    const member = byCode.get(code)!;
    const { eligible, excluded: excludedInspectors } = eligibleFor(member);
    const byId = new Map(eligible.map((i) => [i.id, i]));
    const t = drawRanking({ seed, projectId: inspectorDrawId(plan.id, code), pool: eligible.map((i) => i.id), beacon: plan.beacon });
    const sent = t.ranking.slice(0, plan.inspectorsPerAgency).map((id) => byId.get(id)!);
    return {
      agency: code, name: member.name, weight: member.weight,
      inspectors: sent.map((i) => ({ id: i.id, name: i.name, unit: i.unit })),
      eligibleInspectors: t.pool, excludedInspectors,
    };
  });
  const sortedExcluded = [...excluded].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return { ...plan, status: 'drawn', draw: { drawnAt: at, by, pool, excluded: sortedExcluded, seed, poolHash: agencyTranscript.poolHash, assignments }, version: plan.version + 1, updatedAt: at };
}

/** The published transcripts, recomputed from the revealed seed and the frozen pools (deterministic: the same bytes every time). */
export function spotCheckTranscripts(plan: SpotCheck): { agencies: WeightedTranscript; inspectors: { agency: string; transcript: Transcript & { drawn: number } }[] } | undefined {
  const draw = plan.draw;
  if (!draw) return undefined;
  const agencies = drawWeighted({ seed: draw.seed, drawId: plan.id, candidates: draw.pool.map((m) => ({ code: m.code, weight: m.weight })), count: plan.sampleSize, beacon: plan.beacon });
  const inspectors = draw.assignments.map((a) => ({
    agency: a.agency,
    transcript: { ...drawRanking({ seed: draw.seed, projectId: inspectorDrawId(plan.id, a.agency), pool: a.eligibleInspectors, beacon: plan.beacon }), drawn: plan.inspectorsPerAgency },
  }));
  return { agencies, inspectors };
}

/** A drawn agency's result, once; the spot check is completed when every drawn agency has one. */
export function recordResult(plan: SpotCheck, input: SpotCheckResultInput, by: string, at: string): SpotCheck {
  if (!plan.draw) throw problems.conflict('spot-check.not-drawn', '本次抽查尚未抽取', 'This spot check has not been drawn yet', { status: plan.status });
  if (!plan.draw.assignments.some((a) => a.agency === input.agencyUscc)) {
    throw problems.conflict('spot-check.agency-not-drawn', `${input.agencyUscc} 不是本次抽中的检查对象`, `${input.agencyUscc} was not drawn in this spot check`);
  }
  if (plan.results.some((r) => r.agency === input.agencyUscc)) {
    throw problems.conflict('spot-check.result-recorded', `${input.agencyUscc} 的检查结果已经公示`, `The result for ${input.agencyUscc} has already been published`);
  }
  const results = [...plan.results, { agency: input.agencyUscc, outcome: input.outcome, note: input.note, at, by }];
  const status: SpotCheckStatus = results.length === plan.draw.assignments.length ? 'completed' : 'drawn';
  return { ...plan, results, status, version: plan.version + 1, updatedAt: at };
}

/**
 * The published spot check (一公开): everything but who acted (account ids) and the 回避 reasons (they name an
 * inspector's ties); the seed is in the transcripts once drawn. Built by naming its fields.
 */
export function publicSpotCheck(plan: SpotCheck) {
  return {
    id: plan.id, tenant: plan.tenant, name: plan.name, scope: plan.scope, sampleSize: plan.sampleSize, inspectorsPerAgency: plan.inspectorsPerAgency,
    status: plan.status, commitment: plan.commitment, beacon: plan.beacon, createdAt: plan.createdAt,
    ...(plan.draw ? {
      draw: {
        drawnAt: plan.draw.drawnAt,
        pool: plan.draw.pool.map(({ code, name, weight, basis }) => ({ code, name, weight, basis })),
        excluded: plan.draw.excluded,
        drawn: plan.draw.assignments.map((a) => ({ agency: a.agency, name: a.name, weight: a.weight, inspectors: a.inspectors, excludedInspectorCount: a.excludedInspectors.length })),
        transcripts: spotCheckTranscripts(plan)!,
      },
    } : {}),
    results: plan.results.map(({ agency, outcome, note, at }) => ({ agency, outcome, note, at })),
  };
}
export type PublicSpotCheck = ReturnType<typeof publicSpotCheck>;
