/**
 * Backfill of open data and statistics for a city whose projects predate its disclosure projector (or after a
 * mapping change): one message per public project of the city and its counties on the city's `disclosure` queue, as
 * the city bus would have delivered an event, so the projector writes the releases and summary each project is
 * missing (a release already written stays as it is). Safe to run twice: the projector works from the stored project.
 *
 *   npx tsx bin/disclosure-backfill.ts --city 445200 [--api <city API URL>] [--queue-url <disclosure queue URL>]
 *
 * Locally the API and the queue are found through the local cloud (--endpoint, default http://localhost:4566); on AWS
 * pass --api and --queue-url (the stack's `…-DisclosureQueue…`) and run with credentials that may send to it.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { GetQueueUrlCommand, ListQueuesCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';

const { values } = parseArgs({ options: { city: { type: 'string' }, api: { type: 'string' }, 'queue-url': { type: 'string' }, endpoint: { type: 'string' } } });
const city = values.city;
if (!city || !/^\d{6}$/.test(city)) {
  console.error('usage: npx tsx bin/disclosure-backfill.ts --city <city code> [--api <URL>] [--queue-url <URL>] [--endpoint <local cloud URL>]');
  process.exit(1);
}
const endpoint = values.endpoint ?? process.env.ISM_LOCAL_ENDPOINT ?? 'http://localhost:4566';
const local = !values['queue-url'];
const sqs = new SQSClient(local ? { endpoint, region: 'cn-northwest-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {});

async function apiUrl(): Promise<string> {
  if (values.api) return values.api.replace(/\/$/, '');
  const apis = (await (await fetch(`${endpoint}/_local/apis`)).json()) as { city?: string; url: string }[];
  const found = apis.find((a) => a.city === city);
  if (!found) throw new Error(`no API for city ${city} at ${endpoint}/_local/apis`);
  return found.url;
}

async function queueUrl(): Promise<string> {
  if (values['queue-url']) return values['queue-url'];
  const urls = (await sqs.send(new ListQueuesCommand({ QueueNamePrefix: `Ism-City-${city}-DisclosureQueue` }))).QueueUrls ?? [];
  if (!urls[0]) throw new Error(`no disclosure queue of ${city}`);
  return (await sqs.send(new GetQueueUrlCommand({ QueueName: urls[0].split('/').at(-1)! }))).QueueUrl!;
}

const api = await apiUrl();
const queue = await queueUrl();
const counties = ((await (await fetch(`${api}/v1/tenants?limit=200`)).json()) as { items: { code: string; parent?: string }[] }).items
  .filter((t) => t.parent === city).map((t) => t.code);
let sent = 0;
for (const tenant of [city, ...counties]) {
  let cursor: string | undefined;
  do {
    const page = (await (await fetch(`${api}/v1/tenants/${tenant}/projects?limit=200${cursor ? `&cursor=${cursor}` : ''}`)).json()) as { items: { id: string }[]; nextCursor?: string };
    for (let i = 0; i < page.items.length; i += 10) {
      const batch = page.items.slice(i, i + 10);
      const res = await sqs.send(new SendMessageBatchCommand({
        QueueUrl: queue,
        Entries: batch.map((p, j) => ({
          Id: String(j),
          MessageBody: JSON.stringify({
            id: randomUUID(), source: `ism.${city}`, 'detail-type': 'DisclosureBackfill',
            detail: { eventId: `backfill-${randomUUID()}`, tenant, city, occurredAt: new Date().toISOString(), schemaVersion: 1, data: { projectId: p.id } },
          }),
        })),
      }));
      if (res.Failed?.length) throw new Error(`not queued: ${res.Failed.map((f) => f.Message).join('; ')}`);
      sent += batch.length;
    }
    cursor = page.nextCursor;
  } while (cursor);
}
console.log(`queued ${sent} projects of ${city} and its counties (${counties.join(', ') || 'none'}) for the disclosure projector`);
