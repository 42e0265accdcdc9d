import type { ClashRefused } from '../../db/bookings';
import { clockAt, STATUS_LABEL } from '../../ui/format';
import { useDesk } from '../workspace/desk';

/** Why a booking was refused: the bookings it clashes with, and a reason box where the policy allows. */
export function ClashDetails({
  refusal,
  reason,
  onReason,
  idPrefix,
}: {
  refusal: ClashRefused;
  reason: string;
  onReason: (text: string) => void;
  idPrefix: string;
}) {
  const { zone, staffName, treatmentName } = useDesk();
  return (
    <div className="error" role="alert">
      <p>{refusal.message}</p>
      <ul className="clash-list">
        {refusal.clashes.map(({ booking, kind }) => (
          <li key={booking.id}>
            {clockAt(booking.startAt, zone)}–{clockAt(booking.endAt, zone)} · {booking.patientName} ·{' '}
            {treatmentName(booking.treatmentId)} with {staffName(booking.staffId)} · {STATUS_LABEL[booking.status]}
            {kind === 'patient' ? ' (same patient)' : ''}
          </li>
        ))}
      </ul>
      {refusal.code === 'clash-needs-reason' && (
        <div className="field">
          <label htmlFor={`${idPrefix}-reason`}>Reason to book it anyway</label>
          <input
            id={`${idPrefix}-reason`}
            value={reason}
            maxLength={200}
            onChange={(e) => {
              onReason(e.target.value);
            }}
          />
        </div>
      )}
    </div>
  );
}
