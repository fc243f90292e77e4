import type { z } from 'zod';
import { POLICY_RULES, type PolicyUnit } from './policy-rules.ts';
import { settingOfPath } from './policy-paths.ts';

/**
 * A field-level problem with a policy override: a stable machine code, the dotted path of the setting and a
 * Chinese and English message (the same shape as the HTTP layer's field problems, so the handler can pass
 * them through into `problem+json`).
 */
export interface PolicyProblem {
  path: string;
  code: PolicyProblemCode;
  message: { zh: string; en: string };
}

export const POLICY_PROBLEM_CODES = [
  'policy.unknown-field',
  'policy.invalid-type',
  'policy.invalid-value',
  'policy.invalid-date',
  'policy.duplicate-entry',
  'policy.too-many-entries',
  'policy.no-method-allowed',
  'policy.outside-absolute-bounds',
  'policy.below-parent-minimum',
  'policy.above-parent-maximum',
  'policy.method-not-allowed-by-parent',
  'policy.province-only',
  'policy.sandbox-only',
  'policy.calendar-day-conflict',
  'policy.calendar-conflicts-with-parent',
  'policy.workday-on-national-holiday',
  'policy.direct-choice-above-mandatory-threshold',
] as const;
export type PolicyProblemCode = (typeof POLICY_PROBLEM_CODES)[number];

const groupThousands = (digits: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** A value in its unit, in both languages: `3 个工作日` / `3 working days`, `500,000 元` / `¥500,000`. */
export function formatQuantity(value: number, unit: PolicyUnit): { zh: string; en: string } {
  const plural = (word: string) => (value === 1 ? word : `${word}s`);
  switch (unit) {
    case 'working-days':
      return { zh: `${value} 个工作日`, en: `${value} ${plural('working day')}` };
    case 'registrants':
      return { zh: `${value} 家`, en: `${value} ${plural('registrant')}` };
    case 'fen': {
      const yuan = groupThousands(String(Math.trunc(value / 100))) + (value % 100 === 0 ? '' : `.${String(value % 100).padStart(2, '0')}`);
      return { zh: `${yuan} 元`, en: `¥${yuan}` };
    }
    case 'months':
      return { zh: `${value} 个月`, en: `${value} ${plural('month')}` };
    case 'times':
      return { zh: `${value} 次`, en: `${value} ${plural('time')}` };
    case 'years':
      return { zh: `${value} 年`, en: `${value} ${plural('year')}` };
    case 'multiplier':
      return { zh: `${value} 倍`, en: `×${value}` };
  }
}

export function problem(path: string, code: PolicyProblemCode, zh: string, en: string): PolicyProblem {
  return { path, code, message: { zh, en } };
}

function labelOf(path: string): { zh: string; en: string } {
  const setting = settingOfPath(path);
  return setting ? POLICY_RULES[setting].label : { zh: path, en: path };
}

/** Maps the override schema's issues to policy problems with the table's labels and bounds. */
export function problemsFromSchemaIssues(issues: readonly z.core.$ZodIssue[]): PolicyProblem[] {
  const out: PolicyProblem[] = [];
  for (const issue of issues) {
    const path = issue.path.map(String).join('.');
    const label = labelOf(path);
    switch (issue.code) {
      case 'unrecognized_keys':
        for (const key of issue.keys) {
          const at = path ? `${path}.${key}` : key;
          out.push(problem(at, 'policy.unknown-field', `不允许的策略项：${at}`, `Unknown policy setting: ${at}`));
        }
        break;
      case 'invalid_type': {
        const expected = issue.expected === 'int' ? { zh: '整数', en: 'an integer' } : { zh: issue.expected, en: `of type ${issue.expected}` };
        out.push(problem(path, 'policy.invalid-type', `${label.zh}的类型错误，应为${expected.zh}`, `${label.en} must be ${expected.en}`));
        break;
      }
      case 'too_small':
      case 'too_big': {
        const setting = settingOfPath(path);
        const rule = setting ? POLICY_RULES[setting] : undefined;
        if (issue.origin === 'array' && setting && rule?.kind === 'methods') {
          out.push(problem(path, 'policy.no-method-allowed', `${label.zh}至少须保留一种选取方式`, `${label.en} must keep at least one method`));
        } else if (issue.origin === 'array') {
          out.push(problem(path, 'policy.too-many-entries', `${label.zh}的条目过多`, `${label.en} has too many entries`));
        } else if (rule?.kind === 'integer' && (issue.origin === 'number' || issue.origin === 'int')) {
          const min = formatQuantity(rule.min, rule.unit);
          const max = formatQuantity(rule.max, rule.unit);
          out.push(problem(path, 'policy.outside-absolute-bounds', `${label.zh}须在 ${min.zh} 至 ${max.zh} 之间`, `${label.en} must be between ${min.en} and ${max.en}`));
        } else {
          out.push(problem(path, 'policy.invalid-value', `${label.zh}的长度或取值无效`, `${label.en}: invalid length or value`));
        }
        break;
      }
      case 'invalid_value':
        out.push(problem(path, 'policy.invalid-value', `${label.zh}的取值无效，可选：${issue.values.map(String).join('、')}`, `${label.en}: invalid value; allowed: ${issue.values.map(String).join(', ')}`));
        break;
      case 'custom': {
        const code = (issue.params as { policyCode?: PolicyProblemCode } | undefined)?.policyCode;
        if (code === 'policy.invalid-date') {
          out.push(problem(path, code, `${label.zh}的日期无效，应为 YYYY-MM-DD`, `${label.en}: not a calendar date (YYYY-MM-DD)`));
        } else if (code === 'policy.duplicate-entry') {
          out.push(problem(path, code, `${label.zh}中有重复的条目`, `${label.en} lists an entry twice`));
        } else {
          out.push(problem(path, 'policy.invalid-value', `${label.zh}的取值无效`, `${label.en}: ${issue.message}`));
        }
        break;
      }
      default:
        // Integers: zod 4 reports a non-integer number as invalid_type (expected int); anything else lands here.
        out.push(problem(path, 'policy.invalid-value', `${label.zh}的取值无效`, `${label.en}: ${issue.message}`));
    }
  }
  return out;
}
