/** 租户策略: tenant policy, its bounds, and its inheritance province → city → county. */
export { type TenantPolicy, DEFAULT_TENANT_POLICY } from './tenant-policy.ts';
export { SELECTION_METHODS, type SelectionMethod, FUNDING_TYPES, type FundingType, POLICY_LEVELS, type PolicyLevel } from './selection-method.ts';
export { POLICY_RULES, POLICY_PATHS, type PolicyPath, type PolicyRule, type PolicyDirection, type PolicyUnit } from './policy-rules.ts';
export { PolicyOverrideSchema, type PolicyOverride } from './policy-override-schema.ts';
export { type PolicyProblem, type PolicyProblemCode, POLICY_PROBLEM_CODES } from './policy-problem.ts';
export { validatePolicyOverride, type PolicyValidationOptions } from './validate-policy-override.ts';
export {
  resolvePolicy,
  type ResolvedPolicy,
  type PolicyLevelOverride,
  type PolicySource,
  type ResolutionProblem,
  PolicyChainError,
} from './resolve-policy.ts';
export { isMethodAllowed, isSupermarketMandatory } from './method-allowance.ts';
export { readSetting } from './policy-paths.ts';
export { CREDIT_KINDS, type CreditKind, CREDIT_LEVELS, type CreditLevel, CREDIT_GRADES, type CreditGrade, type CreditPolicy, type CreditKindRule, DEFAULT_CREDIT_POLICY } from './credit-policy.ts';
