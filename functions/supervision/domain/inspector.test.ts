/** The inspector roster's rules: ids of the draw's alphabet, versions with reasons, suspension keeping its reason. */
import fc from 'fast-check';
import { isValidUscc } from '#shared/codes/uscc.ts';
import { thrown } from '#test/support/domain-error.ts';
import { changeInspector, isInspectorId, newInspectorId, registerInspector } from './inspector.ts';

const AT = '2026-11-21T10:00:00+08:00';
const LATER = '2026-11-22T10:00:00+08:00';

describe('inspector ids', () => {
  it('are ISM-DRAW-1 codes with a valid check character, never a 统一社会信用代码, and a typo is caught', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 8, maxLength: 8 }), (bytes) => {
      const id = newInspectorId('445203', bytes);
      expect(id).toMatch(/^JCR445203[0-9ABCDEFGHJKLMNPQRTUWXY]{9}$/);
      expect(isInspectorId(id)).toBe(true);
      expect(isValidUscc(id)).toBe(false);
      const typo = id.slice(0, 12) + (id[12] === 'A' ? 'B' : 'A') + id.slice(13);
      expect(isInspectorId(typo)).toBe(false);
    }), { numRuns: 200 });
    expect(() => newInspectorId('4452', new Uint8Array(8))).toThrow(RangeError);
  });
});

describe('the roster', () => {
  const registered = registerInspector('445203', newInspectorId('445203', new Uint8Array(8)), { name: '李明', unit: '揭东区住建局', industries: ['housing', 'housing'], conflicts: ['91445202MA52B6LT5P'] }, 'op', AT);

  it('registers an active inspector, industries once each', () => {
    expect(registered).toMatchObject({ status: 'active', version: 1, industries: ['housing'], conflicts: ['91445202MA52B6LT5P'] });
  });

  it('suspends with the reason, keeps it through later changes, drops it on reactivation', () => {
    const suspended = changeInspector(registered, { status: 'suspended', reason: '调离执法岗位' }, 'op', LATER);
    expect(suspended).toMatchObject({ status: 'suspended', statusReason: '调离执法岗位', version: 2, updatedAt: LATER });
    const moved = changeInspector(suspended, { unit: '揭东区市场监管局', reason: '单位变更' }, 'op', LATER);
    expect(moved).toMatchObject({ status: 'suspended', statusReason: '调离执法岗位', unit: '揭东区市场监管局', version: 3 });
    const back = changeInspector(moved, { status: 'active', reason: '恢复' }, 'op', LATER);
    expect(back.status).toBe('active');
    expect(back).not.toHaveProperty('statusReason');
  });

  it('refuses a stale version, an empty change and an unknown inspector', () => {
    expect(thrown(() => changeInspector(registered, { conflicts: [], reason: '更新', expectedVersion: 5 }, 'op', LATER)).code).toBe('inspector.version-mismatch');
    expect(thrown(() => changeInspector(registered, { reason: '无变化' }, 'op', LATER)).status).toBe(400);
    expect(thrown(() => changeInspector(undefined, { status: 'suspended', reason: '无' }, 'op', LATER)).status).toBe(404);
  });
});
