import type { Session } from '../db/index.js';

/**
 * The complaint register as the API gives it (GET /api/complaints and one complaint): the rows
 * of complaint_register (queries/complaint_register.sql), a complaint's stages (table
 * complaints) and its complainant. The Pengaduan page's lists read the same stages (figures.ts
 * `complaintHistory`).
 */
type Reader = Pick<Session, 'all'>;
type Row = Record<string, unknown>;

export interface RegisterFilter {
  office?: string | undefined;
  channel?: string | undefined;
  category?: string | undefined;
  stage?: string | undefined;
  service?: string | undefined;
  case_id?: string | undefined;
  /** open: not resolved; resolved: resolved */
  status?: 'open' | 'resolved' | undefined;
  /** month of receipt (YYYY-MM), office time */
  month?: string | undefined;
}

/** A page of complaint_register's rows of a filter, the latest received first, and how many there are. */
export async function complaintRegister(
  db: Reader,
  f: RegisterFilter,
  page: { page: number; page_size: number },
): Promise<{ total: number; rows: Row[] }> {
  const conds = ['true'];
  const params: Record<string, string> = {};
  for (const k of ['office', 'channel', 'category', 'stage', 'service', 'case_id'] as const) {
    if (f[k]) {
      conds.push(`r.${k} = $${k}`);
      params[k] = f[k]!;
    }
  }
  if (f.status === 'open') conds.push('r.resolved_at is null');
  if (f.status === 'resolved') conds.push('r.resolved_at is not null');
  if (f.month) {
    conds.push("strftime(local_ts(r.received_at, o.utc_offset_min, o.timezone), '%Y-%m') = $month");
    params.month = f.month;
  }
  const base = `from complaint_register r join offices o on o.office = r.office where ${conds.join(' and ')}`;
  const [count] = await db.all<{ n: number }>(`select count(*) as n ${base}`, params);
  const rows = await db.all<Row>(
    `select r.* ${base} order by r.received_at desc, r.complaint_id limit ${page.page_size} offset ${(page.page - 1) * page.page_size}`,
    params,
  );
  return { total: Number(count!.n), rows };
}

/** A complaint's row of complaint_register; undefined when the office has no such complaint. */
export async function complaintRecord(db: Reader, office: string, complaintId: string): Promise<Row | undefined> {
  return (
    await db.all<Row>('select * from complaint_register where office = $office and complaint_id = $id', {
      office,
      id: complaintId,
    })
  )[0];
}

export interface ComplaintStage {
  stage: string;
  stage_at: Date;
  handled_by: string | null;
  responded_at: Date | null;
  resolved_at: Date | null;
  resolution: string | null;
}

/** A complaint's stages (one row per stage change) in the register's order: stage_at, then the stage order. */
export function complaintStages(db: Reader, office: string, complaintId: string): Promise<ComplaintStage[]> {
  return db.all<ComplaintStage>(
    `select stage, stage_at, handled_by, responded_at, resolved_at, resolution from complaints
     where office = $office and complaint_id = $id
     order by stage_at, complaint_stage_rank(stage)`,
    { office, id: complaintId },
  );
}

/** The complainant of a complaint (personal data: for the roles that may read it); undefined: none kept. */
export async function complainant(
  db: Reader,
  office: string,
  complaintId: string,
): Promise<{ name: string | null; contact: string | null; purged_at: Date | null } | undefined> {
  return (
    await db.all<{ name: string | null; contact: string | null; purged_at: Date | null }>(
      'select name, contact, purged_at from complainants where office = $office and complaint_id = $id',
      { office, id: complaintId },
    )
  )[0];
}
