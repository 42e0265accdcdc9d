/**
 * A step the desk may take but probably did not mean (checking in hours early, calling someone out of
 * turn): the question in words, and the two answers. Nothing is written until "yes".
 */
export function ConfirmQuestion({
  question,
  yes,
  onYes,
  onNo,
}: {
  question: string;
  yes: string;
  onYes: () => void;
  onNo: () => void;
}) {
  return (
    <div className="notice question" role="group" aria-label="Please confirm">
      <p>{question}</p>
      <div className="row">
        <button type="button" className="primary small" onClick={onYes}>
          {yes}
        </button>
        <button type="button" className="secondary small" onClick={onNo}>
          No
        </button>
      </div>
    </div>
  );
}
