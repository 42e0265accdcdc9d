import { OVERRIDE_QUESTION } from '../../../shared/rules/bookable';
import type { NeedsReason } from '../../db/bookings';

const LABEL: Record<string, string> = {
  'in-past': 'Why this past visit is entered now',
  'outside-hours': 'Reason to book outside their hours',
};

/** A booking the rules refuse but a reason may let through: the sentence, why a reason helps, the reason. */
export function OverrideReason({
  refusal,
  reason,
  onReason,
  idPrefix,
}: {
  refusal: NeedsReason;
  reason: string;
  onReason: (text: string) => void;
  idPrefix: string;
}) {
  return (
    <div className="error" role="alert">
      <p>{refusal.message}</p>
      <p>{OVERRIDE_QUESTION[refusal.problem]}</p>
      <div className="field">
        <label htmlFor={`${idPrefix}-override`}>{LABEL[refusal.problem] ?? 'Reason to book it anyway'}</label>
        <input
          id={`${idPrefix}-override`}
          value={reason}
          maxLength={500}
          onChange={(e) => {
            onReason(e.target.value);
          }}
        />
      </div>
    </div>
  );
}
