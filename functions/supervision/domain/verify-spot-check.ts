import { checklist, verifyTranscript, type TranscriptVerification } from '#functions/procurement/domain/draw/ism-draw-1.ts';
import { verifyWeightedTranscript } from '#functions/procurement/domain/draw/ism-draw-1-w.ts';
import { inspectorDrawId } from './spot-check.ts';

/**
 * Checks a published spot check (the body of `GET /v1/tenants/{t}/spot-checks/{id}`) from its own fields, as anyone
 * would: the agency draw (ISM-DRAW-1-W) and every inspector draw (ISM-DRAW-1) recompute; they all use the seed whose
 * commitment was published with the plan; the agencies drawn are the first `drawn` of the agency ranking, as many
 * as the sample size allows; each drawn agency has exactly one inspector draw, under the id
 * `<id>#inspectors#<agency>`, and the inspectors sent are the first of its ranking. Never throws.
 */
export function verifySpotCheck(input: unknown): TranscriptVerification {
  const { check, done } = checklist();
  try {
    return verifyInto(input, check, done);
  } catch (error) {
    // A body of the wrong shape somewhere deep (a list of nulls where entries belong): invalid, never a crash.
    check('the published body is well-formed', false, (error as Error).message);
    return done();
  }
}

function verifyInto(input: unknown, check: (name: string, ok: boolean, detail?: string) => boolean, done: () => TranscriptVerification): TranscriptVerification {
  const body = input as Record<string, any> | null;
  if (!check('a published spot check (id, commitment, draw.transcripts)', typeof body === 'object' && body !== null && typeof body.id === 'string'
    && typeof body.commitment === 'string' && typeof body.draw?.transcripts?.agencies === 'object' && Array.isArray(body.draw?.transcripts?.inspectors) && Array.isArray(body.draw?.drawn))) return done();

  const agencies = body!.draw.transcripts.agencies as Record<string, any>;
  const weighted = verifyWeightedTranscript(agencies);
  for (const c of weighted.checks) check(`agency draw: ${c.name}`, c.ok, c.detail);
  if (!weighted.valid) return done();
  check('agency draw id = the spot check id', agencies.projectId === body!.id, `got ${agencies.projectId}`);
  check('agency draw uses the seed committed at planning', agencies.commitment === body!.commitment);
  if (typeof body!.beacon === 'string') check('agency draw uses the beacon named at planning', agencies.beacon === body!.beacon);
  if (Number.isInteger(body!.sampleSize)) {
    const expected = Math.min(body!.sampleSize, agencies.pool.length);
    check('drawn = min(sample size, pool size)', agencies.drawn === expected, `drawn ${agencies.drawn}, expected ${expected}`);
  }
  const drawnCodes = (agencies.ranking as string[]).slice(0, agencies.drawn);
  const listed = (body!.draw.drawn as { agency: string; inspectors?: { id: string }[] }[]);
  check('the agencies listed as drawn are the first of the ranking', listed.length === drawnCodes.length && listed.every((d, i) => d.agency === drawnCodes[i]));
  if (Array.isArray(body!.draw.pool)) {
    const entries = (body!.draw.pool as { code: string; weight: number }[]).map((m) => `${m.code}*${m.weight}`).sort();
    check('the pool listed (with weights) is the pool drawn from', entries.join('\n') === (agencies.pool as string[]).join('\n'));
  }

  const inspectorDraws = body!.draw.transcripts.inspectors as { agency: string; transcript: Record<string, any> }[];
  check('one inspector draw per drawn agency', inspectorDraws.length === drawnCodes.length && inspectorDraws.every((d, i) => d.agency === drawnCodes[i]));
  for (const [i, d] of inspectorDraws.entries()) {
    const v = verifyTranscript(d.transcript);
    for (const c of v.checks) check(`inspectors for ${d.agency}: ${c.name}`, c.ok, c.detail);
    if (!v.valid) continue;
    check(`inspectors for ${d.agency}: draw id is ${inspectorDrawId(body!.id, d.agency)}`, d.transcript.projectId === inspectorDrawId(body!.id, d.agency));
    check(`inspectors for ${d.agency}: same seed and beacon as the agency draw`, d.transcript.seed === agencies.seed && d.transcript.beacon === agencies.beacon);
    const sent = listed[i]?.inspectors?.map((x) => x.id);
    if (sent) {
      const first = (d.transcript.ranking as string[]).slice(0, d.transcript.drawn ?? sent.length);
      check(`inspectors for ${d.agency}: those sent are the first of the ranking`, sent.length === first.length && sent.every((id, k) => id === first[k]));
    }
  }
  return done();
}
