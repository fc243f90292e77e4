/**
 * The one table of tenant-policy bounds: for every setting, its absolute bounds (what no level may leave)
 * and its **direction** — how a level may move it relative to the effective value of the level above
 * (DESIGN §2: "each level may override within the bounds the level above allows"). The zod schema, the
 * validator and the resolver all read this table; nothing else states a bound.
 *
 * Directions:
 *  - `not-below-parent`: child ≥ parent (the parent sets a floor);
 *  - `not-above-parent`: child ≤ parent (the parent sets a ceiling: a county may be faster, not slower);
 *  - `subset-of-parent`: a child may withhold methods, never add one the parent withheld;
 *  - `province-only`: one value for the whole province; cities and counties may not set it;
 *  - `sandbox-only`: only a sandbox tenant may set a value other than the neutral one; no parent relation;
 *  - `adds-to-parent`: a list the child extends; it cannot remove or contradict the parent's entries.
 * The province is checked against the absolute bounds only: the platform defaults are defaults, not limits.
 */
export type PolicyDirection =
  | 'not-below-parent'
  | 'not-above-parent'
  | 'subset-of-parent'
  | 'province-only'
  | 'sandbox-only'
  | 'adds-to-parent';

export type PolicyUnit = 'working-days' | 'registrants' | 'fen' | 'months' | 'times' | 'years' | 'multiplier';

interface RuleBase {
  direction: PolicyDirection;
  label: { zh: string; en: string };
  /** Where the bound or direction comes from, for the comment and for operators reading the API. */
  basis: string;
}
export interface IntegerRule extends RuleBase {
  kind: 'integer';
  direction: 'not-below-parent' | 'not-above-parent' | 'province-only' | 'sandbox-only';
  min: number;
  max: number;
  unit: PolicyUnit;
}
export interface MethodsRule extends RuleBase {
  kind: 'methods';
  direction: 'subset-of-parent';
}
export interface BooleanRule extends RuleBase {
  kind: 'boolean';
  direction: 'province-only';
}
export interface LocalDaysRule extends RuleBase {
  kind: 'local-days';
  direction: 'adds-to-parent';
  maxEntries: number;
  maxReasonLength: number;
}
/** A structured setting validated by its own schema (credit-policy.ts); a province's parts replace the defaults' parts. */
export interface CreditRule extends RuleBase {
  kind: 'credit';
  direction: 'province-only';
}
export type PolicyRule = IntegerRule | MethodsRule | BooleanRule | LocalDaysRule | CreditRule;

const minRegistrants = (zhMethod: string, enMethod: string, min: number): IntegerRule => ({
  kind: 'integer',
  // Fewer registrants is less competition; the parent's minimum is a floor a county cannot lower to avoid a
  // 流标 (failed procurement for too few eligible registrants).
  direction: 'not-below-parent',
  min,
  max: 20,
  unit: 'registrants',
  label: { zh: `${zhMethod}最少有效报名数`, en: `minimum eligible registrants for ${enMethod}` },
  basis: min === 1
    ? 'direct choice needs one agency to choose; ≥ parent'
    : 'common practice 3 (ProZorro minBidsNumber); fewer than 2 is no competition; ≥ parent',
});

