/** Skip the group, saying why: a common reason by its number, or one's own words. The task
 * screen holds the choice and handles the keys (digits choose, Enter skips, Esc cancels). */
import { useEffect, useRef } from "preact/hooks";

export const SKIP_REASONS = [
  "Images are broken or do not load",
  "The prompt is unclear: I cannot judge it",
  "Content I should not annotate",
  "I lack the knowledge to judge this prompt",
];

/** The reason to send: a listed one, or the annotator's own words for "Other". */
export function skipReason(choice: number | null, other: string): string {
  if (choice !== null && choice < SKIP_REASONS.length) return SKIP_REASONS[choice];
  return choice === SKIP_REASONS.length ? other.trim() : "";
}

export function SkipDialog({
  choice,
  other,
  onChoice,
  onOther,
  onSkip,
  onCancel,
}: {
  choice: number | null;
  other: string;
  onChoice: (choice: number) => void;
  onOther: (text: string) => void;
  onSkip: (reason: string) => void;
  onCancel: () => void;
}) {
  const ref = useRef<HTMLFormElement>(null);
  const otherRef = useRef<HTMLInputElement>(null);
  useEffect(() => ref.current?.focus(), []);
  useEffect(() => {
    if (choice === SKIP_REASONS.length) otherRef.current?.focus();
  }, [choice]);
  const reason = skipReason(choice, other);

  return (
    <div class="modal-backdrop">
      <form
        ref={ref}
        tabIndex={-1}
        class="modal skip-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="skip-title"
        data-testid="skip-dialog"
        onSubmit={(event) => {
          event.preventDefault();
          if (reason) onSkip(reason);
        }}
      >
        <h2 id="skip-title">Skip this group</h2>
        <fieldset>
          <legend>Why? (the group will not be offered to you again)</legend>
          {SKIP_REASONS.map((text, i) => (
            <label key={text}>
              <input type="radio" name="skip-reason" checked={choice === i} onChange={() => onChoice(i)} />
              <kbd>{i + 1}</kbd> {text}
            </label>
          ))}
          <label>
            <input type="radio" name="skip-reason" checked={choice === SKIP_REASONS.length} onChange={() => onChoice(SKIP_REASONS.length)} />
            <kbd>{SKIP_REASONS.length + 1}</kbd> Other:
            <input
              ref={otherRef}
              type="text"
              aria-label="Other reason"
              value={other}
              onFocus={() => onChoice(SKIP_REASONS.length)}
              onInput={(e) => onOther(e.currentTarget.value)}
            />
          </label>
        </fieldset>
        <div class="modal-actions">
          <button type="button" onClick={onCancel}>
            Cancel <kbd>Esc</kbd>
          </button>
          <button type="submit" class="primary" disabled={!reason}>
            Skip <kbd>Enter</kbd>
          </button>
        </div>
      </form>
    </div>
  );
}
