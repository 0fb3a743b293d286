/**
 * The submission rules of annotation/services/submission.py (validate_submission), checked as
 * the annotator works so a submission is blocked before it reaches the server. Same fields and
 * rule names as the server's errors; messages name images by their letter (A, B, ...).
 *
 * - prompt_category: one of the project's categories (required when it has any);
 * - prompt_flags / image flags: the project's flags, each once;
 * - every image rated on every dimension, an integer in min..max;
 * - every image in a slot 1..ranking_slots, at most max_images_per_slot per slot;
 * - if require_consistent_ranking: an image rated higher on `overall` (or the first dimension)
 *   may not be ranked in a worse (larger) slot than one rated lower; the same slot is fine.
 *   Like the server, this is checked only once everything else is in order.
 */
import type { ImageJudgment, ProjectDetail, SubmissionPayload, TaskImage } from "../../api/types";

export type Rules = Pick<
  ProjectDetail,
  | "rating_dimensions"
  | "image_flags"
  | "prompt_flags"
  | "prompt_categories"
  | "ranking_slots"
  | "max_images_per_slot"
  | "require_consistent_ranking"
>;

/** What the annotator has entered for a group so far. */
export interface Judgments {
  promptCategory: string;
  promptFlags: string[];
  /** imageId -> dimension key -> value */
  ratings: Record<number, Record<string, number>>;
  flags: Record<number, string[]>;
  /** imageId -> slot (1 = best); absent = not ranked yet */
  slots: Record<number, number>;
}

export interface Problem {
  field: string;
  rule: string;
  message: string;
  /** The image the problem is about, for showing it on that image's card. */
  imageId?: number;
  /** For a contradiction: the other image of the pair (the lower-rated one). */
  otherImageId?: number;
}

export function emptyJudgments(): Judgments {
  return { promptCategory: "", promptFlags: [], ratings: {}, flags: {}, slots: {} };
}

/** "A", "B", ... for position 0, 1, ... */
export function imageLetter(index: number): string {
  return index < 26 ? String.fromCharCode(65 + index) : `#${index + 1}`;
}

/** The dimension a ranking must agree with: `overall` if the project has it, else the first. */
export function overallKey(rules: Pick<Rules, "rating_dimensions">): string {
  const keys = rules.rating_dimensions.map((d) => d.key);
  return keys.includes("overall") ? "overall" : keys[0];
}

/** How many images each slot holds. */
export function slotCounts(slots: Record<number, number>): Map<number, number> {
  const counts = new Map<number, number>();
  for (const slot of Object.values(slots)) counts.set(slot, (counts.get(slot) ?? 0) + 1);
  return counts;
}

/** Can `imageId` be put in `slot` without overfilling it? */
export function slotHasRoom(rules: Pick<Rules, "max_images_per_slot">, slots: Record<number, number>, imageId: number, slot: number): boolean {
  if (slots[imageId] === slot) return true;
  return (slotCounts(slots).get(slot) ?? 0) < rules.max_images_per_slot;
}

/** Pairs (higher-rated, lower-rated) whose ranking contradicts their overall ratings, among
 * images that have both a rating and a slot. */
export function ratingConflicts(rules: Rules, images: TaskImage[], judgments: Judgments): Problem[] {
  if (!rules.require_consistent_ranking || rules.rating_dimensions.length === 0) return [];
  const key = overallKey(rules);
  const problems: Problem[] = [];
  for (let i = 0; i < images.length; i++) {
    for (let j = i + 1; j < images.length; j++) {
      const a = images[i].id;
      const b = images[j].id;
      const ra = judgments.ratings[a]?.[key];
      const rb = judgments.ratings[b]?.[key];
      const sa = judgments.slots[a];
      const sb = judgments.slots[b];
      if (ra === undefined || rb === undefined || sa === undefined || sb === undefined) continue;
      if ((ra - rb) * (sa - sb) > 0) {
        const [hi, lo] = ra > rb ? [i, j] : [j, i];
        const [rHi, rLo, sHi, sLo] = ra > rb ? [ra, rb, sa, sb] : [rb, ra, sb, sa];
        problems.push({
          field: `images[${hi}].slot`,
          rule: "ranking_contradicts_ratings",
          message: `Image ${imageLetter(hi)} is rated ${rHi} (${key}) but ranked in slot ${sHi}, below image ${imageLetter(lo)} rated ${rLo} in slot ${sLo}`,
          imageId: images[hi].id,
          otherImageId: images[lo].id,
        });
      }
    }
  }
  return problems;
}

