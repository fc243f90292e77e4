/**
 * Strategy: expert ids first, by property (fast-check, fixed seed): every id built from any 8 bytes has the
 * ISM-DRAW-1 code shape (the protocol accepts it), carries its roster, passes its own check and is never a valid
 * 统一社会信用代码, and a one-character change is caught. Then the request schemas (what they tidy and what they
 * refuse), then the roster rules: registration, changes with a reason, suspension and reactivation, the audit copy
 * without the phone, and the views (no phone for a regulator).
 */
import fc from 'fast-check';
import { isValidUscc, USCC_CHARSET } from '#shared/codes/uscc.ts';
import { sortPool } from '#functions/procurement/domain/draw/ism-draw-1.ts';
import { thrown } from '#test/support/domain-error.ts';
import { ExpertChanges, ExpertId, isExpertId, NewExpert, newExpertId, rosterOf } from './expert.ts';
import { auditedExpert, changeAction, changeExpert, maskPhone, registerExpert } from './expert-rules.ts';
import { expertView, matchesExpertFilter } from './expert-views.ts';
import { AT, GREEN, OWNER_ID } from './test-fixtures.ts';

const FC = { seed: 20260405, numRuns: 300 };
const bytesArb = fc.uint8Array({ minLength: 8, maxLength: 8 });
const tenantArb = fc.constantFrom('445200', '445203', '440500', '440507');

describe('expert ids', () => {
  it('have the ISM-DRAW-1 code shape, carry the roster, pass their check, and are never a USCC', () => {
    fc.assert(fc.property(tenantArb, bytesArb, (tenant, bytes) => {
      const id = newExpertId(tenant, bytes);
      expect(id).toMatch(/^EXP\d{6}[0-9ABCDEFGHJKLMNPQRTUWXY]{9}$/);
      expect(sortPool([id])).toEqual([id]);
      expect(rosterOf(id)).toBe(tenant);
      expect(isExpertId(id)).toBe(true);
      expect(ExpertId.safeParse(id).success).toBe(true);
      expect(isValidUscc(id)).toBe(false);
    }), FC);
  });

  it('a one-character change is caught by the check character', () => {
    fc.assert(fc.property(bytesArb, fc.integer({ min: 0, max: 17 }), fc.constantFrom(...USCC_CHARSET), (bytes, position, c) => {
      const id = newExpertId('445203', bytes);
      fc.pre(id[position] !== c);
      expect(isExpertId(id.slice(0, position) + c + id.slice(position + 1))).toBe(false);
    }), FC);
  });

  it('differ for different bytes and the same bytes give the same id', () => {
    const a = newExpertId('445203', new Uint8Array(8));
    expect(newExpertId('445203', new Uint8Array(8))).toBe(a);
    expect(newExpertId('445203', Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 1]))).not.toBe(a);
    expect(newExpertId('445202', new Uint8Array(8))).not.toBe(a);
  });

  it('refuses a bad tenant or too few bytes', () => {
    expect(() => newExpertId('4452', new Uint8Array(8))).toThrow(RangeError);
    expect(() => newExpertId('445203', new Uint8Array(7))).toThrow(RangeError);
  });
});

describe('request schemas', () => {
  it('tidies codes as an operator may type them and removes nothing else', () => {
    const parsed = NewExpert.parse({ name: ' 陈工 ', specialties: ['environment', 'ZJ-445200-0001'], employerUscc: ` ${GREEN.toLowerCase()} `, affiliations: [OWNER_ID.toLowerCase()], phone: '13800000001' });
    expect(parsed).toEqual({ name: '陈工', specialties: ['environment', 'ZJ-445200-0001'], employerUscc: GREEN, affiliations: [OWNER_ID], phone: '13800000001' });
  });

  it('refuses a bad check character, an unknown affiliation shape, a bad specialty, a bad phone, unknown fields', () => {
    const base = { name: '陈工', specialties: ['environment'] };
    for (const bad of [
      { ...base, employerUscc: '91445200MA4W3K7RX8' },
      { ...base, affiliations: ['not-a-code'] },
      { ...base, specialties: ['Environment!'] },
      { ...base, specialties: [] },
      { ...base, phone: '0663-1234567' },
      { ...base, status: 'suspended' },
    ]) expect(NewExpert.safeParse(bad).success).toBe(false);
  });

  it('a change needs a reason; employerUscc null removes the employer', () => {
    expect(ExpertChanges.safeParse({ status: 'suspended' }).success).toBe(false);
    expect(ExpertChanges.parse({ employerUscc: null, reason: '已退休' })).toEqual({ employerUscc: null, reason: '已退休' });
  });
});

