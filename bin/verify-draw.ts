/**
 * `npx tsx bin/verify-draw.ts <transcript.json>` (or `-` to read stdin)
 *
 * Checks an ISM-DRAW-1 transcript (or an ISM-DRAW-1-W one: a spot check's agency draw) — from `GET /v1/tenants/{t}/projects/{id}/draw`, an award notice, anywhere —
 * by recomputing it from its own fields: commitment, pool order, poolHash, ranking and (when present) tickets.
 * No network, no platform code beyond the protocol module. Prints each check, then VALID or INVALID.
 * Exit status: 0 valid, 1 invalid, 2 usage or unreadable input.
 *
 * The API's `GET …/draw` wraps the transcript with its verification; a body with a `transcript` property is
 * accepted as well, so the response can be piped straight in.
 */
import { readFileSync } from 'node:fs';
import { verifyTranscript } from '../functions/procurement/domain/draw/ism-draw-1.ts';
import { verifyWeightedTranscript, WEIGHTED_PROTOCOL } from '../functions/procurement/domain/draw/ism-draw-1-w.ts';

const USAGE = `Usage: npx tsx bin/verify-draw.ts <transcript.json | ->

Recomputes an ISM-DRAW-1 draw transcript (DESIGN section 4) and prints VALID or INVALID.
Exit status: 0 valid, 1 invalid, 2 usage or unreadable input.`;

function main(argv: string[]): number {
  if (argv.length !== 1 || argv[0] === '-h' || argv[0] === '--help') {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  let parsed: unknown;
  try {
    const text = argv[0] === '-' ? readFileSync(0, 'utf8') : readFileSync(argv[0], 'utf8');
    parsed = JSON.parse(text);
  } catch (error) {
    process.stderr.write(`verify-draw: cannot read a JSON transcript from ${argv[0]}: ${(error as Error).message}\n`);
    return 2;
  }
  const transcript = typeof parsed === 'object' && parsed !== null && 'transcript' in parsed ? (parsed as { transcript: unknown }).transcript : parsed;
  // A weighted transcript (ISM-DRAW-1-W, a spot check's agency draw) is checked by its own steps.
  const weighted = typeof transcript === 'object' && transcript !== null && (transcript as { protocol?: unknown }).protocol === WEIGHTED_PROTOCOL;
  const { valid, checks } = weighted ? verifyWeightedTranscript(transcript) : verifyTranscript(transcript);
  for (const c of checks) process.stdout.write(`${c.ok ? 'ok  ' : 'FAIL'}  ${c.name}${c.detail ? ` — ${c.detail}` : ''}\n`);
  process.stdout.write(`${valid ? 'VALID' : 'INVALID'}\n`);
  return valid ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
