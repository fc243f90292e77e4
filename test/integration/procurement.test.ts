// Strategy: the random method from purchase request to evaluation through the running local cloud — the real API,
// the real timeline state machine (accelerated: a sandbox county at one day per second) and the real worker — in a
// county of its own (澄海, onboarded here) with agencies admitted for the city's item (procurement-fixtures.ts).
// The draw is checked three ways: the API's verification, the commitment published before anyone registered, and
// the standalone verifier (bin/verify-draw.ts) on the transcript as served; the certificate online and offline.
// The other methods and paths: procurement-price.test.ts, procurement-methods.test.ts, procurement-paths.test.ts.
import { createHash } from 'node:crypto';
import { call, operatorOf, SHANTOU } from './helpers.ts';
import { accelerate, admittedAgencies, expectCertificate, expectDrawsVerify, onboardCounty, ownerClerk, projectWhen, publish, purchaseRequest, serveAndEvaluate } from './procurement-fixtures.ts';

jest.setTimeout(120_000);
const city = SHANTOU;
const tenant = '440515'; // 澄海区
const operator = operatorOf(tenant);
const base = `/v1/tenants/${tenant}/projects`;

let owner: Awaited<ReturnType<typeof ownerClerk>>;
let agencies: Awaited<ReturnType<typeof admittedAgencies>>;

beforeAll(async () => {
  await onboardCounty(city, tenant, '澄海区');
  await accelerate(city, tenant);
  owner = await ownerClerk(city, tenant);
  agencies = await admittedAgencies(city, tenant, tenant, 5);
});

describe('随机选取 (random): purchase request to evaluation', () => {
  it('publishes with a commitment, registers, closes, draws verifiably, confirms with a certificate, and is evaluated', async () => {
    const { id, project } = await publish(city, tenant, owner.as, purchaseRequest(city, owner.ownerId));
    expect(project.draw.commitment).toMatch(/^[0-9a-f]{64}$/);
    const pub = await call(city, 'GET', `${base}/${id}`);
    expect(pub.status).toBe(200);
    expect(pub.body).not.toHaveProperty('pendingTask');
    expect((await call(city, 'GET', `${base}/${id}/draw`)).body).toMatchObject({ published: false, commitment: project.draw.commitment, transcripts: [] });

    for (const a of agencies.slice(0, 4)) {
      const r = await call(city, 'POST', `${base}/${id}/registrations`, { as: a.as, body: {} });
      expect(r.status).toBe(201);
    }
    const again = await call(city, 'POST', `${base}/${id}/registrations`, { as: agencies[0].as, body: {} });
    expect(again.status).toBe(200); // a retry is the same registration

    const awarded = await projectWhen(city, tenant, id, (p) => p.status === 'awarded', 'awarded');
    // 主动推送: every qualified agency (all five offer the item here) found the announcement in its inbox, once.
    for (const a of agencies) {
      const inbox = await call(city, 'GET', `/v1/agencies/${a.uscc}/notifications`, { as: a.as });
      expect(inbox.status).toBe(200);
      expect(inbox.body.items.filter((n: { kind: string; data?: { projectId?: string } }) => n.kind === 'ProjectAnnouncement' && JSON.stringify(n).includes(id))).toHaveLength(1);
    }
    expect(awarded.closing.pool).toEqual(agencies.slice(0, 4).map((a) => a.uscc).sort());
    const draw = await expectDrawsVerify(city, tenant, id);
    expect(draw.transcripts.map((t: { purpose: string }) => t.purpose)).toEqual(['selection']);
    const transcript = draw.transcripts[0].transcript;
    expect(transcript).toMatchObject({ protocol: 'ISM-DRAW-1', projectId: id, commitment: project.draw.commitment, pool: awarded.closing.pool, poolHash: awarded.closing.poolHash, beacon: '' });
    expect(createHash('sha256').update(Buffer.from(transcript.seed, 'hex')).digest('hex')).toBe(project.draw.commitment);
    expect(awarded.award.ranking.map((r: { code: string }) => r.code)).toEqual(transcript.ranking);

    const confirmed = await projectWhen(city, tenant, id, (p) => p.status === 'confirmed', 'confirmed');
    const no = confirmed.award.certificate.certificateNo as string;
    await expectCertificate(city, no, 'valid');
    const cert = await call(city, 'GET', `/v1/certificates/${no}`);
    expect(cert.body.fields).toMatchObject({ agency: { uscc: transcript.ranking[0] }, draw: { commitment: project.draw.commitment, poolHash: awarded.closing.poolHash } });
    await serveAndEvaluate(city, tenant, owner.as, id);
    // The evaluation joins the winner's public record (and later best-value selections read it).
    const record = await call(city, 'GET', `/v1/agencies/${transcript.ranking[0]}/evaluations`);
    expect(record.body).toMatchObject({ count: 1, averages: { quality: 5, attitude: 4, feeReasonableness: 4, overall: 4.33 } });
    expect(record.body.recent[0]).toMatchObject({ projectId: id, comment: '按时完成' });
    const audit = await call(city, 'GET', `/v1/tenants/${tenant}/audit/project/${id}`, { as: operator });
    expect(audit.body.verification.verified).toBe(true);
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining([
      'project.submitted', 'project.published', 'project.closed', 'project.awarded', 'project.confirmed', 'project.contract-signed', 'project.completed', 'project.evaluated',
    ]));
  });
});
