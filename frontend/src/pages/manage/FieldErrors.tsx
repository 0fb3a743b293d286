import type { FieldProblem } from "../../api/client";

/** A field's refusals, under the field (the rule and the server's message). */
export function FieldErrors({ problems }: { problems?: FieldProblem[] }) {
  if (!problems?.length) return null;
  return (
    <ul class="field-errors" role="alert">
      {problems.map((p, i) => (
        <li key={i} data-rule={p.rule} data-field={p.field}>
          {p.field.includes(".") || p.field.includes("[") ? `${p.field}: ` : ""}
          {p.message}
        </li>
      ))}
    </ul>
  );
}
