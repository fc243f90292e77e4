// Strategy: the three methods with a human in the selection, from purchase request to evaluation through the running
// local cloud, in a county of their own in the other city (金平, 汕头; onboarded here, one day per 4 seconds):
//  - 择优选取 (best value): sealed quotes, then scorers drawn at close from the city's seeded expert pool (the draw's
//    transcript verifies), the operator enters each drawn scorer's scores, the weighted ranking decides;
//  - 直接选取 (direct): social funds only (policy refuses fiscal), by a company owner registered here (a fiscal-only
//    department may not buy with social funds); the owner's written choice from the frozen pool;
//  - 直购 (direct purchase): no window — the named agency's offer is bought, checked at approval and again at close.
// Each ends evaluated with a certificate that verifies online and with the standalone verifier. The three projects
// run at once (it.concurrent) with agencies of their own.
import { call, operatorOf, SHANTOU, type Claims } from './helpers.ts';
import {
  accelerate, admittedAgencies, expectCertificate, expectDrawsVerify, onboardCounty, ownerClerk, projectWhen, publish, purchaseRequest, registerOwner, sealedQuote,
  serveAndEvaluate, socialFundsItem,
} from './procurement-fixtures.ts';

jest.setTimeout(150_000);
const city = SHANTOU;
const tenant = '440511'; // 金平区
const operator = operatorOf(tenant);
const base = `/v1/tenants/${tenant}/projects`;
const path = (id: string, rest = '') => `${base}/${id}${rest}`;

interface Setup { fiscal: { as: Claims; ownerId: string }; social: { as: Claims; ownerId: string }; item: { tenant: string; code: string } }
let ready: Promise<Setup> | undefined;
/** Once per file, awaited by each concurrent test. */
const setup = () => (ready ??= (async () => {
  await onboardCounty(city, tenant, '金平区');
  await accelerate(city, tenant, 21_600);
  const fiscal = await ownerClerk(city, tenant);
  const company = await registerOwner(city, tenant, { kind: 'company', name: '汕头市金平区某置业有限公司', fundingTypes: ['social'] });
  return { fiscal, social: await ownerClerk(city, tenant, company), item: await socialFundsItem(city, tenant) };
})());

