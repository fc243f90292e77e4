/**
 * S3 Object Lock for the local S3 front: s3rver 3.x has no Object Lock (DESIGN §9), yet certificates
 * and audit documents rely on WORM storage. For buckets synthesized with Object Lock, every stored
 * object gets a retain-until date (the request's `x-amz-object-lock-*` headers, else the bucket's
 * default retention), kept in a journal beside s3rver's files (`<stateDir>/s3-object-lock.jsonl`,
 * appended synchronously so that a crash cannot lose a lock).
 *
 * Difference from AWS, on purpose: AWS requires versioning with Object Lock and keeps every version,
 * so an "overwrite" adds a version and a plain DELETE adds a delete marker, while the locked version
 * stays. s3rver keeps no versions, so locally both are refused with AccessDenied instead: what must
 * not be lost is never lost, and code that relies on overwriting a locked key fails early.
 */
import fs from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import type { BucketSpec } from './model.ts';

export type LockMode = 'COMPLIANCE' | 'GOVERNANCE';
export interface ObjectLock { mode: LockMode; retainUntil: string }
export interface S3Refusal { status: number; code: string; message: string }

const WORM = 'Object is WORM protected and cannot be overwritten or deleted';
const XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';

export class ObjectLocks {
  private readonly locks = new Map<string, ObjectLock>();
  private readonly specs: Map<string, BucketSpec>;

