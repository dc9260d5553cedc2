/**
 * Rendered public pages, kept in this process's memory. Publishing (settings, events) invalidates a
 * city's pages at once on this node; `ttlMs` bounds how long another node, or a change made in
 * another module (a newly adopted ToR, an organisation's consent), can stay unseen.
 */
export class PageCache {
  private readonly pages = new Map<string, { body: string; at: number }>();

  constructor(
    private readonly ttlMs = 60_000,
    private readonly maxEntries = 20_000,
  ) {}

  get(slug: string, key: string, now = Date.now()): string | undefined {
    const hit = this.pages.get(`${slug}\u0000${key}`);
    if (!hit || now - hit.at > this.ttlMs) return undefined;
    return hit.body;
  }

  set(slug: string, key: string, body: string, now = Date.now()): void {
    if (this.pages.size >= this.maxEntries) this.pages.clear();
    this.pages.set(`${slug}\u0000${key}`, { body, at: now });
  }

  invalidate(slug: string): void {
    const prefix = `${slug}\u0000`;
    for (const key of this.pages.keys()) if (key.startsWith(prefix)) this.pages.delete(key);
  }
}
