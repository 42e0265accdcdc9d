/** Lower-case, accent-free, single-spaced: what name-prefix search compares. */
export function patientSearchKey(name: string): string {
  return name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim().replace(/\s+/g, ' ');
}

/** The query's words, as search keys. */
export function queryWords(text: string): string[] {
  const key = patientSearchKey(text);
  return key === '' ? [] : key.split(' ');
}

/**
 * How well a name (its search key) answers a query: 0 the whole name, 1 the name starts with the query,
 * 2 every word of the query starts a different word of the name ("pratama" finds "Lestari Pratama",
 * "les pra" too); null when it does not match.
 */
export function nameMatch(searchName: string, text: string): 0 | 1 | 2 | null {
  const key = patientSearchKey(text);
  if (key === '') return null;
  if (searchName === key) return 0;
  if (searchName.startsWith(key)) return 1;
  const left = searchName.split(' ');
  for (const word of queryWords(text)) {
    const at = left.findIndex((w) => w.startsWith(word));
    if (at < 0) return null;
    left.splice(at, 1);
  }
  return 2;
}

/** Best matches first (whole name, then names starting with the query, then any word), then by name. */
export function rankByName<T extends { searchName: string }>(found: readonly T[], text: string): T[] {
  return found
    .map((p) => ({ p, rank: nameMatch(p.searchName, text) }))
    .filter((x): x is { p: T; rank: 0 | 1 | 2 } => x.rank !== null)
    .sort((a, b) => a.rank - b.rank || (a.p.searchName < b.p.searchName ? -1 : a.p.searchName > b.p.searchName ? 1 : 0))
    .map((x) => x.p);
}
