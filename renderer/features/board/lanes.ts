/**
 * Side-by-side lanes for overlapping blocks in one column (a double booking shows both blocks): each
 * group of mutually overlapping bookings shares the width; a block takes the first free lane.
 */
export function layoutLanes(
  items: readonly { id: string; startAt: number; endAt: number }[],
): Map<string, { index: number; count: number }> {
  const sorted = [...items].sort((a, b) => a.startAt - b.startAt || (a.id < b.id ? -1 : 1));
  const out = new Map<string, { index: number; count: number }>();
  let group: { id: string; index: number }[] = [];
  let laneEnds: number[] = [];
  let groupEnd = -Infinity;
  const flush = () => {
    for (const g of group) out.set(g.id, { index: g.index, count: laneEnds.length });
    group = [];
    laneEnds = [];
  };
  for (const item of sorted) {
    if (item.startAt >= groupEnd) flush();
    let lane = laneEnds.findIndex((end) => end <= item.startAt);
    if (lane === -1) {
      lane = laneEnds.length;
      laneEnds.push(item.endAt);
    } else laneEnds[lane] = item.endAt;
    group.push({ id: item.id, index: lane });
    groupEnd = Math.max(groupEnd, item.endAt);
  }
  flush();
  return out;
}
