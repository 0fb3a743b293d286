import "./quality.css";
import { useEffect, useState } from "preact/hooks";
import { api, unwrap } from "../../api/client";
import { complete } from "../../api/types";
import { hasRole, useSession } from "../../app/session";
import { ErrorNotice } from "../../lib/ErrorNotice";
import { formatPercent } from "../models/chart";
import type { PageProps } from "../types";
import { Bars, Heatmap, Scatter, TrendChart } from "./Charts";
import { AppLink } from "./Link";
import { ANNOTATOR_PATH, REVIEW_PATH } from "./paths";
import { dayLabel, dayOffsets, sortRows, toCsv, type SortDirection } from "./quality";
import type { AnnotatorQuality, QualityReport } from "./types";

const COLUMNS: { key: keyof AnnotatorQuality; label: string; percent?: boolean; seconds?: boolean }[] = [
  { key: "username", label: "Annotator" },
  { key: "annotations", label: "Annotations" },
  { key: "median_time_spent_ms", label: "Median time", seconds: true },
  { key: "majority_agreement", label: "Agrees with majority", percent: true },
  { key: "pairwise_agreement", label: "Pairwise", percent: true },
  { key: "model_agreement", label: "Agrees with model", percent: true },
  { key: "rolling_gold_accuracy", label: "Gold (last K)", percent: true },
  { key: "tie_rate", label: "Ties", percent: true },
  { key: "flag_rate", label: "Flags", percent: true },
  { key: "straight_lining", label: "Straight-lined", percent: true },
  { key: "share_rejected", label: "Rejected", percent: true },
];

