/**
 * Strategy: a table of EventBridge event patterns against one procurement event, each row citing the
 * documented EventBridge behaviour it pins down (exact values, arrays, flattening of arrays of
 * objects, every content filter, `$or`), plus the patterns AWS refuses. Pure functions, no I/O.
 */
import { InvalidEventPattern, matchesPattern, validatePattern, type EventPattern } from '../../lib/local-cloud/events-pattern.ts';

const event = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'AwardPublished',
  source: 'ism.445200',
  account: '000000000000',
  time: '2025-03-01T08:00:00Z',
  region: 'cn-northwest-1',
  resources: ['arn:aws-cn:states:cn-northwest-1:000000000000:execution:timeline:P-1', 'arn:b'],
  detail: {
    eventId: 'x1',
    tenant: '445202',
    amount: 120000,
    score: 87.5,
    flag: true,
    nothing: null,
    empty: '',
    tags: ['urgent', 'county'],
    items: [
      { name: 'survey', qty: 2 },
      { name: 'audit', qty: 0 },
    ],
    agency: { uscc: '91445200MA4UXXXX0X', level: 'A' },
    ip: '10.0.12.7',
    email: 'Ops@Example.CN',
    file: 'report.PDF',
  },
};

const d = (detail: EventPattern): EventPattern => ({ detail });