describe('methods with a human step: purchase request to evaluation', () => {
  it.concurrent('择优选取 (best value): scorers drawn from the expert pool at close, their scores entered by the operator, the best weighted score wins', async () => {
    const { fiscal } = await setup();
    const agencies = await admittedAgencies(city, tenant, tenant, 4);
    // Better scores and a lower price together: the order is the agencies' order, whatever the draw of scorers.
    const prices = [3_000_000, 3_300_000, 3_600_000, 4_000_000];
    const quotes = prices.map((p) => sealedQuote(p));
    const { id, project } = await publish(city, tenant, fiscal.as, purchaseRequest(city, fiscal.ownerId, { selectionMethod: 'best-value', priceFloorFen: 2_000_000, registrationWindowWorkingDays: 2 }));
    expect(project.bestValueWeights).toEqual({ price: 40, qualification: 30, evaluation: 15, credit: 15 });
    for (const [i, a] of agencies.entries()) {
      expect((await call(city, 'POST', path(id, '/registrations'), { as: a.as, body: {} })).status).toBe(201);
      expect((await call(city, 'PUT', path(id, '/registrations/mine/quote'), { as: a.as, body: { commitment: quotes[i].commitment } })).status).toBe(200);
    }

    const selecting = await projectWhen(city, tenant, id, (p) => p.status === 'selecting' && p.scoring, 'closed with a scoring panel');
    const scorers = selecting.scoring.scorers as string[];
    expect(scorers).toHaveLength(3);
    expect(new Set(scorers).size).toBe(3);
    // Drawn from the roster the county sees: its own experts and its city's (the local cloud seeds eight per city).
    const rosterIds: string[] = [];
    for (const [t, as] of [[tenant, operator], [city, operatorOf(city)]] as const) {
      const roster = await call(city, 'GET', `/v1/tenants/${t}/experts?limit=200`, { as });
      expect(roster.status).toBe(200);
      rosterIds.push(...roster.body.items.map((e: { id: string }) => e.id));
    }
    for (const s of scorers) expect(rosterIds).toContain(s);
    // Who scores is not public before the award: the public view shows the panel's size only.
    const pub = await call(city, 'GET', path(id));
    expect(pub.body.scoring).toEqual({ drawnAt: selecting.scoring.drawnAt, dueAt: selecting.scoring.dueAt, panelSize: 3 });
    expect(JSON.stringify(pub.body)).not.toContain(scorers[0]);

    for (const [i, a] of agencies.entries()) {
      expect((await call(city, 'POST', path(id, '/registrations/mine/reveal'), { as: a.as, body: { quoteFen: quotes[i].quoteFen, salt: quotes[i].salt } })).body.quote.status).toBe('valid');
    }
    const scoresBy = (k: number) => agencies.map((a, i) => ({ code: a.uscc, qualification: 9_000 - 1_000 * i + k, evaluation: 8_500 - 1_000 * i, credit: 9_500 - 500 * i - k }));
    const notDrawn = await call(city, 'POST', path(id, '/scores'), { as: operator, body: { scorerId: 'EXP-NOT-DRAWN', scores: scoresBy(0) } });
    expect([notDrawn.status, notDrawn.body.code]).toEqual([403, 'scores.not-a-scorer']);
    const incomplete = await call(city, 'POST', path(id, '/scores'), { as: operator, body: { scorerId: scorers[0], scores: scoresBy(0).slice(1) } });
    expect([incomplete.status, incomplete.body.code]).toEqual([422, 'scores.candidate-missing']);
    for (const [k, scorerId] of scorers.entries()) {
      const r = await call(city, 'POST', path(id, '/scores'), { as: operator, body: { scorerId, scores: scoresBy(k * 10) } });
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ accepted: true, scorerId, complete: k === scorers.length - 1 });
    }

    const awarded = await projectWhen(city, tenant, id, (p) => p.status === 'awarded', 'awarded');
    expect(awarded.award.method).toBe('best-value');
    expect(awarded.award.ranking.map((r: { code: string }) => r.code)).toEqual(agencies.map((a) => a.uscc));
    expect(awarded.award.ranking[0]).toMatchObject({ rank: 1, quoteFen: 3_000_000, scoreHundredths: expect.any(Number) });
    const draw = await expectDrawsVerify(city, tenant, id);
    const scorerDraw = draw.transcripts.find((t: { purpose: string }) => t.purpose === 'scorers');
    expect(scorerDraw.transcript.ranking.slice(0, 3)).toEqual(scorers);

    const confirmed = await projectWhen(city, tenant, id, (p) => p.status === 'confirmed', 'confirmed');
    await expectCertificate(city, confirmed.award.certificate.certificateNo, 'valid');
    await serveAndEvaluate(city, tenant, fiscal.as, id, 3_000_000);
  });

  it.concurrent('择优选取 with a scorer who never answers: at the scoring deadline the scores that came in decide', async () => {
    const { fiscal } = await setup();
    const agencies = await admittedAgencies(city, tenant, tenant, 3);
    const quotes = [3_000_000, 3_500_000, 4_000_000].map((p) => sealedQuote(p));
    const { id } = await publish(city, tenant, fiscal.as, purchaseRequest(city, fiscal.ownerId, { selectionMethod: 'best-value', priceFloorFen: 2_000_000, registrationWindowWorkingDays: 2 }));
    for (const [i, a] of agencies.entries()) {
      expect((await call(city, 'POST', path(id, '/registrations'), { as: a.as, body: {} })).status).toBe(201);
      expect((await call(city, 'PUT', path(id, '/registrations/mine/quote'), { as: a.as, body: { commitment: quotes[i].commitment } })).status).toBe(200);
    }
    const selecting = await projectWhen(city, tenant, id, (p) => p.status === 'selecting' && p.scoring, 'closed with a scoring panel');
    for (const [i, a] of agencies.entries()) {
      await call(city, 'POST', path(id, '/registrations/mine/reveal'), { as: a.as, body: { quoteFen: quotes[i].quoteFen, salt: quotes[i].salt } });
    }
    const scores = agencies.map((a, i) => ({ code: a.uscc, qualification: 9_000 - 1_000 * i, evaluation: 9_000 - 1_000 * i, credit: 9_000 - 1_000 * i }));
    for (const scorerId of selecting.scoring.scorers.slice(0, 2)) {
      expect((await call(city, 'POST', path(id, '/scores'), { as: operator, body: { scorerId, scores } })).body).toMatchObject({ accepted: true, complete: false });
    }
    // The third scorer never answers: the timeline waits until the scoring deadline, then selects with two.
    await projectWhen(city, tenant, id, (p) => p.waitingFor?.step === 'await-scores', 'waiting for the scores');
    const awarded = await projectWhen(city, tenant, id, (p) => p.status === 'awarded', 'awarded after the scoring deadline');
    expect(awarded.award.ranking.map((r: { code: string }) => r.code)).toEqual(agencies.map((a) => a.uscc));
    const late = await call(city, 'POST', path(id, '/scores'), { as: operator, body: { scorerId: selecting.scoring.scorers[2], scores } });
    expect([late.status, late.body.code]).toEqual([409, 'scores.not-open']);
  });

  it.concurrent('直接选取 (direct): social funds only; the owner chooses from the frozen pool with a written reason', async () => {
    const { fiscal, social, item } = await setup();
    const agencies = await admittedAgencies(city, tenant, tenant, 3, item);
    const body = (ownerId: string, over: Record<string, unknown> = {}) => purchaseRequest(city, ownerId, { serviceItem: item, fundingType: 'social', selectionMethod: 'direct', registrationWindowWorkingDays: 2, ...over });

    // Policy: fiscal funds may not be chosen directly; and the fiscal-only department may not buy with social funds.
    const fiscalDirect = await call(city, 'POST', base, { as: fiscal.as, body: body(fiscal.ownerId, { fundingType: 'fiscal' }) });
    expect(fiscalDirect.status).toBe(400);
    expect(fiscalDirect.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'selectionMethod', code: 'method.not-allowed' })]));
    const notItsFunds = await call(city, 'POST', base, { as: fiscal.as, body: body(fiscal.ownerId) });
    expect(notItsFunds.status).toBe(400);
    expect(notItsFunds.body.errors).toEqual([expect.objectContaining({ path: 'fundingType', code: 'owner.funding-not-used' })]);

    const { id, project } = await publish(city, tenant, social.as, body(social.ownerId));
    expect(project).toMatchObject({ fundingType: 'social', selectionMethod: 'direct', sealedQuotes: false, supermarketMandatory: false });
    for (const a of agencies) expect((await call(city, 'POST', path(id, '/registrations'), { as: a.as, body: {} })).status).toBe(201);
    const early = await call(city, 'POST', path(id, '/choice'), { as: social.as, body: { agencyUscc: agencies[1].uscc, reason: '该机构熟悉本园区情况' } });
    expect([early.status, early.body.code]).toEqual([409, 'choice.not-open']);

    const waiting = await projectWhen(city, tenant, id, (p) => p.status === 'selecting' && p.waitingFor?.step === 'await-choice', 'waiting for the owner\'s choice');
    expect(waiting.closing.pool).toEqual(agencies.map((a) => a.uscc).sort());
    const [outsider] = await admittedAgencies(city, tenant, tenant, 1, item);
    const notInPool = await call(city, 'POST', path(id, '/choice'), { as: social.as, body: { agencyUscc: outsider.uscc, reason: '未报名的机构' } });
    expect([notInPool.status, notInPool.body.code]).toEqual([409, 'choice.not-in-pool']);
    const byOther = await call(city, 'POST', path(id, '/choice'), { as: fiscal.as, body: { agencyUscc: agencies[1].uscc, reason: '冒名选取' } });
    expect(byOther.status).toBe(403);
    const chosen = await call(city, 'POST', path(id, '/choice'), { as: social.as, body: { agencyUscc: agencies[1].uscc, reason: '该机构近三年在本园区完成同类评估，熟悉情况' } });
    expect(chosen.status).toBe(200);
    expect(chosen.body.choice).toMatchObject({ code: agencies[1].uscc, reason: '该机构近三年在本园区完成同类评估，熟悉情况' });

    const awarded = await projectWhen(city, tenant, id, (p) => p.status === 'awarded', 'awarded');
    expect(awarded.award.ranking[0]).toMatchObject({ rank: 1, code: agencies[1].uscc, reason: { code: 'direct.chosen', zh: expect.stringContaining('熟悉情况') } });
    expect(awarded.award.ranking.slice(1).map((r: { code: string }) => r.code)).toEqual(agencies.filter((_, i) => i !== 1).map((a) => a.uscc).sort());
    const draw = await expectDrawsVerify(city, tenant, id);
    expect(draw.transcripts).toEqual([]); // no draw decided anything

    const confirmed = await projectWhen(city, tenant, id, (p) => p.status === 'confirmed', 'confirmed');
    await expectCertificate(city, confirmed.award.certificate.certificateNo, 'valid');
    await serveAndEvaluate(city, tenant, social.as, id);
  });

  it.concurrent('直购 (direct purchase): no window; the named agency\'s offer is bought where policy allows direct for the funds', async () => {
    const { fiscal, social, item } = await setup();
    const [offer, other] = await admittedAgencies(city, tenant, tenant, 2, item);
    const [elsewhere] = await admittedAgencies(city, tenant, tenant, 1); // offers another item only
    const body = (ownerId: string, agencyUscc: string, over: Record<string, unknown> = {}) => ({
      ...purchaseRequest(city, ownerId, { serviceItem: item, fundingType: 'social', tradingMode: 'direct-purchase', selectionMethod: 'direct', directOffer: { agencyUscc }, ...over }),
      registrationWindowWorkingDays: undefined,
    });

    const fiscalDp = await call(city, 'POST', base, { as: fiscal.as, body: body(fiscal.ownerId, offer.uscc, { fundingType: 'fiscal' }) });
    expect(fiscalDp.status).toBe(400);
    expect(fiscalDp.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'selectionMethod', code: 'method.not-allowed' })]));
    const withWindow = await call(city, 'POST', base, { as: social.as, body: { ...body(social.ownerId, offer.uscc), registrationWindowWorkingDays: 2 } });
    expect(withWindow.body.errors).toEqual([expect.objectContaining({ path: 'registrationWindowWorkingDays', code: 'direct-purchase.no-window' })]);

    // An agency that does not offer the item cannot be bought from: refused at approval, nothing published.
    const wrong = await call(city, 'POST', base, { as: social.as, body: body(social.ownerId, elsewhere.uscc) });
    expect(wrong.status).toBe(201);
    const refused = await call(city, 'POST', path(wrong.body.id, '/review'), { as: operator, body: { decision: 'approve' } });
    expect([refused.status, refused.body.code]).toEqual([422, 'direct-purchase.agency-not-eligible']);
    expect((await call(city, 'GET', path(wrong.body.id, '/record'), { as: operator })).body.status).toBe('submitted');

    const { id, project } = await publish(city, tenant, social.as, body(social.ownerId, offer.uscc));
    expect(project).toMatchObject({ tradingMode: 'direct-purchase', directOffer: { agencyUscc: offer.uscc } });
    expect(project.registration.closesAt).toBe(project.publishedAt);
    const late = await call(city, 'POST', path(id, '/registrations'), { as: other.as, body: {} });
    expect([late.status, late.body.code]).toEqual([409, 'registration.closed']);

    const awarded = await projectWhen(city, tenant, id, (p) => p.status === 'awarded', 'awarded');
    expect(awarded.closing.pool).toEqual([offer.uscc]);
    expect(awarded.award.ranking).toEqual([expect.objectContaining({ rank: 1, code: offer.uscc, reason: expect.objectContaining({ code: 'direct.chosen' }) })]);
    expect(awarded.waitingFor?.step).not.toBe('await-choice');
    const notice = await call(city, 'GET', path(id, '/award'));
    expect(notice.body).toMatchObject({ winner: offer.uscc, method: 'direct' });

    const confirmed = await projectWhen(city, tenant, id, (p) => p.status === 'confirmed', 'confirmed');
    await expectCertificate(city, confirmed.award.certificate.certificateNo, 'valid');
    await serveAndEvaluate(city, tenant, social.as, id);
    const audit = await call(city, 'GET', `/v1/tenants/${tenant}/audit/project/${id}`, { as: operator });
    expect(audit.body.verification.verified).toBe(true);
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['project.published', 'project.closed', 'project.awarded', 'project.confirmed', 'project.evaluated']));
  });
});
