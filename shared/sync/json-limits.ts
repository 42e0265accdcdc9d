/**
 * Limits on the shape of any JSON a terminal sends, checked before anything reads it: no document
 * this app stores nests deeper than a few levels, so anything deeper is an attack or a bug, and
 * refusing it up front keeps every recursive step (comparison, canonical JSON) far from the stack.
 */
export const MAX_JSON_DEPTH = 12;
/** Keys plus array items, counted over the whole request. */
export const MAX_JSON_NODES = 200_000;

/** Why a parsed JSON value breaks the limits, or null when it does not. Iterative: never recursion. */
export function jsonShapeProblem(value: unknown): string | null {
  const stack: { v: unknown; depth: number }[] = [{ v: value, depth: 0 }];
  let nodes = 0;
  for (let item = stack.pop(); item; item = stack.pop()) {
    const { v, depth } = item;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) return `nests deeper than ${MAX_JSON_DEPTH} levels`;
    const children = Array.isArray(v) ? (v as unknown[]) : Object.values(v);
    nodes += children.length;
    if (nodes > MAX_JSON_NODES) return `holds more than ${MAX_JSON_NODES.toLocaleString('en-US')} values`;
    for (const c of children) stack.push({ v: c, depth: depth + 1 });
  }
  return null;
}
