/**
 * When a confirmed winner is replaced (it abandons, or does not sign in time), its 中选确认书 is voided: the register
 * answers "voided" from then on. Apart from certificate-step.ts (issuing) so that the projects API, which only voids,
 * does not bundle the PDF stack.
 */
import { voidCertificate } from '#functions/certificates/void.ts';
import type { AwardCertificate } from './domain/award/award.ts';
import type { Project } from './domain/project/project.ts';

export async function voidAwardCertificate(project: Project, reason: string): Promise<AwardCertificate | undefined> {
  const issued = project.award?.certificate;
  if (issued && !issued.voided) await voidCertificate(issued.certificateNo, reason, 'system:timeline');
  return issued && { ...issued, voided: { at: new Date().toISOString(), reason } };
}
