import { drawRanking, type TranscriptVerification, verifyTranscript } from './domain/draw/ism-draw-1.ts';
import type { Project } from './domain/project/project.ts';
import { projectStore } from './adapters/project-store.ts';

/**
 * The ISM-DRAW-1 transcripts a project has published so far, each with the server's verification: the selection
 * draw (random), each tie-break, the scorers' draw. Before the award only the commitment and the pool hash are
 * public (the seed stays apart, projectKeys.drawSecret). Read by the procurement API (`GET …/draw`) and by the public
 * portal's draw verification page, so both show the same transcripts.
 */
export async function drawOf(project: Project) {
  if (!project.award) {
    return { projectId: project.id, published: false, commitment: project.draw?.commitment, poolHash: project.closing?.poolHash, transcripts: [] as { purpose: string; transcript: unknown; verification: TranscriptVerification }[] };
  }
  const secret = await projectStore.drawSecret(project.tenant, project.id);
  const transcripts: { purpose: string; transcript: unknown; verification: TranscriptVerification }[] = [];
  if (secret && project.closing && project.selectionMethod === 'random') {
    const t = drawRanking({ seed: secret.seed, projectId: project.id, pool: project.closing.pool, beacon: project.draw?.beacon ?? '' });
    transcripts.push({ purpose: 'selection', transcript: t, verification: verifyTranscript(t) });
  }
  if (secret && project.award.ranking.some((r) => r.tieBreak)) {
    const groups = new Map<number, string[]>();
    for (const r of project.award.ranking) if (r.tieBreak) groups.set(r.tieBreak.draw, r.tieBreak.tiedWith);
    for (const [, tied] of [...groups].sort((a, b) => a[0] - b[0])) {
      const t = drawRanking({ seed: secret.seed, projectId: project.id, pool: tied, beacon: project.draw?.beacon ?? '' });
      transcripts.push({ purpose: 'tie-break', transcript: t, verification: verifyTranscript(t) });
    }
  }
  if (project.scoring) transcripts.push({ purpose: 'scorers', transcript: project.scoring.transcript, verification: verifyTranscript(project.scoring.transcript) });
  return { projectId: project.id, published: true, commitment: project.draw?.commitment, poolHash: project.closing?.poolHash, transcripts };
}

