import * as z from 'zod';

/**
 * 信用 settings of the tenant policy (DESIGN §6): one value for the whole province ("一地失信、全省受限" needs one
 * rule book), so the setting `credit` is province-only. A province's override may give any part of it; what it
 * leaves out keeps the platform default (resolvePolicy merges the parts).
 */
export const CREDIT_KINDS = [
  // From the system itself (functions/credit consumes the procurement incidents and evaluations).
  'abandoned-award', 'contract-overdue', 'service-late', 'objection-upheld', 'poor-evaluation', 'repeated-abandonment',
  // From regulators (POST /v1/credit-records) and the regulators' feed.
  'fake-documents', 'administrative-penalty', 'court-enforcement', 'commendation',
  // An owner's 服务评价, carried province-wide as a record so that every city computes the same social component.
  'service-evaluation',
] as const;
export type CreditKind = (typeof CREDIT_KINDS)[number];

/** `good`: no dishonesty (a deduction or a commendation); 一般失信; 严重失信. */
export const CREDIT_LEVELS = ['good', 'general', 'serious'] as const;
export type CreditLevel = (typeof CREDIT_LEVELS)[number];

export const CREDIT_GRADES = ['AAA', 'AA', 'A', 'B', 'C', 'D'] as const;
export type CreditGrade = (typeof CREDIT_GRADES)[number];

const KindRule = z.object({
  /** Points on the source's component (base 100): negative for dishonesty, positive for a commendation. */
  points: z.number().int().min(-100).max(100),
  level: z.enum(CREDIT_LEVELS),
  /** Days the record stays in force (公示期) from its effective date. */
  expiryDays: z.number().int().min(1).max(3650),
  /** 依据: what the record rests on, in Chinese. */
  basis: z.string().trim().min(1).max(300),
}).strict();
export type CreditKindRule = z.infer<typeof KindRule>;

export const CreditPolicySchema = z.object({
  kinds: z.object(Object.fromEntries(CREDIT_KINDS.map((k) => [k, KindRule])) as Record<CreditKind, typeof KindRule>).strict(),
  /** Weights of the three components of the score; they sum to 100. */
  weights: z.object({ regulator: z.number().int().min(0).max(100), platform: z.number().int().min(0).max(100), social: z.number().int().min(0).max(100) }).strict()
    .refine((w) => w.regulator + w.platform + w.social === 100, { message: 'The weights must sum to 100' }),
  /** Lowest score (inclusive) of each grade; below C is D. Strictly decreasing. */
  grades: z.object({ AAA: z.number().int().min(0).max(100), AA: z.number().int().min(0).max(100), A: z.number().int().min(0).max(100), B: z.number().int().min(0).max(100), C: z.number().int().min(0).max(100) }).strict()
    .refine((g) => g.AAA > g.AA && g.AA > g.A && g.A > g.B && g.B > g.C, { message: 'Grade thresholds must decrease from AAA to C' }),
  measures: z.object({
    general: z.object({
      /** 限制参与: days an agency with a general-dishonesty record may not register, from the record's effective date. */
      registrationBanDays: z.number().int().min(0).max(3650),
      /** 择优选取 credit component lowered by this many points (of 100). */
      bestValueMalus: z.number().int().min(0).max(100),
      /** 重点监管: relative weight in the spot-check draw (1 = an agency without any record). */
      spotCheckWeight: z.number().int().min(1).max(20),
    }).strict(),
    serious: z.object({ spotCheckWeight: z.number().int().min(1).max(20) }).strict(),
  }).strict(),
  /** An evaluation whose mean of the three 1–5 scores is below this is a poor evaluation (服务质量不达标). */
  poorEvaluationBelow: z.number().min(1).max(5),
  /** The agency may object within this many working days of the record's effective date. */
  objectionWindowWorkingDays: z.number().int().min(1).max(60),
  /** The issuing body decides an objection within this many working days. */
  objectionDecisionWorkingDays: z.number().int().min(1).max(60),
  /** Minimum days in force before a repair may be applied for, by level. */
  repairMinimumDays: z.object({ good: z.number().int().min(0).max(3650), general: z.number().int().min(0).max(3650), serious: z.number().int().min(0).max(3650) }).strict(),
  repairDecisionWorkingDays: z.number().int().min(1).max(60),
}).strict();
export type CreditPolicy = z.infer<typeof CreditPolicySchema>;

/** A province's override: any top-level part, each part whole. */
export const CreditPolicyOverrideSchema = CreditPolicySchema.partial().strict();

