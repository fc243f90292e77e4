// Strategy: catalogues are kept per city, but every city keeps a replica of every other city's items, fed by
// `ServiceItemChanged` through the province bus. An item created in 汕头 is followed from its creation to 揭阳's
// table (read directly: the replica has no route of its own, on purpose), and then observed where it matters —
// an agency applying in 揭阳 with that 汕头 item is checked against its real qualification requirements and is
// reviewed by the regulator of its real industry in 揭阳. A revision in 汕头 (a lower grade) replaces the copy and
// the same application passes; an old event put straight onto 揭阳's bus afterwards changes nothing. The replica
// never leaks into 揭阳's own catalogue routes and cannot be written through 揭阳's API, and an event claiming one
// of 揭阳's own items cannot overwrite it.
import { randomUUID } from 'node:crypto';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { applicationBody, cityTable, clerkOf, dayOffset, dynamoClient, fileDocuments, freshUscc, regulatorOf, storedKeys } from './agencies-fixtures.ts';
import { call, endpoint, eventually, itemBody, JIEDONG, JIEYANG, operatorOf, PROVINCE, SHANTOU } from './helpers.ts';

jest.setTimeout(90_000);

/** Unique per run: the local cloud's state is shared by the whole suite. */
const CODE = `ZJ-${SHANTOU}-R${Date.now().toString(36).toUpperCase()}`;
const UNKNOWN = `ZJ-${SHANTOU}-X${Date.now().toString(36).toUpperCase()}`;
/** An industry no demo item has: the regulator slot it opens can only come from this item. */
const INDUSTRY = 'marine-survey';
const fields = (minGrade: '甲级' | '乙级' | '丙级') => ({ industry: INDUSTRY, qualificationRequirements: [{ type: '海洋测绘资质', minGrade }] });
const shantouOperator = operatorOf(SHANTOU);

const aws = { endpoint: endpoint(), region: 'cn-northwest-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, requestChecksumCalculation: 'WHEN_REQUIRED' as const, responseChecksumValidation: 'WHEN_REQUIRED' as const };

/** A row of 揭阳's table, read consistently, keys included. */
async function rowIn(city: string, pk: string, sk: string): Promise<Record<string, any> | undefined> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const out = await dynamoClient().send(new GetItemCommand({ TableName: await cityTable(city), Key: { pk: { S: pk }, sk: { S: sk } }, ConsistentRead: true }));
  return out.Item ? unmarshall(out.Item) : undefined;
}
const replicaIn = (city: string, tenant: string, code: string) => rowIn(city, `${tenant}#ITEM#${code}`, 'CURRENT');
const replicaVersion = async (version: number) => {
  const row = await replicaIn(JIEYANG, SHANTOU, CODE);
  return row && row.version >= version ? row : undefined;
};

/** Puts a ServiceItemChanged on 揭阳's bus as 汕头 would have published it, and waits until 揭阳's inbox has applied it. */
async function putAsShantou(item: Record<string, unknown>, source = `ism.${SHANTOU}`): Promise<void> {
  const eventId = randomUUID();
  const detail = {
    eventId, tenant: item.tenant, city: SHANTOU, province: PROVINCE, occurredAt: new Date().toISOString(), schemaVersion: 1,
    data: { action: 'service-item.created', code: item.code, version: item.version, status: item.status, item },
  };
  const out = await new EventBridgeClient(aws).send(new PutEventsCommand({
    Entries: [{ EventBusName: `ism-city-${JIEYANG}`, Source: source, DetailType: 'ServiceItemChanged', Detail: JSON.stringify(detail) }],
  }));
  expect(out.FailedEntryCount).toBe(0);
  // Applied (or deliberately ignored) once the inbox has written its marker for the event id.
  await eventually(() => rowIn(JIEYANG, `${JIEYANG}#APPLIED#${eventId}`, 'APPLIED'));
}

const expectRefused = (r: { status: number; body: any }, path: string, code: string) => // eslint-disable-line @typescript-eslint/no-explicit-any
  expect(r.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path, code })]));

