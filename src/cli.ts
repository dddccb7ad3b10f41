import { runClient } from './cli/client.js';

/**
 * The `sla` command line (src/cli/program.ts): on the database itself, or through the running
 * service of that database (src/cli/client.ts).
 */
const code = await runClient(process.argv.slice(2));
if (code !== 0) process.exit(code);
