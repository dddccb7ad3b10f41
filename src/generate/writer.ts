import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { csvField } from '../csv.js';

// CSV helpers
// ---------------------------------------------------------------------------------------------

export function csvRow(fields: readonly string[]): string {
  let s = '';
  for (let i = 0; i < fields.length; i++) s += (i ? ',' : '') + csvField(fields[i] as string);
  return s + '\n';
}

/** Chunked writer honouring backpressure. */
export class ChunkWriter {
  private buf = '';
  private readonly ws: WriteStream;
  private failed: Error | undefined;

  constructor(file: string) {
    this.ws = createWriteStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
    this.ws.on('error', (e) => {
      this.failed = e;
    });
  }

  add(s: string): void {
    this.buf += s;
  }

  get pending(): number {
    return this.buf.length;
  }

  async flush(): Promise<void> {
    if (this.failed) throw this.failed;
    if (this.buf.length === 0) return;
    const s = this.buf;
    this.buf = '';
    if (!this.ws.write(s)) await once(this.ws, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    await new Promise<void>((resolve, reject) => {
      this.ws.end((err?: Error | null) => (err ? reject(err) : resolve()));
    });
    if (this.failed) throw this.failed;
  }
}

// ---------------------------------------------------------------------------------------------
