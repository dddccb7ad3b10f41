import type { Database } from '../db/index.js';
import { errorIn } from '../errors.js';
import { t, type Lang } from '../i18n/index.js';
import { exportLake, type LakeSummary } from './export.js';

/**
 * The service's lake export after each load (SLA_LAKE_EVERY, `sla serve --lake-every`): after
 * every committed transaction it looks at the loads (ingest_batches: committed and undone ones),
 * and when they moved since the last export, exports again. Other transactions (an auditor query
 * logged, a user added) cost one small query. Exports never overlap: commits during one are
 * answered by one more export after it. Each export rewrites only what changed (export.ts).
 */
export interface LakeExporter {
  /** settles when no export is running or due */
  idle(): Promise<void>;
  stop(): void;
}

const LOADS =
  "select count(*) filter (where status = 'committed') as committed, count(*) filter (where status = 'undone') as undone, coalesce(max(batch_id), 0) as last from ingest_batches";

export function startLakeExporter(
  db: Database,
  opts: { dir: string; log: (line: string) => void; onExport?: (r: LakeSummary) => void; lang?: Lang },
): LakeExporter {
  const lang = opts.lang ?? 'id';
  let last: string | undefined;
  let running: Promise<void> | undefined;
  let due = false;
  let stopped = false;
  const pass = async (): Promise<void> => {
    do {
      due = false;
      const loads = JSON.stringify(await db.one(LOADS));
      if (loads === last) continue;
      const r = await exportLake(db, opts.dir);
      last = loads;
      opts.onExport?.(r);
      if (r.written || r.removed)
        opts.log(t(lang, 'lake_exported', { dir: opts.dir, written: r.written, removed: r.removed }));
    } while (due && !stopped);
  };
  const kick = () => {
    if (stopped) return;
    if (running) {
      due = true;
      return;
    }
    running = pass()
      .catch((err: unknown) => opts.log(t(lang, 'lake_failed', { detail: errorIn(err as Error, lang) })))
      .finally(() => {
        running = undefined;
      });
  };
  const off = db.onCommit(kick);
  // at start: the loads made while the service was down
  kick();
  return {
    idle: async () => {
      while (running) await running;
    },
    stop() {
      stopped = true;
      off();
    },
  };
}
