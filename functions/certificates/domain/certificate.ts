// zod is always imported as a namespace (`import * as z`): see functions/shared/http/common-schemas.ts.
import * as z from 'zod';
import { canonicalJson } from '#shared/audit/canonical-json.ts';
import { Uscc } from '#shared/codes/uscc.ts';
import { DivisionCode } from '#shared/http/common-schemas.ts';
import { SELECTION_METHODS, type SelectionMethod } from '#functions/tenancy/domain/policy/selection-method.ts';
import { epochMsOf, formatShanghaiInstant, shanghaiDayNumberOf, yearOf } from '#functions/tenancy/domain/calendar/local-date.ts';

/**
 * The signed fields of a selection certificate (电子中选确认书), DESIGN §5: what the compact JWS (./jws.ts)
 * carries as its payload, in canonical JSON. The PDF is bound to them through `pdfSha256`; the PDF in turn
 * carries the JWS (metadata and QR link), so the certificate verifies from the PDF alone.
 *
 * The schema is strict (an unknown member is refused) and checks what can be checked without a database:
 * the certificate number names the tenant and the year of issue, dates are Beijing time with `+08:00` and in
 * order (awarded ≤ confirmed ≤ issued), a price method carries its price, a draw method carries its
 * ISM-DRAW-1 commitment and pool hash (`random` always; the other price methods when a tie was drawn), and
 * `direct` carries no draw.
 */

export const CERTIFICATE_NO_PREFIX = 'ZXQR'; // 中选确认 (ZhongXuan QueRen)
/** `ZXQR-<tenant>-<year>-<sequence>`, e.g. `ZXQR-445203-2026-000123`. */
export const CERTIFICATE_NO = /^ZXQR-(\d{6})-(\d{4})-(\d{6})$/;

export interface CertificateNoParts {
  tenant: string;
  year: number;
  sequence: number;
}

export function formatCertificateNo({ tenant, year, sequence }: CertificateNoParts): string {
  if (!/^\d{6}$/.test(tenant)) throw new RangeError(`tenant ${tenant}: a 6-digit GB/T 2260 code`);
  if (!Number.isInteger(year) || year < 2000 || year > 9999) throw new RangeError(`year ${year}: 2000–9999`);
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 999_999) throw new RangeError(`sequence ${sequence}: 1–999999`);
  return `${CERTIFICATE_NO_PREFIX}-${tenant}-${year}-${String(sequence).padStart(6, '0')}`;
}

export function parseCertificateNo(no: string): CertificateNoParts | null {
  const match = CERTIFICATE_NO.exec(no);
  if (!match) return null;
  const sequence = Number(match[3]);
  if (sequence < 1) return null;
  return { tenant: match[1], year: Number(match[2]), sequence };
}

/** The path of a certificate's verification page, under the issuing city's API (`GET …/verification`). */
export const verificationPath = (certificateNo: string): string => `/v1/certificates/${certificateNo}/verification`;

/** 选取方式, as the certificate prints them. */
export const METHOD_NAMES_ZH: Record<SelectionMethod, string> = {
  random: '随机选取',
  'lowest-price': '竞价选取',
  'average-price': '均价选取',
  'best-value': '择优选取',
  direct: '直接选取',
};

/** Methods whose ranking comes from prices: the certificate must state the awarded price. */
export const PRICED_METHODS: readonly SelectionMethod[] = ['lowest-price', 'average-price', 'best-value'];

const HEX64 = /^[0-9a-f]{64}$/;
const Sha256Hex = z.string().regex(HEX64, { message: '64 lowercase hex digits (SHA-256)' });

/** An instant in Beijing time with an explicit `+08:00`, e.g. `2026-03-02T10:00:00.000+08:00`. */
const BEIJING_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?\+08:00$/;
export const BeijingInstant = z.string().superRefine((value, ctx) => {
  if (!BEIJING_INSTANT.test(value)) {
    ctx.addIssue({ code: 'custom', message: 'an ISO 8601 instant in Beijing time, e.g. 2026-03-02T10:00:00.000+08:00' });
    return;
  }
  try {
    epochMsOf(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'an impossible date or time' });
  }
});

const text = (max: number) => z.string().trim().min(1).max(max);

