import { openDatabase } from './src/db/open.js';
const db = await openDatabase('data/sla.duckdb');
await db.write(w => w.run('set global asof_loop_join_threshold = 0'));
const time = async (l: string, q: string) => { const t = performance.now(); const r = await db.one<any>(q); console.log(l, JSON.stringify(r), ((performance.now() - t) / 1000).toFixed(3)); };
for (const v of ['sla_transitions','sla_visits','sla_pauses','step_visits','case_sla','step_performance','officer_performance','uncollected_products'])
  await time(v, `select count(*) from ${v}`);
