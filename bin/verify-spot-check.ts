/**
 * `npx tsx bin/verify-spot-check.ts <spot-check.json | URL | ->`
 *
 * Checks a published 双随机 spot check — the body of `GET /v1/tenants/{t}/spot-checks/{id}`, saved to a file, piped
 * in, or fetched from its URL — by recomputing it from its own fields: the agency draw (ISM-DRAW-1-W, weighted by
 * credit), every inspector draw (ISM-DRAW-1), that they all use the seed committed when the check was planned, and
 * that the agencies and inspectors listed are the ones the rankings give. No platform code beyond the protocol
 * modules; the only network access is fetching the URL when one is given.
 * Exit status: 0 valid, 1 invalid, 2 usage or unreadable input.
 */
import { readFileSync } from 'node:fs';
import { verifySpotCheck } from '../functions/supervision/domain/verify-spot-check.ts';

const USAGE = `Usage: npx tsx bin/verify-spot-check.ts <spot-check.json | https://…/v1/tenants/{t}/spot-checks/{id} | ->

Recomputes a published spot check's draws (ISM-DRAW-1-W for the agencies, ISM-DRAW-1 for the inspectors) and
prints VALID or INVALID. Exit status: 0 valid, 1 invalid, 2 usage or unreadable input.`;

async function read(source: string): Promise<unknown> {
  if (/^https?:\/\//.test(source)) {
    const response = await fetch(source, { headers: { accept: 'application/json' } });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return response.json();
  }
  return JSON.parse(source === '-' ? readFileSync(0, 'utf8') : readFileSync(source, 'utf8'));
}

async function main(argv: string[]): Promise<number> {
  if (argv.length !== 1 || argv[0] === '-h' || argv[0] === '--help') {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  let body: unknown;
  try {
    body = await read(argv[0]);
  } catch (error) {
    process.stderr.write(`verify-spot-check: cannot read a published spot check from ${argv[0]}: ${(error as Error).message}\n`);
    return 2;
  }
  const { valid, checks } = verifySpotCheck(body);
  for (const c of checks) process.stdout.write(`${c.ok ? 'ok  ' : 'FAIL'}  ${c.name}${c.detail && !c.ok ? ` — ${c.detail}` : ''}\n`);
  process.stdout.write(`${valid ? 'VALID' : 'INVALID'}\n`);
  return valid ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
