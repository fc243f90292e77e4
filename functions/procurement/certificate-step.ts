/**
 * 中选确认书 at confirmation (DESIGN §5): the certificates context renders, signs and stores it; the project keeps its
 * number. When a confirmed winner is replaced, its certificate is voided (the register then answers "voided").
 */
import { ENV, requireEnv } from '#shared/deployment-env.ts';
import { agencyStore } from '#functions/agencies/adapters/agency-store.ts';
import { ownerStore } from '#functions/owners/adapters/owner-store.ts';
import { issueCertificate } from '#functions/certificates/issue.ts';
import { currentRound, type AwardCertificate } from './domain/award/award.ts';
import type { Project } from './domain/project/project.ts';
import { poolHashOf, sortPool } from './domain/draw/ism-draw-1.ts';
import type { RankedCandidate } from './domain/selection/ranking.ts';
import { province } from './project-service.ts';

/** The draw that decided the winner: the whole draw (random), or the tie-break among the tied (its own pool hash). */
function drawOfWinner(project: Project, winner: RankedCandidate | undefined): { commitment: string; poolHash: string } | undefined {
  if (!project.draw || !project.closing) return undefined;
  if (project.selectionMethod === 'random') return { commitment: project.draw.commitment, poolHash: project.closing.poolHash };
  if (winner?.tieBreak) return { commitment: project.draw.commitment, poolHash: poolHashOf(sortPool(winner.tieBreak.tiedWith)) };
  return undefined;
}

export type { AwardCertificate };

/** Issues the certificate of the current (confirmed) round (voiding is certificate-void.ts). */
export async function certificateForAward(project: Project): Promise<AwardCertificate | undefined> {
  const award = project.award;
  const round = currentRound(project);
  if (!award || !round) return undefined;
  const [owner, agency] = await Promise.all([ownerStore.get(project.tenant, project.ownerId), agencyStore.get(province(), round.code)]);
  const winner = award.ranking.find((r) => r.code === round.code);
  const issued = await issueCertificate({
    tenant: project.tenant,
    project: { id: project.id, name: project.name },
    owner: { id: project.ownerId, name: owner?.name ?? project.ownerId },
    agency: { uscc: round.code, name: agency?.name ?? round.code },
    serviceItem: { code: project.serviceItem.code, name: project.serviceItem.name },
    method: project.selectionMethod,
    ...(winner?.quoteFen ? { priceFen: winner.quoteFen } : {}),
    ...(drawOfWinner(project, winner) ? { draw: drawOfWinner(project, winner)! } : {}),
    awardedAt: round.awardedAt,
    confirmedAt: award.confirmedAt!,
    issuer: { province: requireEnv(ENV.provinceCode), city: requireEnv(ENV.cityCode) },
  });
  return { certificateNo: issued.certificateNo, pdfSha256: issued.pdfSha256, issuedAt: issued.fields.issuedAt };
}
