import { canonicalJson } from './canonical';

export { canonicalJson };

/**
 * Three-way merge of one document edited on two sides, with the version both started from as the
 * base (RxDB's assumedMasterState). A field changed on one side only takes that side's value; a field
 * changed on both to different values keeps the server's value and is reported, so the losing version
 * can be kept for review. Server-owned fields (clash markers) always follow the server; updatedAt is
 * the later of the two.
 */
export type Doc = Record<string, unknown>;

export interface MergeResult {
  merged: Doc;
  /** Fields whose local value lost to the server's. */
  lost: string[];
  /** Whether any local change made it into the merged version. */
  localWon: boolean;
}

const SERVER_OWNED = new Set(['clashWith']);

function same(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

export function mergeThreeWay(base: Doc | undefined, master: Doc, local: Doc): MergeResult {
  const merged: Doc = {};
  const lost: string[] = [];
  let localWon = false;
  const keys = new Set([...Object.keys(master), ...Object.keys(local), ...Object.keys(base ?? {})]);
  for (const key of [...keys].sort()) {
    if (key === 'updatedAt' || key === 'updatedBy') continue;
    const b = base?.[key];
    const m = master[key];
    const l = local[key];
    let value: unknown;
    if (SERVER_OWNED.has(key) || same(l, m)) value = m;
    else if (base !== undefined && same(l, b)) value = m;
    else if (base !== undefined && same(m, b)) {
      value = l;
      localWon = true;
    } else {
      value = m;
      lost.push(key);
    }
    if (value !== undefined) merged[key] = value;
  }
  const masterAt = Number(master.updatedAt ?? 0);
  const localAt = Number(local.updatedAt ?? 0);
  merged.updatedAt = Math.max(masterAt, localAt);
  merged.updatedBy = localWon ? local.updatedBy : master.updatedBy;
  return { merged, lost, localWon };
}