function checkChoices(field: string, values: string[], allowed: string[], what: string, problems: Problem[], imageId?: number) {
  values.forEach((value, index) => {
    if (!allowed.includes(value)) problems.push({ field: `${field}[${index}]`, rule: "choice", message: `“${value}” is not one of the project's ${what}`, imageId });
    else if (values.indexOf(value) < index) problems.push({ field: `${field}[${index}]`, rule: "unique", message: `“${value}” is listed twice`, imageId });
  });
}

/** Every reason the server would refuse these judgments; empty when it may be submitted. */
export function validate(rules: Rules, images: TaskImage[], judgments: Judgments): Problem[] {
  const problems: Problem[] = [];
  const categories = rules.prompt_categories;
  if (categories.length > 0 && !categories.includes(judgments.promptCategory)) {
    problems.push({
      field: "prompt_category",
      rule: judgments.promptCategory ? "choice" : "required",
      message: judgments.promptCategory ? `“${judgments.promptCategory}” is not one of the project's prompt categories` : "Choose the prompt's category",
    });
  } else if (categories.length === 0 && judgments.promptCategory) {
    problems.push({ field: "prompt_category", rule: "choice", message: "This project has no prompt categories" });
  }
  checkChoices("prompt_flags", judgments.promptFlags, rules.prompt_flags, "prompt flags", problems);

  images.forEach((image, index) => {
    const letter = imageLetter(index);
    const ratings = judgments.ratings[image.id] ?? {};
    for (const dimension of rules.rating_dimensions) {
      const value = ratings[dimension.key];
      const field = `images[${index}].ratings.${dimension.key}`;
      if (value === undefined) {
        problems.push({ field, rule: "required", message: `Rate ${dimension.label} of image ${letter} (${dimension.min}..${dimension.max})`, imageId: image.id });
      } else if (!Number.isInteger(value)) {
        problems.push({ field, rule: "integer", message: `${value} is not an integer`, imageId: image.id });
      } else if (value < dimension.min || value > dimension.max) {
        problems.push({ field, rule: "rating_range", message: `${value} is outside ${dimension.min}..${dimension.max}`, imageId: image.id });
      }
    }
    checkChoices(`images[${index}].flags`, judgments.flags[image.id] ?? [], rules.image_flags, "image flags", problems, image.id);
    const slot = judgments.slots[image.id];
    if (slot === undefined) {
      problems.push({ field: `images[${index}].slot`, rule: "required", message: `Rank image ${letter} into a slot (1..${rules.ranking_slots})`, imageId: image.id });
    } else if (!Number.isInteger(slot) || slot < 1 || slot > rules.ranking_slots) {
      problems.push({ field: `images[${index}].slot`, rule: "slot_range", message: `Slot ${slot} is outside 1..${rules.ranking_slots}`, imageId: image.id });
    }
  });

  for (const [slot, count] of [...slotCounts(pickSlots(images, judgments)).entries()].sort((a, b) => a[0] - b[0])) {
    if (count > rules.max_images_per_slot) {
      const last = lastIndexInSlot(images, judgments, slot);
      problems.push({
        field: `images[${last}].slot`,
        rule: "slot_capacity",
        message: `Slot ${slot} holds ${count} images; at most ${rules.max_images_per_slot} may share a slot`,
        imageId: images[last].id,
      });
    }
  }

  if (problems.length === 0) problems.push(...ratingConflicts(rules, images, judgments));
  return problems;
}

function pickSlots(images: TaskImage[], judgments: Judgments): Record<number, number> {
  const slots: Record<number, number> = {};
  for (const image of images) if (judgments.slots[image.id] !== undefined) slots[image.id] = judgments.slots[image.id];
  return slots;
}

function lastIndexInSlot(images: TaskImage[], judgments: Judgments, slot: number): number {
  let last = -1;
  images.forEach((image, index) => {
    if (judgments.slots[image.id] === slot) last = index;
  });
  return last;
}

/** The body of groups/{id}/submit/, images in group position order. */
export function buildSubmission(
  rules: Rules,
  images: TaskImage[],
  judgments: Judgments,
  { clientKey, timeSpentMs }: { clientKey: string; timeSpentMs: number },
): SubmissionPayload {
  const keys = rules.rating_dimensions.map((d) => d.key);
  return {
    client_key: clientKey,
    prompt_category: judgments.promptCategory,
    prompt_flags: [...judgments.promptFlags],
    time_spent_ms: Math.max(0, Math.round(timeSpentMs)),
    images: images.map(
      (image): ImageJudgment => ({
        image_id: image.id,
        ratings: Object.fromEntries(keys.filter((k) => judgments.ratings[image.id]?.[k] !== undefined).map((k) => [k, judgments.ratings[image.id][k]])),
        flags: [...(judgments.flags[image.id] ?? [])],
        slot: judgments.slots[image.id],
      }),
    ),
  };
}