export const CertificateFields = z
  .object({
    /** 确认书编号: ZXQR-<tenant>-<year of issue>-<sequence>. */
    certificateNo: z.string().regex(CERTIFICATE_NO, { message: 'ZXQR-<6-digit tenant>-<year>-<6-digit sequence>' }),
    project: z.object({ id: text(64), name: text(200) }).strict(),
    /** The tenant (county or city, GB/T 2260) whose supermarket ran the project. */
    tenant: DivisionCode,
    /** 项目业主. */
    owner: z.object({ id: text(64), name: text(200) }).strict(),
    /** 中选中介服务机构. */
    agency: z.object({ uscc: Uscc, name: text(200) }).strict(),
    serviceItem: z.object({ code: text(40), name: text(200) }).strict(),
    method: z.enum(SELECTION_METHODS),
    /** 中选价格 in fen (分); required for the price methods, optional for `random` and `direct`. */
    priceFen: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
    /** ISM-DRAW-1: the commitment published with the announcement and the frozen pool's hash. */
    draw: z.object({ commitment: Sha256Hex, poolHash: Sha256Hex }).strict().optional(),
    awardedAt: BeijingInstant,
    confirmedAt: BeijingInstant,
    issuedAt: BeijingInstant,
    /** SHA-256 of the certificate's PDF, lowercase hex. */
    pdfSha256: Sha256Hex,
    /** The city stack that issued (and signed) the certificate. */
    issuer: z.object({ province: DivisionCode, city: DivisionCode }).strict(),
    /**
     * The verification page, `<issuing city's API>/v1/certificates/<no>/verification`: signed, because the QR
     * code's link is built from it (`?jws=` appended) — nobody can re-point a certificate's QR code elsewhere.
     */
    verificationUrl: z.url({ protocol: /^https?$/ }).max(300),
  })
  .strict()
  .superRefine((f, ctx) => {
    const no = parseCertificateNo(f.certificateNo);
    if (!no && CERTIFICATE_NO.test(f.certificateNo)) ctx.addIssue({ code: 'custom', path: ['certificateNo'], message: 'sequence starts at 000001' });
    if (no) {
      if (no.tenant !== f.tenant) ctx.addIssue({ code: 'custom', path: ['certificateNo'], message: `names tenant ${no.tenant}, the certificate is of ${f.tenant}` });
      if (BEIJING_INSTANT.test(f.issuedAt)) {
        try {
          const year = yearOf(shanghaiDayNumberOf(epochMsOf(f.issuedAt)));
          if (year !== no.year) ctx.addIssue({ code: 'custom', path: ['certificateNo'], message: `names year ${no.year}, issued in ${year}` });
        } catch {
          /* reported on issuedAt */
        }
      }
    }
    if (!verificationUrlMatches(f.verificationUrl, f.certificateNo)) {
      ctx.addIssue({ code: 'custom', path: ['verificationUrl'], message: `must end with ${verificationPath(f.certificateNo)}, with no query or fragment` });
    }
    if (PRICED_METHODS.includes(f.method) && f.priceFen === undefined) {
      ctx.addIssue({ code: 'custom', path: ['priceFen'], message: `required for method ${f.method}` });
    }
    if (f.method === 'random' && !f.draw) ctx.addIssue({ code: 'custom', path: ['draw'], message: 'required for method random (ISM-DRAW-1)' });
    if (f.method === 'direct' && f.draw) ctx.addIssue({ code: 'custom', path: ['draw'], message: 'method direct involves no draw' });
    const order: ['awardedAt', 'confirmedAt', 'issuedAt'] = ['awardedAt', 'confirmedAt', 'issuedAt'];
    for (let i = 1; i < order.length; i++) {
      try {
        if (epochMsOf(f[order[i]]) < epochMsOf(f[order[i - 1]])) {
          ctx.addIssue({ code: 'custom', path: [order[i]], message: `before ${order[i - 1]}` });
        }
      } catch {
        /* reported on the field */
      }
    }
  });

export type CertificateFields = z.infer<typeof CertificateFields>;

function verificationUrlMatches(url: string, certificateNo: string): boolean {
  return !/[?#]/.test(url) && url.endsWith(verificationPath(certificateNo));
}

export class CertificateFieldsError extends Error {
  constructor(readonly issues: readonly string[]) {
    super(`invalid certificate fields: ${issues.join('; ')}`);
    this.name = 'CertificateFieldsError';
  }
}

/** The problems of a candidate set of fields, one line each (`path: message`); empty when valid. */
export function certificateFieldProblems(input: unknown): string[] {
  const parsed = CertificateFields.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.') || '(fields)'}: ${i.message}`);
}

/**
 * The payload that is signed: the validated fields in canonical JSON (sorted keys, no whitespace, absent
 * optionals omitted). Throws CertificateFieldsError when the fields are not a valid certificate.
 */
export function canonicalPayload(fields: CertificateFields): string {
  const parsed = CertificateFields.safeParse(fields);
  if (!parsed.success) throw new CertificateFieldsError(certificateFieldProblems(fields));
  return canonicalJson(parsed.data);
}

/** Convenience for callers: now, in the form the schema wants. */
export const beijingNow = (epochMs: number = Date.now()): string => formatShanghaiInstant(epochMs);

/** `2026-03-09T09:30:05.000+08:00` → `2026年3月9日 09:30`: the fields are Beijing time already. */
export function beijingDateTime(instant: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(instant);
  if (!m) throw new RangeError(`not a Beijing instant: ${instant}`);
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日 ${m[4]}:${m[5]}`;
}
