/** A loopback address or host name (a port, and brackets around ::1, allowed). */
export const isLoopback = (host: string) =>
  /^(127\.\d+\.\d+\.\d+|localhost|\[::1\]|::1)$/.test(host.replace(/(\]|[^:]):\d+$/, '$1'));
