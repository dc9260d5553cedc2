import { appendAuditBatch, type AuditActor, type AuditEntry } from '../platform/audit/audit.js';
import type { Db } from '../platform/db/index.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/**
 * The demo's clock: two years of history ending at `now`. Seeders write rows with explicit past
 * timestamps and note each audit entry here; `writeAudit` then writes the city's chain once, in time
 * order, so sequence order is time order and the chain verifies.
 */
export class DemoTimeline {
  private readonly entries: { actor: AuditActor; entry: AuditEntry & { at: Date }; order: number }[] = [];

  constructor(readonly now: Date) {}

  /** `days` before now, at `hour`:00 UTC that day (never later than now). */
  daysAgo(days: number, hour = 9): Date {
    const day = new Date(this.now.getTime() - days * DAY);
    const at = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), hour));
    return at > this.now ? new Date(this.now.getTime() - 5 * 60_000) : at;
  }

  /** `hours` after `at` (fractions allowed), never later than now. */
  after(at: Date, hours: number): Date {
    const later = new Date(at.getTime() + hours * HOUR);
    return later > this.now ? new Date(this.now.getTime() - 60_000) : later;
  }

  /** The ISO date (YYYY-MM-DD) of `days` before now (negative: ahead). */
  isoDaysAgo(days: number): string {
    return new Date(this.now.getTime() - days * DAY).toISOString().slice(0, 10);
  }

  /** Notes an audit entry that happened at `at`. */
  audit(at: Date, actor: AuditActor, entry: AuditEntry): void {
    if (at > this.now) throw new Error(`demo audit entry in the future: ${entry.recordType} ${entry.action}`);
    this.entries.push({ actor, entry: { ...entry, at }, order: this.entries.length });
  }

  /** How many audit entries have been noted. */
  get noted(): number {
    return this.entries.length;
  }

  /** Writes every noted entry into the city's audit chain, oldest first (ties keep their order). */
  async writeAudit(db: Db, cityId: string): Promise<number> {
    const sorted = [...this.entries].sort(
      (a, b) => a.entry.at.getTime() - b.entry.at.getTime() || a.order - b.order,
    );
    await appendAuditBatch(db, cityId, sorted);
    return sorted.length;
  }
}
