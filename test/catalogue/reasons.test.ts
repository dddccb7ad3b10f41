import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readStructuredFile, validateCatalogue } from '../../src/catalogue/catalogue.js';
import { parseQuota } from '../../src/catalogue/quota.js';
import { InputError } from '../../src/errors.js';
import type { Lang } from '../../src/i18n/index.js';
import { fixture } from '../helpers.js';

/*
 * Why a catalogue is refused, in the reader's language (issue #24 §3): the checks after the schema
 * and the schema's own faults (zod issue codes) are catalogue texts, never zod's English, with
 * where the fault lies ("layanan pekanbaru/UJIQ, langkah S2") and the field.
 */

const known = new Map([['pekanbaru', 450]]);

/** The issues of a refused document as "field: reason", sorted (zod's order within an object is not the point). */
function refusal(doc: unknown, lang: Lang): string[] {
  try {
    validateCatalogue(doc, 'k.yaml', known, lang);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as InputError).issues.map((i) => `${i.field}: ${i.reason}`).sort();
  }
  throw new Error('the document was accepted');
}

describe('the checks after the schema', () => {
  it('a bad quota is named with its service and step, in Indonesian by default and in English', () => {
    const doc = readStructuredFile(fixture('catalogue/bad-quota.yaml'));
    expect(refusal(doc, 'id')).toEqual([
      'quota: layanan pekanbaru/UJIQ, langkah S2: "20 menitan" bukan kuota: tulis "N menit", "N jam" atau "N hari kerja" (atau null)',
    ]);
    expect(refusal(doc, 'en')).toEqual([
      'quota: service pekanbaru/UJIQ, step S2: "20 menitan" is not a quota: write "N menit", "N jam" or "N hari kerja" (or null)',
    ]);
    expect(() => parseQuota('2 hari', 'en')).toThrow('"2 hari" is not a quota');
  });

  it('unknown offices, a ready step that is not one, and a posting that ends before it starts', () => {
    const doc = {
      services: [
        {
          office: 'dumai',
          service: 'X',
          name: 'X',
          ready_step: 'S9',
          steps: [{ step: 'S1', name: 'a', actor: 'b', clock: 'office' }],
        },
      ],
      officers: [{ office: 'pekanbaru', officer: 'p1', from: '2025-03-01', to: '2025-02-01' }],
      acting: [{ office: 'siak', position: 'sekretaris', officer: 'p1', title: 'Plt.', from: '2025-01-01' }],
    };
    expect(refusal(doc, 'id')).toEqual([
      'office: Plt./Plh. siak/sekretaris: kantor "siak" tidak dikenal',
      'office: layanan dumai/X: kantor "dumai" tidak dikenal (tambahkan di bawah offices:)',
      'ready_step: layanan dumai/X: ready_step "S9" bukan salah satu langkah layanan ini',
      'to: petugas p1: to 2025-02-01 lebih awal dari from 2025-03-01',
    ]);
    expect(refusal(doc, 'en')).toEqual([
      'office: acting siak/sekretaris: unknown office "siak"',
      'office: service dumai/X: unknown office "dumai" (add it under offices:)',
      'ready_step: service dumai/X: ready_step "S9" is not one of the steps',
      'to: officer p1: to 2025-02-01 is before from 2025-03-01',
    ]);
  });

  it('a file that does not parse is refused in the reader’s language, with the parser’s position', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sla-reasons-')), 'k.yaml');
    writeFileSync(path, 'offices: [ { office: a\n');
    const reasonIn = (lang: Lang) => {
      try {
        readStructuredFile(path, lang);
      } catch (err) {
        expect(err).toBeInstanceOf(InputError);
        return (err as InputError).issues.map((i) => `${i.file}: ${i.reason}`);
      }
      throw new Error('the file parsed');
    };
    const [id] = reasonIn('id');
    const [en] = reasonIn('en');
    expect(id).toMatch(/^k\.yaml: berkas tidak dapat diurai: \S/);
    expect(en).toMatch(/^k\.yaml: cannot parse: \S/);
    // the parser's own detail (its position) is the same in both
    expect(id!.slice(id!.indexOf('diurai: ') + 8)).toBe(en!.slice(en!.indexOf('parse: ') + 7));
  });
});

describe('the schema’s faults, one text per zod issue code', () => {
  const doc = {
    offices: [
      {
        office: 'Uji Baru',
        name: '',
        timezone: 'Mars/Base',
        day_minutes: 0,
        complaint_target: 2,
        complaint_deadlines: { ringan: { respond: 5, resolve: 3 }, darurat: { respond: 1, resolve: 1 } },
      },
    ],
    services: [{ office: 'uji', service: 'A', quota: true, effective_from: '2024-1-1', ready_step: 'S1', steps: [] }],
    officers: [{ office: 'uji', officer: 'p', nip: '123' }],
    acting: [{ office: 'uji', position: 'bupati', officer: 'p', title: 'Plt.', from: '2025-01-01' }],
  };

  it('in Indonesian: required, type, bounds, format, enum, unknown keys and the schemas’ own rules', () => {
    // offices[0] is located by its code as written ("Uji Baru"), services[0] by office/service
    expect(refusal(doc, 'id')).toEqual([
      'complaint_deadlines: kantor Uji Baru: kunci tidak dikenal: darurat',
      'complaint_target: kantor Uji Baru: paling besar 1',
      'day_minutes: kantor Uji Baru: harus lebih dari 0',
      'effective_from: layanan uji/A: harus tanggal YYYY-MM-DD',
      'name: kantor Uji Baru: tidak boleh kosong',
      'name: layanan uji/A: wajib diisi',
      'nip: petugas p: NIP terdiri dari 18 angka',
      'office: kantor Uji Baru: kode kantor terdiri dari huruf kecil, angka dan "-"',
      'position: Plt./Plh. uji/bupati: harus salah satu dari: sekretaris, kepala_dinas',
      'quota: layanan uji/A: harus teks atau angka atau null',
      'ringan: kantor Uji Baru: respond tidak boleh lebih lama dari resolve',
      'steps: layanan uji/A: paling sedikit 1 butir',
      'timezone: kantor Uji Baru: bukan zona waktu IANA (mis. Asia/Jakarta)',
    ]);
  });

  it('the same faults in English', () => {
    expect(refusal(doc, 'en')).toEqual([
      'complaint_deadlines: office Uji Baru: unknown keys: darurat',
      'complaint_target: office Uji Baru: at most 1',
      'day_minutes: office Uji Baru: must be more than 0',
      'effective_from: service uji/A: expected a YYYY-MM-DD date',
      'name: office Uji Baru: must not be empty',
      'name: service uji/A: required',
      'nip: officer p: NIP has 18 digits',
      'office: office Uji Baru: office codes are lowercase letters, digits and "-"',
      'position: acting uji/bupati: must be one of: sekretaris, kepala_dinas',
      'quota: service uji/A: expected text or a number or null',
      'ringan: office Uji Baru: respond must not be later than resolve',
      'steps: service uji/A: at least 1 item(s)',
      'timezone: office Uji Baru: not an IANA time zone (e.g. Asia/Jakarta)',
    ]);
  });

  it('no reason is zod’s own English', () => {
    for (const lang of ['id', 'en'] as const)
      for (const line of refusal(doc, lang)) expect(line).not.toMatch(/Invalid input|Too (small|big)|expected string/);
  });
});
