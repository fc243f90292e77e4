import * as z from 'zod';
import type { TenantPolicy } from '#functions/tenancy/domain/policy/tenant-policy.ts';
import type { Project } from '#functions/procurement/domain/project/project.ts';

/**
 * 风险预警: red flags over a tenant's projects, for operators and regulators (issue 6 item 4). Pure functions of the
 * projects as stored (their frozen pools, awards, evaluations) and the tenant's policy — no rule needs another read.
 * A flag is a reason to look, not a finding: each carries its rule, the evidence (project ids, agencies, amounts)
 * and an explanation in Chinese and English. Thresholds are the constants below (RED_FLAG_THRESHOLDS) or the
 * tenant's policy (mandatory-use limit, direct-choice limit, minimum registration window).
 *
 * Registrants are read from the close (`closing.pool` ∪ `closing.excluded`): who stood at the deadline, the same
 * for everyone and frozen; withdrawn registrations and projects still open are not counted.
 */
export const RED_FLAG_RULES = [
  'single-eligible-registrant',
  'repeat-winner',
  'co-registration',
  'budget-just-below-threshold',
  'split-purchase',
  'minimum-window',
  'late-evaluation',
] as const;
export type RedFlagRule = (typeof RED_FLAG_RULES)[number];

export const RED_FLAG_THRESHOLDS = {
  /** repeat-winner: one agency won at least this many of one owner's awarded projects … */
  repeatWinnerMinWins: 3,
  /** … and at least this share of them. */
  repeatWinnerMinShare: 0.5,
  /** co-registration: two agencies stood together at the close of at least this many projects … */
  coRegistrationMinTogether: 3,
  /** … and in at least this share of the projects either stood in (Jaccard index). */
  coRegistrationMinShare: 0.8,
  /** budget-just-below-threshold: within this fraction under a policy limit (5%: ¥475,000–¥499,999.99 under ¥500,000). */
  justBelowMargin: 0.05,
  /** split-purchase: same owner and item submitted within this many days, each under the limit, together at or over it. */
  splitWindowDays: 30,
} as const;

export type Severity = 'high' | 'medium' | 'low';

export interface RedFlag {
  rule: RedFlagRule;
  severity: Severity;
  /** The tenant whose projects raised it. */
  tenant: string;
  projectIds: string[];
  agencies: string[];
  ownerId?: string;
  /** Rule-specific figures (counts, amounts in fen, dates). */
  evidence: Record<string, unknown>;
  zh: string;
  en: string;
  /** The latest date among the evidence: flags are listed newest first. */
  at: string;
}

export const RULE_TEXT: Record<RedFlagRule, { zh: string; en: string }> = {
  'single-eligible-registrant': { zh: '仅一家有效报名', en: 'Single eligible registrant' },
  'repeat-winner': { zh: '同一业主项目由同一机构反复中选', en: 'Same agency repeatedly wins one owner\'s projects' },
  'co-registration': { zh: '机构总是同时报名（疑似串通）', en: 'Agencies that always register together (possible collusion)' },
  'budget-just-below-threshold': { zh: '预算略低于限额', en: 'Budget just below a threshold' },
  'split-purchase': { zh: '疑似化整为零（拆分采购）', en: 'Possible split purchase' },
  'minimum-window': { zh: '报名期为最短时限', en: 'Registration window at the minimum' },
  'late-evaluation': { zh: '服务评价逾期', en: 'Late service evaluation' },
};

