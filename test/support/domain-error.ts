import { DomainError } from '#shared/http/problems.ts';

/** The DomainError a rule throws; the test fails if it throws nothing or something else. */
export function thrown(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}
