// Strategy: the topology validation is a pure function (parseTopology); each test feeds it a small
// topology and checks the decision and, for refusals, that the message names the offending code.
// No synthesis here.
import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { loadTopology, parseTopology } from '../../lib/config.ts';

const guangdong = (cities: unknown[], extra: Record<string, unknown> = {}) => ({
  provinces: [{ code: '440000', name: '广东省', sandbox: true, cities, ...extra }],
});
const jieyang = { code: '445200', name: '揭阳市' };

test('the repository topology is valid', () => {
  expect(loadTopology().provinces.length).toBeGreaterThan(0);
});

test('a sandbox province: DESTROY, no deletion protection, 1-day certificate retention, a week of logs, Cognito', () => {
  const [p] = parseTopology(guangdong([jieyang])).provinces;
  expect(p).toMatchObject({
    removalPolicy: RemovalPolicy.DESTROY,
    deletionProtection: false,
    certificateRetention: { days: 1 },
    logRetention: RetentionDays.ONE_WEEK,
    identity: { kind: 'cognito' },
    portalOrigins: ['*'],
  });
});

test('without `sandbox` a province is production: RETAIN, deletion protection, certificates kept 15 years', () => {
  const [p] = parseTopology({ provinces: [{ code: '440000', name: '广东省', cities: [jieyang] }] }).provinces;
  expect(p).toMatchObject({ sandbox: false, removalPolicy: RemovalPolicy.RETAIN, deletionProtection: true, certificateRetention: { years: 15 }, logRetention: RetentionDays.ONE_YEAR });
});

test('an OIDC identity needs an https issuer and at least one audience', () => {
  const oidc = (identity: unknown) => () => parseTopology(guangdong([jieyang], { identity }));
  expect(oidc({ kind: 'oidc', issuer: 'https://sso.gd.example.gov.cn', audience: ['ism'] })).not.toThrow();
  expect(oidc({ kind: 'oidc', issuer: 'https://sso.gd.example.gov.cn', audience: [] })).toThrow(/audience/);
  expect(oidc({ kind: 'oidc', issuer: 'http://sso.gd.example.gov.cn', audience: ['ism'] })).toThrow(/issuer/);
  expect(oidc({ kind: 'saml' })).toThrow(/identity/);
});

test('codes are 6 digits and a province code ends in 0000', () => {
  expect(() => parseTopology(guangdong([{ code: '4452', name: '揭阳市' }]))).toThrow(/6-digit/);
  expect(() => parseTopology({ provinces: [{ code: '445200', name: 'x', cities: [jieyang] }] })).toThrow(/0000/);
});

test('a city must share its province\'s first 2 digits', () => {
  expect(() => parseTopology(guangdong([{ code: '450100', name: '南宁市' }]))).toThrow(/南宁市 \(450100\) is not in province 广东省 \(440000\)/);
});

test('a county is a tenant, not a city stack; 省直辖县级 units (XX90YY) may be', () => {
  expect(() => parseTopology(guangdong([{ code: '445202', name: '榕城区' }]))).toThrow(/county-level.*tenants/);
  expect(() => parseTopology({ provinces: [{ code: '420000', name: '湖北省', cities: [{ code: '429004', name: '仙桃市' }] }] })).not.toThrow();
});

test('duplicate codes are refused with both names', () => {
  expect(() => parseTopology(guangdong([jieyang, { code: '445200', name: '揭阳' }]))).toThrow(/code 445200 is used twice: city 揭阳市 and city 揭阳/);
});

test('unknown keys are refused (a typo must not silently fall back to a default)', () => {
  expect(() => parseTopology(guangdong([jieyang], { sandBox: true }))).toThrow(/sandBox/);
});
