import type { CalendarOverrides } from '../calendar/calendar-overrides.ts';
import { type CreditPolicy, DEFAULT_CREDIT_POLICY } from './credit-policy.ts';
import type { FundingType, SelectionMethod } from './selection-method.ts';

/**
 * Tenant policy (租户策略): the rules a province, city or county runs its supermarket by. Stored per level as
 * a partial override and resolved province → city → county (resolve-policy.ts); bounds and the direction each
 * level may move a setting are in policy-rules.ts. Money in fen (分), periods in working days (工作日) counted
 * by the working-day calendar (民法典 第二百零一条).
 */
export interface TenantPolicy {
  registrationWindowWorkingDays: number;
  minEligibleRegistrants: Record<SelectionMethod, number>;
  publicityWorkingDays: number;
  objectionDecisionWorkingDays: number;
  contractDueWorkingDays: number;
  evaluationDueWorkingDays: number;
  mandatoryUseBelowFen: number;
  methodsAllowed: Record<FundingType, readonly SelectionMethod[]>;
  directChoiceMaxFen: number;
  admissionReviewWorkingDays: number;
  autoAdmitOnVerification: boolean;
  /** Whether an owner may tighten an item's qualification requirements in a purchase request (a higher grade, an added type). */
  allowQualificationTightening: boolean;
  socialSecurityMonths: number;
  abandonmentsBeforeRestriction: number;
  lateServiceWorkingDaysBeforeCredit: number;
  certificateRetentionYears: number;
  timeAccelerator: number;
  calendarOverrides: CalendarOverrides;
  /** 信用: records, score, restrictions, objection and repair (credit-policy.ts); province-only. */
  credit: CreditPolicy;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** The platform defaults (DESIGN §10), the root every province inherits from. Sources beside each. Frozen. */
export const DEFAULT_TENANT_POLICY: TenantPolicy = deepFreeze({
  // 报名期 ≥ 2 working days: Yuanling (沅陵县) averages 2 working days from announcement to selection;
  // ProZorro's below-threshold procedure also runs 2 working days.
  registrationWindowWorkingDays: 2,
  // 最少有效报名数: 3 for every competitive method (common practice; ProZorro minBidsNumber), fewer → 流标.
  // Direct choice needs only one eligible agency to choose.
  minEligibleRegistrants: { random: 3, 'lowest-price': 3, 'average-price': 3, 'best-value': 3, direct: 1 },
  // 中选公示 3 working days: 招标投标法实施条例 第五十四条 (中标候选人公示期不得少于3日).
  publicityWorkingDays: 3,
  // 异议答复 within 7 working days: 政府采购法 第五十三条 (收到书面质疑后七个工作日内作出答复).
  objectionDecisionWorkingDays: 7,
  // 合同签订 within 10 working days after confirmation: DESIGN §10 (inside 政府采购法 第四十六条's 30 days).
  contractDueWorkingDays: 10,
  // 服务评价 within 10 working days after completion: DESIGN §10.
  evaluationDueWorkingDays: 10,
  // 财政性资金 below ¥500,000 must use the supermarket: Yuanling ("50万元以下…禁止单位直接委托"),
  // Chongqing, Hunan Art. 5 (below the public tender limit).
  mandatoryUseBelowFen: 50_000_000,
  // Fiscal funds: competitive methods only (Yuanling: "通过随机选取或竞价方式公开选取");
  // social funds: all five, direct included (Yuanling: most social-fund projects used 直接选取).
  methodsAllowed: {
    fiscal: ['random', 'lowest-price', 'average-price', 'best-value'],
    social: ['random', 'lowest-price', 'average-price', 'best-value', 'direct'],
  },
  // 直接选取 for fiscal funds: 0 = never. DESIGN allows it "only below a small amount"; which amount is a
  // provincial decision, so the platform ships the strict rule (Yuanling forbids 直接委托 of fiscal funds)
  // and a province that wants the exception sets the amount and adds 'direct' to methodsAllowed.fiscal.
  directChoiceMaxFen: 0,
  // 入驻审核 within 2 working days: DESIGN §10 (Hunan, Shandong practice).
  admissionReviewWorkingDays: 2,
  // "申请即入": admitted at once when the automatic verification (电子证照 自动核验) passes. Shandong
  // 鲁政办字〔2021〕85号: 符合条件的一律实行"申请即入"，任何地方和部门不得以任何理由再设置其他条件; Hunan likewise.
  autoAdmitOnVerification: true,
  // 不得擅自提高资质要求: Shandong (鲁政办字〔2021〕85号) forbids adding conditions to what the catalogue sets; a
  // province that lets owners ask for more (a higher grade for a complex project) turns this on.
  allowQualificationTightening: false,
  // Social-security proof for the last 3 months for listed practitioners: Yuanling ("近三个月的社保证明").
  socialSecurityMonths: 3,
  // Restriction after 3 abandoned awards in a year: Jiangxi 湖口县 negative list.
  abandonmentsBeforeRestriction: 3,
  // A credit record when service is late by more than 10 working days: Jiangxi 湖口县.
  lateServiceWorkingDaysBeforeCredit: 10,
  // 中选确认书 kept 15 years under S3 Object Lock (compliance mode): DESIGN §5.
  certificateRetentionYears: 15,
  // Real time. Sandbox tenants may accelerate, as ProZorro's sandbox does (1440 = one day per minute).
  timeAccelerator: 1,
  calendarOverrides: { extraHolidays: [], extraWorkdays: [] },
  // Credit rules and their sources: credit-policy.ts.
  credit: structuredClone(DEFAULT_CREDIT_POLICY),
});
