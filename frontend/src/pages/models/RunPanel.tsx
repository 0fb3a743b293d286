import { formatSeconds, lossPoints } from "./chart";
import { LineChart } from "./LineChart";
import type { TrainingRun } from "./types";

const PHASES: Record<string, string> = {
  data: "reading the data",
  training: "training",
  evaluation: "evaluating on the held-out prompts",
  done: "done",
};

/** The run in progress: state, a live progress bar, the loss curve and the latest log lines. */
export function RunPanel({ run }: { run: TrainingRun }) {
  const percent = Math.round(100 * run.progress);
  return (
    <section class="run-panel" data-run-state={run.state}>
      <h2>
        Run {run.id}: {run.state}
        {run.state === "running" && run.phase ? `, ${PHASES[run.phase] ?? run.phase}` : ""}
      </h2>
      <p class="run-meta">
        {run.trigger === "manual" ? `Started by ${run.requested_by ?? "a manager"}` : `Triggered by ${run.trigger}`}
        {run.new_comparisons ? ` after ${run.new_comparisons} new comparisons` : ""}
        {run.attempt > 1 ? ` · attempt ${run.attempt}` : ""}
        {run.device ? ` · ${run.device}` : ""}
      </p>
      <div class="progress-bar" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
        <div class="progress-fill" style={{ width: `${percent}%` }} />
        <span>
          {percent}%{run.total_steps ? ` · step ${run.step} of ${run.total_steps}, epoch ${run.epoch}` : ""}
          {run.loss !== null ? ` · loss ${run.loss.toFixed(4)}` : ""}
        </span>
      </div>
      <LineChart points={lossPoints(run.loss_history)} label="Training loss by step" xLabel="step" yLabel="loss"
        formatY={(y) => y.toFixed(2)} />
      {Object.keys(run.timings).length ? (
        <p class="run-timings">
          {Object.entries(run.timings).map(([name, seconds]) => `${name.replace("_", " ")} ${formatSeconds(seconds)}`)
            .join(" · ")}
        </p>
      ) : null}
      {run.error ? <pre class="run-error">{run.error}</pre> : null}
      <pre class="run-log" aria-label="Recent log lines">{run.log_lines.slice(-12).join("\n")}</pre>
    </section>
  );
}
