import { useEffect, useState } from "preact/hooks";
import { api, unwrap } from "../../api/client";
import type { components } from "../../api/schema";
import type { Role } from "../../api/types";
import { ErrorNotice } from "../../lib/ErrorNotice";
import { FieldErrors } from "./FieldErrors";
import { problemsByField } from "./problems";

type Person = components["schemas"]["Person"];
const ROLES: Role[] = ["annotator", "reviewer", "researcher", "manager"];

function when(value: string | null): string {
  return value ? new Date(value).toLocaleString() : "never";
}

/** One row per member: roles (changed in place), work, last activity; add by username, remove. */
export function PeoplePanel({ projectId }: { projectId: number }) {
  const [people, setPeople] = useState<Person[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [username, setUsername] = useState("");
  const [role, setRole] = useState<Role>("annotator");
  const [notice, setNotice] = useState("");
  const path = { project_id: projectId };

  async function load() {
    try {
      setPeople(await unwrap(api.GET("/projects/{project_id}/people/", { params: { path } })));
    } catch (e) {
      setError(e);
    }
  }
  useEffect(() => {
    void load();
  }, [projectId]);

  async function act(action: () => Promise<unknown>, done: string) {
    try {
      await action();
      setError(null);
      setNotice(done);
      await load();
    } catch (e) {
      setError(e);
      setNotice("");
    }
  }

  const add = (event: Event) => {
    event.preventDefault();
    void act(
      () => unwrap(api.POST("/projects/{project_id}/members/", { params: { path }, body: { username, role } })),
      `${username} is now ${role}.`,
    ).then(() => setUsername(""));
  };
  const setRoles = (person: Person, roles: Role[]) =>
    act(
      () => unwrap(api.PUT("/projects/{project_id}/people/{username}/", { params: { path: { ...path, username: person.username } }, body: { roles } })),
      `${person.username}: ${roles.join(", ")}.`,
    );
  const remove = (person: Person) => {
    if (!window.confirm(`Remove ${person.username} from the project? The groups they hold go back to the queue; their annotations stay.`)) return;
    void act(async () => {
      const answer = await unwrap(api.DELETE("/projects/{project_id}/people/{username}/", { params: { path: { ...path, username: person.username } } }));
      return answer;
    }, `${person.username} removed.`);
  };

  const byField = problemsByField(error, ["username", "role", "roles"]);
  return (
    <div class="people">
      <form class="people-add" onSubmit={add} aria-label="Add a member">
        <label>
          Username <input name="username" value={username} onInput={(e) => setUsername(e.currentTarget.value)} />
          <FieldErrors problems={byField.username} />
        </label>
        <label>
          Role{" "}
          <select name="role" value={role} onChange={(e) => setRole(e.currentTarget.value as Role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
          <FieldErrors problems={byField.role} />
        </label>
        <button type="submit">Add</button>
      </form>
      <FieldErrors problems={[...(byField.roles ?? []), ...(byField[""] ?? [])]} />
      {notice ? <p role="status" class="notice">{notice}</p> : null}
      {people === null ? (
        error ? <ErrorNotice error={error} /> : <p class="muted">Loading people…</p>
      ) : (
        <table class="people-table">
          <thead>
            <tr>
              <th>Member</th>
              {ROLES.map((r) => (
                <th key={r}>{r}</th>
              ))}
              <th>Annotations</th>
              <th>Holding</th>
              <th>Last activity</th>
              <th>Joined</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {people.map((person) => (
              <tr key={person.username} data-username={person.username}>
                <td>{person.username}</td>
                {ROLES.map((r) => (
                  <td key={r}>
                    <input
                      type="checkbox"
                      aria-label={`${person.username} is ${r}`}
                      checked={person.roles.includes(r)}
                      onChange={(e) => {
                        const roles = e.currentTarget.checked ? [...person.roles, r] : person.roles.filter((x) => x !== r);
                        if (roles.length === 0) remove(person);
                        else void setRoles(person, roles);
                      }}
                    />
                  </td>
                ))}
                <td>{person.annotations}</td>
                <td>{person.leases}</td>
                <td>{when(person.last_activity)}</td>
                <td>{when(person.joined_at)}</td>
                <td>
                  <button type="button" class="link" onClick={() => remove(person)}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
