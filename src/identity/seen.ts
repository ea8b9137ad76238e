/** The first and last sighting of each identity key. */
export function seenSpans(sightings: readonly { key: string; at: Date }[]): Map<string, { first: Date; last: Date }> {
  const spans = new Map<string, { first: Date; last: Date }>();
  for (const { key, at } of sightings) {
    const span = spans.get(key);
    if (!span) spans.set(key, { first: at, last: at });
    else {
      if (at < span.first) span.first = at;
      if (at > span.last) span.last = at;
    }
  }
  return spans;
}
