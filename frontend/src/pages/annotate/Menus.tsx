/** Small popovers of the task screen: flag menus, the category list, and the anchor legend. */
import { useEffect, useRef } from "preact/hooks";
import type { ProjectDetail } from "../../api/types";

/** A list of checkboxes, numbered for the keys 1..9 (the task screen handles those keys). */
export function FlagsMenu({
  title,
  flags,
  checked,
  onToggle,
  onClose,
}: {
  title: string;
  flags: string[];
  checked: string[];
  onToggle: (flag: string) => void;
  onClose: () => void;
}) {
  return (
    <div class="popover flags-menu" role="group" aria-label={title} data-testid="flags-menu">
      <div class="popover-head">
        <strong>{title}</strong>
        <button type="button" class="icon" onClick={onClose} aria-label="Close">
          ×
        </button>
      </div>
      <ul>
        {flags.map((flag, i) => (
          <li key={flag}>
            <label>
              <input type="checkbox" checked={checked.includes(flag)} onChange={() => onToggle(flag)} />
              {i < 9 ? <kbd>{i + 1}</kbd> : null} {flag}
            </label>
          </li>
        ))}
      </ul>
      <p class="hint">Keys 1–{Math.min(9, flags.length)} toggle, Esc closes.</p>
    </div>
  );
}

export type CategoryKeyResult = { active: number } | { choose: number } | { close: true } | null;

/** What a key does in the category list: ↑/↓, Home/End, a first letter (cycling), Enter or
 * Space choose, Esc or C close. Handled by the task screen's key listener, so keys typed right
 * after "C" are never lost while the list is still being drawn. */
export function categoryKey(categories: string[], active: number, key: string): CategoryKeyResult {
  const n = categories.length;
  if (key === "ArrowDown") return { active: (active + 1) % n };
  if (key === "ArrowUp") return { active: (active - 1 + n) % n };
  if (key === "Home") return { active: 0 };
  if (key === "End") return { active: n - 1 };
  if (key === "Enter" || key === " ") return { choose: active };
  if (key === "Escape" || key === "c" || key === "C") return { close: true };
  if (key.length === 1 && /\S/.test(key)) {
    const lower = key.toLowerCase();
    for (let step = 1; step <= n; step++) {
      const index = (active + step) % n;
      if (categories[index].toLowerCase().startsWith(lower)) return { active: index };
    }
  }
  return null;
}

/** The prompt categories as a listbox; its keys are in categoryKey(). */
export function CategoryMenu({
  categories,
  value,
  active,
  onChoose,
  onClose,
}: {
  categories: string[];
  value: string;
  active: number;
  onChoose: (category: string) => void;
  onClose: () => void;
}) {
  const listRef = useRef<HTMLUListElement>(null);
  useEffect(() => listRef.current?.focus({ preventScroll: true }), []);
  useEffect(() => {
    listRef.current?.querySelector(`[data-index="${active}"]`)?.scrollIntoView({ block: "nearest" });
  }, [active]);

  return (
    <div class="popover category-menu">
      <ul
        ref={listRef}
        role="listbox"
        tabIndex={0}
        aria-label="Prompt category"
        aria-activedescendant={`category-${active}`}
        onBlur={(event) => {
          const next = event.relatedTarget;
          if (next instanceof Node && !event.currentTarget.contains(next)) onClose();
        }}
      >
        {categories.map((category, i) => (
          <li
            key={category}
            id={`category-${i}`}
            data-index={i}
            role="option"
            aria-selected={category === value}
            class={`${i === active ? "active" : ""} ${category === value ? "chosen" : ""}`}
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => onChoose(category)}
          >
            {category}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The anchor texts of the focused scale, always in view while rating. */
export function AnchorLegend({ project, row }: { project: ProjectDetail; row: number }) {
  const dimension = project.rating_dimensions[row];
  if (!dimension) {
    return (
      <p class="anchor-legend" aria-live="polite">
        <strong>Rank</strong> 1 = best … {project.ranking_slots} = worst; at most {project.max_images_per_slot} images share a slot (a tie).
        {project.require_consistent_ranking ? " An image rated higher overall may not be ranked lower." : ""}
      </p>
    );
  }
  const anchors = Object.entries(dimension.anchors ?? {}).sort((a, b) => Number(a[0]) - Number(b[0]));
  return (
    <p class="anchor-legend" aria-live="polite">
      <strong>{dimension.label}</strong>
      {anchors.map(([value, text]) => (
        <span key={value} class="anchor">
          <b>{value}</b> {text}
        </span>
      ))}
    </p>
  );
}
