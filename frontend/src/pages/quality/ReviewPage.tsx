import "./quality.css";
import { useEffect, useRef, useState } from "preact/hooks";
import { api, unwrap } from "../../api/client";
import { complete, type ProjectDetail } from "../../api/types";
import { ErrorNotice, errorText } from "../../lib/ErrorNotice";
import type { PageProps } from "../types";
import { AppLink } from "./Link";
import { ANNOTATOR_PATH, QUALITY_PATH } from "./paths";
import { agreementWithModel, modelRanks, reviewKey } from "./quality";
import type { GroupModelScores, QueuedAnnotation, ReviewedAnnotation } from "./types";

/** The review screen, keyboard first: the group as the annotator saw it next to the other
 * annotators' judgments of it and the production model's scores. A accepts; R, then a digit,
 * rejects with that reason; N writes a note; J/K move through the queue. */
export default function ReviewPage({ params }: PageProps) {
  const projectId = Number(params.projectId);
  const [project, setProject] = useState<ProjectDetail | null>(null);
  const [queue, setQueue] = useState<QueuedAnnotation[] | null>(null);
  const [index, setIndex] = useState(0);
  const [others, setOthers] = useState<ReviewedAnnotation[]>([]);
  const [model, setModel] = useState<GroupModelScores | null>(null);
  const [rejecting, setRejecting] = useState(false);
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState("");
  const noteField = useRef<HTMLInputElement>(null);
  const current = queue && queue.length ? queue[Math.min(index, queue.length - 1)] : null;
  const reasons = project?.review_reasons ?? [];

  useEffect(() => {
    const path = { params: { path: { project_id: projectId } } };
    Promise.all([unwrap(api.GET("/projects/{project_id}/", path)), unwrap(api.GET("/projects/{project_id}/review-queue/", path))])
      .then(([p, q]) => {
        setProject(complete(p));
        setQueue(complete(q).results);
      })
      .catch(setError);
  }, [projectId]);

  useEffect(() => {
    if (!current) return setOthers([]);
    unwrap(api.GET("/projects/{project_id}/annotations/", { params: { path: { project_id: projectId }, query: { group: current.group.id } } }))
      .then((page) => setOthers(complete(page).results.filter((a) => a.id !== current.id)))
      .catch(() => setOthers([]));
  }, [current?.id]);

  useEffect(() => {
    setModel(null);
    if (!current) return;
    let live = true; // an answer for the group shown before this one is dropped
    unwrap(api.GET("/projects/{project_id}/groups/{group_id}/model-scores/", { params: { path: { project_id: projectId, group_id: current.group.id } } }))
      .then((scores) => live && setModel(complete(scores)))
      .catch(() => live && setModel(null));
    return () => {
      live = false;
    };
  }, [current?.group.id]);

  async function decide(decision: "accept" | "reject", reason = "") {
    if (!current || busy) return;
    setBusy(true);
    setError(null);
    try {
      await unwrap(api.POST("/annotations/{annotation_id}/review/", { params: { path: { annotation_id: current.id } }, body: { decision, reason, note } }));
      setDone(`${decision === "accept" ? "Accepted" : `Rejected (${reason})`} annotation ${current.id} by ${current.annotator.username}${decision === "reject" ? ": the group goes back to the queue" : ""}.`);
      setQueue((q) => (q ?? []).filter((a) => a.id !== current.id));
      setRejecting(false);
      setNote("");
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  // One listener for the page's life, calling the handler of the latest render: an effect
  // re-registered after each render runs after paint, so a key pressed right after "R" showed
  // the reasons could still reach the previous render's handler (which knew no reasons).
  const onKeyRef = useRef<(event: KeyboardEvent) => void>(() => {});
  useEffect(() => {
    const listener = (event: KeyboardEvent) => onKeyRef.current(event);
    window.addEventListener("keydown", listener);
    return () => window.removeEventListener("keydown", listener);
  }, []);
  onKeyRef.current = (event: KeyboardEvent) => {
    const typing = event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement;
    if (typing && event.key !== "Escape") return;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const action = reviewKey(event.key, rejecting);
    if (!action) return;
    event.preventDefault();
    if (action.kind === "cancel") {
      setRejecting(false);
      (document.activeElement as HTMLElement | null)?.blur();
    } else if (action.kind === "accept") void decide("accept");
    else if (action.kind === "reject") {
      if (reasons.length) setRejecting(true);
      else void decide("reject");
    } else if (action.kind === "reason") {
      if (action.index < reasons.length) void decide("reject", reasons[action.index]);
    } else if (action.kind === "next") setIndex((i) => Math.min(i + 1, Math.max(0, (queue?.length ?? 1) - 1)));
    else if (action.kind === "previous") setIndex((i) => Math.max(0, i - 1));
    else if (action.kind === "note") noteField.current?.focus();
  };

  if (!queue) return error ? <main class="quality"><ErrorNotice error={error} /></main> : <p class="app-loading">Loading the review queue…</p>;

  return (
    <main class="quality review-page">
      <header class="quality-header">
        <h1>Review{project ? `: ${project.name}` : ""}</h1>
        <span data-testid="queue-count">{queue.length} to review</span>
        <AppLink pattern={QUALITY_PATH} params={{ projectId }}>Quality dashboard</AppLink>
      </header>
      <p class="keys">
        <kbd>A</kbd> accept · <kbd>R</kbd> reject, then <kbd>1</kbd>–<kbd>9</kbd> the reason · <kbd>N</kbd> note · <kbd>J</kbd>/<kbd>K</kbd> next/previous · <kbd>Esc</kbd> cancel
      </p>
      {done ? <p class="done" role="status" data-testid="review-done">{done}</p> : null}
      {error ? <p class="error-notice" role="alert">{errorText(error)}</p> : null}
      {!current ? (
        <p data-testid="queue-empty">Nothing to review. The queue holds the work of paused and flagged annotators, of the groups where the model disagrees most with the labelers, and the project's sampled share.</p>
      ) : (
        <>
          <section class="review-item" data-testid="review-item" data-annotation={current.id}>
            <h2>
              “{current.group.prompt.text}”{current.group.is_gold ? <span class="status-chip">gold</span> : null}
            </h2>
            <p>
              By <AppLink pattern={ANNOTATOR_PATH} params={{ projectId, annotatorId: current.annotator.id }}>{current.annotator.username}</AppLink>
              {" · "}in the queue because: <strong>{current.queue_reason}</strong>
              {" · "}{(current.time_spent_ms / 1000).toFixed(1)} s spent · category {current.prompt_category || "–"}
              {(current.prompt_flags as string[]).length ? ` · prompt flags: ${(current.prompt_flags as string[]).join(", ")}` : ""}
              {current.gold_agreement !== null ? ` · gold agreement ${(100 * current.gold_agreement).toFixed(0)}%` : ""}
            </p>
            <ModelLine model={model} annotation={current} lead />
            <Judgments annotation={current} model={model} />
            {rejecting ? (
              <ol class="reasons" data-testid="reasons">
                {reasons.map((reason, i) => (
                  <li key={reason}>
                    <button type="button" onClick={() => decide("reject", reason)}><kbd>{i + 1}</kbd> {reason}</button>
                  </li>
                ))}
              </ol>
            ) : null}
            <div class="review-actions">
              <label>
                Note <input ref={noteField} name="note" value={note} onInput={(e) => setNote((e.target as HTMLInputElement).value)} />
              </label>
              <button type="button" class="primary" disabled={busy} onClick={() => decide("accept")}><kbd>A</kbd> Accept</button>
              <button type="button" disabled={busy} onClick={() => (reasons.length ? setRejecting(true) : decide("reject"))}><kbd>R</kbd> Reject</button>
            </div>
          </section>
          <section class="others">
            <h2>The other annotators of this group</h2>
            {others.length === 0 ? <p>Nobody else has judged it.</p> : others.map((a) => (
              <div key={a.id} class="other">
                <h3>{a.annotator.username} <span class="status-chip">{a.status}</span></h3>
                <ModelLine model={model} annotation={a} />
                <Judgments annotation={a} model={model} />
              </div>
            ))}
          </section>
          <ol class="queue-list">
            {queue.map((a, i) => (
              <li key={a.id} class={i === index ? "current" : ""}>
                <button type="button" class="link" onClick={() => setIndex(i)}>{a.annotator.username}: {a.group.prompt.text} ({a.queue_reason})</button>
              </li>
            ))}
          </ol>
        </>
      )}
    </main>
  );
}

/** How far the production model orders one annotation's pairs alike, and (`lead`: for the
 * annotation under review) whether the group is one where the model disagrees most with the
 * labelers, or that the model has not scored it. Nothing without a production model. */
function ModelLine({ model, annotation, lead = false }: { model: GroupModelScores | null; annotation: ReviewedAnnotation; lead?: boolean }) {
  if (!model?.version || (!lead && model.scores.length === 0)) return null;
  if (model.scores.length === 0)
    return <p class="model-line">Model v{model.version.number} has not scored this group (a gold group, or work newer than its last measurement).</p>;
  const scores = new Map(model.scores.map((s) => [s.image_id, s.score]));
  const { agreed, compared } = agreementWithModel(annotation.images, scores);
  const place = model.disagreement;
  return (
    <p class="model-line" data-testid="model-line">
      Model v{model.version.number} orders {agreed} of {compared} of these untied pairs the same way
      {lead && place ? ` · among the groups where it disagrees most with the labelers (#${place.rank}: contradicts ${place.contradicted} of ${place.compared} comparisons)` : ""}
    </p>
  );
}

/** The images in group order with the slot, ratings and flags one annotation gave them, and the
 * production model's score and place for each. */
function Judgments({ annotation, model }: { annotation: ReviewedAnnotation; model: GroupModelScores | null }) {
  const scores = new Map((model?.scores ?? []).map((s) => [s.image_id, s.score]));
  const ranks = modelRanks(model?.scores ?? []);
  return (
    <ul class="judgments">
      {annotation.images.map((image) => (
        <li key={image.image_id}>
          <img src={image.url} alt={`image ${(image.position ?? 0) + 1}`} loading="lazy" />
          <span class="slot">slot {image.slot}</span>
          {scores.has(image.image_id) ? (
            <span class="model-score" title={`the model's score (v${model?.version?.number}); its place among the group's images`}>
              model {scores.get(image.image_id)?.toFixed(2)} (#{ranks.get(image.image_id)})
            </span>
          ) : null}
          <span class="ratings">
            {Object.entries(image.ratings as Record<string, number>).map(([k, v]) => `${k} ${v}`).join(" · ")}
          </span>
          {(image.flags as string[]).length ? <span class="flags">{(image.flags as string[]).join(", ")}</span> : null}
        </li>
      ))}
    </ul>
  );
}