export const POLICY_RULES = {
  registrationWindowWorkingDays: {
    kind: 'integer',
    // A longer window lets more agencies register (fairer to those farther away); a county may lengthen
    // it, never cut it below what its city allows.
    direction: 'not-below-parent',
    min: 2, // DESIGN §10: "≥ 2 working days" (Yuanling; ProZorro below-threshold)
    max: 30, // product ceiling: the supermarket exists to be fast (Yuanling: ~2 working days to selection)
    unit: 'working-days',
    label: { zh: '报名期', en: 'registration window' },
    basis: 'DESIGN §10; Yuanling 从公告到选取平均2个工作日; ≥ parent',
  },
  'minEligibleRegistrants.random': minRegistrants('随机选取', 'random selection', 2),
  'minEligibleRegistrants.lowest-price': minRegistrants('竞价选取', 'lowest-price selection', 2),
  'minEligibleRegistrants.average-price': minRegistrants('均价选取', 'average-price selection', 2),
  'minEligibleRegistrants.best-value': minRegistrants('择优选取', 'best-value selection', 2),
  'minEligibleRegistrants.direct': minRegistrants('直接选取', 'direct choice', 1),
  publicityWorkingDays: {
    kind: 'integer',
    // Publicity is the time to object; a longer one only helps objectors.
    direction: 'not-below-parent',
    min: 3, // 招标投标法实施条例 第五十四条: 公示期不得少于3日
    max: 20,
    unit: 'working-days',
    label: { zh: '中选公示期', en: 'publicity window' },
    basis: '招标投标法实施条例 第五十四条 (≥ 3 days); ≥ parent',
  },
  objectionDecisionWorkingDays: {
    kind: 'integer',
    // The limit protects the objector; a county may answer sooner, never later.
    direction: 'not-above-parent',
    min: 1,
    max: 7, // 政府采购法 第五十三条: 七个工作日内作出答复 — a legal ceiling
    unit: 'working-days',
    label: { zh: '异议答复时限', en: 'objection decision deadline' },
    basis: '政府采购法 第五十三条 (7 working days); ≤ parent',
  },
  contractDueWorkingDays: {
    kind: 'integer',
    // After this an unsigned contract becomes a credit event; a county may demand faster signing, never
    // tolerate a longer delay than the level above.
    direction: 'not-above-parent',
    min: 1,
    max: 20, // four working weeks, about the 30 days of 政府采购法 第四十六条
    unit: 'working-days',
    label: { zh: '合同签订时限', en: 'contract signing deadline' },
    basis: 'DESIGN §10 (10); 政府采购法 第四十六条 (30 days); ≤ parent',
  },
  evaluationDueWorkingDays: {
    kind: 'integer',
    // Evaluations feed credit and best-value scores; a late one leaves the public record stale.
    direction: 'not-above-parent',
    min: 1,
    max: 30,
    unit: 'working-days',
    label: { zh: '服务评价时限', en: 'service evaluation deadline' },
    basis: 'DESIGN §10 (10); ≤ parent',
  },
  mandatoryUseBelowFen: {
    kind: 'integer',
    // Fiscal purchases below this must go through the supermarket. A county may bring more purchases into
    // the sunlight, never exempt what the level above requires (Yuanling: 不管金额大小…均进驻"中介超市").
    direction: 'not-below-parent',
    min: 1,
    max: 1_000_000_000, // ¥10,000,000: a typo guard, not a legal bound — the real ceiling is the province's public tender limit
    unit: 'fen',
    label: { zh: '财政性资金强制进场限额', en: 'mandatory-use threshold for fiscal funds' },
    basis: 'Yuanling; Chongqing; Hunan Art. 5 (below the public tender limit, default ¥500,000); ≥ parent',
  },
  'methodsAllowed.fiscal': {
    kind: 'methods',
    // A method is a power to choose how an agency is picked; a county may forgo one, never add one the
    // level above withheld (above all 直接选取 of budget funds).
    direction: 'subset-of-parent',
    label: { zh: '财政性资金可用选取方式', en: 'selection methods allowed for fiscal funds' },
    basis: 'Yuanling: 通过随机选取或竞价方式公开选取; ⊆ parent',
  },
  'methodsAllowed.social': {
    kind: 'methods',
    direction: 'subset-of-parent',
    label: { zh: '社会性资金可用选取方式', en: 'selection methods allowed for social funds' },
    basis: 'all five methods; ⊆ parent',
  },
  directChoiceMaxFen: {
    kind: 'integer',
    // Direct choice is the exception to competition: a county may narrow it, never widen it. It must also
    // stay below mandatoryUseBelowFen (checked across fields).
    direction: 'not-above-parent',
    min: 0, // 0 = never
    max: 10_000_000, // ¥100,000: "only below a small amount" (DESIGN §10); above it, compete
    unit: 'fen',
    label: { zh: '财政性资金直接选取限额', en: 'direct-choice ceiling for fiscal funds' },
    basis: 'DESIGN §10 (direct only below a small amount); ≤ parent',
  },
  admissionReviewWorkingDays: {
    kind: 'integer',
    // A service promise to agencies: a county may review faster, never slower.
    direction: 'not-above-parent',
    min: 1,
    max: 10,
    unit: 'working-days',
    label: { zh: '入驻审核时限', en: 'admission review deadline' },
    basis: 'DESIGN §10 (2; Hunan, Shandong); ≤ parent',
  },
  autoAdmitOnVerification: {
    kind: 'boolean',
    // Admission is province-wide ("一地入驻、全省通行"), so its rules are the province's alone.
    direction: 'province-only',
    label: { zh: '申请即入', en: 'automatic admission on verification' },
    basis: '鲁政办字〔2021〕85号: 一律实行"申请即入"，任何地方和部门不得以任何理由再设置其他条件',
  },
  allowQualificationTightening: {
    kind: 'boolean',
    // What an agency must hold to take part is the same province-wide (一地入驻、全省通行): the province decides.
    direction: 'province-only',
    label: { zh: '允许业主提高资质要求', en: 'owners may tighten qualification requirements' },
    basis: '鲁政办字〔2021〕85号 (no added conditions) by default; a province may allow it',
  },
  socialSecurityMonths: {
    kind: 'integer',
    // An admission requirement: the same for the whole province, no county may add to it (鲁政办字〔2021〕85号).
    direction: 'province-only',
    min: 1,
    max: 12,
    unit: 'months',
    label: { zh: '社保证明月数', en: 'months of social-security proof' },
    basis: 'Yuanling: 近三个月的社保证明; province-wide admission',
  },
  abandonmentsBeforeRestriction: {
    kind: 'integer',
    // Credit rule: a county may restrict sooner, never shelter behaviour the level above treats as
    // dishonest ("一地失信、全省受限").
    direction: 'not-above-parent',
    min: 1,
    max: 10,
    unit: 'times',
    label: { zh: '年度放弃中选次数上限', en: 'abandoned awards per year before restriction' },
    basis: 'Jiangxi 湖口县 negative list (3 a year); ≤ parent',
  },
  lateServiceWorkingDaysBeforeCredit: {
    kind: 'integer',
    direction: 'not-above-parent', // as abandonmentsBeforeRestriction: stricter allowed, never more lenient
    min: 1,
    max: 30,
    unit: 'working-days',
    label: { zh: '服务逾期记入失信的工作日数', en: 'working days of late service before a credit record' },
    basis: 'Jiangxi 湖口县 (more than 10 working days); ≤ parent',
  },
  certificateRetentionYears: {
    kind: 'integer',
    // Keeping evidence longer never loses any; an Object Lock retention cannot be shortened afterwards anyway.
    direction: 'not-below-parent',
    min: 15, // DESIGN §5: default 15 years, the platform floor
    max: 30,
    unit: 'years',
    label: { zh: '中选确认书保存年限', en: 'certificate retention' },
    basis: 'DESIGN §5 (15 years, S3 Object Lock compliance mode); ≥ parent',
  },
  timeAccelerator: {
    kind: 'integer',
    // Only sandbox tenants (training, demos, tests) may bend time, as ProZorro's sandbox does
    // (1440 = one day per minute); 86400 = one day per second, so that tests and demos run a whole timeline
    // (window, publicity, contract period) in seconds. Production tenants run in real time.
    direction: 'sandbox-only',
    min: 1,
    max: 86_400,
    unit: 'multiplier',
    label: { zh: '时间加速倍数', en: 'time accelerator' },
    basis: 'DESIGN §4 (sandbox tenants only; ProZorro sandbox)',
  },
  'calendarOverrides.extraHolidays': {
    kind: 'local-days',
    // A closure the city declares applies to its counties; a county adds its own and cannot undo the city's.
    direction: 'adds-to-parent',
    maxEntries: 100,
    maxReasonLength: 200,
    label: { zh: '本地增加的休息日', en: 'local extra holidays' },
    basis: 'local closures (a county may close for a local event); adds to parent',
  },
  'calendarOverrides.extraWorkdays': {
    kind: 'local-days',
    // Local 调休 only: a national holiday (全国年节及纪念日放假办法) can never be made a working day.
    direction: 'adds-to-parent',
    maxEntries: 100,
    maxReasonLength: 200,
    label: { zh: '本地增加的工作日', en: 'local extra working days' },
    basis: 'local 调休; never on a national holiday; adds to parent',
  },
  credit: {
    kind: 'credit',
    // 一地失信、全省受限: one rule book for the whole province (seed 000 四（四）4; seed 001 四（二）5).
    direction: 'province-only',
    label: { zh: '信用规则', en: 'credit rules' },
    basis: 'DESIGN §6; seeds 000 四（四）4, 001 四（二）5, 003 附件1（七）; province-wide (credit-policy.ts)',
  },
} as const satisfies Record<string, PolicyRule>;

export type PolicyPath = keyof typeof POLICY_RULES;
export type IntegerPath = { [P in PolicyPath]: (typeof POLICY_RULES)[P] extends { kind: 'integer' } ? P : never }[PolicyPath];
export type MethodsPath = { [P in PolicyPath]: (typeof POLICY_RULES)[P] extends { kind: 'methods' } ? P : never }[PolicyPath];
export type LocalDaysPath = { [P in PolicyPath]: (typeof POLICY_RULES)[P] extends { kind: 'local-days' } ? P : never }[PolicyPath];

export const POLICY_PATHS = Object.keys(POLICY_RULES) as PolicyPath[];

export function ruleOf(path: PolicyPath): PolicyRule {
  return POLICY_RULES[path];
}