describe('roster rules', () => {
  const ID = newExpertId('445203', new Uint8Array(8));
  const input = NewExpert.parse({ name: '陈工', specialties: ['environment', 'environment'], employerUscc: GREEN, phone: '13800000001' });
  const v1 = registerExpert('445203', ID, input, 'op-445203', AT);
  const LATER = '2026-11-21T10:00:00+08:00';

  it('registers version 1, active, specialties without repeats', () => {
    expect(v1).toEqual({
      id: ID, tenant: '445203', name: '陈工', specialties: ['environment'], employerUscc: GREEN, phone: '13800000001',
      status: 'active', version: 1, createdAt: AT, updatedAt: AT, updatedBy: 'op-445203',
    });
  });

  it('suspends with the reason, keeps it through later changes, and reactivates without it', () => {
    const suspended = changeExpert(v1, { status: 'suspended', reason: '年度考评不合格' }, 'op-445200', LATER);
    expect(suspended).toMatchObject({ status: 'suspended', statusReason: '年度考评不合格', version: 2, updatedBy: 'op-445200', updatedAt: LATER });
    expect(changeAction(v1, suspended)).toBe('expert.suspended');
    const tied = changeExpert(suspended, { affiliations: [OWNER_ID], reason: '补录关联单位' }, 'op-445203', LATER);
    expect(tied).toMatchObject({ status: 'suspended', statusReason: '年度考评不合格', affiliations: [OWNER_ID], version: 3 });
    expect(changeAction(suspended, tied)).toBe('expert.changed');
    const back = changeExpert(tied, { status: 'active', reason: '整改完成' }, 'op-445203', LATER);
    expect(back.status).toBe('active');
    expect(back).not.toHaveProperty('statusReason');
    expect(changeAction(tied, back)).toBe('expert.reactivated');
  });

  it('removes the employer with null and the affiliations with an empty list; keeps them when absent', () => {
    const tied = changeExpert(v1, { affiliations: [OWNER_ID], reason: '登记' }, 'op', LATER);
    expect(tied).toMatchObject({ employerUscc: GREEN, affiliations: [OWNER_ID] });
    const left = changeExpert(tied, { employerUscc: null, affiliations: [], reason: '离职' }, 'op', LATER);
    expect(left).not.toHaveProperty('employerUscc');
    expect(left).not.toHaveProperty('affiliations');
  });

  it('refuses a change that changes nothing, a stale version, and an unknown expert', () => {
    expect(thrown(() => changeExpert(v1, { reason: '无' }, 'op', LATER)).errors?.[0].code).toBe('expert.nothing-to-change');
    expect(thrown(() => changeExpert(v1, { status: 'suspended', reason: '理由', expectedVersion: 7 }, 'op', LATER))).toMatchObject({ status: 409, code: 'expert.version-mismatch' });
    expect(thrown(() => changeExpert(undefined, { status: 'suspended', reason: '理由' }, 'op', LATER)).status).toBe(404);
  });

  it('the audit copy masks the phone', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    const audited = auditedExpert(v1);
    expect(audited).toMatchObject({ id: ID, phoneMasked: '138****0001' });
    expect(JSON.stringify(audited)).not.toContain('13800000001');
  });

  it('operators see the phone, regulators do not', () => {
    expect(expertView(v1, 'operator').phone).toBe('13800000001');
    expect(expertView(v1, 'province-admin').phone).toBe('13800000001');
    expect(expertView(v1, 'regulator')).not.toHaveProperty('phone');
    expect(expertView(v1, 'regulator')).toMatchObject({ id: ID, name: '陈工', employerUscc: GREEN });
  });

  it('filters by status and specialty', () => {
    expect(matchesExpertFilter(v1, { status: 'suspended' })).toBe(false);
    expect(matchesExpertFilter(v1, { status: 'all', specialty: 'environment' })).toBe(true);
    expect(matchesExpertFilter(v1, { specialty: 'housing' })).toBe(false);
  });
});
