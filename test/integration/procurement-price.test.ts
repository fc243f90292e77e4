// Strategy: the two sealed-quote methods from purchase request to evaluation through the running local cloud, in a
// county of their own (揭西, onboarded here; one day per 4 seconds, so the one-working-day reveal period is seconds
// long, not one). Each agency commits SHA-256(quoteFen + "|" + salt) before the deadline and reveals after close;
// among them one registrant commits nothing (excluded at close), one reveals a quote that does not match its
// commitment, one never reveals, and (average price) one quotes below the floor — each is excluded with its reason.
// Equal quotes (lowest price) and equal distances to the mean (average price) are ordered by ISM-DRAW-1 tie-breaks,
// whose transcripts the API and the standalone verifier both accept; the certificate verifies online and offline.
// The two projects run at once (it.concurrent) on separate agencies.
import { call, JIEYANG, operatorOf, type Claims } from './helpers.ts';
import {
  accelerate, admittedAgencies, expectCertificate, expectDrawsVerify, onboardCounty, ownerClerk, projectWhen, publish, purchaseRequest, sealedQuote, serveAndEvaluate,
} from './procurement-fixtures.ts';

jest.setTimeout(150_000);
const city = JIEYANG;
const tenant = '445222'; // 揭西县
const operator = operatorOf(tenant);
const base = `/v1/tenants/${tenant}/projects`;
const FLOOR = 2_000_000;

type Agency = { uscc: string; as: Claims };
let ready: Promise<{ owner: Claims; ownerId: string }> | undefined;
/** Once per file, awaited by each concurrent test (jest starts concurrent tests before beforeAll hooks settle). */
const setup = () => (ready ??= (async () => {
  await onboardCounty(city, tenant, '揭西县');
  await accelerate(city, tenant, 21_600);
  const { as, ownerId } = await ownerClerk(city, tenant);
  return { owner: as, ownerId };
})());

const path = (id: string, rest = '') => `${base}/${id}${rest}`;
const codes = (list: { code: string }[]) => list.map((x) => x.code);

/** Registers every agency; those with a quote commit it before the deadline. */
async function registerAndCommit(id: string, parties: { agency: Agency; quote?: ReturnType<typeof sealedQuote> }[]) {
  for (const { agency, quote } of parties) {
    const r = await call(city, 'POST', path(id, '/registrations'), { as: agency.as, body: {} });
    expect(r.status).toBe(201);
    if (!quote) continue;
    const c = await call(city, 'PUT', path(id, '/registrations/mine/quote'), { as: agency.as, body: { commitment: quote.commitment } });
    expect(c.status).toBe(200);
    expect(c.body.quoteCommitment.hash).toBe(quote.commitment);
    expect(c.body).not.toHaveProperty('quote.fen');
  }
}

async function reveal(id: string, agency: Agency, body: { quoteFen: number; salt: string }) {
  return call(city, 'POST', path(id, '/registrations/mine/reveal'), { as: agency.as, body: { quoteFen: body.quoteFen, salt: body.salt } });
}

