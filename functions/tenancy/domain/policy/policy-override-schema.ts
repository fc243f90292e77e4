import * as z from 'zod';
import { isCalendarDate } from '../calendar/local-date.ts';
import { CreditPolicyOverrideSchema } from './credit-policy.ts';
import { POLICY_RULES, type IntegerPath, type LocalDaysPath } from './policy-rules.ts';
import { SELECTION_METHODS } from './selection-method.ts';

/**
 * The body of `PUT /v1/tenants/{t}/policy`: one level's partial override. Every object is `.strict()` so an
 * unknown (or misspelt) setting is refused rather than silently ignored; absolute bounds come from the rules
 * table. Relative bounds (against the level above) need the parent and are checked by validatePolicyOverride.
 * Omitting a setting means "inherit".
 */
const integerSetting = (path: IntegerPath) => {
  const rule = POLICY_RULES[path];
  return z.number().int().min(rule.min).max(rule.max);
};

const methodsSetting = () =>
  z
    .array(z.enum(SELECTION_METHODS))
    .min(1)
    .max(SELECTION_METHODS.length)
    .refine((methods) => new Set(methods).size === methods.length, { message: 'Each method may be listed once', params: { policyCode: 'policy.duplicate-entry' } });

const localDaysSetting = (path: LocalDaysPath) => {
  const rule = POLICY_RULES[path];
  return z
    .array(
      z
        .object({
          date: z.string().refine(isCalendarDate, { message: 'Not a calendar date (YYYY-MM-DD)', params: { policyCode: 'policy.invalid-date' } }),
          reason: z.string().trim().min(1).max(rule.maxReasonLength),
        })
        .strict(),
    )
    .max(rule.maxEntries)
    .refine((days) => new Set(days.map((d) => d.date)).size === days.length, {
      message: 'Each date may be listed once',
      params: { policyCode: 'policy.duplicate-entry' },
    });
};

export const PolicyOverrideSchema = z
  .object({
    registrationWindowWorkingDays: integerSetting('registrationWindowWorkingDays'),
    minEligibleRegistrants: z
      .object({
        random: integerSetting('minEligibleRegistrants.random'),
        'lowest-price': integerSetting('minEligibleRegistrants.lowest-price'),
        'average-price': integerSetting('minEligibleRegistrants.average-price'),
        'best-value': integerSetting('minEligibleRegistrants.best-value'),
        direct: integerSetting('minEligibleRegistrants.direct'),
      })
      .partial()
      .strict(),
    publicityWorkingDays: integerSetting('publicityWorkingDays'),
    objectionDecisionWorkingDays: integerSetting('objectionDecisionWorkingDays'),
    contractDueWorkingDays: integerSetting('contractDueWorkingDays'),
    evaluationDueWorkingDays: integerSetting('evaluationDueWorkingDays'),
    mandatoryUseBelowFen: integerSetting('mandatoryUseBelowFen'),
    methodsAllowed: z.object({ fiscal: methodsSetting(), social: methodsSetting() }).partial().strict(),
    directChoiceMaxFen: integerSetting('directChoiceMaxFen'),
    admissionReviewWorkingDays: integerSetting('admissionReviewWorkingDays'),
    autoAdmitOnVerification: z.boolean(),
    allowQualificationTightening: z.boolean(),
    socialSecurityMonths: integerSetting('socialSecurityMonths'),
    abandonmentsBeforeRestriction: integerSetting('abandonmentsBeforeRestriction'),
    lateServiceWorkingDaysBeforeCredit: integerSetting('lateServiceWorkingDaysBeforeCredit'),
    certificateRetentionYears: integerSetting('certificateRetentionYears'),
    timeAccelerator: integerSetting('timeAccelerator'),
    calendarOverrides: z
      .object({
        extraHolidays: localDaysSetting('calendarOverrides.extraHolidays'),
        extraWorkdays: localDaysSetting('calendarOverrides.extraWorkdays'),
      })
      .partial()
      .strict(),
    credit: CreditPolicyOverrideSchema,
  })
  .partial()
  .strict();

/** One level's stored override (province, city or county). */
export type PolicyOverride = z.infer<typeof PolicyOverrideSchema>;
