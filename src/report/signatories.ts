import type { Session } from '../db/index.js';
import { report, type Lang } from '../i18n/index.js';

/**
 * Who signs an office's monthly report, from one source: the catalogue's officers (table
 * `officers`, their `position` and dated posting) with its explicit acting officials (table
 * `acting_officials`, Plt./Plh.), both loaded from the catalogue. So the sign-off block and the
 * report's officer tables (same table) cannot name different people. (sample-data/signatories.yaml
 * and SLA_SIGNATORIES, the earlier separate list, are gone: its names and NIP moved into
 * sample-data/catalogue.yaml.)
 *
 * On a date, a position is held by the acting official whose period covers it (the latest
 * appointed first), else by the officer posted to it then (the latest posting first). Nobody:
 * null, and the block prints blanks.
 */
export interface Signatory {
  officer: string;
  name: string;
  nip: string | null;
  position: 'sekretaris' | 'kepala_dinas';
  /** Plt. or Plh. for an acting official, printed before the position. */
  title: 'Plt.' | 'Plh.' | null;
}

export interface Signatories {
  sekretaris: Signatory | null;
  kepala_dinas: Signatory | null;
}

/** The Sekretaris and Kepala Dinas of an office on a local date (YYYY-MM-DD). */
export async function signatoriesOn(db: Pick<Session, 'all'>, office: string, date: string): Promise<Signatories> {
  const rows = await db.all<Signatory & { rn: number }>(
    `with candidates as (
       select a.position, a.title, f.officer, coalesce(f.name, f.officer) as name, f.nip, 0 as rank, a.valid_from as since
       from acting_officials as a join officers as f on f.office = a.office and f.officer = a.officer
       where a.office = $office and a.valid_from <= cast($d as date) and (a.valid_to is null or a.valid_to >= cast($d as date))
       union all
       select position, null, officer, coalesce(name, officer), nip, 1, posted_from
       from officers
       where office = $office and position in ('sekretaris', 'kepala_dinas')
         and (posted_from is null or posted_from <= cast($d as date)) and (posted_to is null or posted_to >= cast($d as date))
     )
     select position, title, officer, name, nip,
       row_number() over (partition by position order by rank, since desc nulls last, officer) as rn
     from candidates qualify rn = 1`,
    { office, d: date },
  );
  const of = (p: Signatory['position']): Signatory | null => {
    const r = rows.find((x) => x.position === p);
    return r ? { officer: r.officer, name: r.name, nip: r.nip, position: p, title: r.title } : null;
  };
  return { sekretaris: of('sekretaris'), kepala_dinas: of('kepala_dinas') };
}

/** "Plt. Kepala Dinas" / "Sekretaris" (the role label in the language, with the acting title). */
export function roleLabel(s: Pick<Signatory, 'position' | 'title'>, lang: Lang): string {
  const role = report[lang].roles[s.position];
  return s.title ? `${s.title} ${role}` : role;
}
