/**
 * Plain functions behind the ReFL panel (tested in refl.test.ts): the request a form makes and
 * how often to read a run again.
 */

/** The form's options as typed: empty means the trainer's default. */
export interface ReflForm {
  bundle: string;
  pipeline: string;
  steps: string;
  lora_rank: string;
  pretrain_weight: string;
  eval_every: string;
  lr: string;
}

export const REFL_OPTION_FIELDS = [
  { key: "steps", label: "Steps", placeholder: "100" },
  { key: "lora_rank", label: "LoRA rank (0: whole UNet)", placeholder: "4" },
  { key: "pretrain_weight", label: "Pre-training weight (0: none)", placeholder: "1" },
  { key: "eval_every", label: "Evaluate every (steps)", placeholder: "50" },
  { key: "lr", label: "Learning rate", placeholder: "1e-4 (LoRA)" },
] as const;

export function defaultReflForm(): ReflForm {
  return { bundle: "", pipeline: "", steps: "", lora_rank: "", pretrain_weight: "", eval_every: "", lr: "" };
}

export interface ReflRequest {
  bundle: number;
  pipeline: string;
  options: Record<string, number | string>;
}

/** The request body: the options the researcher filled in, as numbers where they read as one
 * (the server checks each against its bounds and names the field it refuses). */
export function reflRequest(form: ReflForm): ReflRequest {
  const options: Record<string, number | string> = {};
  for (const { key } of REFL_OPTION_FIELDS) {
    const text = form[key].trim();
    if (text === "") continue;
    const value = Number(text);
    options[key] = Number.isFinite(value) ? value : text;
  }
  return { bundle: Number(form.bundle), pipeline: form.pipeline, options };
}

/** How long to wait before reading the runs again: often while one moves, rarely otherwise. */
export function reflPollDelay(states: readonly string[]): number {
  if (states.includes("running")) return 2000;
  if (states.includes("queued")) return 4000;
  return 30000;
}