/** 49990000 → "499,900"; 12345 → "123.45" (toLocaleString is slow enough to matter over thousands of flags). */
const yuan = (fen: number) => {
  const whole = Math.floor(fen / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = fen % 100;
  return cents === 0 ? whole : `${whole}.${String(cents).padStart(2, '0').replace(/0$/, '')}`;
};
const latest = (...dates: (string | undefined)[]) => dates.filter((d): d is string => !!d).sort().at(-1) ?? '';
const dateOf = (p: Project) => p.publishedAt ?? p.submittedAt;
const registrantsOf = (p: Project) => (p.closing ? [...p.closing.pool, ...p.closing.excluded.map((e) => e.code)] : []);
/** The agency holding the award now: the last round, unless it ended (excluded, abandoned; a failed project has none). */
const winnerOf = (p: Project) => {
  const round = p.award?.rounds.at(-1);
  return round && !round.ended ? round.code : undefined;
};

export function singleEligibleRegistrant(projects: readonly Project[]): RedFlag[] {
  return projects.filter((p) => p.closing && p.closing.pool.length === 1 && p.tradingMode !== 'direct-purchase').map((p) => {
    const agency = p.closing!.pool[0];
    const awarded = !!p.award;
    return {
      rule: 'single-eligible-registrant', severity: awarded ? 'high' : 'medium', tenant: p.tenant, projectIds: [p.id], agencies: [agency], ownerId: p.ownerId,
      evidence: { registrants: registrantsOf(p).length, eligible: 1, method: p.selectionMethod, awarded, status: p.status },
      zh: `项目 ${p.id} 截止时仅 ${agency} 一家有效报名${awarded ? '且已中选' : ''}：没有竞争，请核查资质要求是否量身定制、公告是否充分`,
      en: `Project ${p.id} closed with one eligible registrant, ${agency}${awarded ? ', which was awarded' : ''}: no competition — check whether the requirements were tailored and the announcement reached agencies`,
      at: p.closing!.closedAt,
    } satisfies RedFlag;
  });
}

export function repeatWinner(projects: readonly Project[]): RedFlag[] {
  const byOwner = new Map<string, Project[]>();
  for (const p of projects) if (winnerOf(p)) pushTo(byOwner, `${p.tenant}|${p.ownerId}`, p);
  const flags: RedFlag[] = [];
  for (const [, awarded] of byOwner) {
    const wins = new Map<string, Project[]>();
    for (const p of awarded) pushTo(wins, winnerOf(p)!, p);
    for (const [agency, won] of wins) {
      const share = won.length / awarded.length;
      if (won.length < RED_FLAG_THRESHOLDS.repeatWinnerMinWins || share < RED_FLAG_THRESHOLDS.repeatWinnerMinShare) continue;
      const p0 = won[0];
      const ids = won.map((p) => p.id).sort();
      flags.push({
        rule: 'repeat-winner', severity: share >= 0.8 ? 'high' : 'medium', tenant: p0.tenant, projectIds: ids, agencies: [agency], ownerId: p0.ownerId,
        evidence: { wins: won.length, awardedProjects: awarded.length, share: Math.round(share * 1000) / 1000, methods: [...new Set(won.map((p) => p.selectionMethod))].sort() },
        zh: `业主 ${p0.ownerId} 的 ${awarded.length} 个已选取项目中，${agency} 中选 ${won.length} 个（${Math.round(share * 100)}%）`,
        en: `${agency} won ${won.length} of owner ${p0.ownerId}'s ${awarded.length} awarded projects (${Math.round(share * 100)}%)`,
        at: latest(...won.map((p) => p.award!.rounds.at(-1)!.awardedAt)),
      });
    }
  }
  return flags;
}

export function coRegistration(projects: readonly Project[]): RedFlag[] {
  // Pairs are counted project by project (a close has a handful of registrants), never agency × agency.
  const projectsOf = new Map<string, number>();
  const together = new Map<string, string[]>();
  for (const p of projects) {
    const codes = [...new Set(registrantsOf(p))].sort();
    for (const code of codes) projectsOf.set(code, (projectsOf.get(code) ?? 0) + 1);
    for (let i = 0; i < codes.length; i++) {
      for (let j = i + 1; j < codes.length; j++) {
        const key = `${codes[i]}|${codes[j]}`;
        const ids = together.get(key);
        if (ids) ids.push(p.id);
        else together.set(key, [p.id]);
      }
    }
  }
  const byId = new Map(projects.map((p) => [p.id, p]));
  const flags: RedFlag[] = [];
  for (const [key, ids] of [...together].sort((x, y) => (x[0] < y[0] ? -1 : 1))) {
    const [a, b] = key.split('|');
    const union = projectsOf.get(a)! + projectsOf.get(b)! - ids.length;
    const share = ids.length / union;
    if (ids.length < RED_FLAG_THRESHOLDS.coRegistrationMinTogether || share < RED_FLAG_THRESHOLDS.coRegistrationMinShare) continue;
    const sorted = [...ids].sort();
    flags.push({
      rule: 'co-registration', severity: share === 1 ? 'high' : 'medium', tenant: byId.get(sorted[0])!.tenant, projectIds: sorted, agencies: [a, b],
      evidence: { together: ids.length, eitherRegistered: union, share: Math.round(share * 1000) / 1000 },
      zh: `${a} 与 ${b} 在 ${ids.length} 个项目中同时报名，占二者参与项目的 ${Math.round(share * 100)}%`,
      en: `${a} and ${b} registered together for ${ids.length} projects, ${Math.round(share * 100)}% of the projects either registered for`,
      at: latest(...ids.map((id) => byId.get(id)!.closing!.closedAt)),
    });
  }
  return flags;
}

/** The policy limits a budget may be shaped to stay under, for a project's funding. */
function thresholdsOf(p: Project, policy: TenantPolicy): { name: string; zh: string; fen: number }[] {
  const out: { name: string; zh: string; fen: number }[] = [];
  if (p.fundingType === 'fiscal' && policy.mandatoryUseBelowFen > 0) out.push({ name: 'mandatoryUseBelowFen', zh: '公开招标限额（财政性资金必须进入中介超市的上限）', fen: policy.mandatoryUseBelowFen });
  if (p.fundingType === 'fiscal' && policy.directChoiceMaxFen > 0) out.push({ name: 'directChoiceMaxFen', zh: '直接选取限额', fen: policy.directChoiceMaxFen });
  return out;
}

export function budgetJustBelowThreshold(projects: readonly Project[], policyOf: (tenant: string) => TenantPolicy): RedFlag[] {
  const flags: RedFlag[] = [];
  for (const p of projects) {
    for (const t of thresholdsOf(p, policyOf(p.tenant))) {
      const floor = Math.ceil(t.fen * (1 - RED_FLAG_THRESHOLDS.justBelowMargin));
      if (p.budgetFen < floor || p.budgetFen >= t.fen) continue;
      flags.push({
        rule: 'budget-just-below-threshold', severity: 'medium', tenant: p.tenant, projectIds: [p.id], agencies: [], ownerId: p.ownerId,
        evidence: { budgetFen: p.budgetFen, threshold: t.name, thresholdFen: t.fen, marginFen: t.fen - p.budgetFen },
        zh: `项目 ${p.id} 预算 ¥${yuan(p.budgetFen)}，仅比${t.zh} ¥${yuan(t.fen)} 低 ¥${yuan(t.fen - p.budgetFen)}`,
        en: `Project ${p.id}'s budget ¥${yuan(p.budgetFen)} is only ¥${yuan(t.fen - p.budgetFen)} under the ${t.name} limit of ¥${yuan(t.fen)}`,
        at: dateOf(p),
      });
    }
  }
  return flags;
}

export function splitPurchase(projects: readonly Project[], policyOf: (tenant: string) => TenantPolicy): RedFlag[] {
  const groups = new Map<string, Project[]>();
  for (const p of projects) {
    if (p.fundingType !== 'fiscal') continue;
    const key = `${p.tenant}|${p.ownerId}|${p.serviceItem.tenant}/${p.serviceItem.code}`;
    pushTo(groups, key, p);
  }
  const windowMs = RED_FLAG_THRESHOLDS.splitWindowDays * 86_400_000;
  const flags: RedFlag[] = [];
  for (const group of groups.values()) {
    const limit = policyOf(group[0].tenant).mandatoryUseBelowFen;
    const sorted = group.filter((p) => p.budgetFen < limit).sort((a, b) => Date.parse(a.submittedAt) - Date.parse(b.submittedAt) || (a.id < b.id ? -1 : 1));
    // Maximal runs of projects each within the window of the run's first; one flag per run that reaches the limit.
    let start = 0;
    while (start < sorted.length) {
      let end = start;
      while (end + 1 < sorted.length && Date.parse(sorted[end + 1].submittedAt) - Date.parse(sorted[start].submittedAt) <= windowMs) end++;
      const run = sorted.slice(start, end + 1);
      const total = run.reduce((s, p) => s + p.budgetFen, 0);
      if (run.length >= 2 && total >= limit) {
        const p0 = run[0];
        flags.push({
          rule: 'split-purchase', severity: 'high', tenant: p0.tenant, projectIds: run.map((p) => p.id), agencies: [...new Set(run.map(winnerOf).filter((c): c is string => !!c))].sort(), ownerId: p0.ownerId,
          evidence: { serviceItem: p0.serviceItem.code, projects: run.length, totalFen: total, limitFen: limit, firstSubmittedAt: p0.submittedAt, lastSubmittedAt: run.at(-1)!.submittedAt, windowDays: RED_FLAG_THRESHOLDS.splitWindowDays },
          zh: `业主 ${p0.ownerId} 在 ${RED_FLAG_THRESHOLDS.splitWindowDays} 天内就同一事项 ${p0.serviceItem.code} 提交 ${run.length} 个项目，单个均低于限额，合计 ¥${yuan(total)} 达到限额 ¥${yuan(limit)}：疑似化整为零规避公开招标`,
          en: `Owner ${p0.ownerId} submitted ${run.length} projects for item ${p0.serviceItem.code} within ${RED_FLAG_THRESHOLDS.splitWindowDays} days, each under the limit, together ¥${yuan(total)} ≥ the ¥${yuan(limit)} limit: possibly split to avoid public tendering`,
          at: run.at(-1)!.submittedAt,
        });
        start = end + 1;
      } else start++;
    }
  }
  return flags;
}

export function minimumWindow(projects: readonly Project[], policyOf: (tenant: string) => TenantPolicy): RedFlag[] {
  return projects.filter((p) => p.registration && p.registrationWindowWorkingDays !== undefined && p.tradingMode !== 'direct-purchase'
    && p.registrationWindowWorkingDays <= policyOf(p.tenant).registrationWindowWorkingDays).map((p) => {
    const min = policyOf(p.tenant).registrationWindowWorkingDays;
    return {
      rule: 'minimum-window', severity: 'low', tenant: p.tenant, projectIds: [p.id], agencies: [], ownerId: p.ownerId,
      evidence: { windowWorkingDays: p.registrationWindowWorkingDays, minimumWorkingDays: min, opensAt: p.registration!.opensAt, deadline: p.registration!.deadline.at, eligibleAtClose: p.closing?.pool.length },
      zh: `项目 ${p.id} 的报名期为 ${p.registrationWindowWorkingDays} 个工作日，即最短时限（${min} 个工作日）${p.closing ? `，截止时有效报名 ${p.closing.pool.length} 家` : ''}`,
      en: `Project ${p.id}'s registration window is ${p.registrationWindowWorkingDays} working days, the minimum (${min})${p.closing ? `; ${p.closing.pool.length} eligible at close` : ''}`,
      at: p.registration!.opensAt,
    } satisfies RedFlag;
  });
}

export function lateEvaluation(projects: readonly Project[], nowMs: number): RedFlag[] {
  const flags: RedFlag[] = [];
  for (const p of projects) {
    const due = p.evaluationDue?.dueAt;
    if (!due) continue;
    const dueMs = Date.parse(due);
    const evaluatedLate = p.evaluation && Date.parse(p.evaluation.at) >= dueMs;
    const stillMissing = !p.evaluation && nowMs >= dueMs;
    if (!evaluatedLate && !stillMissing) continue;
    const agency = winnerOf(p);
    flags.push({
      rule: 'late-evaluation', severity: 'medium', tenant: p.tenant, projectIds: [p.id], agencies: agency ? [agency] : [], ownerId: p.ownerId,
      evidence: { dueAt: due, evaluatedAt: p.evaluation?.at ?? null, completedAt: p.service?.completedAt },
      zh: p.evaluation ? `项目 ${p.id} 的服务评价于 ${p.evaluation.at} 提交，晚于期限 ${due}` : `项目 ${p.id} 的服务评价期限 ${due} 已过，业主仍未评价`,
      en: p.evaluation ? `Project ${p.id} was evaluated at ${p.evaluation.at}, after the ${due} deadline` : `Project ${p.id}'s evaluation was due at ${due} and the owner has not evaluated`,
      at: p.evaluation?.at ?? due,
    });
  }
  return flags;
}

function pushTo<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const SEVERITY_ORDER: Record<Severity, number> = { high: 0, medium: 1, low: 2 };

/** Every rule over the projects, most severe first, then newest. */
export function redFlags(projects: readonly Project[], policyOf: (tenant: string) => TenantPolicy, nowMs: number, rules: readonly RedFlagRule[] = RED_FLAG_RULES): RedFlag[] {
  const run: Record<RedFlagRule, () => RedFlag[]> = {
    'single-eligible-registrant': () => singleEligibleRegistrant(projects),
    'repeat-winner': () => repeatWinner(projects),
    'co-registration': () => coRegistration(projects),
    'budget-just-below-threshold': () => budgetJustBelowThreshold(projects, policyOf),
    'split-purchase': () => splitPurchase(projects, policyOf),
    'minimum-window': () => minimumWindow(projects, policyOf),
    'late-evaluation': () => lateEvaluation(projects, nowMs),
  };
  return rules.flatMap((r) => run[r]()).sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || (a.at < b.at ? 1 : a.at > b.at ? -1 : 0) || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0));
}

