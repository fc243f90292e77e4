/**
 * Strategy: the transition table against DESIGN §4 — the happy path from draft to evaluated, every failure
 * branch, substitution, and exhaustively that every (status, event) pair outside the table is a 409.
 */
import { DomainError } from '#shared/http/problems.ts';
import { PROJECT_EVENTS, PROJECT_STATUSES, PROJECT_TRANSITIONS, TERMINAL_STATUSES, canTransition, transition, type HasLifecycle, type ProjectEvent } from './lifecycle.ts';

const start = (status: HasLifecycle['status']): HasLifecycle => ({ status, history: [] });
const run = (from: HasLifecycle['status'], events: ProjectEvent[]) => events.reduce((s, e, i) => transition(s, e, { at: `t${i}` }), start(from));

describe('project lifecycle', () => {
  it('runs the whole path of DESIGN §4 and records every step', () => {
    const done = run('draft', ['submit', 'approve', 'close', 'start-selection', 'award', 'confirm', 'contract', 'start-service', 'complete', 'evaluate']);
    expect(done.status).toBe('evaluated');
    expect(done.history.map((h) => `${h.from}>${h.to}`)).toEqual([
      'draft>submitted', 'submitted>published', 'published>closed', 'closed>selecting', 'selecting>awarded', 'awarded>confirmed',
      'confirmed>contracted', 'contracted>in-service', 'in-service>completed', 'completed>evaluated',
    ]);
  });

  it('returned → submitted again; closed → failed (流标); substitution after an objection or an abandonment', () => {
    expect(run('draft', ['submit', 'return', 'submit', 'approve']).status).toBe('published');
    expect(run('published', ['close', 'fail']).status).toBe('failed');
    expect(run('selecting', ['award', 'substitute', 'confirm', 'substitute', 'fail']).status).toBe('failed');
  });

  it('does not change its input', () => {
    const s = start('draft');
    transition(s, 'submit', { at: 't' });
    expect(s).toEqual({ status: 'draft', history: [] });
  });

  it('every pair outside the table is a 409 naming the status', () => {
    for (const status of PROJECT_STATUSES) {
      for (const event of PROJECT_EVENTS) {
        const legal = PROJECT_TRANSITIONS[event].from.includes(status);
        expect(canTransition(status, event)).toBe(legal);
        if (legal) continue;
        try {
          transition(start(status), event, { at: 't' });
          throw new Error(`${status} --${event}--> should be refused`);
        } catch (error) {
          expect(error).toBeInstanceOf(DomainError);
          expect((error as DomainError).status).toBe(409);
          expect((error as DomainError).extra).toMatchObject({ status, event });
        }
      }
    }
  });

  it('nothing leaves a terminal status', () => {
    for (const status of TERMINAL_STATUSES) expect(PROJECT_EVENTS.filter((e) => canTransition(status, e))).toEqual([]);
  });
});
