/** One meeting as an iCalendar file (RFC 5545), built in the browser: no request, nothing stored. */
export function meetingIcs(m: {
  id: string;
  title: string;
  startsAt: string;
  durationMinutes: number;
  location: string;
}): string {
  const stamp = (d: Date) =>
    d
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '');
  const text = (s: string) => s.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\r?\n/g, '\\n');
  const start = new Date(m.startsAt);
  const end = new Date(start.getTime() + m.durationMinutes * 60_000);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//LPN Workspace//EN',
    'BEGIN:VEVENT',
    `UID:${m.id}@lpn-workspace`,
    `DTSTAMP:${stamp(new Date())}`,
    `DTSTART:${stamp(start)}`,
    `DTEND:${stamp(end)}`,
    `SUMMARY:${text(m.title)}`,
    ...(m.location ? [`LOCATION:${text(m.location)}`] : []),
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(fold).join('\r\n') + '\r\n';
}

const utf8 = new TextEncoder();

/** Folds a line longer than 75 octets (not characters: Arabic or Cyrillic take two each): CRLF, space. */
function fold(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const n = utf8.encode(ch).length;
    // A continuation line starts with the space, which counts.
    if (octets + n > (parts.length ? 74 : 75)) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += n;
  }
  parts.push(current);
  return parts.join('\r\n ');
}
