/**
 * The demo agencies (config/demo-agencies.json), admitted through the product's own API exactly as an agency's clerk
 * applies: a draft, every document uploaded straight to S3 through its presigned POST and confirmed (qualification
 * scans, the practitioner's certificate and social-security proof, the signed commitment letter), the revision that
 * names them, the submission. Their licences are in config/demo-licences.json, which the fake e-licence service
 * answers from, so each is admitted at once (申请即入). Each offers its items of every demo city and practises in
 * both demo cities (一地入驻、全省通行); this returns once every city's directory lists all of them, so that the
 * demo projects (seed-projects.ts) can register them anywhere.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { monthsBefore, shanghaiDateOf } from '../../functions/agencies/domain/shanghai-dates.ts';
import { type SeedClaims, type SeedHttp, until } from './seed-http.ts';

interface Licence { agency: string; holderUscc: string; type: string; number: string; grade?: string; issuer: string; validFrom: string; validTo: string }

export interface DemoAgencySpec {
  uscc: string;
  name: string;
  /** The city it applies in (its admitting tenant). */
  city: string;
  address: string;
  officePhone: string;
  legalRepresentative: { name: string; idNumber: string };
  contact: { name: string; phone: string; email?: string };
  practitioner: { name: string; idNumber: string; certificate: { type: string; number: string; validTo?: string } };
  /** Item suffixes it offers in every demo city: ZJ-<city>-<suffix>. */
  items: string[];
  practiceRegions: string[];
}

export interface DemoAgency extends DemoAgencySpec {
  clerk: SeedClaims;
}

export function readDemoAgencies(repoRoot: string): DemoAgencySpec[] {
  return (JSON.parse(readFileSync(join(repoRoot, 'config/demo-agencies.json'), 'utf8')) as { agencies: DemoAgencySpec[] }).agencies;
}

export const clerkOf = (a: Pick<DemoAgencySpec, 'uscc' | 'city'>): SeedClaims => ({ role: 'agency', tenant: a.city, agency: a.uscc, sub: `clerk-${a.uscc}` });

/** A one-page PDF standing in for a scan (the standard fonts write ASCII only). */
export async function demoPdf(text: string): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.setTitle(text);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage([595, 842]).drawText(text.replace(/[^\x20-\x7e]/g, '?'), { x: 50, y: 780, size: 12, font });
  return Buffer.from(await doc.save());
}

export const sha256Hex = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** The multipart POST a browser sends to a presigned POST: the policy's fields in order, then the file. */
export async function postToS3(upload: { url: string; fields: Record<string, string> }, file: Buffer, filename: string, signal: AbortSignal): Promise<void> {
  const form = new FormData();
  for (const [k, v] of Object.entries(upload.fields)) form.append(k, v);
  form.append('file', new Blob([new Uint8Array(file)]), filename);
  const res = await fetch(upload.url, { method: 'POST', body: form, signal });
  if (res.status >= 300) throw new Error(`S3 POST ${upload.url} → ${res.status} ${await res.text()}`);
}

