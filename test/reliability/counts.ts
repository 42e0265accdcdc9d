/**
 * The reliability suite's tally. Good counts say how hard it tried; bad counts must all be zero.
 */
export interface Counts {
  faultsInjected: number;
  requestsTried: number;
  writesChecked: number;
  writesLost: number;
  duplicates: number;
  crossBranchReads: number;
  crossBranchWrites: number;
  serverErrors: number;
  /** Refused requests after which the store had changed anyway. */
  storedByRefusals: number;
}

export const BAD_COUNTS = [
  'writesLost',
  'duplicates',
  'crossBranchReads',
  'crossBranchWrites',
  'serverErrors',
  'storedByRefusals',
] as const satisfies readonly (keyof Counts)[];

export function emptyCounts(): Counts {
  return {
    faultsInjected: 0,
    requestsTried: 0,
    writesChecked: 0,
    writesLost: 0,
    duplicates: 0,
    crossBranchReads: 0,
    crossBranchWrites: 0,
    serverErrors: 0,
    storedByRefusals: 0,
  };
}

const LABELS: Record<keyof Counts, string> = {
  faultsInjected: 'faults injected',
  requestsTried: 'hostile requests tried',
  writesChecked: 'acknowledged writes checked',
  writesLost: 'writes lost',
  duplicates: 'duplicates',
  crossBranchReads: 'cross-branch reads',
  crossBranchWrites: 'cross-branch writes',
  serverErrors: '5xx answers',
  storedByRefusals: 'refusals that stored something',
};

export function summary(counts: Counts, scale: string): string {
  const lines = (Object.keys(LABELS) as (keyof Counts)[]).map(
    (k) => `  ${LABELS[k].padEnd(32)} ${String(counts[k]).padStart(8)}`,
  );
  const bad = BAD_COUNTS.filter((k) => counts[k] !== 0);
  return [
    `Reliability suite (${scale}):`,
    ...lines,
    bad.length === 0 ? '  every bad count is zero' : `  FAILED: ${bad.map((k) => LABELS[k]).join(', ')}`,
  ].join('\n');
}
