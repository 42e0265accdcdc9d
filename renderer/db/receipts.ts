import type { ClinicDatabase } from './database';
import { formatReceiptNo, lastReceiptNumber } from '../../shared/rules/receipt';
import { WriteRefused } from './actor';

interface Counter {
  last: number;
}

/** One number at a time per database, so two payments at once never take the same one. */
const queues = new WeakMap<ClinicDatabase, Promise<unknown>>();

/**
 * This terminal's next receipt number in a branch. The last one used is kept in a local (never
 * replicated) document; where there is none (a new or reset terminal) it is read once from the
 * branch's payments, which hold every number this prefix has given out and synced. A number taken by a
 * payment that is then refused is not reused: receipts may skip a number, never repeat one. While the
 * terminal is still downloading (`downloading`), those payments may not all be here yet: no number is
 * rebuilt from a partial copy, and the desk is told to wait.
 */
export function takeReceiptNumber(
  db: ClinicDatabase,
  branchId: string,
  prefix: string,
  downloading: () => boolean = () => false,
): Promise<string> {
  const key = `receipt-counter-${branchId}-${prefix}`;
  const run = async () => {
    const stored = await db.getLocal<Counter>(key);
    let last = stored?.get('last') as number | undefined;
    if (last === undefined) {
      if (downloading())
        throw new WriteRefused(
          'receipts-not-ready',
          'This terminal is still downloading the branch’s payments, which its receipt numbers carry on from. Take the payment once the download has finished.',
        );
      const bookings = await db.bookings.find({ selector: { tenantId: branchId } }).exec();
      last = lastReceiptNumber(
        prefix,
        bookings.flatMap((b) => b.payments.flatMap((p) => (p.receiptNo ? [p.receiptNo] : []))),
      );
    }
    const next = last + 1;
    await db.upsertLocal<Counter>(key, { last: next });
    return formatReceiptNo(prefix, next);
  };
  const result = (queues.get(db) ?? Promise.resolve()).then(run, run);
  queues.set(
    db,
    result.catch(() => undefined),
  );
  return result;
}
