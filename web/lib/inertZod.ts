/*
 * What `zod` resolves to in the web build (vite.config.ts). The contracts (contracts/*.ts) describe
 * each route's method and path beside its zod schemas; the web client only needs the method and path
 * (web/lib/api.ts `call`) and the plain constants (LIMITS, role lists…), and never validates with a
 * schema: the server does. Evaluating the real schemas cost the browser about 30 KB gzip of zod plus
 * every contract's schema construction at start-up. Here every zod call and property returns the same
 * inert stand-in, so the contract files evaluate, their plain exports are real and their schemas are
 * empty. Validating in the browser fails loudly instead of passing silently: compare against the
 * contract's plain lists (`roles`, `peopleSorts`…) instead.
 */

const validators = new Set(['parse', 'safeParse', 'parseAsync', 'safeParseAsync', 'spa', 'decode', 'encode']);

function refuse(name: string): never {
  throw new Error(
    `zod's ${name}() is not available in the browser: the web build replaces zod with an inert stand-in (web/lib/inertZod.ts)`,
  );
}

const target = () => undefined;
const inert: unknown = new Proxy(target, {
  get(_target, key) {
    if (typeof key === 'symbol' || key === 'then') return undefined;
    if (validators.has(key)) return () => refuse(key);
    return inert;
  },
  apply: () => inert,
  construct: () => inert as object,
  has: () => false,
  ownKeys: () => [],
  getOwnPropertyDescriptor: () => undefined,
});

export const z = inert;
export default inert;
