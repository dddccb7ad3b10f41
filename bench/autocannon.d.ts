// autocannon ships no types: the part bench/http.ts uses.
declare module 'autocannon' {
  interface Options {
    url: string;
    amount?: number;
    connections?: number;
    duration?: number;
    headers?: Record<string, string>;
    /** cycled by the connections; setupRequest may rewrite each request (its path) before it is sent */
    requests?: Array<{
      method?: string;
      path?: string;
      setupRequest?: (req: { path: string; headers?: Record<string, string> }) => {
        path: string;
        headers?: Record<string, string>;
      };
    }>;
  }
  interface Instance extends PromiseLike<unknown> {
    on(
      event: 'response',
      fn: (client: unknown, statusCode: number, resBytes: number, responseTime: number) => void,
    ): Instance;
  }
  export default function autocannon(opts: Options): Instance;
}
