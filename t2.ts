import { openDatabase } from './src/db/open.js';
import { readFileSync } from 'node:fs';
const db = await openDatabase('data/sla.duckdb');
const sql = readFileSync('queries/sla_transitions.sql', 'utf8').replace(/select \* from final\s*$/, '');
for (const cte of ['office_as_of', 'office_as_of_pos', 'scoped', 'cases', 'case_versions', 'version_steps', 'transitions', 'positioned', 'final']) {
  const t = performance.now();
  const r = await db.one<any>(`${sql} select count(*) n from ${cte}`);
  console.log(cte, r.n, ((performance.now() - t) / 1000).toFixed(3));
}
