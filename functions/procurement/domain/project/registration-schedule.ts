import { problems } from '#shared/http/problems.ts';
import type { Deadline, WorkingDayCalendar } from '#functions/tenancy/domain/calendar/index.ts';
import { epochMsOf, formatShanghaiInstant, type InstantInput } from '#functions/tenancy/domain/calendar/local-date.ts';

/**
 * 报名期: when registration opens and closes. The real deadline is counted in working days by the tenant's
 * calendar (民法典 第二百零一条; rule and calendar version kept with it). On a sandbox tenant with a time
 * accelerator > 1 (ProZorro's sandbox: 1440 = one day per minute) the window that is enforced is the real one
 * shrunk by the accelerator — `opensAt + (deadline − opensAt) / accelerator` — and the real deadline stays
 * beside it, so a demo shows what the real date would have been. Production tenants never accelerate: a policy
 * that asks them to is refused here too, even though policy resolution already pins it to 1.
 */
export interface RegistrationSchedule {
  opensAt: string;
  /** The real, working-day deadline (exclusive: a registration at `deadline.at` is late). */
  deadline: Deadline;
  /** The instant the server enforces: `deadline.at`, or the accelerated one on a sandbox tenant. Exclusive. */
  closesAt: string;
  accelerated?: { accelerator: number; at: string };
}

export interface TenantKind {
  code: string;
  /** Sandbox tenants (training, demos, tests) may accelerate time; production tenants may not. */
  sandbox: boolean;
}

export function scheduleRegistration(args: {
  calendar: WorkingDayCalendar;
  opensAt: InstantInput;
  workingDays: number;
  timeAccelerator: number;
  tenant: TenantKind;
}): RegistrationSchedule {
  const { calendar, workingDays, timeAccelerator, tenant } = args;
  if (!Number.isFinite(timeAccelerator) || timeAccelerator < 1) {
    throw problems.conflict('policy.accelerator-invalid', '时间加速倍数须不小于 1', 'The time accelerator must be at least 1', { timeAccelerator });
  }
  if (timeAccelerator > 1 && !tenant.sandbox) {
    throw problems.conflict(
      'policy.acceleration-refused',
      `正式租户 ${tenant.code} 不能加速时间，只有沙箱租户可以`,
      `Production tenant ${tenant.code} cannot accelerate time; only sandbox tenants can`,
      { tenant: tenant.code, timeAccelerator },
    );
  }
  const openMs = epochMsOf(args.opensAt);
  const opensAt = formatShanghaiInstant(openMs);
  const deadline = calendar.addWorkingDays(opensAt, workingDays);
  if (timeAccelerator === 1) return { opensAt, deadline, closesAt: deadline.at };
  // Floor: the accelerated instant is never later than the exact quotient, so it never lets in a late registration.
  const at = formatShanghaiInstant(openMs + Math.floor((epochMsOf(deadline.at) - openMs) / timeAccelerator));
  return { opensAt, deadline, closesAt: at, accelerated: { accelerator: timeAccelerator, at } };
}

/**
 * Any later period of the lifecycle (公示期, 合同签订期, 评价期 …) counted the same way: `workingDays` from `from`
 * on the tenant's calendar, and the instant actually enforced (`dueAt`), shrunk by the accelerator on a sandbox.
 */
export interface ScheduledPeriod {
  from: string;
  deadline: Deadline;
  /** The instant the timeline waits for and the API enforces (exclusive). */
  dueAt: string;
  accelerated?: { accelerator: number; at: string };
}

export function schedulePeriod(args: { calendar: WorkingDayCalendar; from: InstantInput; workingDays: number; timeAccelerator: number; tenant: TenantKind }): ScheduledPeriod {
  const s = scheduleRegistration({ calendar: args.calendar, opensAt: args.from, workingDays: args.workingDays, timeAccelerator: args.timeAccelerator, tenant: args.tenant });
  return { from: s.opensAt, deadline: s.deadline, dueAt: s.closesAt, ...(s.accelerated ? { accelerated: s.accelerated } : {}) };
}