  constructor(private readonly journal: string, buckets: BucketSpec[]) {
    this.specs = new Map(buckets.map((b) => [b.name, b]));
    if (!fs.existsSync(journal)) return;
    for (const line of fs.readFileSync(journal, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const entry = JSON.parse(line) as { id: string; lock: ObjectLock | null };
      if (entry.lock) this.locks.set(entry.id, entry.lock);
      else this.locks.delete(entry.id);
    }
  }

  isLockEnabled(bucket: string): boolean {
    return Boolean(this.specs.get(bucket)?.objectLock);
  }

  /** The object's retention as recorded, expired or not (GetObjectRetention reports both). */
  retention(bucket: string, key: string): ObjectLock | undefined {
    return this.locks.get(`${bucket}/${key}`);
  }

  /** Why a DELETE or an overwrite of this key must be refused, if it must. */
  refusal(bucket: string, key: string, headers: IncomingHttpHeaders, now = Date.now()): S3Refusal | undefined {
    const lock = this.retention(bucket, key);
    if (!lock || Date.parse(lock.retainUntil) <= now) return undefined;
    // GOVERNANCE may be bypassed by a caller allowed to (s3:BypassGovernanceRetention); COMPLIANCE never.
    if (lock.mode === 'GOVERNANCE' && headers['x-amz-bypass-governance-retention'] === 'true') return undefined;
    return { status: 403, code: 'AccessDenied', message: WORM };
  }

  /** Checks the lock headers of a write before it is stored. */
  checkWrite(bucket: string, headers: Record<string, string | string[] | undefined>): S3Refusal | undefined {
    const mode = headers['x-amz-object-lock-mode'];
    const until = headers['x-amz-object-lock-retain-until-date'];
    if (mode === undefined && until === undefined) return undefined;
    if (!this.isLockEnabled(bucket)) return { status: 400, code: 'InvalidRequest', message: 'Bucket is missing Object Lock Configuration' };
    if ((mode === undefined) !== (until === undefined)) return { status: 400, code: 'InvalidArgument', message: 'x-amz-object-lock-retain-until-date and x-amz-object-lock-mode must both be supplied' };
    if (mode !== 'COMPLIANCE' && mode !== 'GOVERNANCE') return { status: 400, code: 'InvalidArgument', message: 'Unknown wormMode directive.' };
    if (!(Date.parse(String(until)) > Date.now())) return { status: 400, code: 'InvalidArgument', message: 'The retain until date must be in the future!' };
    return undefined;
  }

  /** After a successful write: lock the new object (explicit headers first, else the bucket default). */
  record(bucket: string, key: string, headers: Record<string, string | string[] | undefined>, now = new Date()): void {
    const spec = this.specs.get(bucket)?.objectLock;
    if (!spec) return;
    const mode = headers['x-amz-object-lock-mode'];
    const until = headers['x-amz-object-lock-retain-until-date'];
    if (mode && until) return this.write(bucket, key, { mode: mode as LockMode, retainUntil: new Date(String(until)).toISOString() });
    if (!spec.days && !spec.years) return;
    const retainUntil = new Date(now);
    if (spec.years) retainUntil.setUTCFullYear(retainUntil.getUTCFullYear() + spec.years);
    if (spec.days) retainUntil.setUTCDate(retainUntil.getUTCDate() + spec.days);
    this.write(bucket, key, { mode: spec.mode, retainUntil: retainUntil.toISOString() });
  }

  /** PutObjectRetention: COMPLIANCE may only be extended; GOVERNANCE may be shortened with the bypass header. */
  putRetention(bucket: string, key: string, xml: string, headers: IncomingHttpHeaders): S3Refusal | undefined {
    if (!this.isLockEnabled(bucket)) return { status: 400, code: 'InvalidRequest', message: 'Bucket is missing Object Lock Configuration' };
    const mode = /<Mode>\s*(\w+)\s*<\/Mode>/.exec(xml)?.[1];
    const until = /<RetainUntilDate>\s*([^<]+?)\s*<\/RetainUntilDate>/.exec(xml)?.[1];
    if ((mode !== 'COMPLIANCE' && mode !== 'GOVERNANCE') || !until || Number.isNaN(Date.parse(until))) return { status: 400, code: 'MalformedXML', message: 'The XML you provided was not well-formed or did not validate against our published schema' };
    const current = this.retention(bucket, key);
    const active = current && Date.parse(current.retainUntil) > Date.now();
    const weakens = active && (Date.parse(until) < Date.parse(current.retainUntil) || mode !== current.mode);
    if (weakens && (current.mode === 'COMPLIANCE' || headers['x-amz-bypass-governance-retention'] !== 'true')) return { status: 403, code: 'AccessDenied', message: 'Access Denied because object protected by object lock.' };
    this.write(bucket, key, { mode, retainUntil: new Date(until).toISOString() });
    return undefined;
  }

  forget(bucket: string, key: string): void {
    if (this.locks.has(`${bucket}/${key}`)) this.write(bucket, key, null);
  }

  /** Headers GetObject/HeadObject carry for a locked object. */
  headers(bucket: string, key: string): Record<string, string> {
    const lock = this.retention(bucket, key);
    return lock ? { 'x-amz-object-lock-mode': lock.mode, 'x-amz-object-lock-retain-until-date': lock.retainUntil } : {};
  }

  retentionXml(lock: ObjectLock): string {
    return xml(`<Retention xmlns="${XMLNS}"><Mode>${lock.mode}</Mode><RetainUntilDate>${lock.retainUntil}</RetainUntilDate></Retention>`);
  }

  /** GetObjectLockConfiguration, or undefined when the bucket has none (404 in S3). */
  configurationXml(bucket: string): string | undefined {
    const spec = this.specs.get(bucket)?.objectLock;
    if (!spec) return undefined;
    const period = spec.years ? `<Years>${spec.years}</Years>` : spec.days ? `<Days>${spec.days}</Days>` : '';
    const rule = period ? `<Rule><DefaultRetention><Mode>${spec.mode}</Mode>${period}</DefaultRetention></Rule>` : '';
    return xml(`<ObjectLockConfiguration xmlns="${XMLNS}"><ObjectLockEnabled>Enabled</ObjectLockEnabled>${rule}</ObjectLockConfiguration>`);
  }

  /**
   * DeleteObjects (`POST /bucket?delete`, what `aws s3 rm --recursive` sends): S3 answers per key,
   * so locked keys become `<Error>` entries and only the others go on to s3rver.
   */
  splitDelete(bucket: string, body: string, headers: IncomingHttpHeaders): { allowed: string[]; refused: string[]; quiet: boolean } {
    const keys = [...body.matchAll(/<Key>([\s\S]*?)<\/Key>/g)].map((m) => unescapeXml(m[1]));
    const refused = keys.filter((k) => this.refusal(bucket, k, headers));
    return { allowed: keys.filter((k) => !refused.includes(k)), refused, quiet: /<Quiet>\s*true\s*<\/Quiet>/i.test(body) };
  }

  private write(bucket: string, key: string, lock: ObjectLock | null): void {
    const id = `${bucket}/${key}`;
    fs.appendFileSync(this.journal, JSON.stringify({ id, lock }) + '\n');
    if (lock) this.locks.set(id, lock);
    else this.locks.delete(id);
  }
}

export const deleteRequestXml = (keys: string[], quiet: boolean): string =>
  `<Delete xmlns="${XMLNS}">${quiet ? '<Quiet>true</Quiet>' : ''}${keys.map((k) => `<Object><Key>${escapeXml(k)}</Key></Object>`).join('')}</Delete>`;

export const deleteErrorsXml = (keys: string[]): string =>
  keys.map((k) => `<Error><Key>${escapeXml(k)}</Key><Code>AccessDenied</Code><Message>${WORM}</Message></Error>`).join('');

export function xml(inner: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${inner}`;
}

export function escapeXml(s: string): string {
  return s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}

function unescapeXml(s: string): string {
  return s.replace(/&(lt|gt|amp|apos|quot|#\d+|#x[0-9a-f]+);/gi, (_, e: string) =>
    ({ lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' } as Record<string, string>)[e.toLowerCase()]
    ?? String.fromCodePoint(e[1].toLowerCase() === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)));
}
