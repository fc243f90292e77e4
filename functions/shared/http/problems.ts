/**
 * Typed domain errors and the one place they become `application/problem+json` (RFC 9457).
 * Every error a caller sees has a stable machine `code`, a Chinese and an English message, and — for
 * validation — field-level `errors`. Never a stack trace or an SDK message.
 */
export interface FieldProblem {
  /** JSON pointer-ish dotted path of the offending field, e.g. `body.qualification.grade`. */
  path: string;
  code: string;
  message: { zh: string; en: string };
}

export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly zh: string,
    readonly en: string,
    readonly errors?: FieldProblem[],
    readonly extra?: Record<string, unknown>,
  ) {
    super(en);
    this.name = 'DomainError';
  }
}

export const problems = {
  validation: (errors: FieldProblem[]) =>
    new DomainError(400, 'request.invalid', '请求内容不符合要求，请按字段提示修改后重试', 'The request is invalid; see the field errors', errors),
  malformedJson: () => new DomainError(400, 'request.malformed-json', '请求体不是有效的 JSON', 'The request body is not valid JSON'),
  tooLarge: (limit: number) =>
    new DomainError(413, 'request.too-large', `请求体超过 ${limit} 字节的上限`, `The request body exceeds the ${limit}-byte limit`, undefined, { limit }),
  unsupportedMediaType: () =>
    new DomainError(415, 'request.unsupported-media-type', '请求体须为 application/json', 'The request body must be application/json'),
  unauthenticated: () => new DomainError(401, 'auth.unauthenticated', '需要登录', 'Authentication is required'),
  forbidden: (why: { zh: string; en: string }) => new DomainError(403, 'auth.forbidden', `无权执行此操作：${why.zh}`, `Not allowed: ${why.en}`),
  notFound: (what: { zh: string; en: string }) => new DomainError(404, 'resource.not-found', `${what.zh}不存在`, `${what.en} was not found`),
  tenantNotFound: (code: string) => new DomainError(404, 'tenant.not-found', `租户 ${code} 不存在或未入驻`, `Tenant ${code} does not exist or is not onboarded`),
  conflict: (code: string, zh: string, en: string, extra?: Record<string, unknown>) => new DomainError(409, code, zh, en, undefined, extra),
  idempotencyKeyReused: () =>
    new DomainError(422, 'idempotency.key-reused', '该 Idempotency-Key 已用于内容不同的请求', 'This Idempotency-Key was already used with a different request body'),
  idempotencyInProgress: () =>
    new DomainError(409, 'idempotency.in-progress', '相同 Idempotency-Key 的请求正在处理中，请稍后重试', 'A request with this Idempotency-Key is still being processed; retry later'),
  internal: () => new DomainError(500, 'internal', '系统内部错误，请稍后重试', 'Internal error; please retry later'),
};

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  message: { zh: string; en: string };
  instance?: string;
  errors?: FieldProblem[];
  [extra: string]: unknown;
}

export function toProblem(error: DomainError, instance?: string): ProblemBody {
  return {
    type: `urn:ism:problem:${error.code}`,
    title: error.en,
    status: error.status,
    code: error.code,
    detail: error.zh,
    message: { zh: error.zh, en: error.en },
    ...(instance ? { instance } : {}),
    ...(error.errors ? { errors: error.errors } : {}),
    ...(error.extra ?? {}),
  };
}