/** Projects in [from, to] by publication (or submission, before publication); drafts never count. */
export function inPeriod(projects: readonly Project[], from?: string, to?: string): Project[] {
  const fromMs = from ? Date.parse(from) : -Infinity;
  const toMs = to ? Date.parse(to.length === 10 ? `${to}T23:59:59.999+08:00` : to) : Infinity;
  return projects.filter((p) => p.status !== 'draft').filter((p) => {
    const t = Date.parse(dateOf(p));
    return t >= fromMs && t <= toMs;
  });
}

const DateOrInstant = z.string().refine((s) => !Number.isNaN(Date.parse(s.length === 10 ? `${s}T00:00:00+08:00` : s)), { message: 'a date (2026-01-01) or an ISO 8601 instant' })
  .transform((s) => (s.length === 10 ? `${s}T00:00:00+08:00` : s));

export const RedFlagQuery = z.object({
  from: DateOrInstant.optional(),
  to: z.string().refine((s) => !Number.isNaN(Date.parse(s.length === 10 ? `${s}T00:00:00+08:00` : s)), { message: 'a date (2026-12-31) or an ISO 8601 instant' }).optional(),
  rule: z.enum(RED_FLAG_RULES).optional(),
  format: z.enum(['json', 'csv']).default('json'),
});

const csvCell = (v: unknown) => {
  const s = v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

/** One line per flag, UTF-8 with a BOM (so a spreadsheet opens the Chinese text right). */
export function redFlagsCsv(flags: readonly RedFlag[]): string {
  const header = ['rule', 'rule_zh', 'severity', 'tenant', 'owner', 'projects', 'agencies', 'at', 'explanation_zh', 'explanation_en', 'evidence'];
  const rows = flags.map((f) => [f.rule, RULE_TEXT[f.rule].zh, f.severity, f.tenant, f.ownerId ?? '', f.projectIds.join(' '), f.agencies.join(' '), f.at, f.zh, f.en, f.evidence].map(csvCell).join(','));
  return `\uFEFF${[header.join(','), ...rows].join('\r\n')}\r\n`;
}