describe('一地入驻、全省通行: 汕头\'s catalogue kept in 揭阳', () => {
  let v1: Record<string, unknown>;

  it('an item created in 汕头 reaches 揭阳 as a replica: the current row only, marked, outside every list', async () => {
    const created = await call(SHANTOU, 'POST', `/v1/tenants/${SHANTOU}/service-items`, { as: shantouOperator, body: itemBody(CODE, fields('甲级')) });
    expect(created.status).toBe(201);
    v1 = created.body;
    const replica = await eventually(() => replicaVersion(1));
    const { pk, sk, replicatedFrom, ...item } = replica;
    expect({ pk, sk, replicatedFrom }).toEqual({ pk: `${SHANTOU}#ITEM#${CODE}`, sk: 'CURRENT', replicatedFrom: SHANTOU });
    expect(item).toEqual(v1);
    expect(replica).not.toHaveProperty('gsi1pk');
    expect(replica).not.toHaveProperty('updatedBy');
    // No history rows: 汕头 keeps the versions of its own item.
    expect(await storedKeys(JIEYANG, `${SHANTOU}#ITEM#${CODE}`)).toEqual([`${SHANTOU}#ITEM#${CODE}|CURRENT`]);
  });

  it('揭阳\'s catalogue routes do not show it, and 揭阳\'s API cannot write it', async () => {
    expect((await call(JIEYANG, 'GET', `/v1/tenants/${SHANTOU}/service-items/${CODE}`)).status).toBe(404);
    expect((await call(JIEYANG, 'GET', `/v1/tenants/${SHANTOU}/service-items/${CODE}/versions`)).status).toBe(404);
    expect((await call(JIEYANG, 'GET', `/v1/tenants/${SHANTOU}/service-items`)).status).toBe(404);
    for (const tenant of [JIEYANG, JIEDONG, PROVINCE]) {
      const listed = await call(JIEYANG, 'GET', `/v1/tenants/${tenant}/service-items?status=all&limit=200&q=${CODE}`);
      expect(listed.status).toBe(200);
      expect(listed.body.items).toEqual([]);
    }
    expect((await call(JIEYANG, 'GET', `/v1/tenants/${SHANTOU}/service-items/${CODE}/qualified-agencies`)).status).toBe(404);

    const { code: _code, ...revision } = itemBody(CODE, { ...fields('丙级'), name: '从揭阳改写' });
    void _code;
    const admin = { role: 'province-admin', tenant: PROVINCE, sub: 'admin-440000' };
    for (const as of [shantouOperator, admin, operatorOf(JIEYANG)]) {
      expect((await call(JIEYANG, 'PUT', `/v1/tenants/${SHANTOU}/service-items/${CODE}`, { as, body: revision })).status).toBe(404);
      expect((await call(JIEYANG, 'DELETE', `/v1/tenants/${SHANTOU}/service-items/${CODE}`, { as, body: { reason: '从揭阳停用' } })).status).toBe(404);
      expect((await call(JIEYANG, 'POST', `/v1/tenants/${SHANTOU}/service-items`, { as, body: itemBody(`${CODE}-B`) })).status).toBe(404);
    }
    expect((await replicaIn(JIEYANG, SHANTOU, CODE))?.version).toBe(1);
    expect(await replicaIn(JIEYANG, SHANTOU, `${CODE}-B`)).toBeUndefined();
  });

  describe('an agency applying in 揭阳 with that 汕头 item', () => {
    const uscc = freshUscc(JIEYANG);
    const clerk = clerkOf(JIEYANG, uscc);
    // 乙级 only: the item asks for 甲级 until 汕头 revises it. The number is unknown to the e-licence library, so
    // the application goes to the joint review rather than being admitted at once.
    const qualification = { id: 'q-1', type: '海洋测绘资质', number: '乙测资字44050999', grade: '乙级', issuer: '广东省自然资源厅', validFrom: '2025-01-01', validTo: dayOffset(900) };
    const body = applicationBody(uscc, '揭阳市蓝海测绘技术有限公司', [{ tenant: SHANTOU, code: CODE }, { tenant: SHANTOU, code: UNKNOWN }], [qualification]);
    let id: string;

    it('is checked against the item\'s real requirements, and an item unknown in the province is refused', async () => {
      const created = await call(JIEYANG, 'POST', '/v1/agencies/applications', { as: clerk, body });
      expect(created.status).toBe(201);
      id = created.body.id;
      const complete = await fileDocuments(JIEYANG, clerk, id, body);
      expect((await call(JIEYANG, 'PUT', `/v1/agencies/applications/${id}`, { as: clerk, body: complete })).status).toBe(200);
      const r = await call(JIEYANG, 'POST', `/v1/agencies/applications/${id}/submit`, { as: clerk });
      expect(r.status).toBe(400);
      expectRefused(r, 'serviceItems.0', 'application.requirement-not-met');
      expectRefused(r, 'serviceItems.1', 'application.unknown-service-item');
      expect(r.body.errors.filter((e: { path: string }) => !e.path.startsWith('serviceItems.'))).toEqual([]);
      expect((await call(JIEYANG, 'GET', `/v1/agencies/applications/${id}`, { as: clerk })).body.status).toBe('draft');
    });

    it('a revision in 汕头 (a newer version) replaces the copy, and the application passes the same check', async () => {
      const { code: _code, ...revision } = itemBody(CODE, fields('乙级'));
      void _code;
      const revised = await call(SHANTOU, 'PUT', `/v1/tenants/${SHANTOU}/service-items/${CODE}`, { as: shantouOperator, body: { ...revision, expectedVersion: 1 } });
      expect(revised.status).toBe(200);
      expect(revised.body.version).toBe(2);
      const replica = await eventually(() => replicaVersion(2));
      expect(replica).toMatchObject({ version: 2, replicatedFrom: SHANTOU, qualificationRequirements: [{ type: '海洋测绘资质', minGrade: '乙级' }] });

      const current = (await call(JIEYANG, 'GET', `/v1/agencies/applications/${id}`, { as: clerk })).body;
      const onlyKnown = { ...current.content, serviceItems: [{ tenant: SHANTOU, code: CODE }] };
      expect((await call(JIEYANG, 'PUT', `/v1/agencies/applications/${id}`, { as: clerk, body: onlyKnown })).status).toBe(200);
      const r = await call(JIEYANG, 'POST', `/v1/agencies/applications/${id}/submit`, { as: clerk });
      expect(r.status).toBe(200);
      // The item's own industry opens its regulator's slot in 揭阳, as for any local item (联合审查).
      expect(r.body).toMatchObject({ status: 'submitted', review: { pendingReviewers: ['operator', `regulator:${INDUSTRY}`], verification: { autoAdmitted: false } } });
    });

    it('揭阳\'s regulator of that industry sees it and reviews it; with the operator it is admitted', async () => {
      const regulator = regulatorOf(JIEYANG, INDUSTRY);
      const worklist = await call(JIEYANG, 'GET', `/v1/tenants/${JIEYANG}/agency-applications`, { as: regulator });
      expect(worklist.body.items.map((a: { id: string }) => a.id)).toContain(id);
      const other = await call(JIEYANG, 'GET', `/v1/tenants/${JIEYANG}/agency-applications`, { as: regulatorOf(JIEYANG, 'water') });
      expect(other.body.items.map((a: { id: string }) => a.id)).not.toContain(id);
      expect((await call(JIEYANG, 'POST', `/v1/agencies/applications/${id}/review`, { as: regulator, body: { decision: 'approve', reason: '海洋测绘资质核验无误' } })).status).toBe(200);
      const admitted = await call(JIEYANG, 'POST', `/v1/agencies/applications/${id}/review`, { as: operatorOf(JIEYANG), body: { decision: 'approve', reason: '材料齐全' } });
      expect(admitted.body).toMatchObject({ status: 'admitted' });
      // 汕头 matches it for its own item against the same requirement.
      await eventually(async () => {
        const r = await call(SHANTOU, 'GET', `/v1/tenants/${SHANTOU}/service-items/${CODE}/qualified-agencies?limit=200`);
        return r.body.items?.some((a: { uscc: string }) => a.uscc === uscc) ? true : undefined;
      });
    });
  });

  it('an older event put on 揭阳\'s bus afterwards changes nothing', async () => {
    const before = await replicaIn(JIEYANG, SHANTOU, CODE);
    expect(before?.version).toBe(2);
    await putAsShantou(v1);
    expect(await replicaIn(JIEYANG, SHANTOU, CODE)).toEqual(before);
  });

  it('an event naming one of 揭阳\'s own items cannot overwrite it, whatever version it claims', async () => {
    const own = (await call(JIEYANG, 'GET', `/v1/tenants/${JIEYANG}/service-items/ZJ-${JIEYANG}-0001`)).body;
    expect(own.tenant).toBe(JIEYANG);
    await putAsShantou({ ...own, name: '伪造的事项', version: own.version + 100 });
    const after = await rowIn(JIEYANG, `${JIEYANG}#ITEM#ZJ-${JIEYANG}-0001`, 'CURRENT');
    expect(after).toMatchObject({ name: own.name, version: own.version });
    expect(after).not.toHaveProperty('replicatedFrom');
  });

  it('retirement in 汕头 reaches 揭阳 too, and a new application is refused for it', async () => {
    const retired = await call(SHANTOU, 'DELETE', `/v1/tenants/${SHANTOU}/service-items/${CODE}`, { as: shantouOperator, body: { reason: '测试停用' } });
    expect(retired.status).toBe(200);
    expect(await eventually(() => replicaVersion(3))).toMatchObject({ status: 'retired', retiredReason: '测试停用' });
    const uscc = freshUscc(JIEYANG);
    const clerk = clerkOf(JIEYANG, uscc);
    const created = await call(JIEYANG, 'POST', '/v1/agencies/applications', { as: clerk, body: applicationBody(uscc, '揭阳市迟来测绘有限公司', [{ tenant: SHANTOU, code: CODE }], []) });
    expect(created.status).toBe(201);
    const r = await call(JIEYANG, 'POST', `/v1/agencies/applications/${created.body.id}/submit`, { as: clerk });
    expect(r.status).toBe(400);
    expectRefused(r, 'serviceItems.0', 'application.service-item-retired');
    // Leave no open application behind.
    expect((await call(JIEYANG, 'POST', `/v1/agencies/applications/${created.body.id}/withdraw`, { as: clerk, body: { reason: '事项已停用' } })).status).toBe(200);
  });
});
