import { useEffect, useState } from "preact/hooks";
import { api, unwrap } from "../../api/client";
import type { components } from "../../api/schema";
import { complete, type ProjectDetail } from "../../api/types";
import { ErrorNotice, errorText } from "../../lib/ErrorNotice";
import { setAdvice } from "./qualification";

type GoldGroup = components["schemas"]["GoldGroup"];
const PAGE = 100;

/**
 * The qualification set: the project's gold groups, each marked in the set or not. Marking and
 * unmarking are the server's (it refuses to take out a group an attempt in progress uses, and
 * says whose); the settings that use the set are on the Protocol tab.
 */
export function QualificationPanel({ projectId }: { projectId: number }) {
  const [project, setProject] = useState<ProjectDetail | null>(null);
  const [groups, setGroups] = useState<GoldGroup[] | null>(null);
  const [total, setTotal] = useState(0);
  const [inSet, setInSet] = useState(0);
  const [refusals, setRefusals] = useState<Record<number, string>>({});
  const [error, setError] = useState<unknown>(null);
  const path = { project_id: projectId };

  async function countInSet() {
    const page = await unwrap(api.GET("/projects/{project_id}/qualification-groups/", { params: { path, query: { qualification: true, limit: 1 } } }));
    setInSet(page.count);
  }

  async function loadMore(offset: number) {
    const page = await unwrap(api.GET("/projects/{project_id}/qualification-groups/", { params: { path, query: { limit: PAGE, offset } } }));
    setGroups((shown) => [...(offset === 0 ? [] : (shown ?? [])), ...page.results]);
    setTotal(page.count);
  }

  useEffect(() => {
    void (async () => {
      try {
        const [detail] = await Promise.all([unwrap(api.GET("/projects/{project_id}/", { params: { path } })), loadMore(0), countInSet()]);
        setProject(complete(detail));
      } catch (e) {
        setError(e);
      }
    })();
  }, [projectId]);

  async function toggle(group: GoldGroup) {
    setRefusals(({ [group.id]: _, ...rest }) => rest);
    try {
      let row: GoldGroup;
      if (group.is_qualification) {
        row = await unwrap(api.DELETE("/projects/{project_id}/qualification-groups/{group_id}/", { params: { path: { ...path, group_id: group.id } } }));
      } else {
        await unwrap(api.POST("/projects/{project_id}/qualification-groups/", { params: { path }, body: { groups: [group.id] } }));
        row = { ...group, is_qualification: true };
      }
      setGroups((shown) => (shown ?? []).map((g) => (g.id === row.id ? row : g)));
      await countInSet();
    } catch (e) {
      setRefusals((r) => ({ ...r, [group.id]: errorText(e) }));
    }
  }

  if (error) return <ErrorNotice error={error} />;
  if (groups === null || project === null) return <p class="muted">Loading the gold groups…</p>;
  const advice = setAdvice(inSet, project);
  return (
    <div class="qualification-panel">
      <p data-testid="qualification-summary">
        Qualification is <b>{project.require_qualification ? "on" : "off"}</b>: an attempt is {project.qualification_size} groups, passed
        with a mean gold agreement of {Math.round(project.qualification_pass_mark * 100)}%. The set holds <b>{inSet}</b> of the project's{" "}
        {total} gold groups.
      </p>
      {advice ? (
        <p class="once-data" role="status" data-testid="qualification-advice">
          {advice}
        </p>
      ) : null}
      {groups.length === 0 ? (
        <p class="muted">No gold groups yet: import rankings as gold answers (Data tab), or as a qualification set.</p>
      ) : (
        <table class="qualification-groups">
          <thead>
            <tr>
              <th>In the set</th>
              <th>Group</th>
              <th>Prompt</th>
              <th>Images</th>
              <th>Reference ranking</th>
              <th>Answers</th>
            </tr>
          </thead>
          <tbody>
            {groups.map((group) => (
              <tr key={group.id} data-group={group.id} class={group.is_qualification ? "in-set" : ""}>
                <td>
                  <input
                    type="checkbox"
                    checked={group.is_qualification}
                    aria-label={`Group ${group.external_id || group.id} in the qualification set`}
                    onChange={() => void toggle(group)}
                  />
                </td>
                <td>{group.external_id || group.id}</td>
                <td>
                  {group.prompt}
                  {refusals[group.id] ? (
                    <p class="field-errors" role="alert">
                      {refusals[group.id]}
                    </p>
                  ) : null}
                </td>
                <td>{group.images}</td>
                <td>{group.gold_ranking.join(" ")}</td>
                <td>{group.annotation_count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {groups.length < total ? (
        <button type="button" onClick={() => void loadMore(groups.length).catch(setError)}>
          Show more ({total - groups.length} left)
        </button>
      ) : null}
    </div>
  );
}
