import { openDatabase } from './src/db/open.js';
const db = await openDatabase('data/sla.duckdb');
for (const v of ['sla_transitions','sla_visits','sla_pauses','step_visits','case_sla','step_performance','officer_performance','uncollected_products']) {
  const r = await db.one<any>(`select count(*) n from ${v}`); console.log(v, r.n);
}
console.log(await db.all(`select * from case_sla where returned_count > 0 and service = 'SIKTG' limit 1`));
console.log(await db.all(`select * from step_performance where service='SIKTG' and month = '2026-09-01' order by seq`));
console.log(await db.all(`select * from officer_performance where office='pekanbaru' and month = '2026-10-01'`));
