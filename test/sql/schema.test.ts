import type { FastifyInstance } from 'fastify';
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { Database } from '../../src/db/database.js';
import { SqlFailedError } from '../../src/errors.js';
import { EXPOSED } from '../../src/sandbox/relations.js';
import { repoPath } from '../helpers.js';
import { auditorDb } from './helpers.js';

/*
 * What an auditor sees of the schema (issue 21 §5): the catalog of the sandbox lists each
 * relation once; every column can be named without quotes; GET /api/sql/schema describes every
 * relation and column in Bahasa Indonesia and English; the internal refresh stages are not
 * offered as saved queries; DuckDB's hints (candidate bindings, "did you mean") reach the auditor.
 */

let db: Database;
let app: FastifyInstance;
beforeAll(async () => {
  db = await auditorDb();
  app = await buildApp({ db });
});
afterAll(async () => {
  await app?.close();
  db?.close();
});

const run = (sql: string) => app.sqlEngine.run({ sql, who: 'test:schema' });
const rows = async (sql: string) => (await run(sql)).json;

interface SchemaBody {
  relations: Array<{
    name: string;
    kind: string;
    description: { id: string; en: string };
    columns: Array<{ name: string; type: string; description: { id: string; en: string } }>;
  }>;
  saved_queries: Array<{ name: string; kind: string; description: string; sql: string }>;
}
const schema = async (): Promise<SchemaBody> => (await app.inject({ method: 'GET', url: '/api/sql/schema' })).json();

describe('the catalog lists each relation once', () => {
  it('information_schema.tables and duckdb_tables() name every relation once, and only those', async () => {
    const names = (await schema()).relations.map((r) => r.name).sort();
    expect(names).toContain('events');
    expect(names).toContain('query_audit_log');
    const listed = (await rows('select table_name from information_schema.tables order by table_name')).map(
      (r) => r[0],
    );
    expect(listed).toEqual(names);
    const tables = (await rows('select table_name from duckdb_tables() order by table_name')).map((r) => r[0]);
    expect(tables).toEqual(names);
    expect(await rows('select view_name from duckdb_views() where not internal')).toEqual([]);
    // and each column once
    expect(
      await rows(
        'select table_name, column_name, count(*) from information_schema.columns group by all having count(*) > 1',
      ),
    ).toEqual([]);
  });
});

describe('an SOP version without a date (SPEC §4: data as the seeds give them)', () => {
  it('shows effective_from null, not -infinity (5877642-06-24 BC)', async () => {
    expect(
      await rows("select service, effective_from from services where office = 'pekanbaru' order by service"),
    ).toEqual([
      ['SIKTG', '2023-05-10'],
      ['SIPOT', null],
    ]);
    expect(await rows("select count(*) from sop_steps where service = 'SIPOT' and effective_from is not null")).toEqual(
      [[0]],
    );
  });
});

describe('no column name needs quoting', () => {
  it('every column of every relation can be named as it is (events."at", the SPEC §2.3 name DuckDB reserves, has its twin event_at)', async () => {
    const failed: string[] = [];
    for (const rel of (await schema()).relations) {
      for (const c of rel.columns) {
        if (rel.name === 'events' && c.name === 'at') continue;
        await run(`select ${c.name} from ${rel.name} limit 0`).catch((e: Error) =>
          failed.push(`${rel.name}.${c.name}: ${e.message}`),
        );
      }
    }
    expect(failed).toEqual([]);
  });

  it('the audit log shows the query text as statement, events the instant as event_at', async () => {
    const { relations } = await schema();
    const columns = (name: string) => relations.find((r) => r.name === name)!.columns.map((c) => c.name);
    expect(columns('query_audit_log')).toContain('statement');
    expect(columns('query_audit_log')).not.toContain('sql');
    expect(columns('events')).toContain('event_at');
    // the public name stays (SPEC §3: the columns of §2.3; the definitions of queries/ use it)
    expect(columns('events')).toContain('at');
    expect(await rows(`select count(*) from events where "at" is distinct from event_at`)).toEqual([[0]]);
    // the same values as the service's own columns
    await run('select 42 as answer');
    const [[statement]] = (await rows(
      "select statement from query_audit_log where statement = 'select 42 as answer'",
    )) as [[string]];
    expect(statement).toBe('select 42 as answer');
    expect(
      await rows(
        "select case_id, strftime(event_at, '%Y-%m-%d %H:%M') from events where case_id = 'LS-1' order by event_at",
      ),
    ).toEqual([
      ['LS-1', '2026-07-06 01:00'],
      ['LS-1', '2026-07-06 01:30'],
    ]);
  });
});

describe('GET /api/sql/schema', () => {
  it('describes every relation and every column in Bahasa Indonesia and in English', async () => {
    const { relations } = await schema();
    expect(relations.length).toBeGreaterThan(10);
    const missing: string[] = [];
    const check = (what: string, d: { id: string; en: string } | undefined) => {
      if (
        !d ||
        typeof d.id !== 'string' ||
        typeof d.en !== 'string' ||
        d.id.trim() === '' ||
        d.en.trim() === '' ||
        d.id === d.en
      )
        missing.push(what);
    };
    for (const rel of relations) {
      check(rel.name, rel.description);
      for (const c of rel.columns) check(`${rel.name}.${c.name}`, c.description);
    }
    expect(missing).toEqual([]);
    const events = relations.find((r) => r.name === 'events')!;
    expect(events.columns.find((c) => c.name === 'case_id')!.description).toEqual({
      id: expect.stringMatching(/berkas/i),
      en: expect.stringMatching(/case/i),
    });
  });

  it('offers the definitions of relations auditors read, not the internal refresh stages', async () => {
    const saved = (await schema()).saved_queries;
    const names = saved.map((q) => q.name);
    for (const stage of ['sla_cases', 'sla_transitions', 'sla_visits', 'sla_pauses', 'office_extent'])
      expect(names).not.toContain(stage);
    // the stages exist (the test would pass for nothing otherwise)
    const files = readdirSync(repoPath('queries')).map((f) => f.replace(/\.sql$/, ''));
    expect(files).toEqual(
      expect.arrayContaining(['sla_cases', 'sla_transitions', 'sla_visits', 'sla_pauses', 'office_extent']),
    );
    expect(names).toEqual(expect.arrayContaining(['_macros', 'case_sla', 'step_visits', 'ikm_summary']));
    const exposed = new Set(EXPOSED.map((r) => r.name));
    for (const q of saved) expect(q.kind === 'macros' || (q.kind === 'view' && exposed.has(q.name)), q.name).toBe(true);
  });
});

describe("DuckDB's hints stay in the message", () => {
  it.each([
    [
      'a misspelt column',
      'select offce from events',
      /Referenced column "offce" not found.*Candidate bindings: .*"office"/,
    ],
    [
      'a misspelt column of an alias',
      'select e.offce from events as e',
      /does not have a column named "offce".*Candidate bindings: .*"office"/,
    ],
    ['a misspelt table', 'select * from evnts', /Table with name evnts does not exist!.*Did you mean "events"/],
    ['a misspelt function', 'select lenght(office) from events', /lenght does not exist!.*Did you mean "length"/],
  ])('%s', async (_label, sql, message) => {
    const err = await run(sql).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err).toBeInstanceOf(SqlFailedError);
    expect(err!.message).toMatch(message);
    expect(err!.message).not.toMatch(/LINE 1|\n/); // one line, without the caret drawing
  });
});
