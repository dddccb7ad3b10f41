import { existsSync } from 'node:fs';
import { buildApp } from './app.js';
import { loadConfig, type Config } from './config.js';
import { openDatabase } from './db/open.js';
import { buildDemo } from './demo.js';

/** Starts the HTTP service; builds the demo database from sample-data/ when none exists yet. */
export async function serve(config: Config, log: (line: string) => void = (l) => console.error(l)): Promise<void> {
  if (!existsSync(config.dbPath)) {
    log(`${config.dbPath} belum ada: membangun basis data dari ${config.sampleDir}/ …`);
    await buildDemo(config.dbPath, config.sampleDir, log);
  }
  const db = await openDatabase(config.dbPath);
  const app = await buildApp({ db, logLevel: config.logLevel, closeDb: true, signatoriesPath: config.signatoriesPath });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void app.close().then(() => process.exit(0));
    });
  }
  await app.listen({ host: config.host, port: config.port });
  log(`sla-dpmptsp: http://${config.host}:${config.port}/`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  serve(loadConfig()).catch((err: Error) => {
    console.error(`sla serve: ${err.message}`);
    process.exit(1);
  });
}
