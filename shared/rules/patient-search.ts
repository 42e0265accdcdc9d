/** Lower-case, accent-free, single-spaced: what name-prefix search compares. */
export function patientSearchKey(name: string): string {
  return name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim().replace(/\s+/g, ' ');
}
