import type { z } from 'zod';
import { type FieldProblem, problems } from './problems.ts';

/** Chinese text for zod's issue codes, so every field error reads in both languages. */
function zhFor(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? '必填字段缺失' : `类型错误，应为 ${issue.expected}`;
    case 'too_small':
      return `取值过小或过短（最小 ${String(issue.minimum)}）`;
    case 'too_big':
      return `取值过大或过长（最大 ${String(issue.maximum)}）`;
    case 'invalid_format':
      return `格式不正确（${issue.format}）`;
    case 'unrecognized_keys':
      return `不允许的字段：${issue.keys.join('、')}`;
    case 'invalid_value':
      return `取值无效，可选值：${issue.values.map(String).join('、')}`;
    case 'custom':
      return (issue.params as { zh?: string } | undefined)?.zh ?? issue.message;
    default:
      return '取值无效';
  }
}

export function fieldProblems(part: string, error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({
    path: [part, ...issue.path.map(String)].join('.'),
    code: `field.${issue.code}`,
    message: { zh: zhFor(issue), en: issue.input === undefined && issue.code === 'invalid_type' ? 'Required field is missing' : issue.message },
  }));
}

/** Parse one part of a request; collects problems instead of throwing so all parts report at once. */
export function parsePart<T>(schema: z.ZodType<T> | undefined, part: string, value: unknown, problemsOut: FieldProblem[]): T {
  if (!schema) return value as T;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  problemsOut.push(...fieldProblems(part, result.error));
  return undefined as T;
}

export function throwIfProblems(found: FieldProblem[]): void {
  if (found.length > 0) throw problems.validation(found);
}
