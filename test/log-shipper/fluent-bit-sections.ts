/** One `[SECTION]` of a classic Fluent Bit config: its name and its key/value entries, in order. */
export interface FluentBitSection {
  readonly name: string;
  readonly entries: ReadonlyArray<readonly [string, string]>;
}

/** Parses Fluent Bit's classic format (`[OUTPUT]` then indented `Key value` lines) for assertions. */
export function parseFluentBitSections(text: string): FluentBitSection[] {
  const sections: { name: string; entries: [string, string][] }[] = [];
  for (const line of text.split('\n')) {
    const header = /^\[([A-Z]+)\]$/.exec(line.trim());
    if (header) {
      sections.push({ name: header[1], entries: [] });
    } else if (line.trim() !== '' && !line.trim().startsWith('#')) {
      const entry = /^\s+(\S+)\s+(.*)$/.exec(line);
      if (!entry || sections.length === 0) throw new Error(`not a Fluent Bit config line: ${JSON.stringify(line)}`);
      sections[sections.length - 1].entries.push([entry[1], entry[2]]);
    }
  }
  return sections;
}

/** The value of a key in a section (case-insensitive, as Fluent Bit reads keys). */
export function entry(section: FluentBitSection, key: string): string | undefined {
  return section.entries.find(([k]) => k.toLowerCase() === key.toLowerCase())?.[1];
}
