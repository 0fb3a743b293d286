import { bannerText, resultNotice, type MyQualification, type TaskQualification } from "./qualification";

/**
 * While an annotator qualifies: the banner with the group's place in their attempt, and the
 * result of their latest attempt with the server's reason (passed, one more attempt, or wait
 * for a manager, named).
 */
export function QualificationNotes({
  place,
  status,
  passedBefore,
  onDismiss,
}: {
  place: TaskQualification | null;
  status: MyQualification | null;
  passedBefore: boolean;
  onDismiss?: () => void;
}) {
  const banner = bannerText(place, status);
  const notice = resultNotice(status, passedBefore);
  if (!banner && !notice) return null;
  return (
    <div class="qualification-notes">
      {notice ? (
        <div
          class={`qualification-result ${notice.tone}`}
          role={notice.tone === "failed" ? "alert" : "status"}
          data-testid="qualification-result"
          data-tone={notice.tone}
        >
          {notice.result ? <strong>{notice.result}.</strong> : null} {notice.reason}
          {notice.tone === "passed" && onDismiss ? (
            <button type="button" class="link" onClick={onDismiss}>
              Dismiss
            </button>
          ) : null}
        </div>
      ) : null}
      {banner ? (
        <p class="qualification-banner" role="status" data-testid="qualification-banner">
          {banner}
        </p>
      ) : null}
    </div>
  );
}
