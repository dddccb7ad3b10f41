// autocannon ships no types: the part bench/http.ts uses.
declare module 'autocannon' {
  interface Options {
    url: string;
    amount?: number;
    connections?: number;
    duration?: number;
  }
  interface Instance extends PromiseLike<unknown> {
    on(event: 'response', fn: (client: unknown, statusCode: number, resBytes: number, responseTime: number) => void): Instance;
  }
  export default function autocannon(opts: Options): Instance;
}
