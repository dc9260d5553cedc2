import autocannon from 'autocannon';

/**
 * The load generator, run as its own process by bench/run.ts so it does not share an event loop
 * (or a core) with the server it measures. Prints one JSON line: req/s and latency percentiles
 * computed from every response (autocannon's own summary has no p95).
 */
export interface LoadOptions {
  url: string;
  headers?: Record<string, string>;
  /** Paths each connection cycles through (e.g. 1,000 cities' public pages); default: the url's. */
  paths?: string[];
  connections: number;
  warmupSeconds: number;
  seconds: number;
}

export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  responses: number;
  non2xx: number;
  errors: number;
}

function run(options: LoadOptions, seconds: number, latencies?: number[]): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        headers: options.headers,
        connections: options.connections,
        duration: seconds,
        ...(options.paths
          ? { requests: options.paths.map((path) => ({ method: 'GET' as const, path })) }
          : {}),
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    if (latencies) {
      instance.on('response', (_client, statusCode, _bytes, responseTime) => {
        if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
      });
    }
  });
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)];
}

async function main() {
  const options = JSON.parse(process.argv[2]) as LoadOptions;
  if (options.warmupSeconds > 0) await run(options, options.warmupSeconds);
  const latencies: number[] = [];
  const result = await run(options, options.seconds, latencies);
  latencies.sort((a, b) => a - b);
  const output: LoadResult = {
    requestsPerSecond: result.requests.average,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    responses: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
  };
  process.stdout.write(`${JSON.stringify(output)}\n`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
