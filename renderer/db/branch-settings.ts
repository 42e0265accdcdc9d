import type { ClinicDatabase } from './database';
import { tenantSchema, type ReceiptSettings, type Tenant } from '../../shared/schemas/tenant';
import { checkedWrite, writeFromCurrent, WriteRefused, type WriteContext } from './actor';

export interface BranchDetails {
  /** Undefined: the main language of the branch's phone country. */
  locale?: string;
  receipt: ReceiptSettings;
}

/** Saves how the branch writes money and dates, and what its receipts carry (owners and admins). */
export async function saveBranchDetails(
  db: ClinicDatabase,
  details: BranchDetails,
  ctx: WriteContext,
): Promise<Tenant> {
  const current = await db.tenants.findOne(ctx.branch.id).exec();
  if (!current) throw new WriteRefused('unknown-branch', 'This branch is not on this terminal yet.');
  return writeFromCurrent(current, (before) => {
    const { locale: _locale, receipt: _receipt, ...rest } = before;
    const receipt = Object.fromEntries(
      Object.entries(details.receipt as Record<string, unknown>).filter(([, v]) => v !== undefined),
    );
    const next = {
      ...rest,
      ...(details.locale ? { locale: details.locale } : {}),
      ...(Object.keys(receipt).length > 0 ? { receipt } : {}),
      updatedAt: Math.max(ctx.now(), before.updatedAt),
      updatedBy: ctx.userId,
    };
    return checkedWrite('tenants', tenantSchema, before, next, ctx);
  });
}
