import { useCallback, useEffect, useState } from "preact/hooks";
import { ApiError, api, unwrap } from "../../api/client";
import { complete } from "../../api/types";
import { ErrorNotice } from "../../lib/ErrorNotice";
import { formatSeconds, lossPoints } from "./chart";
import { LineChart } from "./LineChart";
import { REFL_OPTION_FIELDS, defaultReflForm, reflPollDelay, reflRequest, type ReflForm } from "./refl";
import type { ReflBundle, ReflRun, ReflRunSummary } from "./types";

interface Data {
  bundles: ReflBundle[];
  pipelines: string[];
  runs: ReflRunSummary[];
}

async function load(projectId: number): Promise<Data> {
  const path = { project_id: projectId };
  const [bundles, pipelines, runs] = await Promise.all([
    unwrap(api.GET("/projects/{project_id}/refl-bundles/", { params: { path } })),
    unwrap(api.GET("/projects/{project_id}/refl-pipelines/", { params: { path } })),
    unwrap(api.GET("/projects/{project_id}/refl-runs/", { params: { path, query: { limit: 20 } } })),
  ]);
  return complete({ bundles, pipelines: pipelines.pipelines, runs: runs.results });
}

/** ReFL (researchers and managers): start a fine-tuning of a pipeline with a built bundle, follow
 * the runs' curves live, download a result. */
export function ReflPanel({ projectId }: { projectId: number }) {
  const [data, setData] = useState<Data | null>(null);
  const [shown, setShown] = useState<ReflRun | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const [form, setForm] = useState<ReflForm>(defaultReflForm());
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const refresh = useCallback(async () => {
    try {
      const loaded = await load(projectId);
      setData(loaded);
      const id = selected ?? loaded.runs[0]?.id ?? null;
      setShown(id === null ? null : complete(await unwrap(api.GET("/refl-runs/{run_id}/", { params: { path: { run_id: id } } }))));
    } catch (e) {
      setError(e);
    }
  }, [projectId, selected]);

  useEffect(() => {
    void refresh();
  }, [refresh]);
  const states = data?.runs.map((r) => r.state) ?? [];
  useEffect(() => {
    const timer = setTimeout(() => void refresh(), reflPollDelay(states));
    return () => clearTimeout(timer);
  }, [data, shown, refresh]);

  async function start(event: Event) {
    event.preventDefault();
    setBusy(true);
    try {
      const run = await unwrap(api.POST("/projects/{project_id}/refl-runs/", {
        params: { path: { project_id: projectId } },
        body: reflRequest(form),
      }));
      setError(null);
      setSelected(run.id);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const problems = error instanceof ApiError ? error.errors : [];
  const problemOf = (field: string) => {
    const found = problems.filter((p) => p.field === field);
    return found.length ? <span class="field-error" role="alert">{found.map((p) => p.message).join("; ")}</span> : null;
  };
  const set = (key: keyof ReflForm) => (event: Event) =>
    setForm({ ...form, [key]: (event.target as HTMLInputElement | HTMLSelectElement).value });

  if (!data) return <section class="refl"><h2>ReFL</h2>{error ? <ErrorNotice error={error} /> : <p>Loading…</p>}</section>;
  const ready = data.bundles.filter((b) => b.status === "ready");
  return (
    <section class="refl">
      <h2>ReFL: fine-tune a generator with this reward model</h2>
      <form class="refl-form" onSubmit={start}>
        <label>
          Bundle
          <select name="bundle" value={form.bundle} onChange={set("bundle")} required>
            <option value="">{ready.length ? "choose a built bundle" : "no bundle built yet"}</option>
            {ready.map((b) => <option key={b.id} value={String(b.id)}>{b.name} ({b.prompts} prompts)</option>)}
          </select>
          {problemOf("bundle")}
        </label>
        <label>
          Pipeline
          <select name="pipeline" value={form.pipeline} onChange={set("pipeline")} required>
            <option value="">{data.pipelines.length ? "choose a pipeline folder" : "no pipeline on the server"}</option>
            {data.pipelines.map((p) => <option key={p} value={p}>{p}</option>)}
          </select>
          {problemOf("pipeline")}
        </label>
        {REFL_OPTION_FIELDS.map(({ key, label, placeholder }) => (
          <label key={key}>
            {label}
            <input name={key} inputMode="decimal" placeholder={placeholder} value={form[key]} onInput={set(key)} />
            {problemOf(`options.${key}`)}
          </label>
        ))}
        <button type="submit" class="button primary" disabled={busy}>Start ReFL run</button>
      </form>
      {error ? <ErrorNotice error={error} /> : null}

      {data.runs.length ? (
        <ul class="refl-runs">
          {data.runs.map((r) => (
            <li key={r.id}>
              <button type="button" class={shown?.id === r.id ? "selected" : ""} onClick={() => setSelected(r.id)}>
                Run {r.id} · {r.bundle_name} · {r.pipeline} · {r.state}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {shown ? <ReflRunView run={shown} /> : null}
    </section>
  );
}

function ReflRunView({ run }: { run: ReflRun }) {
  const percent = Math.round(100 * run.progress);
  return (
    <article class="run-panel refl-run" data-run-state={run.state}>
      <h3>
        ReFL run {run.id}: {run.state}
        {run.state === "running" && run.phase ? `, ${run.phase}` : ""}
      </h3>
      <p class="run-meta">
        {run.bundle_name} on {run.pipeline}
        {run.requested_by ? ` · started by ${run.requested_by}` : ""}
        {run.attempt > 1 ? ` · attempt ${run.attempt}` : ""}
        {run.device ? ` · ${run.device}` : ""}
      </p>
      <div class="progress-bar" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
        <div class="progress-fill" style={{ width: `${percent}%` }} />
        <span>{percent}%{run.total_steps ? ` · step ${run.step} of ${run.total_steps}` : ""}</span>
      </div>
      <div class="refl-charts">
        <LineChart points={lossPoints(run.eval_reward_history)} label="Held-out mean reward by step" xLabel="step"
          yLabel="held-out reward" formatY={(y) => y.toFixed(2)} markers />
        <LineChart points={lossPoints(run.reward_loss_history)} label="Reward loss by step" xLabel="step"
          yLabel="reward loss" formatY={(y) => y.toPrecision(2)} />
        <LineChart points={lossPoints(run.pretrain_loss_history)} label="Pre-training loss by step" xLabel="step"
          yLabel="pre-training loss" formatY={(y) => y.toFixed(3)} />
      </div>
      {run.result ? (
        <p class="refl-result">
          {run.result.mode === "lora" ? "LoRA weights" : "Fine-tuned pipeline"}, held-out mean reward{" "}
          {run.result.initial_mean_reward?.toFixed(3) ?? "–"} → {run.result.final_mean_reward?.toFixed(3) ?? "–"}.{" "}
          {run.download_url ? (
            <a class="button" href={run.download_url} download>Download ({Math.ceil(run.result.archive.bytes / 1024)} KiB zip)</a>
          ) : null}
        </p>
      ) : null}
      {Object.keys(run.timings).length ? (
        <p class="run-timings">
          {Object.entries(run.timings).map(([name, seconds]) => `${name.replace("_", " ")} ${formatSeconds(seconds)}`).join(" · ")}
        </p>
      ) : null}
      {run.error ? <pre class="run-error">{run.error}</pre> : null}
      <pre class="run-log" aria-label="Recent log lines of the ReFL run">{run.log_lines.slice(-12).join("\n")}</pre>
    </article>
  );
}