const table: [string, EventPattern, boolean][] = [
  ['exact string', { source: ['ism.445200'] }, true],
  ['exact string, other value', { source: ['ism.440500'] }, false],
  ['any value of the list', { 'detail-type': ['AwardConfirmed', 'AwardPublished'] }, true],
  ['exact number', d({ amount: [120000] }), true],
  ['numbers compare as numbers', d({ amount: [1.2e5] }), true],
  ['a string never equals a number', d({ amount: ['120000'] }), false],
  ['exact boolean', d({ flag: [true] }), true],
  ['exact boolean, other value', d({ flag: [false] }), false],
  ['null matches a null field', d({ nothing: [null] }), true],
  ['null does not match a missing field', d({ missing: [null] }), false],
  ['empty string', d({ empty: [''] }), true],
  ['nested object', d({ agency: { level: ['A'] } }), true],
  ['nested object, other value', d({ agency: { level: ['B'] } }), false],
  ['array field: any element', d({ tags: ['county'] }), true],
  ['array field: no element', d({ tags: ['rural'] }), false],
  ['array of objects: any element', d({ items: { name: ['audit'] } }), true],
  // EventBridge flattens arrays: paths are matched independently, not per element.
  ['array of objects: fields from different elements', d({ items: { name: ['survey'], qty: [0] } }), true],
  ['top-level array (resources)', { resources: ['arn:b'] }, true],
  ['all keys must match', { source: ['ism.445200'], 'detail-type': ['CreditRecorded'] }, false],
  ['prefix', { source: [{ prefix: 'ism.' }] }, true],
  ['prefix, no match', { source: [{ prefix: 'aws.' }] }, false],
  ['prefix on a number never matches', d({ amount: [{ prefix: '12' }] }), false],
  ['prefix equals-ignore-case', d({ email: [{ prefix: { 'equals-ignore-case': 'OPS@' } }] }), true],
  ['suffix', d({ file: [{ suffix: '.PDF' }] }), true],
  ['suffix is case-sensitive', d({ file: [{ suffix: '.pdf' }] }), false],
  ['suffix equals-ignore-case', d({ file: [{ suffix: { 'equals-ignore-case': '.pdf' } }] }), true],
  ['equals-ignore-case', d({ email: [{ 'equals-ignore-case': 'ops@example.cn' }] }), true],
  ['wildcard', d({ file: [{ wildcard: 'report.*' }] }), true],
  ['wildcard in the middle', d({ file: [{ wildcard: 're*t.PDF' }] }), true],
  ['wildcard is case-sensitive', d({ file: [{ wildcard: '*.pdf' }] }), false],
  ['wildcard must match the whole value', d({ file: [{ wildcard: 'report' }] }), false],
  ['anything-but value', { source: [{ 'anything-but': 'ism.440500' }] }, true],
  ['anything-but value, excluded', { source: [{ 'anything-but': 'ism.445200' }] }, false],
  ['anything-but list, excluded', d({ agency: { level: [{ 'anything-but': ['A', 'B'] }] } }), false],
  ['anything-but list', d({ agency: { level: [{ 'anything-but': ['B', 'C'] }] } }), true],
  ['anything-but number', d({ amount: [{ 'anything-but': [0] }] }), true],
  ['anything-but prefix, excluded', { source: [{ 'anything-but': { prefix: 'ism.' } }] }, false],
  ['anything-but prefix', { source: [{ 'anything-but': { prefix: 'aws.' } }] }, true],
  ['anything-but suffix, excluded', d({ file: [{ 'anything-but': { suffix: '.PDF' } }] }), false],
  ['anything-but equals-ignore-case, excluded', d({ email: [{ 'anything-but': { 'equals-ignore-case': ['OPS@EXAMPLE.CN'] } }] }), false],
  ['anything-but wildcard', d({ file: [{ 'anything-but': { wildcard: '*.DOC' } }] }), true],
  ['anything-but needs the field', d({ missing: [{ 'anything-but': 'x' }] }), false],
  ['anything-but on an array: some element is not excluded', d({ tags: [{ 'anything-but': ['urgent'] }] }), true],
  ['numeric greater than', d({ amount: [{ numeric: ['>', 100000] }] }), true],
  ['numeric range, outside', d({ amount: [{ numeric: ['>', 0, '<=', 100000] }] }), false],
  ['numeric equals a decimal', d({ score: [{ numeric: ['=', 87.5] }] }), true],
  ['numeric half-open range', d({ score: [{ numeric: ['>=', 87.5, '<', 90] }] }), true],
  ['numeric on a string field never matches', d({ tenant: [{ numeric: ['>', 0] }] }), false],
  ['exists true', d({ eventId: [{ exists: true }] }), true],
  ['exists true, missing', d({ missing: [{ exists: true }] }), false],
  ['exists false, missing', d({ missing: [{ exists: false }] }), true],
  ['exists false, present', d({ eventId: [{ exists: false }] }), false],
  ['exists true on null (a present leaf)', d({ nothing: [{ exists: true }] }), true],
  ['exists only sees leaves, not objects', d({ agency: [{ exists: true }] }), false],
  ['exists false under a missing parent', d({ nope: { deeper: [{ exists: false }] } }), true],
  ['exists false or a value', d({ agency: { level: [{ exists: false }, 'A'] } }), true],
  ['mixed matchers in one list', { source: [{ prefix: 'x' }, 'ism.445200'] }, true],
  ['cidr', d({ ip: [{ cidr: '10.0.0.0/16' }] }), true],
  ['cidr, outside', d({ ip: [{ cidr: '10.1.0.0/16' }] }), false],
  ['$or: one alternative matches', { $or: [{ source: ['x'] }, d({ amount: [{ numeric: ['>', 1000] }] })] }, true],
  ['$or: none matches', { $or: [{ source: ['x'] }, { 'detail-type': ['y'] }] }, false],
  ['$or with other keys: all apply', { source: ['ism.445200'], $or: [d({ flag: [false] }), d({ tags: ['urgent'] })] }, true],
  ['$or nested in detail', d({ $or: [{ tenant: ['445203'] }, { agency: { level: ['A'] } }] }), true],
  ['empty pattern matches everything', {}, true],
];

describe('matchesPattern', () => {
  test.each(table)('%s', (_name, pattern, expected) => {
    validatePattern(pattern);
    expect(matchesPattern(pattern, event)).toBe(expected);
  });
});

describe('validatePattern refuses what AWS refuses', () => {
  test.each<[string, unknown]>([
    ['a leaf that is not an array', { source: 'ism.445200' }],
    ['a numeric without a value', d({ amount: [{ numeric: ['>'] }] })],
    ['an unknown operator', d({ amount: [{ between: [1, 2] }] })],
    ['consecutive wildcards', d({ file: [{ wildcard: 'a**b' }] })],
    ['an $or with one alternative', { $or: [{ source: ['x'] }] }],
    ['exists with a non-boolean', d({ a: [{ exists: 'yes' }] })],
    ['a numeric equality inside a range', d({ a: [{ numeric: ['=', 1, '<', 2] }] })],
  ])('%s', (_name, pattern) => {
    expect(() => validatePattern(pattern)).toThrow(InvalidEventPattern);
  });
});
