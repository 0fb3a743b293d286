import "./quality.css";
import { useEffect, useState } from "preact/hooks";
import { api, unwrap } from "../../api/client";
import { complete } from "../../api/types";
import { hasRole, useSession } from "../../app/session";
import { ErrorNotice } from "../../lib/ErrorNotice";
import { LineChart } from "../models/LineChart";
import { formatPercent } from "../models/chart";
import type { PageProps } from "../types";
import { AppLink } from "./Link";
import { QUALITY_PATH } from "./paths";
import { dayOffsets } from "./quality";
import type { AnnotatorPage as Page } from "./types";

/** One annotator: their figures and trend, pauses (pause and resume for managers), recent work
 * and the review decisions on it. */
export default function AnnotatorPage({ params }: PageProps) {
  const projectId = Number(params.projectId);
  const annotatorId = Number(params.annotatorId);
  const session = useSession();
  const [page, setPage] = useState<Page | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [text, setText] = useState("");
  const [actionError, setActionError] = useState<unknown>(null);
  const isManager = hasRole(session, ["manager"], projectId);

  function load() {
    unwrap(api.GET("/projects/{project_id}/annotators/{annotator_id}/", { params: { path: { project_id: projectId, annotator_id: annotatorId } } }))
      .then((p) => setPage(complete(p)))
      .catch(setError);
  }
  useEffect(load, [projectId, annotatorId]);

  if (error) return <main class="quality"><ErrorNotice error={error} /></main>;
  if (!page) return <p class="app-loading">Loading the annotator…</p>;
  const f = page.figures;
  const open = page.pauses.find((p) => p.resumed_at === null);
  const trend = page.trend.filter((t) => t.majority_agreement !== null);
  const offsets = dayOffsets(trend.map((t) => t.start));

  async function act(event: Event) {
    event.preventDefault();
    setActionError(null);
    const path = { params: { path: { project_id: projectId, annotator_id: annotatorId } } };
    try {
      if (open) await unwrap(api.POST("/projects/{project_id}/annotators/{annotator_id}/resume/", { ...path, body: { note: text } }));
      else await unwrap(api.POST("/projects/{project_id}/annotators/{annotator_id}/pause/", { ...path, body: { reason: text } }));
      setText("");
      load();
    } catch (e) {
      setActionError(e);
    }
  }

  async function resetQualification() {
    setActionError(null);
    const note = window.prompt("Why may they try again?") ?? "";
    try {
      await unwrap(
        api.POST("/projects/{project_id}/annotators/{annotator_id}/qualification/reset/", {
          params: { path: { project_id: projectId, annotator_id: annotatorId } },
          body: { note },
        }),
      );
      load();
    } catch (e) {
      setActionError(e);
    }
  }

  return (
    <main class="quality annotator-page">
      <p>
        <AppLink pattern={QUALITY_PATH} params={{ projectId }}>← Quality dashboard</AppLink>
      </p>
      <h1>
        {page.annotator.username}{" "}
        {open ? <span class="status-chip paused" data-testid="annotator-status">Paused</span> : <span class="status-chip active" data-testid="annotator-status">Active</span>}
      </h1>
      {open ? (
        <p class="pause-reason" role="status">
          Paused {new Date(open.paused_at).toLocaleString()} {open.paused_by ? `by ${open.paused_by.username}` : "by the quality rules"}: {open.reason}
        </p>
      ) : null}

      {isManager ? (
        <form class="pause-form" onSubmit={act}>
          <label>
            {open ? "Why may they work again?" : "Why pause them?"}
            <input name={open ? "note" : "reason"} value={text} onInput={(e) => setText((e.target as HTMLInputElement).value)} />
          </label>
          <button type="submit" class="primary">{open ? "Resume" : "Pause"}</button>
          {actionError ? <ErrorNotice error={actionError} /> : null}
        </form>
      ) : null}

      {f ? (
        <section class="headline" aria-label="Figures">
          <Figure label="Annotations" value={String(f.annotations)} />
          <Figure label="Agrees with majority" value={formatPercent(f.majority_agreement)} />
          <Figure label="Pairwise agreement" value={formatPercent(f.pairwise_agreement)} />
          {page.model ? (
            <Figure label={`Agrees with model v${page.model.version_number}`} value={formatPercent(page.model.agreement)} />
          ) : null}
          <Figure label={`Gold, last ${f.rolling_gold_annotations}`} value={formatPercent(f.rolling_gold_accuracy)} />
          <Figure label="Median time" value={f.median_time_spent_ms === null ? "–" : `${(f.median_time_spent_ms / 1000).toFixed(1)} s`} />
          <Figure label="Ties" value={formatPercent(f.tie_rate)} />
          <Figure label="Flags" value={formatPercent(f.flag_rate)} />
          <Figure label="Rejected" value={formatPercent(f.share_rejected)} />
        </section>
      ) : (
        <p>No figures yet: the quality report has not seen their work.</p>
      )}
      {f && f.flags.length ? (
        <ul class="flag-list">
          {f.flags.map((flag) => (
            <li key={flag.rule}><strong>{flag.rule}</strong>: {flag.message}</li>
          ))}
        </ul>
      ) : null}

      <figure>
        <figcaption>Agreement with the majority, per week</figcaption>
        <LineChart
          points={trend.map((t, i) => ({ x: offsets[i], y: t.majority_agreement ?? 0 }))}
          label="Weekly agreement with the majority"
          xLabel={trend.length ? `days since ${trend[0].start}` : "days"}
          yLabel="agreement"
          formatY={(y) => formatPercent(y, 0)}
          includeY={[0.5, 1]}
          markers
        />
      </figure>

      <h2>Recent work</h2>
      <table class="quality-table">
        <thead><tr><th>Annotation</th><th>Prompt</th><th>Status</th><th>Time</th><th>Made</th><th>Review</th></tr></thead>
        <tbody>
          {page.recent.map((a) => (
            <tr key={a.id}>
              <td>{a.id}</td>
              <td>{a.group.prompt.text}</td>
              <td>{a.status}</td>
              <td>{(a.time_spent_ms / 1000).toFixed(1)} s</td>
              <td>{new Date(a.created_at).toLocaleString()}</td>
              <td>{a.review_reason || a.review_note}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>Review decisions on their work</h2>
      {page.decisions.length === 0 ? <p>None yet.</p> : (
        <table class="quality-table" data-testid="decisions">
          <thead><tr><th>When</th><th>Annotation</th><th>Reviewer</th><th>Decision</th><th>Reason</th><th>Note</th></tr></thead>
          <tbody>
            {page.decisions.map((d) => (
              <tr key={d.id}>
                <td>{new Date(d.created_at).toLocaleString()}</td>
                <td>{d.annotation_id}</td>
                <td>{d.reviewer.username}</td>
                <td>{d.decision}</td>
                <td>{d.reason}</td>
                <td>{d.note}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>Qualification</h2>
      <p data-testid="qualification-state">
        {QUALIFICATION_STATES[page.qualification.state]}
        {page.qualification.attempts.length
          ? ` Attempts: ${page.qualification.attempts
              .map((a) => `${a.number}: ${a.passed === null ? "in progress" : `${a.passed ? "passed" : "failed"} (${formatPercent(a.score, 0)})`}${a.reset_at ? `, reset by ${a.reset_by?.username ?? "a manager"}` : ""}`)
              .join("; ")}.`
          : ""}
      </p>
      {isManager && page.qualification.state === "failed" ? (
        <button type="button" onClick={resetQualification}>Let them try the qualification again</button>
      ) : null}

      <h2>Pauses</h2>
      {page.pauses.length === 0 ? <p>Never paused.</p> : (
        <table class="quality-table" data-testid="pauses">
          <thead><tr><th>Paused</th><th>By</th><th>Rule</th><th>Why</th><th>Resumed</th><th>By</th><th>Note</th></tr></thead>
          <tbody>
            {page.pauses.map((p) => (
              <tr key={p.id}>
                <td>{new Date(p.paused_at).toLocaleString()}</td>
                <td>{p.paused_by?.username ?? "quality rules"}</td>
                <td>{p.rule}</td>
                <td>{p.reason}</td>
                <td>{p.resumed_at ? new Date(p.resumed_at).toLocaleString() : "–"}</td>
                <td>{p.resumed_by?.username ?? ""}</td>
                <td>{p.resume_note}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}

const QUALIFICATION_STATES: Record<string, string> = {
  not_required: "The project does not ask for a qualification.",
  not_started: "Not started yet.",
  in_progress: "In progress: they get qualification groups only.",
  passed: "Passed.",
  failed: "Failed twice: no work until a manager lets them try again.",
};

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div class="figure">
      <span class="value">{value}</span>
      <span class="label">{label}</span>
    </div>
  );
}
