import { parseAst, type Plugin } from 'vite';

/** What the web client reads of a route (web/lib/api.ts `call`): the rest is the server's. */
const KEPT = new Set(['method', 'path', 'status', 'auth']);

interface Node {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as Node).type === 'string';
}

/** Visits every node depth-first; `visit` returning true means "replaced: skip what is inside". */
function walk(node: Node, visit: (node: Node) => boolean): void {
  if (visit(node)) return;
  for (const value of Object.values(node)) {
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) walk(item, visit);
    } else if (isNode(value)) walk(value, visit);
  }
}

/** The identifier a call/member chain starts from: `z` for `z.object({...}).strict().optional()`. */
function chainRoot(node: Node): string | undefined {
  let current: Node = node;
  for (;;) {
    if (current.type === 'CallExpression') current = current.callee as Node;
    else if (current.type === 'MemberExpression') current = current.object as Node;
    else if (current.type === 'Identifier') return current.name as string;
    else return undefined;
  }
}

/**
 * Vite plugin for the web build: in the contracts (contracts/*.ts), each `defineRoute({...})` keeps
 * only its method, path, status and auth. The schemas, summary and tags are for the server and the
 * OpenAPI document; dropping them leaves the schemas only routes used unreferenced, so the build
 * removes them (with zod inert in the browser, web/lib/inertZod.ts, building a schema has no effect).
 * And every `const x = z.…` becomes `const x = z`: with zod inert the value is the same stand-in, but
 * the build can now see that nothing is computed, and drops what no page reads. Before this, a page
 * calling one route of a module carried the construction of all its schemas: 5.6 KB gzip for the
 * cases contract alone.
 */
export function contractsForBrowser(): Plugin {
  return {
    name: 'lpn-contracts-for-browser',
    enforce: 'post', // after TypeScript is stripped: the code parses as JavaScript
    transform(code, id) {
      if (!/[\\/]contracts[\\/][^\\/]+\.ts$/.test(id) || !code.includes('defineRoute(')) return null;
      const edits: { start: number; end: number; text: string }[] = [];
      walk(parseAst(code) as unknown as Node, (node) => {
        if (node.type === 'VariableDeclarator' && isNode(node.init) && node.init.type !== 'Identifier') {
          if (chainRoot(node.init) !== 'z') return false;
          edits.push({ start: node.init.start, end: node.init.end, text: 'z' });
          return true;
        }
        if (node.type !== 'CallExpression') return false;
        const callee = node.callee as Node & { name?: string };
        const [arg] = node.arguments as Node[];
        if (callee.type !== 'Identifier' || callee.name !== 'defineRoute' || arg?.type !== 'ObjectExpression')
          return false;
        const kept = (arg.properties as (Node & { key?: Node & { name?: string }; computed?: boolean })[])
          .filter((p) => p.type === 'Property' && !p.computed && KEPT.has(p.key?.name ?? ''))
          .map((p) => code.slice(p.start, p.end));
        edits.push({ start: arg.start, end: arg.end, text: `{ ${kept.join(', ')} }` });
        return true;
      });
      if (edits.length === 0) return null;
      let out = code;
      for (const edit of edits.sort((a, b) => b.start - a.start))
        out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
      return { code: out, map: null };
    },
  };
}
