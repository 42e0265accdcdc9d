import { Printer } from 'lucide-react';
import { useRef, useState, type SyntheticEvent } from 'react';
import { newId } from '../../../shared/ids';
import { formatAmount, paidTotal, parseMoney, refundedTotal } from '../../../shared/rules/money';
import { PAYMENT_METHODS, type Booking, type Payment, type PaymentMethod } from '../../../shared/schemas/booking';
import { addPayment } from '../../db/bookings';
import { doc$ } from '../../db/queries';
import { printDocument, receiptHtml } from '../../platform/print';
import { clockAt, errorText, localeOf, METHOD_LABEL, money, PAYMENT_LABEL } from '../../ui/format';
import { Modal } from '../../ui/modal';
import { useObservable } from '../../ui/use-observable';
import { useDesk, useWorkspace } from '../workspace/desk';
import { receiptView } from './receipt';

/**
 * Checkout: take a deposit or the rest, in one method or split across several; print the receipt.
 * Each attempt carries one idempotency key, so a double click or retry never records twice.
 */
/** Clicks this soon after a recorded payment are the rest of a double click, not a new payment. */
const DOUBLE_CLICK_MS = 800;

export function CheckoutDialog({ id }: { id: string }) {
  const desk = useDesk();
  const { db, branch, zone } = desk;
  const close = useWorkspace((s) => s.close);
  const booking = useObservable(() => doc$<Booking>(db.bookings, id), [db, id], null as Booking | null);
  const [amount, setAmount] = useState<string | null>(null);
  const [method, setMethod] = useState<PaymentMethod>('cash');
  const [attemptKey, setAttemptKey] = useState(() => newId());
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // One attempt per idempotency key; the key changes once a payment is recorded. The second click of a
  // double click can arrive after that (a fast save), so clicks just after a recorded payment are ignored
  // until the amount or method is touched.
  const recordedAt = useRef(0);

  if (!booking) return null;
  const paid = paidTotal(booking.payments);
  const refunded = refundedTotal(booking.payments);
  const owed = Math.max(0, booking.price - paid);
  const locale = localeOf(branch);
  const shown = amount ?? (owed > 0 ? formatAmount(owed, branch.currency, locale) : '');
  const typed = parseMoney(shown, branch.currency, locale);
  const change = method === 'cash' && typed.ok && typed.minor > owed ? typed.minor - owed : 0;

  const pay = (event: SyntheticEvent) => {
    event.preventDefault();
    if (busy || Date.now() - recordedAt.current < DOUBLE_CLICK_MS) return;
    setProblem(null);
    setNotice(null);
    const parsed = typed;
    if (!parsed.ok) {
      setProblem(parsed.reason);
      return;
    }
    if (parsed.minor <= 0) {
      setProblem('Amount must be more than zero.');
      return;
    }
    // Cash over what is owed is taken with change given back; other methods take the amount owed.
    if (parsed.minor > owed && method !== 'cash') {
      setProblem(
        `That is more than the ${money(owed, branch)} still owed. By ${METHOD_LABEL[method].toLowerCase()}, take ${money(owed, branch)} at most.`,
      );
      return;
    }
    const payment: Payment =
      parsed.minor > owed
        ? { method, amount: owed, tendered: parsed.minor, at: Date.now(), idempotencyKey: attemptKey }
        : { method, amount: parsed.minor, at: Date.now(), idempotencyKey: attemptKey };
    setBusy(true);
    addPayment(db, booking.id, payment, desk.ctx)
      .then(() => {
        recordedAt.current = Date.now();
        setAttemptKey(newId());
        setAmount(null);
        setNotice(
          payment.tendered === undefined
            ? `${money(payment.amount, branch)} by ${METHOD_LABEL[method].toLowerCase()} recorded.`
            : `${money(payment.tendered, branch)} cash received for ${money(payment.amount, branch)}. Give ${money(payment.tendered - payment.amount, branch)} change.`,
        );
      })
      .catch((e: unknown) => {
        setProblem(`${errorText(e)} Nothing was charged twice; you can try again.`);
      })
      .finally(() => {
        setBusy(false);
      });
  };

  const printReceipt = () => {
    const view = receiptView(
      booking,
      branch,
      {
        treatment: desk.treatmentName(booking.treatmentId),
        staff: desk.staffName(booking.staffId),
        cashier: desk.session.name,
      },
      Date.now(),
    );
    printDocument('receipt', receiptHtml(view))
      .then(setNotice)
      .catch((e: unknown) => {
        setProblem(errorText(e));
      });
  };

  return (
    <Modal title={`Checkout · ${booking.patientName}`} onClose={close}>
      <dl className="summary-grid">
        <dt>Treatment</dt>
        <dd>{desk.treatmentName(booking.treatmentId)}</dd>
        <dt>Price</dt>
        <dd>{money(booking.price, branch)}</dd>
        <dt>Paid</dt>
        <dd>{money(paid, branch)}</dd>
        {refunded > 0 && (
          <>
            <dt>Refunded</dt>
            <dd>{money(refunded, branch)}</dd>
          </>
        )}
        <dt>Still owed</dt>
        <dd>
          <strong>{money(owed, branch)}</strong>
          <span className={`tag ${booking.paymentStatus === 'paid' ? 'ok' : ''}`}>
            {PAYMENT_LABEL[booking.paymentStatus]}
          </span>
        </dd>
      </dl>
      {booking.payments.length > 0 && (
        <table aria-label="Payments">
          <thead>
            <tr>
              <th>Time</th>
              <th>Receipt</th>
              <th>Method</th>
              <th>Amount</th>
            </tr>
          </thead>
          <tbody>
            {booking.payments.map((p) => (
              <tr key={p.idempotencyKey}>
                <td>{clockAt(p.at, zone)}</td>
                <td>{p.receiptNo ?? '—'}</td>
                <td>
                  {p.refundReason === undefined
                    ? METHOD_LABEL[p.method]
                    : `Refund by ${METHOD_LABEL[p.method].toLowerCase()}: ${p.refundReason}`}
                  {p.tendered !== undefined &&
                    ` (received ${money(p.tendered, branch)}, change ${money(p.tendered - p.amount, branch)})`}
                </td>
                <td>
                  {p.refundReason === undefined ? '' : '−'}
                  {money(p.amount, branch)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {owed > 0 && (
        <form onSubmit={pay} className="pay-form">
          <div className="two">
            <div className="field">
              <label htmlFor="pay-amount">Amount ({branch.currency})</label>
              <input
                id="pay-amount"
                inputMode="decimal"
                value={shown}
                onChange={(e) => {
                  recordedAt.current = 0;
                  setProblem(null);
                  setAmount(e.target.value);
                }}
              />
              {change > 0 ? (
                <span className="hint" aria-live="polite">
                  <strong>Change to give: {money(change, branch)}</strong>
                </span>
              ) : (
                <span className="hint">
                  Less than owed is taken as a deposit. More cash than owed: the change to give is shown.
                </span>
              )}
            </div>
            <div className="field">
              <label htmlFor="pay-method">Method</label>
              <MethodSelect
                id="pay-method"
                value={method}
                onChange={(m) => {
                  recordedAt.current = 0;
                  setProblem(null);
                  setMethod(m);
                }}
              />
            </div>
          </div>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Recording…' : 'Record payment'}
          </button>
        </form>
      )}
      {paid - refunded > 0 && (desk.session.role === 'owner' || desk.session.role === 'admin') && (
        <RefundForm booking={booking} refundable={paid - refunded} onDone={setNotice} />
      )}
      {problem && (
        <div className="error" role="alert">
          {problem}
        </div>
      )}
      {notice && (
        <div className="notice" role="status">
          {notice}
        </div>
      )}
      <div className="row">
        <button type="button" className="secondary" onClick={printReceipt} disabled={booking.payments.length === 0}>
          <Printer size={16} aria-hidden="true" /> Print receipt
        </button>
        <span className="spacer" />
        <button type="button" className="secondary" onClick={close}>
          Done
        </button>
      </div>
    </Modal>
  );
}

/**
 * Money given back, by an owner or admin, with the reason: added as its own entry, so the payment it
 * undoes stays on record. Shut until asked for, so it is never clicked by mistake at checkout.
 */
function RefundForm({
  booking,
  refundable,
  onDone,
}: {
  booking: Booking;
  refundable: number;
  onDone: (text: string) => void;
}) {
  const desk = useDesk();
  const { branch } = desk;
  const [open, setOpen] = useState(false);
  const [amount, setAmount] = useState<string | null>(null);
  const [method, setMethod] = useState<PaymentMethod>(booking.payments.at(-1)?.method ?? 'cash');
  const [reason, setReason] = useState('');
  const [attemptKey, setAttemptKey] = useState(() => newId());
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!open)
    return (
      <div className="row">
        <button
          type="button"
          className="secondary"
          onClick={() => {
            setOpen(true);
          }}
        >
          Refund…
        </button>
      </div>
    );
  const locale = localeOf(branch);
  const shown = amount ?? formatAmount(refundable, branch.currency, locale);
  const refund = (event: SyntheticEvent) => {
    event.preventDefault();
    if (busy) return;
    setProblem(null);
    const parsed = parseMoney(shown, branch.currency, locale);
    const refusal = !parsed.ok
      ? parsed.reason
      : parsed.minor <= 0
        ? 'Refund amount must be more than zero.'
        : parsed.minor > refundable
          ? `That is more than the ${money(refundable, branch)} paid and not yet refunded; refund at most that.`
          : reason.trim().length < 3
            ? 'Say why the money is given back (at least 3 characters).'
            : null;
    if (refusal !== null || !parsed.ok) {
      setProblem(refusal);
      return;
    }
    setBusy(true);
    addPayment(
      desk.db,
      booking.id,
      { method, amount: parsed.minor, at: Date.now(), idempotencyKey: attemptKey, refundReason: reason.trim() },
      desk.ctx,
    )
      .then(() => {
        setAttemptKey(newId());
        setOpen(false);
        setAmount(null);
        setReason('');
        onDone(`${money(parsed.minor, branch)} refunded by ${METHOD_LABEL[method].toLowerCase()}.`);
      })
      .catch((e: unknown) => {
        setProblem(`${errorText(e)} Nothing was refunded twice; you can try again.`);
      })
      .finally(() => {
        setBusy(false);
      });
  };
  return (
    <form onSubmit={refund} className="pay-form" aria-label="Refund">
      <div className="two">
        <div className="field">
          <label htmlFor="refund-amount">Refund amount ({branch.currency})</label>
          <input
            id="refund-amount"
            inputMode="decimal"
            value={shown}
            onChange={(e) => {
              setProblem(null);
              setAmount(e.target.value);
            }}
          />
        </div>
        <div className="field">
          <label htmlFor="refund-method">Given back by</label>
          <MethodSelect
            id="refund-method"
            value={method}
            onChange={(m) => {
              setProblem(null);
              setMethod(m);
            }}
          />
        </div>
      </div>
      <div className="field">
        <label htmlFor="refund-reason">Reason for the refund</label>
        <input
          id="refund-reason"
          value={reason}
          maxLength={500}
          onChange={(e) => {
            setReason(e.target.value);
          }}
        />
      </div>
      {problem && (
        <div className="error" role="alert">
          {problem}
        </div>
      )}
      <div className="row">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Refunding…' : 'Refund'}
        </button>
        <button
          type="button"
          className="secondary"
          onClick={() => {
            setOpen(false);
            setProblem(null);
          }}
        >
          Cancel
        </button>
      </div>
    </form>
  );
}

function MethodSelect({
  id,
  value,
  onChange,
}: {
  id: string;
  value: PaymentMethod;
  onChange: (method: PaymentMethod) => void;
}) {
  return (
    <select
      id={id}
      value={value}
      onChange={(e) => {
        onChange(e.target.value as PaymentMethod);
      }}
    >
      {PAYMENT_METHODS.map((m) => (
        <option key={m} value={m}>
          {METHOD_LABEL[m]}
        </option>
      ))}
    </select>
  );
}