async function admit(http: SeedHttp, apiUrl: string, spec: DemoAgencySpec, licences: Licence[], cities: string[]): Promise<void> {
  const clerk = clerkOf(spec);
  const mine = licences.filter((l) => l.holderUscc === spec.uscc);
  if (mine.length === 0) throw new Error(`${spec.name}: no licence in config/demo-licences.json (it would go to joint review, not be admitted at once)`);
  const body = {
    uscc: spec.uscc, name: spec.name, legalRepresentative: spec.legalRepresentative, address: spec.address, officePhone: spec.officePhone, contact: spec.contact,
    serviceItems: cities.flatMap((city) => spec.items.map((suffix) => ({ tenant: city, code: `ZJ-${city}-${suffix}` }))),
    qualifications: mine.map((l, i) => ({ id: `q-${i + 1}`, type: l.type, number: l.number, ...(l.grade ? { grade: l.grade } : {}), issuer: l.issuer, validFrom: l.validFrom, validTo: l.validTo })),
    practitioners: [{
      id: 'p-1', name: spec.practitioner.name, idNumber: spec.practitioner.idNumber, certificate: spec.practitioner.certificate,
      // The policy asks for the last 3 months (socialSecurityMonths); four cover it whatever the day.
      socialSecurity: { months: monthsBefore(shanghaiDateOf(new Date()), 4) },
    }],
    branches: [],
    practiceRegions: spec.practiceRegions,
  };
  const created = await http.expect(201, apiUrl, 'POST', '/v1/agencies/applications', { as: clerk, body, key: `demo-apply-${spec.uscc}` });
  const id = created.body.id as string;
  const upload = async (kind: string, text: string) => {
    const pdf = await demoPdf(`${spec.uscc} ${text}`);
    const requested = await http.expect(201, apiUrl, 'POST', `/v1/agencies/applications/${id}/documents`, {
      as: clerk, body: { kind, contentType: 'application/pdf', size: pdf.length, sha256: sha256Hex(pdf), filename: `${kind}.pdf` },
    });
    await postToS3(requested.body, pdf, `${kind}.pdf`, http.signal);
    await http.expect(200, apiUrl, 'POST', `/v1/agencies/applications/${id}/documents/${requested.body.documentId}/confirm`, { as: clerk });
    return requested.body.documentId as string;
  };
  const qualifications = [];
  for (const q of body.qualifications) qualifications.push({ ...q, documentId: await upload('qualification-scan', q.number) });
  const [p] = body.practitioners;
  const complete = {
    ...body, qualifications,
    practitioners: [{
      ...p, certificateDocumentId: await upload('practising-certificate', p.certificate.number),
      socialSecurity: { ...p.socialSecurity, documentId: await upload('social-security-proof', 'social security') },
    }],
    commitmentLetterDocumentId: await upload('commitment-letter', 'commitment letter'),
  };
  await http.expect(200, apiUrl, 'PUT', `/v1/agencies/applications/${id}`, { as: clerk, body: { ...complete, expectedVersion: created.body.version ?? 1 } });
  const submitted = await http.expect(200, apiUrl, 'POST', `/v1/agencies/applications/${id}/submit`, { as: clerk });
  if (submitted.body.status !== 'admitted') {
    throw new Error(`${spec.name} was not admitted at once (status ${submitted.body.status}): ${JSON.stringify(submitted.body.review?.verification?.flagged ?? null)}`);
  }
}

/**
 * Admits every demo agency in its city (all at once) and waits until every city's directory lists all of them for
 * their items. `cities` maps each demo city to its API's URL.
 */
export async function seedAgencies(repoRoot: string, cities: Map<string, string>, http: SeedHttp): Promise<DemoAgency[]> {
  const specs = readDemoAgencies(repoRoot);
  const { licences } = JSON.parse(readFileSync(join(repoRoot, 'config/demo-licences.json'), 'utf8')) as { licences: Licence[] };
  const cityCodes = [...cities.keys()];
  await Promise.all(specs.map((spec) => {
    const apiUrl = cities.get(spec.city);
    if (!apiUrl) throw new Error(`${spec.name}: no API for city ${spec.city}`);
    return admit(http, apiUrl, spec, licences, cityCodes);
  }));
  // Admitted in one city, visible in the others within seconds (AgencyAdmitted → the province's replication).
  for (const [city, apiUrl] of cities) {
    await until(async () => {
      const listed = await http.call(apiUrl, 'GET', `/v1/agencies?limit=200`);
      const codes = new Set(((listed.body?.items ?? []) as { uscc: string }[]).map((a) => a.uscc));
      return specs.every((s) => codes.has(s.uscc)) ? true : undefined;
    }, `the demo agencies in ${city}'s directory`, http.signal, 60_000);
  }
  return specs.map((spec) => ({ ...spec, clerk: clerkOf(spec) }));
}
