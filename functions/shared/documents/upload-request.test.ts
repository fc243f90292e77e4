// Strategy: the rules an upload request must meet before anything is presigned are pure; each test
// states one rule (known kind, accepted type, size within the kind's limit, a real SHA-256, a key that
// stays under the tenant's prefix) and checks the precise field problem, in both languages.
import fc from 'fast-check';
import { DOCUMENT_KIND_NAMES, DOCUMENT_KINDS, MAX_DOCUMENT_BYTES } from './document-kinds.ts';
import { checkUploadRequest, documentKey, UploadRequestBody, type UploadRequestInput } from './upload-request.ts';

const ok: UploadRequestInput = {
  tenant: '445200', owner: { kind: 'agency-application', id: 'app-01JX7Q3M' },
  kind: 'qualification-scan', contentType: 'application/pdf', size: 812_345, sha256: 'a'.repeat(64),
};
const codes = (r: Partial<UploadRequestInput>) => checkUploadRequest({ ...ok, ...r }).map((p) => `${p.path}:${p.code}`);

describe('kinds', () => {
  test('nothing sensitive may ever be public: social-security proofs and ID copies never', () => {
    expect(DOCUMENT_KINDS['social-security-proof'].public).toBe(false);
    expect(DOCUMENT_KINDS['id-card-copy'].public).toBe(false);
    expect(DOCUMENT_KINDS['practising-certificate'].public).toBe(false);
    expect(DOCUMENT_KINDS.other.public).toBe(false);
  });
  test('multi-page scans get 10 MB, one- or two-page documents 5 MB; every kind accepts PDF', () => {
    expect(DOCUMENT_KINDS['qualification-scan'].maxBytes).toBe(10 * 1024 * 1024);
    expect(DOCUMENT_KINDS['social-security-proof'].maxBytes).toBe(10 * 1024 * 1024);
    expect(DOCUMENT_KINDS['commitment-letter'].maxBytes).toBe(5 * 1024 * 1024);
    expect(DOCUMENT_KINDS.contract.maxBytes).toBe(20 * 1024 * 1024); // a project's signed contract, PDF only
    expect(MAX_DOCUMENT_BYTES).toBe(20 * 1024 * 1024);
    for (const kind of DOCUMENT_KIND_NAMES) expect(DOCUMENT_KINDS[kind].contentTypes).toContain('application/pdf');
  });
});

describe('checkUploadRequest', () => {
  test('a request within every rule has no problem', () => {
    expect(checkUploadRequest(ok)).toEqual([]);
    expect(codes({ size: DOCUMENT_KINDS['qualification-scan'].maxBytes, contentType: 'image/png', sha256: 'ABCDEF'.repeat(10) + 'abcd' })).toEqual([]);
  });

  test('an unknown kind is named with the kinds there are', () => {
    const [problem] = checkUploadRequest({ ...ok, kind: 'passport' });
    expect(problem).toMatchObject({ path: 'body.kind', code: 'document.kind-unknown' });
    expect(problem.message.zh).toContain('未知的材料类型“passport”');
    expect(problem.message.en).toContain('qualification-scan');
  });

  test('a content type the kind does not accept', () => {
    const [problem] = checkUploadRequest({ ...ok, contentType: 'application/msword' });
    expect(problem).toMatchObject({ path: 'body.contentType', code: 'document.type-not-allowed' });
    expect(problem.message.zh).toBe('资质证书扫描件只接受 PDF、JPEG、PNG 格式（收到 application/msword）');
  });

  test('a size over the kind\'s limit, one byte is enough; an empty or fractional size', () => {
    const limit = DOCUMENT_KINDS['commitment-letter'].maxBytes;
    expect(codes({ kind: 'commitment-letter', size: limit })).toEqual([]);
    const [problem] = checkUploadRequest({ ...ok, kind: 'commitment-letter', size: limit + 1 });
    expect(problem).toMatchObject({ path: 'body.size', code: 'document.too-large' });
    expect(problem.message.zh).toBe(`承诺书不得超过 5 MB（${limit} 字节），申报大小为 ${limit + 1} 字节`);
    expect(codes({ size: 0 })).toEqual(['body.size:document.size-invalid']);
    expect(codes({ size: 1.5 })).toEqual(['body.size:document.size-invalid']);
  });

  test('a SHA-256 that is not 64 hex digits', () => {
    expect(codes({ sha256: 'g'.repeat(64) })).toEqual(['body.sha256:document.sha256-invalid']);
    expect(codes({ sha256: 'a'.repeat(63) })).toEqual(['body.sha256:document.sha256-invalid']);
  });

  test('all problems at once, so that the form shows every one', () => {
    expect(codes({ tenant: '44', owner: { kind: 'agency-application', id: '../x' }, kind: 'x', contentType: 'text/html', size: -1, sha256: '' })).toEqual([
      'path.tenant:document.tenant-invalid', 'path.id:document.owner-invalid', 'body.kind:document.kind-unknown',
      'body.contentType:document.type-not-allowed', 'body.size:document.size-invalid', 'body.sha256:document.sha256-invalid',
    ]);
  });

  test('property: a request is accepted exactly when its size is within the kind\'s limit', () => {
    fc.assert(fc.property(fc.constantFrom(...DOCUMENT_KIND_NAMES), fc.integer({ min: 1, max: 2 * MAX_DOCUMENT_BYTES }), (kind, size) => {
      expect(checkUploadRequest({ ...ok, kind, size }).length === 0).toBe(size <= DOCUMENT_KINDS[kind].maxBytes);
    }));
  });
});

describe('documentKey', () => {
  test('every object of a tenant lies under its prefix', () => {
    expect(documentKey('445200', ok.owner, '0b6f3c1e-8d5a-4f0e-9a51-2f9f0d3c7e11')).toBe('445200/agency-applications/app-01JX7Q3M/0b6f3c1e-8d5a-4f0e-9a51-2f9f0d3c7e11');
  });
  test('property: no segment can leave the prefix (slashes, dots, empty)', () => {
    fc.assert(fc.property(fc.string(), (id) => {
      let key: string | undefined;
      try {
        key = documentKey('445200', { kind: 'agency-application', id }, 'doc-1');
      } catch {
        return;
      }
      expect(key.split('/')).toHaveLength(4);
      expect(key.startsWith('445200/agency-applications/')).toBe(true);
      expect(key).not.toContain('..');
    }));
    expect(() => documentKey('445200', { kind: 'agency-application', id: '../440500' }, 'doc-1')).toThrow();
  });
});

describe('UploadRequestBody (the route\'s schema)', () => {
  test('accepts a browser\'s request, refuses unknown fields', () => {
    expect(UploadRequestBody.safeParse({ kind: 'id-card-copy', contentType: 'image/jpeg', size: 1200, sha256: 'f'.repeat(64), filename: '身份证.jpg' }).success).toBe(true);
    expect(UploadRequestBody.safeParse({ kind: 'id-card-copy', contentType: 'image/jpeg', size: 1200, sha256: 'f'.repeat(64), key: 'x' }).success).toBe(false);
  });
});
