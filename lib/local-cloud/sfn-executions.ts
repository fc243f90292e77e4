/**
 * Executions and their persistence in `<stateDir>/stepfunctions.json`, so that DescribeExecution and
 * the idempotency of execution names (the timeline's exactly-once start) survive a restart of the
 * local cloud. Writes are coalesced and atomic (temp file + rename): a crash never leaves half a file.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { HistoryEvent } from './sfn-history.ts';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface ExecutionRecord {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  /** The input as given (a JSON text). */
  input: string;
  status: ExecutionStatus;
  output?: string;
  error?: string;
  cause?: string;
  /** Epoch ms. */
  startDate: number;
  stopDate?: number;
  history: HistoryEvent[];
}

interface StoredFile {
  version: 1;
  executions: ExecutionRecord[];
}

// A runaway loop must not grow the state file without bound; AWS itself caps history at 25,000 events.
export const MAX_HISTORY_EVENTS = 2_000;
const SAVE_DELAY_MS = 50;

export class ExecutionStore {
  private readonly byArn = new Map<string, ExecutionRecord>();
  private readonly finishedWaiters = new Map<string, ((r: ExecutionRecord) => void)[]>();
  private saveTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly file: string,
    reset: boolean,
    private readonly log: (m: string) => void,
  ) {
    if (reset) return;
    try {
      const stored = JSON.parse(readFileSync(file, 'utf8')) as StoredFile;
      for (const r of stored.executions ?? []) this.byArn.set(r.executionArn, r);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') log(`ignoring unreadable ${file}: ${(err as Error).message}`);
    }
  }

  static fileIn(stateDir: string): string {
    return join(stateDir, 'stepfunctions.json');
  }

  get(executionArn: string): ExecutionRecord | undefined {
    return this.byArn.get(executionArn);
  }

  /** Newest first, as ListExecutions orders them. */
  list(stateMachineArn?: string, status?: string): ExecutionRecord[] {
    return [...this.byArn.values()]
      .filter((r) => (!stateMachineArn || r.stateMachineArn === stateMachineArn) && (!status || r.status === status))
      .sort((a, b) => b.startDate - a.startDate);
  }

  add(record: ExecutionRecord): void {
    this.byArn.set(record.executionArn, record);
    this.changed();
  }

  /** Marks the record closed, wakes `.sync` waiters and saves. */
  finish(record: ExecutionRecord, outcome: Pick<ExecutionRecord, 'status' | 'output' | 'error' | 'cause'>): void {
    Object.assign(record, outcome, { stopDate: Date.now() });
    this.changed();
    for (const wake of this.finishedWaiters.get(record.executionArn) ?? []) wake(record);
    this.finishedWaiters.delete(record.executionArn);
  }

  whenFinished(executionArn: string): Promise<ExecutionRecord> {
    const r = this.byArn.get(executionArn);
    if (r && r.status !== 'RUNNING') return Promise.resolve(r);
    return new Promise((resolve) => {
      const list = this.finishedWaiters.get(executionArn) ?? [];
      list.push(resolve);
      this.finishedWaiters.set(executionArn, list);
    });
  }

  /** Schedules a save; many changes within SAVE_DELAY_MS make one write. */
  changed(): void {
    if (this.saveTimer) return;
    this.saveTimer = setTimeout(() => this.save(), SAVE_DELAY_MS);
    this.saveTimer.unref();
  }

  /** Writes now if a save is pending. */
  flush(): void {
    if (this.saveTimer) this.save();
  }

  private save(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    const stored: StoredFile = { version: 1, executions: [...this.byArn.values()] };
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(stored));
      renameSync(tmp, this.file);
    } catch (err) {
      this.log(`could not save ${this.file}: ${(err as Error).message}`);
    }
  }
}
