import { formatPercent } from "./chart";
import type { ModelVersion } from "./types";

interface Props {
  versions: ModelVersion[];
  canManage: boolean;
  busy: boolean;
  onPromote(version: ModelVersion): void;
}

/** Every version with the data it saw and its held-out metrics; managers promote candidates. */
export function VersionsTable({ versions, canManage, busy, onPromote }: Props) {
  if (versions.length === 0) return <p>No model version yet: the first run makes one.</p>;
  return (
    <table class="versions-table">
      <thead>
        <tr>
          <th scope="col">Version</th>
          <th scope="col">Status</th>
          <th scope="col">Training pairs</th>
          <th scope="col">Held-out accuracy</th>
          <th scope="col">Held-out pairs</th>
          <th scope="col">Production's accuracy then</th>
          <th scope="col">Verdict</th>
          {canManage ? <th scope="col"><span class="visually-hidden">Actions</span></th> : null}
        </tr>
      </thead>
      <tbody>
        {versions.map((version) => {
          const production = (version.comparison as { production?: { preference_accuracy?: number | null } | null })
            .production;
          const verdict = (version.comparison as { verdict?: string }).verdict;
          return (
            <tr key={version.id} class={version.is_production ? "is-production" : ""} data-version={version.number}>
              <th scope="row">
                v{version.number}
                {version.is_production ? <span class="chip">production</span> : null}
              </th>
              <td>{version.status}</td>
              <td>{version.counts.train_pairs ?? "–"}</td>
              <td>{formatPercent(version.metrics.preference_accuracy)}</td>
              <td>{version.metrics.n_pairs ?? "–"}</td>
              <td>{production ? formatPercent(production.preference_accuracy) : "–"}</td>
              <td class="verdict">{verdict ?? ""}</td>
              {canManage ? (
                <td>
                  {version.status === "ready" && !version.is_production ? (
                    <button type="button" disabled={busy} onClick={() => onPromote(version)}>
                      Promote v{version.number}
                    </button>
                  ) : null}
                </td>
              ) : null}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