const SEED_002 = '沅陵县中介超市：中介机构随意违约或者服务质量不达标，运行管理部门核查后予以登记为一般失信行为（种子文件 002）';
const HUKOU = '江西湖口县中介服务负面清单：一年内放弃中选三次及以上的，限制参与（DESIGN §10）';

/** Platform defaults; sources beside each. */
export const DEFAULT_CREDIT_POLICY: CreditPolicy = {
  kinds: {
    // System records: a single incident deducts points without classing the agency as dishonest; repeated or
    // upheld behaviour is 一般失信 (seed 002; 湖口县 negative list).
    'abandoned-award': { points: -5, level: 'good', expiryDays: 365, basis: `放弃中选。${SEED_002}` },
    'contract-overdue': { points: -5, level: 'good', expiryDays: 365, basis: `中选后未按期签订合同。${SEED_002}` },
    'service-late': { points: -5, level: 'good', expiryDays: 365, basis: '服务超出约定时限（湖口县：超过 10 个工作日记入信用记录，DESIGN §10）' },
    'objection-upheld': { points: -20, level: 'general', expiryDays: 365, basis: `质疑成立，中选资格被取消。${SEED_002}` },
    'poor-evaluation': { points: -5, level: 'good', expiryDays: 365, basis: '服务评价差：评价结果作为后续择优选取的参考依据（种子文件 002 沅陵县）' },
    'repeated-abandonment': { points: -20, level: 'general', expiryDays: 365, basis: HUKOU },
    // Regulator records: 严重失信 for fraud and the court's list (seed 003 (十一) 出具虚假证明…实行禁入; (七) 失信被执行人 联合惩戒).
    'fake-documents': { points: -60, level: 'serious', expiryDays: 1095, basis: '出具虚假证明或报告、提供虚假材料（种子文件 003 附件4（十一）：严重违法违规的中介机构实行禁入）' },
    'administrative-penalty': { points: -20, level: 'general', expiryDays: 365, basis: '行业主管部门行政处罚（种子文件 001 四（二）5：出现失信记录的，列为重点监管对象）' },
    'court-enforcement': { points: -60, level: 'serious', expiryDays: 1095, basis: '失信被执行人（种子文件 003 附件1（七）：在失信被执行人等重点领域实施联合惩戒）' },
    'commendation': { points: 5, level: 'good', expiryDays: 365, basis: '守信激励：行业主管部门表彰（种子文件 000 四（四）4：对守信的中介服务机构给予一定的激励）' },
    // Evaluations count through the social component only (their points are not used); kept 3 years.
    'service-evaluation': { points: 0, level: 'good', expiryDays: 1095, basis: '服务评价：项目委托人对中介机构服务的满意度评价，作为后续择优选取的参考依据（种子文件 002 沅陵县）' },
  },
  // 70 regulators / 10 credit platform / 20 social evaluation (issue 5, after Jiangxi practice).
  weights: { regulator: 70, platform: 10, social: 20 },
  grades: { AAA: 95, AA: 90, A: 80, B: 70, C: 60 },
  measures: {
    // 一般失信 → 限制参与 for a period, lower best-value score, 重点监管 (seed 000 四（四）4 "给予一定限制"; seed 001 四（二）5
    // "提高抽查比例和检查频次").
    general: { registrationBanDays: 90, bestValueMalus: 10, spotCheckWeight: 3 },
    // 严重失信 → 黑名单 and 清退 province-wide (seed 000 四（四）4 "列入超市黑名单，并予以清退"; seed 001 "禁止进入或予以清退").
    serious: { spotCheckWeight: 5 },
  },
  poorEvaluationBelow: 3,
  // 异议 within 15 working days, decided within 10 (seed 003 附件1（七） 异议处理机制; the limits are the province's).
  objectionWindowWorkingDays: 15,
  objectionDecisionWorkingDays: 10,
  // 信用修复 after the shortest publication period: 一般失信 3 months, 严重失信 1 year (国家发展改革委《失信行为纠正后的
  // 信用信息修复管理办法（试行）》; seed 003 附件1（七） 完善信用修复机制).
  repairMinimumDays: { good: 0, general: 90, serious: 365 },
  repairDecisionWorkingDays: 10,
};

/** The province's parts over the defaults (each part whole). */
export function mergeCreditPolicy(base: CreditPolicy, override: Partial<CreditPolicy> | undefined): CreditPolicy {
  return { ...base, ...(override ?? {}) };
}