describe('sealed-quote methods: purchase request to evaluation', () => {
  it.concurrent('竞价选取 (lowest price): the lowest valid quote wins; a tie at the lowest is drawn; invalid and unrevealed quotes are excluded with their reasons', async () => {
    const { owner, ownerId } = await setup();
    const [a, b, c, mismatch, silent, uncommitted] = await admittedAgencies(city, tenant, tenant, 6);
    const quotes = { a: sealedQuote(3_000_000), b: sealedQuote(3_000_000), c: sealedQuote(3_500_000), mismatch: sealedQuote(2_600_000), silent: sealedQuote(2_500_000) };
    const { id, project } = await publish(city, tenant, owner, purchaseRequest(city, ownerId, { selectionMethod: 'lowest-price', priceFloorFen: FLOOR, registrationWindowWorkingDays: 2 }));
    expect(project).toMatchObject({ sealedQuotes: true, registration: { accelerated: { accelerator: 21_600 } } });

    await registerAndCommit(id, [{ agency: a, quote: quotes.a }, { agency: b, quote: quotes.b }, { agency: c, quote: quotes.c }, { agency: mismatch, quote: quotes.mismatch }, { agency: silent, quote: quotes.silent }, { agency: uncommitted }]);
    // Sealed: before close the operator sees commitments only, and a reveal is refused.
    const early = await reveal(id, a, quotes.a);
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('quote.reveal-too-early');
    const seen = await call(city, 'GET', path(id, '/registrations'), { as: operator });
    expect(seen.status).toBe(200);
    expect(JSON.stringify(seen.body)).not.toContain('3000000');
    expect(JSON.stringify(seen.body)).not.toContain(quotes.a.salt);

    const selecting = await projectWhen(city, tenant, id, (p) => p.status === 'selecting', 'closed, reveal period open');
    expect(selecting.closing.pool).toEqual([a, b, c, mismatch, silent].map((x) => x.uscc).sort());
    expect(selecting.closing.excluded).toEqual([{ code: uncommitted.uscc, reasons: [expect.objectContaining({ code: 'quote.not-committed' })] }]);
    expect(selecting.closing.revealBy).toEqual(expect.any(String));

    for (const [agency, q] of [[a, quotes.a], [b, quotes.b], [c, quotes.c]] as const) {
      const r = await reveal(id, agency, q);
      expect(r.status).toBe(200);
      expect(r.body.quote).toMatchObject({ status: 'valid', fen: q.quoteFen });
    }
    const wrong = await reveal(id, mismatch, { quoteFen: 2_400_000, salt: quotes.mismatch.salt }); // not what it committed to
    expect(wrong.status).toBe(200);
    expect(wrong.body.quote).toMatchObject({ status: 'invalid', reason: { code: 'quote.commitment-mismatch' } });
    const retry = await reveal(id, mismatch, quotes.mismatch); // final: a second reveal does not repair it
    expect(retry.body.quote).toMatchObject({ status: 'invalid', reason: { code: 'quote.commitment-mismatch' } });
    const outsider = await reveal(id, uncommitted, sealedQuote(1_000_000));
    expect(outsider.status).toBe(409);
    expect(outsider.body.code).toBe('quote.not-in-pool');

    const awarded = await projectWhen(city, tenant, id, (p) => p.status === 'awarded', 'awarded');
    const ranking = awarded.award.ranking as { code: string; quoteFen: number; tieBreak?: { tiedWith: string[] } }[];
    expect(codes(ranking.slice(0, 2)).sort()).toEqual([a.uscc, b.uscc].sort());
    expect(ranking.map((r) => r.quoteFen)).toEqual([3_000_000, 3_000_000, 3_500_000]);
    expect(ranking[2].code).toBe(c.uscc);
    expect(ranking[0].tieBreak!.tiedWith.sort()).toEqual([a.uscc, b.uscc].sort());
    expect(awarded.award.excludedFromSelection).toEqual([
      { code: mismatch.uscc, reason: expect.objectContaining({ code: 'quote.commitment-mismatch' }) },
      { code: silent.uscc, reason: expect.objectContaining({ code: 'quote.not-revealed' }) },
    ].sort((x, y) => (x.code < y.code ? -1 : 1)));

    const draw = await expectDrawsVerify(city, tenant, id);
    expect(draw.transcripts.map((t: { purpose: string }) => t.purpose)).toEqual(['tie-break']);
    expect(draw.transcripts[0].transcript.ranking).toEqual(codes(ranking.slice(0, 2)));
    const notice = await call(city, 'GET', path(id, '/award'));
    expect(notice.body).toMatchObject({ winner: ranking[0].code, method: 'lowest-price' });
    // After close the opened quotes are public with the award; the committed hashes match them.
    const regs = await call(city, 'GET', path(id, '/registrations'), { as: operator });
    const byCode = new Map(regs.body.items.map((r: { code: string }) => [r.code, r]));
    expect(byCode.get(a.uscc)).toMatchObject({ quoteCommitment: { hash: quotes.a.commitment }, quote: { status: 'valid', fen: 3_000_000 } });

    const confirmed = await projectWhen(city, tenant, id, (p) => p.status === 'confirmed', 'confirmed');
    await expectCertificate(city, confirmed.award.certificate.certificateNo, 'valid');
    const evaluated = await serveAndEvaluate(city, tenant, owner, id, 3_000_000);
    expect(evaluated.evaluation).toMatchObject({ quality: 5, attitude: 4, feeReasonableness: 4 });
  });

  it.concurrent('均价选取 (average price): the quote closest to the mean of the valid quotes wins; equal distances above and below are drawn', async () => {
    const { owner, ownerId } = await setup();
    const [q30, q32, q34, q36, low, silent] = await admittedAgencies(city, tenant, tenant, 6);
    const quotes = new Map<Agency, ReturnType<typeof sealedQuote>>([
      [q30, sealedQuote(3_000_000)], [q32, sealedQuote(3_200_000)], [q34, sealedQuote(3_400_000)], [q36, sealedQuote(3_600_000)],
      [low, sealedQuote(1_500_000)], [silent, sealedQuote(3_300_000)],
    ]);
    const { id } = await publish(city, tenant, owner, purchaseRequest(city, ownerId, { selectionMethod: 'average-price', priceFloorFen: FLOOR, registrationWindowWorkingDays: 2 }));
    await registerAndCommit(id, [...quotes].map(([agency, quote]) => ({ agency, quote })));

    await projectWhen(city, tenant, id, (p) => p.status === 'selecting', 'closed, reveal period open');
    for (const agency of [q30, q32, q34, q36, low]) {
      const r = await reveal(id, agency, quotes.get(agency)!);
      expect(r.status).toBe(200);
      expect(r.body.quote.status).toBe('valid'); // a quote below the floor is a faithful reveal; the method rejects its price
    }

    const awarded = await projectWhen(city, tenant, id, (p) => p.status === 'awarded', 'awarded');
    const ranking = awarded.award.ranking as { code: string; quoteFen: number; tieBreak?: { tiedWith: string[] } }[];
    // Mean of the four valid quotes: 3,300,000 fen. 3.2 and 3.4 million are 100,000 away; 3.0 and 3.6 million 300,000.
    expect(ranking.map((r) => r.quoteFen).slice(0, 2).sort()).toEqual([3_200_000, 3_400_000]);
    expect(ranking.map((r) => r.quoteFen).slice(2).sort()).toEqual([3_000_000, 3_600_000]);
    expect(ranking[0].tieBreak!.tiedWith.sort()).toEqual([q32.uscc, q34.uscc].sort());
    expect(ranking[2].tieBreak!.tiedWith.sort()).toEqual([q30.uscc, q36.uscc].sort());
    expect(awarded.award.excludedFromSelection).toEqual(expect.arrayContaining([
      { code: low.uscc, reason: expect.objectContaining({ code: 'quote.below-floor' }) },
      { code: silent.uscc, reason: expect.objectContaining({ code: 'quote.not-revealed' }) },
    ]));
    expect(awarded.award.excludedFromSelection).toHaveLength(2);

    const draw = await expectDrawsVerify(city, tenant, id);
    expect(draw.transcripts.map((t: { purpose: string }) => t.purpose)).toEqual(['tie-break', 'tie-break']);
    expect(draw.transcripts[0].transcript.ranking).toEqual(codes(ranking.slice(0, 2)));
    expect(draw.transcripts[1].transcript.ranking).toEqual(codes(ranking.slice(2, 4)));

    const confirmed = await projectWhen(city, tenant, id, (p) => p.status === 'confirmed', 'confirmed');
    await expectCertificate(city, confirmed.award.certificate.certificateNo, 'valid');
    await serveAndEvaluate(city, tenant, owner, id, ranking[0].quoteFen);
    const audit = await call(city, 'GET', `/v1/tenants/${tenant}/audit/project/${id}`, { as: operator });
    expect(audit.body.verification.verified).toBe(true);
  });
});
