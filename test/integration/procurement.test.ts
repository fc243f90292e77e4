// Strategy: each test runs a project from purchase request to evaluation through the running local cloud — the
// real API, the real timeline state machine (accelerated: a sandbox county at one day per second) and the real
// worker — on a county of its own city item with agencies admitted for it (procurement-fixtures.ts).
import { createHash } from 'node:crypto';
import { postToS3, sha256, tinyPdf } from './agencies-fixtures.ts';
import { call, JIEDONG, JIEYANG, operatorOf } from './helpers.ts';
import { accelerate, admittedAgencies, ownerClerk, projectWhen, purchaseRequest } from './procurement-fixtures.ts';

jest.setTimeout(180_000);
const tenant = JIEDONG;
const city = JIEYANG;
const operator = operatorOf(tenant);
const base = `/v1/tenants/${tenant}/projects`;

let owner: Awaited<ReturnType<typeof ownerClerk>>;
let agencies: Awaited<ReturnType<typeof admittedAgencies>>;

beforeAll(async () => {
  await accelerate(city, tenant);
  owner = await ownerClerk(city, tenant);
  agencies = await admittedAgencies(city, tenant, tenant, 5);
});

async function publish(body: Record<string, unknown>) {
  const submitted = await call(city, 'POST', base, { as: owner.as, body });
  expect(submitted.status).toBe(201);
  const id = submitted.body.id as string;
  const approved = await call(city, 'POST', `${base}/${id}/review`, { as: operator, body: { decision: 'approve' } });
  expect(approved.status).toBe(200);
  expect(approved.body.status).toBe('published');
  return { id, project: approved.body };
}

/** Contract upload (presigned POST to S3, checked by size, type and SHA-256), completion, evaluation. */
async function serveAndEvaluate(id: string) {
  await projectWhen(city, tenant, id, (p) => p.status === 'confirmed' && p.waitingFor?.step === 'await-contract', 'confirmed, waiting for the contract');
  const pdf = await tinyPdf(`contract ${id}`);
  const upload = await call(city, 'POST', `${base}/${id}/contract/upload`, { as: owner.as, body: { sha256: sha256(pdf), sizeBytes: pdf.length, contentType: 'application/pdf', filename: '合同.pdf' } });
  expect(upload.status).toBe(201);
  expect((await postToS3(upload.body, pdf)).status).toBeLessThan(300);
  const contract = await call(city, 'POST', `${base}/${id}/contract`, { as: owner.as, body: { documentId: upload.body.documentId, amountFen: 4_200_000 } });
  expect(contract.status).toBe(200);
  expect(contract.body.status).toBe('in-service');
  await projectWhen(city, tenant, id, (p) => p.waitingFor?.step === 'await-completion', 'waiting for completion');
  expect((await call(city, 'POST', `${base}/${id}/completion`, { as: owner.as, body: {} })).body.status).toBe('completed');
  await projectWhen(city, tenant, id, (p) => p.waitingFor?.step === 'await-evaluation', 'waiting for the evaluation');
  const evaluated = await call(city, 'POST', `${base}/${id}/evaluation`, { as: owner.as, body: { quality: 5, attitude: 4, feeReasonableness: 4, comment: '按时完成' } });
  expect(evaluated.body.status).toBe('evaluated');
}

describe('随机选取 (random): purchase request to evaluation', () => {
  it('publishes with a commitment, registers, closes, draws verifiably, confirms with a certificate, and is evaluated', async () => {
    const { id, project } = await publish(purchaseRequest(city, owner.ownerId));
    expect(project.draw.commitment).toMatch(/^[0-9a-f]{64}$/);
    const pub = await call(city, 'GET', `${base}/${id}`);
    expect(pub.status).toBe(200);
    expect(pub.body).not.toHaveProperty('pendingTask');

    for (const a of agencies.slice(0, 4)) {
      const r = await call(city, 'POST', `${base}/${id}/registrations`, { as: a.as, body: {} });
      expect(r.status).toBe(201);
    }
    const again = await call(city, 'POST', `${base}/${id}/registrations`, { as: agencies[0].as, body: {} });
    expect(again.status).toBe(200); // a retry is the same registration

    const awarded = await projectWhen(city, tenant, id, (p) => p.status === 'awarded', 'awarded');
    expect(awarded.closing.pool).toEqual(agencies.slice(0, 4).map((a) => a.uscc).sort());
    const draw = await call(city, 'GET', `${base}/${id}/draw`);
    expect(draw.body.transcripts[0].verification.valid).toBe(true);
    const transcript = draw.body.transcripts[0].transcript;
    expect(createHash('sha256').update(Buffer.from(transcript.seed, 'hex')).digest('hex')).toBe(project.draw.commitment);
    expect(awarded.award.ranking.map((r: { code: string }) => r.code)).toEqual(transcript.ranking);

    const confirmed = await projectWhen(city, tenant, id, (p) => p.status === 'confirmed', 'confirmed');
    const no = confirmed.award.certificate.certificateNo as string;
    const verification = await call(city, 'GET', `/v1/certificates/${no}/verification`);
    expect(verification.body.result).toBe('valid');
    await serveAndEvaluate(id);
    const audit = await call(city, 'GET', `/v1/tenants/${tenant}/audit/project/${id}`, { as: operator });
    expect(audit.body.verification.verified).toBe(true);
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining([
      'project.submitted', 'project.published', 'project.closed', 'project.awarded', 'project.confirmed', 'project.contract-signed', 'project.completed', 'project.evaluated',
    ]));
  });
});
