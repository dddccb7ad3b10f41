/**
 * The `sla` command's side of the service: the channel through which a running service takes
 * the CLI's requests (src/cli/client.ts, the process entry's client, is not imported through here).
 * Other rooms import this room only through this file (.dependency-cruiser.cjs: through-the-door).
 */
export { startChannel } from './channel.js';