/** The quality dashboard: agreement over time, who agrees with whom, outliers, gold. */
export default function DashboardPage({ params }: PageProps) {
  const projectId = Number(params.projectId);
  const session = useSession();
  const project = session.projects.find((p) => p.id === projectId);
  const [report, setReport] = useState<QualityReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [sort, setSort] = useState<{ key: keyof AnnotatorQuality; direction: SortDirection }>({ key: "majority_agreement", direction: "asc" });
  const [notice, setNotice] = useState("");

  useEffect(() => {
    unwrap(api.GET("/projects/{project_id}/quality/report/", { params: { path: { project_id: projectId } } }))
      .then((r) => setReport(complete(r)))
      .catch(setError);
  }, [projectId]);

  if (error) return <main class="quality"><ErrorNotice error={error} /></main>;
  if (!report) return <p class="app-loading">Loading the quality figures…</p>;
  const f = report.figures;
  const canReview = hasRole(session, ["reviewer"], projectId);
  const isManager = hasRole(session, ["manager"], projectId);
  const rows = sortRows(f.annotators, sort.key, sort.direction);
  const daily = f.windows.daily.filter((w) => w.pairwise_agreement !== null);
  const offsets = dayOffsets(daily.map((w) => w.start));

  function download() {
    const columns = ["id", "username", ...COLUMNS.slice(1).map((c) => c.key as string), "flags"];
    const csv = toCsv(columns, f.annotators.map((a) => ({ ...a, flags: a.flags.map((flag) => flag.rule) })));
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([csv], { type: "text/csv" }));
    link.download = `quality-project-${projectId}.csv`;
    link.click();
    URL.revokeObjectURL(link.href);
  }

  async function recompute() {
    try {
      await unwrap(api.POST("/projects/{project_id}/quality/report/", { params: { path: { project_id: projectId } } }));
      setNotice("Recomputing in a worker: reload in a moment.");
    } catch (e) {
      setError(e);
    }
  }

  return (
    <main class="quality">
      <header class="quality-header">
        <h1>Quality{project ? `: ${project.name}` : ""}</h1>
        <p class="computed" data-testid="computed-at">
          Computed {new Date(report.computed_at).toLocaleString()} ({report.seconds.toFixed(2)} s)
        </p>
        {canReview ? (
          <AppLink class="button primary" pattern={REVIEW_PATH} params={{ projectId }}>
            Open the review queue
          </AppLink>
        ) : null}
        {report.model ? (
          <p class="computed" data-testid="model-computed-at">
            Model v{report.model.version_number} measured {new Date(report.model.computed_at).toLocaleString()}
          </p>
        ) : null}
        {isManager ? <button type="button" onClick={recompute}>Recompute now</button> : null}
        <button type="button" onClick={download}>Download CSV</button>
        {notice ? <span role="status">{notice}</span> : null}
      </header>

      <section class="headline" aria-label="Headline figures">
        <Figure label="Pairwise agreement" value={formatPercent(f.ranking.pairwise_agreement)} />
        <Figure label="Agrees with majority" value={formatPercent(f.ranking.majority_agreement)} />
        {report.model ? <Figure label={`Agrees with model v${report.model.version_number}`} value={formatPercent(report.model.agreement)} /> : null}
        {report.model ? <Figure label="Model disagreement groups to review" value={String(report.model.disagreement_groups)} /> : null}
        <Figure label="Kendall's tau-b" value={f.ranking.kendall_tau_b === null ? "–" : f.ranking.kendall_tau_b.toFixed(2)} />
        <Figure label="Gold accuracy" value={formatPercent(f.gold.accuracy)} />
        {f.ratings.map((r) => (
          <Figure key={r.dimension} label={`α ${r.label}`} value={r.alpha === null ? "–" : r.alpha.toFixed(2)} />
        ))}
        <Figure label="κ image flags" value={kappa(f.flags.image)} />
        <Figure label="κ prompt flags" value={kappa(f.flags.prompt)} />
        <Figure label="Annotations" value={String(f.annotations.total)} />
      </section>

      <div class="quality-charts">
        <figure>
          <figcaption>Agreement over time (pairwise, per day)</figcaption>
          <TrendChart
            points={daily.map((w, i) => ({ x: offsets[i], y: w.pairwise_agreement ?? 0 }))}
            label="Pairwise agreement per day"
            xLabel="day"
            yLabel="pairwise agreement"
            formatX={(x) => dayLabel(daily[0].start, x)}
            formatY={(y) => formatPercent(y, 0)}
            includeY={[0.5, 1]}
          />
        </figure>
        <figure>
          <figcaption>Speed against agreement (outliers in red)</figcaption>
          <Scatter
            points={f.annotators
              .filter((a) => a.median_time_spent_ms !== null && a.majority_agreement !== null)
              .map((a) => ({
                x: Math.round((a.median_time_spent_ms ?? 0) / 100) / 10,
                y: a.majority_agreement ?? 0,
                label: a.username,
                outlier: a.flags.length > 0,
                title: `${a.username}: ${a.flags.map((flag) => flag.message).join("; ") || "no flags"}`,
              }))}
            label="Median seconds per group against agreement with the majority"
            xLabel="median s per group"
            yLabel="agrees with majority"
          />
        </figure>
        <figure>
          <figcaption>Who agrees with whom</figcaption>
          <Heatmap annotators={f.annotators.map((a) => ({ id: a.id, username: a.username }))} pairs={f.pairs} />
        </figure>
        <figure>
          <figcaption>Gold accuracy per annotator (last K gold groups)</figcaption>
          <Bars
            label="Rolling gold accuracy per annotator"
            bar={null}
            rows={f.annotators.map((a) => ({
              label: a.username,
              value: a.rolling_gold_accuracy,
              low: a.flags.some((flag) => flag.rule === "gold_accuracy"),
            }))}
          />
        </figure>
      </div>

      <table class="quality-table" data-testid="annotator-table">
        <thead>
          <tr>
            {COLUMNS.map((c) => (
              <th key={c.key} aria-sort={sort.key === c.key ? (sort.direction === "asc" ? "ascending" : "descending") : undefined}>
                <button
                  type="button"
                  class="link"
                  onClick={() => setSort({ key: c.key, direction: sort.key === c.key && sort.direction === "asc" ? "desc" : "asc" })}
                >
                  {c.label}
                </button>
              </th>
            ))}
            <th>Flags</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((a) => (
            <tr key={a.id} class={a.flags.length ? "flagged" : ""}>
              {COLUMNS.map((c) => (
                <td key={c.key}>
                  {c.key === "username" ? (
                    canReview ? <AppLink pattern={ANNOTATOR_PATH} params={{ projectId, annotatorId: a.id }}>{a.username}</AppLink> : a.username
                  ) : (
                    cell(a[c.key], c)
                  )}
                </td>
              ))}
              <td>
                {a.flags.map((flag) => (
                  <span key={flag.rule} class={`flag-chip${flag.pauses ? " pauses" : ""}`} title={flag.message}>
                    {flag.rule}
                  </span>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div class="figure">
      <span class="value">{value}</span>
      <span class="label">{label}</span>
    </div>
  );
}

function kappa(rows: { flag: string; kappa: number | null }[]): string {
  const any = rows.find((r) => r.flag === "any");
  return any && any.kappa !== null ? any.kappa.toFixed(2) : "–";
}

function cell(value: unknown, column: { percent?: boolean; seconds?: boolean }): string {
  if (value === null || value === undefined) return "–";
  if (column.percent) return formatPercent(value as number);
  if (column.seconds) return `${((value as number) / 1000).toFixed(1)} s`;
  return String(value);
}
