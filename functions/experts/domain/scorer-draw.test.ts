/**
 * Strategy: the scorer draw is ISM-DRAW-1 over the eligible expert ids, so first the plain cases against a direct
 * `drawRanking` call with the `#scorers` project id (its transcript verifies with `verifyTranscript`, and with
 * bin/verify-draw.ts run as a user runs it); then each 回避 rule on its own (employer, affiliation, consortium member, owner by code and
 * by id, suspension, specialty by item or industry); then fast-check properties over random rosters, pools and
 * ties (fixed seed): a drawn scorer is never conflicted, suspended or without the specialty; the result does not
 * depend on the roster's stored order; the transcript always verifies; scorers are the head of the ranking.
 * Last, the refusals: too few eligible (a typed error with the numbers), a bad count, a duplicate expert.
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { drawKeyOf, drawRanking, verifyTranscript } from '#functions/procurement/domain/draw/ism-draw-1.ts';
import { thrown } from '#test/support/domain-error.ts';
import { tiesOf, type ScoredProject } from './conflicts.ts';
import type { Expert } from './expert.ts';
import { drawScorers, scorerDrawProjectId, TooFewEligibleExperts } from './scorer-draw.ts';
import { ANJU, expert, GREEN, OWNER_ID, OWNER_USCC, PROJECT, PROJECT_ID, roster, SEED, ZHENGHENG } from './test-fixtures.ts';

const FC = { seed: 20260403, numRuns: 150 };
const BASE = { projectId: PROJECT_ID, seed: SEED, project: PROJECT, poolCodes: [GREEN, ZHENGHENG], count: 3 };

describe('drawScorers', () => {
  it('draws the head of the ISM-DRAW-1 ranking of the eligible ids, under the project id + "#scorers"', () => {
    const experts = roster(7);
    const r = drawScorers({ ...BASE, experts });
    const direct = drawRanking({ seed: SEED, projectId: `${PROJECT_ID}#scorers`, pool: experts.map((e) => e.id) });
    expect(r.scorers.map((e) => e.id)).toEqual(direct.ranking.slice(0, 3));
    expect(r.transcript).toEqual({ ...direct, drawn: 3 });
    expect(r.transcript.projectId).toBe(scorerDrawProjectId(PROJECT_ID));
    expect(r.excluded).toEqual([]);
    expect(verifyTranscript(r.transcript)).toEqual({ valid: true, checks: expect.any(Array) });
  });

  it('is independent of the agency draw: same seed, another key', () => {
    const r = drawScorers({ ...BASE, experts: roster(5) });
    expect(drawKeyOf(SEED, PROJECT_ID, r.transcript.poolHash, '')).not.toBe(drawKeyOf(SEED, r.transcript.projectId, r.transcript.poolHash, ''));
  });

  it('binds the beacon into the draw', () => {
    const r = drawScorers({ ...BASE, experts: roster(6), beacon: 'drand:quicknet:12345678' });
    expect(r.transcript.beacon).toBe('drand:quicknet:12345678');
    expect(verifyTranscript(r.transcript).valid).toBe(true);
    expect(verifyTranscript({ ...r.transcript, beacon: '' }).valid).toBe(false);
  });

  it('the standalone verifier (bin/verify-draw.ts) says VALID, as for an agency draw', () => {
    const { transcript } = drawScorers({ ...BASE, experts: roster(6) });
    const root = resolve(__dirname, '../../..');
    const r = spawnSync(join(root, 'node_modules', '.bin', 'tsx'), [join(root, 'bin', 'verify-draw.ts'), '-'], { input: JSON.stringify(transcript), encoding: 'utf8', cwd: root, timeout: 60_000 });
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n').pop()).toBe('VALID');
  }, 60_000);

  it('a tampered scorer transcript fails verification', () => {
    const { transcript } = drawScorers({ ...BASE, experts: roster(5) });
    const swapped = [transcript.ranking[1], transcript.ranking[0], ...transcript.ranking.slice(2)];
    expect(verifyTranscript({ ...transcript, ranking: swapped }).valid).toBe(false);
    expect(verifyTranscript({ ...transcript, pool: transcript.pool.slice(1) }).valid).toBe(false);
  });
});

describe('回避: who is excluded, with the reason', () => {
  const reasonOf = (e: Expert, over: { poolCodes?: string[]; project?: ScoredProject } = {}) => {
    const r = drawScorers({ ...BASE, count: 1, ...over, experts: [e, ...[100, 101, 102].map((n) => expert(n, { specialties: ['environment', 'ZJ-445200-0001'] }))] });
    return r.excluded.find((x) => x.id === e.id)?.reason;
  };

  it('an expert employed by a candidate agency', () => {
    expect(reasonOf(expert(1, { employerUscc: GREEN }))).toMatchObject({ code: 'expert.conflict-agency', zh: expect.stringContaining('任职于候选中介机构 91445200MA4W3K7RX7') });
  });
  it('an expert tied to a consortium member (every member is in poolCodes, not only the lead)', () => {
    expect(reasonOf(expert(1, { affiliations: [ANJU] }), { poolCodes: [GREEN, ANJU] })).toMatchObject({ code: 'expert.conflict-agency', en: expect.stringContaining(`tied to candidate agency ${ANJU}`) });
  });
  it('an expert employed by, or tied to, the project owner (by its code or its owner id)', () => {
    expect(reasonOf(expert(1, { employerUscc: OWNER_USCC }))).toMatchObject({ code: 'expert.conflict-owner' });
    expect(reasonOf(expert(1, { affiliations: [OWNER_ID] }))).toMatchObject({ code: 'expert.conflict-owner' });
  });
  it('compares codes upper-cased and trimmed', () => {
    expect(reasonOf(expert(1, { affiliations: [` ${GREEN.toLowerCase()} `] }))).toMatchObject({ code: 'expert.conflict-agency' });
  });
  it('a suspended expert', () => {
    expect(reasonOf(expert(1, { status: 'suspended' }))).toMatchObject({ code: 'expert.suspended' });
  });
  it('an expert without the specialty; the item code or the industry is enough', () => {
    expect(reasonOf(expert(1, { specialties: ['housing'] }))).toMatchObject({ code: 'expert.no-specialty', zh: expect.stringContaining('ZJ-445200-0001') });
    expect(reasonOf(expert(1, { specialties: ['ZJ-445200-0001'] }))).toBeUndefined();
    expect(reasonOf(expert(1, { specialties: ['environment'] }))).toBeUndefined();
    expect(reasonOf(expert(1, { specialties: ['environment'] }), { project: { ownerId: OWNER_ID, serviceItemCode: 'ZJ-445200-0001' } })).toMatchObject({ code: 'expert.no-specialty' });
  });
  it('a conflict is the reason shown even when the expert is also suspended (it is what 回避 records must show)', () => {
    expect(reasonOf(expert(1, { status: 'suspended', employerUscc: ZHENGHENG }))).toMatchObject({ code: 'expert.conflict-agency' });
  });
  it('an unrelated employer is no conflict', () => {
    expect(reasonOf(expert(1, { employerUscc: ANJU }))).toBeUndefined();
  });
});

describe('properties', () => {
  const AGENCIES = [GREEN, ZHENGHENG, ANJU, '91440500MA4UQ8HDXM', '91445203MA55XE2P6W'];
  // Candidates (when in the drawn pool), the owner, and parties that are never in conflict.
  const PARTIES = [...AGENCIES, OWNER_USCC, OWNER_ID, '91440500193572645G', 'OWN-445202-0000000A'];
  const expertArb = (n: number) => fc.record({
    employer: fc.option(fc.constantFrom(...PARTIES), { nil: undefined, freq: 2 }),
    affiliations: fc.array(fc.constantFrom(...PARTIES), { maxLength: 2 }),
    suspended: fc.nat(4).map((n) => n === 0),
    specialties: fc.subarray(['environment', 'housing', 'ZJ-445200-0001', 'water'], { minLength: 1 }),
  }).map((x) => expert(n, {
    specialties: x.specialties, status: x.suspended ? 'suspended' : 'active',
    ...(x.employer ? { employerUscc: x.employer } : {}), ...(x.affiliations.length ? { affiliations: x.affiliations } : {}),
  }));
  const rosterArb = fc.integer({ min: 1, max: 25 }).chain((size) => fc.tuple(...Array.from({ length: size }, (_, i) => expertArb(i + 1))));
  const caseArb = fc.record({
    experts: rosterArb,
    poolCodes: fc.subarray(AGENCIES, { minLength: 1 }),
    count: fc.integer({ min: 1, max: 5 }),
    order: fc.array(fc.nat(), { minLength: 25, maxLength: 25 }),
  });
  const attempt = (input: Parameters<typeof drawScorers>[0]) => {
    try {
      return drawScorers(input);
    } catch (error) {
      if (error instanceof TooFewEligibleExperts) return error;
      throw error;
    }
  };
  const shuffle = <T>(items: readonly T[], rnd: number[]) => {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = rnd[i] % (i + 1);
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  };

  it('a drawn scorer is never tied to a candidate or the owner, never suspended, never without the specialty', () => {
    const seen = { drawn: 0, conflicts: 0 };
    fc.assert(fc.property(caseArb, ({ experts, poolCodes, count }) => {
      const r = attempt({ ...BASE, experts, poolCodes, count });
      seen.conflicts += r.excluded.filter((x) => x.reason.code.startsWith('expert.conflict')).length;
      if (r instanceof TooFewEligibleExperts) return;
      seen.drawn++;
      const forbidden = new Set([...poolCodes, OWNER_USCC, OWNER_ID]);
      for (const s of r.scorers) {
        expect(tiesOf(s).filter((c) => forbidden.has(c))).toEqual([]);
        expect(s.status).toBe('active');
        expect(s.specialties.some((x) => x === 'environment' || x === 'ZJ-445200-0001')).toBe(true);
      }
    }), FC);
    // The generator is not vacuous: most cases draw, and conflicts are common among them.
    expect(seen.drawn).toBeGreaterThan(FC.numRuns / 3);
    expect(seen.conflicts).toBeGreaterThan(FC.numRuns);
  });

  it('every expert is either eligible (in the transcript pool) or excluded with a reason, never both', () => {
    fc.assert(fc.property(caseArb, ({ experts, poolCodes, count }) => {
      const r = attempt({ ...BASE, experts, poolCodes, count });
      const excluded = r.excluded.map((x) => x.id);
      if (r instanceof TooFewEligibleExperts) {
        expect(r.eligible + excluded.length).toBe(experts.length);
        expect(r.eligible).toBeLessThan(count);
      } else {
        expect([...excluded, ...r.transcript.pool].sort()).toEqual(experts.map((e) => e.id).sort());
      }
    }), FC);
  });

  it('the result does not depend on the order the roster was stored in', () => {
    fc.assert(fc.property(caseArb, ({ experts, poolCodes, count, order }) => {
      const a = attempt({ ...BASE, experts, poolCodes, count });
      const b = attempt({ ...BASE, experts: shuffle(experts, order), poolCodes: shuffle(poolCodes, order), count });
      expect(b).toEqual(a);
    }), FC);
  });

  it('the transcript always verifies, and the scorers are the first `drawn` of its ranking', () => {
    fc.assert(fc.property(caseArb, ({ experts, poolCodes, count }) => {
      const r = attempt({ ...BASE, experts, poolCodes, count });
      if (r instanceof TooFewEligibleExperts) return;
      expect(verifyTranscript(r.transcript).valid).toBe(true);
      expect(r.scorers.map((e) => e.id)).toEqual(r.transcript.ranking.slice(0, r.transcript.drawn));
      expect(r.scorers).toHaveLength(count);
    }), FC);
  });
});

describe('refusals', () => {
  it('too few eligible experts: a typed error with the numbers and who was excluded', () => {
    const experts = [...roster(2), expert(3, { employerUscc: GREEN })];
    const error = thrown(() => drawScorers({ ...BASE, experts }));
    expect(error).toBeInstanceOf(TooFewEligibleExperts);
    expect(error).toMatchObject({ code: 'scorers.too-few-eligible', needed: 3, eligible: 2, extra: { needed: 3, eligible: 2 } });
    expect((error as TooFewEligibleExperts).excluded).toEqual([{ id: expert(3).id, reason: expect.objectContaining({ code: 'expert.conflict-agency' }) }]);
  });
  it('a count that is not a positive integer', () => {
    for (const count of [0, -1, 1.5, Number.NaN]) expect(thrown(() => drawScorers({ ...BASE, experts: roster(5), count })).code).toBe('scorers.count-invalid');
  });
  it('the same expert listed twice (a roster read twice would give them two tickets)', () => {
    expect(thrown(() => drawScorers({ ...BASE, experts: [...roster(4), expert(2)] })).code).toBe('scorers.expert-duplicate');
  });
});
