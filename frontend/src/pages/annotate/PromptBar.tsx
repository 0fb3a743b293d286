/** The prompt, its category and prompt flags, and the help button. */
import type { ComponentChildren } from "preact";
import type { ProjectDetail } from "../../api/types";
import type { Judgments } from "./rules";

export function PromptBar({
  project,
  prompt,
  judgments,
  onCategory,
  onPromptFlags,
  onHelp,
  promptFlagsOpen,
  categoryInvalid,
  children,
}: {
  project: ProjectDetail;
  prompt: string;
  judgments: Judgments;
  onCategory: () => void;
  onPromptFlags: () => void;
  onHelp: () => void;
  promptFlagsOpen: boolean;
  categoryInvalid: boolean;
  children?: ComponentChildren;
}) {
  return (
    <section class="prompt-bar" aria-label="Prompt">
      <h1 class="prompt-text" data-testid="prompt">
        {prompt}
      </h1>
      <div class="prompt-controls">
        {project.prompt_categories.length > 0 ? (
          <button
            type="button"
            class={`category-button ${judgments.promptCategory ? "" : "empty"} ${categoryInvalid ? "invalid" : ""}`}
            aria-haspopup="listbox"
            onClick={onCategory}
            data-testid="category-button"
          >
            Category: <strong>{judgments.promptCategory || "choose"}</strong> <kbd>C</kbd>
          </button>
        ) : null}
        {project.prompt_flags.length > 0 ? (
          <button type="button" aria-expanded={promptFlagsOpen} onClick={onPromptFlags}>
            Prompt flags{judgments.promptFlags.length ? ` (${judgments.promptFlags.length})` : ""} <kbd>P</kbd>
          </button>
        ) : null}
        {judgments.promptFlags.map((flag) => (
          <span key={flag} class="chip">
            {flag}
          </span>
        ))}
        <button type="button" onClick={onHelp} aria-label="Help: instructions and keys" title="Help (?)">
          Help <kbd>?</kbd>
        </button>
        {children}
      </div>
    </section>
  );
}
