import type { PRINT_KINDS } from '../../shared/ipc/contract';
import { desktopBridge } from './bridge';

export type PrintKind = (typeof PRINT_KINDS)[number];

/**
 * Prints finished HTML: through the desktop shell (default printer or PDF) in Electron, or with the
 * browser's print dialog in a hidden frame elsewhere.
 */
export async function printDocument(
  kind: PrintKind,
  html: string,
  target: 'printer' | 'pdf' = 'printer',
): Promise<string> {
  const bridge = desktopBridge();
  if (bridge) {
    const answer = await bridge.print({ kind, html, target });
    if (!answer.ok) throw new Error(answer.message);
    return answer.value.done
      ? answer.value.path
        ? `Saved to ${answer.value.path}.`
        : 'Sent to the printer.'
      : 'Printing cancelled.';
  }
  const frame = document.createElement('iframe');
  frame.style.position = 'fixed';
  frame.style.width = '0';
  frame.style.height = '0';
  frame.style.border = '0';
  frame.srcdoc = html;
  document.body.append(frame);
  await new Promise<void>((resolve) => {
    frame.onload = () => {
      resolve();
    };
  });
  frame.contentWindow?.print();
  setTimeout(() => {
    frame.remove();
  }, 1_000);
  return 'Opened the print dialog.';
}

function escape(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

/** A page with the shared print styles; every value is escaped. */
export function printPage(title: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escape(title)}</title><style>
body{font-family:system-ui,sans-serif;margin:16px;color:#111}h1{font-size:18px;margin:0 0 8px}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ccc;padding:4px 6px;text-align:left;font-size:12px}
.receipt{max-width:440px;margin:0 auto}h2{font-size:15px;margin:12px 0 4px}.amount{text-align:right;white-space:nowrap}
tr.total td{font-weight:700;border-top:2px solid #111}.footer{margin-top:12px;text-align:center}
.ticket{font-size:48px;font-weight:700;text-align:center;margin:16px 0}.muted{color:#555;font-size:12px}
</style></head><body>${body}</body></html>`;
}

export function walkInTicketHtml(branch: string, ticket: string, waitMin: number, treatment: string): string {
  return printPage(
    `Ticket ${ticket}`,
    `<h1>${escape(branch)}</h1><div class="ticket">${escape(ticket)}</div><p>${escape(treatment)}</p><p class="muted">Estimated wait: about ${Math.max(0, Math.round(waitMin))} minutes</p>`,
  );
}

export interface ReceiptLine {
  label: string;
  amount: string;
}

/** A receipt as printed: header, the visit, the money in, the money out, what is still owed. */
export interface ReceiptView {
  branch: string;
  address?: string;
  taxId?: string;
  /** The latest payment's number; a receipt before any numbered payment has none. */
  number?: string;
  issued: string;
  cashier: string;
  patient: string;
  items: ReceiptLine[];
  total: ReceiptLine;
  tax?: ReceiptLine;
  payments: ReceiptLine[];
  balance: ReceiptLine[];
  footer?: string;
}

export function receiptHtml(r: ReceiptView): string {
  const row = (l: ReceiptLine, cls = '') =>
    `<tr${cls ? ` class="${cls}"` : ''}><td>${escape(l.label)}</td><td class="amount">${escape(l.amount)}</td></tr>`;
  const head = [
    `<h1>${escape(r.branch)}</h1>`,
    r.address ? `<p class="muted">${escape(r.address)}</p>` : '',
    r.taxId ? `<p class="muted">Tax ID ${escape(r.taxId)}</p>` : '',
    `<h2>Receipt${r.number ? ` ${escape(r.number)}` : ''}</h2>`,
    `<p class="muted">${escape(r.issued)} · Cashier: ${escape(r.cashier)}</p>`,
    `<p>${escape(r.patient)}</p>`,
  ].join('');
  const body = [
    ...r.items.map((l) => row(l)),
    row(r.total, 'total'),
    r.tax ? row(r.tax, 'muted') : '',
    ...r.payments.map((l) => row(l)),
    ...r.balance.map((l, i) => row(l, i === r.balance.length - 1 ? 'total' : '')),
  ].join('');
  return printPage(
    r.number ? `Receipt ${r.number}` : 'Receipt',
    `<div class="receipt">${head}<table>${body}</table>${r.footer ? `<p class="muted footer">${escape(r.footer)}</p>` : ''}</div>`,
  );
}

export function daySheetHtml(
  branch: string,
  date: string,
  rows: { time: string; staff: string; patient: string; treatment: string; status: string }[],
): string {
  const body = rows
    .map(
      (r) =>
        `<tr><td>${escape(r.time)}</td><td>${escape(r.staff)}</td><td>${escape(r.patient)}</td><td>${escape(r.treatment)}</td><td>${escape(r.status)}</td></tr>`,
    )
    .join('');
  return printPage(
    `Day sheet ${date}`,
    `<h1>${escape(branch)} — ${escape(date)}</h1><table><tr><th>Time</th><th>Staff</th><th>Patient</th><th>Treatment</th><th>Status</th></tr>${body}</table>`,
  );
}
