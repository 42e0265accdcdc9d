import { useState, type SyntheticEvent } from 'react';
import { branchLocale } from '../../../shared/rules/locale';
import { formatMoney } from '../../../shared/rules/money';
import { rateText } from '../../../shared/rules/receipt';
import { receiptSettingsSchema, type ReceiptSettings } from '../../../shared/schemas/tenant';
import { saveBranchDetails } from '../../db/branch-settings';
import { errorText } from '../../ui/format';
import { TextField } from '../../ui/text-field';
import { useDesk } from '../workspace/desk';

/** Locales offered by name; a branch's own, if it is another, is offered too. */
const LOCALES: Record<string, string> = {
  'id-ID': 'Indonesian (Indonesia)',
  'en-AU': 'English (Australia)',
  'en-GB': 'English (United Kingdom)',
  'en-SG': 'English (Singapore)',
  'en-US': 'English (United States)',
  'ms-MY': 'Malay (Malaysia)',
  'th-TH': 'Thai (Thailand)',
  'vi-VN': 'Vietnamese (Vietnam)',
};

const FIELD_LABEL: Record<keyof ReceiptSettings, string> = {
  address: 'Address',
  taxId: 'Tax ID',
  taxName: 'Tax name',
  taxRate: 'Tax included in prices',
  footer: 'Receipt footer',
};

/** "11" or "8.25" (or "8,25") percent into hundredths of a percent; null when it is not a rate. */
function parseRate(text: string): number | null | 'bad' {
  const t = text.trim().replace(/%$/, '').trim();
  if (t === '') return null;
  const m = /^(\d{1,2})(?:[.,](\d{1,2}))?$/.exec(t);
  if (!m) return 'bad';
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/**
 * How the branch writes money and dates, and what its receipts carry: address, tax ID, the tax
 * included in prices, a footer. Owners and admins only (the server refuses anyone else anyway).
 */
export function BranchDetailsCard() {
  const desk = useDesk();
  const { branch } = desk;
  const saved = branch.receipt ?? {};
  const [locale, setLocale] = useState(branch.locale ?? '');
  const [address, setAddress] = useState(saved.address ?? '');
  const [taxId, setTaxId] = useState(saved.taxId ?? '');
  const [taxName, setTaxName] = useState(saved.taxName ?? '');
  const [taxRate, setTaxRate] = useState(saved.taxRate ? rateText(saved.taxRate).replace('%', '') : '');
  const [footer, setFooter] = useState(saved.footer ?? '');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const automatic = branchLocale({ ...branch, locale: undefined });
  const shownLocale = locale || automatic;
  const options = {
    ...LOCALES,
    ...(branch.locale && !LOCALES[branch.locale] ? { [branch.locale]: branch.locale } : {}),
  };

  const save = (event: SyntheticEvent) => {
    event.preventDefault();
    setMessage(null);
    const rate = parseRate(taxRate);
    if (rate === 'bad') {
      setMessage({ ok: false, text: 'Tax included in prices must be a percentage such as 11 or 8.25.' });
      return;
    }
    const text = (v: string) => (v.trim() === '' ? undefined : v.trim());
    const receipt = receiptSettingsSchema.safeParse({
      address: text(address),
      taxId: text(taxId),
      taxName: text(taxName),
      taxRate: rate ?? undefined,
      footer: text(footer),
    });
    if (!receipt.success) {
      const issue = receipt.error.issues[0];
      const field = FIELD_LABEL[issue?.path[0] as keyof ReceiptSettings];
      setMessage({ ok: false, text: `${field} ${issue?.message ?? 'is not valid'}.` });
      return;
    }
    if (receipt.data.taxRate !== undefined && receipt.data.taxName === undefined) {
      setMessage({ ok: false, text: 'Tax name must be given with a tax rate, such as PPN or GST.' });
      return;
    }
    setBusy(true);
    saveBranchDetails(desk.db, { ...(locale ? { locale } : {}), receipt: receipt.data }, desk.ctx)
      .then(() => {
        setMessage({ ok: true, text: 'Saved. New receipts and amounts use these details.' });
      })
      .catch((e: unknown) => {
        setMessage({ ok: false, text: errorText(e) });
      })
      .finally(() => {
        setBusy(false);
      });
  };

  return (
    <section className="card" aria-labelledby="branch-details-title">
      <h2 id="branch-details-title">Money and receipts · {branch.name}</h2>
      <form onSubmit={save} aria-label="Money and receipts">
        <div className="field">
          <label htmlFor="branch-locale">Numbers, money and dates</label>
          <select
            id="branch-locale"
            value={locale}
            onChange={(e) => {
              setLocale(e.target.value);
              setMessage(null);
            }}
          >
            <option value="">Automatic: {LOCALES[automatic] ?? automatic}</option>
            {Object.entries(options).map(([tag, name]) => (
              <option key={tag} value={tag}>
                {name}
              </option>
            ))}
          </select>
          <span className="hint">
            Amounts read like {formatMoney(150_000_050, branch.currency, shownLocale)}; type them the same way.
          </span>
        </div>
        <div className="field">
          <label htmlFor="branch-address">Address</label>
          <textarea
            id="branch-address"
            rows={2}
            maxLength={300}
            value={address}
            onChange={(e) => {
              setAddress(e.target.value);
              setMessage(null);
            }}
          />
        </div>
        <div className="two">
          <TextField
            id="branch-tax-id"
            label="Tax ID"
            maxLength={40}
            value={taxId}
            onChange={(e) => {
              setTaxId(e.target.value);
              setMessage(null);
            }}
          />
          <TextField
            id="branch-tax-name"
            label="Tax name"
            placeholder="PPN"
            maxLength={20}
            value={taxName}
            onChange={(e) => {
              setTaxName(e.target.value);
              setMessage(null);
            }}
          />
        </div>
        <TextField
          id="branch-tax-rate"
          label="Tax included in prices (%)"
          inputMode="decimal"
          placeholder="Leave empty for no tax line"
          value={taxRate}
          onChange={(e) => {
            setTaxRate(e.target.value);
            setMessage(null);
          }}
        />
        <div className="field">
          <label htmlFor="branch-footer">Receipt footer</label>
          <textarea
            id="branch-footer"
            rows={2}
            maxLength={300}
            value={footer}
            onChange={(e) => {
              setFooter(e.target.value);
              setMessage(null);
            }}
          />
        </div>
        {message && (
          <div className={message.ok ? 'notice' : 'error'} role={message.ok ? 'status' : 'alert'}>
            {message.text}
          </div>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save money and receipts'}
        </button>
      </form>
    </section>
  );
}
