/**
 * Pure updates of a group's judgments and of the keyboard focus (which image, which row).
 * Rows of an image: its rating dimensions in project order, then "rank".
 */
import type { Judgments, Rules } from "./rules";
import { slotHasRoom } from "./rules";

export interface Focus {
  image: number;
  row: number;
}

export function rowCount(rules: Pick<Rules, "rating_dimensions">): number {
  return rules.rating_dimensions.length + 1;
}

export function isRankRow(rules: Pick<Rules, "rating_dimensions">, row: number): boolean {
  return row === rules.rating_dimensions.length;
}

export function moveImage(focus: Focus, delta: number, imageCount: number): Focus {
  return { ...focus, image: (focus.image + delta + imageCount) % imageCount };
}

export function moveRow(rules: Pick<Rules, "rating_dimensions">, focus: Focus, delta: number): Focus {
  const rows = rowCount(rules);
  return { ...focus, row: (focus.row + delta + rows) % rows };
}

/** Where the focus goes after a value is set: a rating moves to the next scale, the last scale
 * to the next image's first scale; a slot moves to the next image's rank row. */
export function focusAfterValue(rules: Pick<Rules, "rating_dimensions">, focus: Focus, imageCount: number): Focus {
  const dims = rules.rating_dimensions.length;
  if (focus.row >= dims) return { image: Math.min(focus.image + 1, imageCount - 1), row: dims };
  if (focus.row + 1 < dims) return { ...focus, row: focus.row + 1 };
  return focus.image + 1 < imageCount ? { image: focus.image + 1, row: 0 } : focus;
}

export function setRating(judgments: Judgments, imageId: number, key: string, value: number | undefined): Judgments {
  const ratings = { ...(judgments.ratings[imageId] ?? {}) };
  if (value === undefined) delete ratings[key];
  else ratings[key] = value;
  return { ...judgments, ratings: { ...judgments.ratings, [imageId]: ratings } };
}

export type SlotChange = { ok: true; judgments: Judgments } | { ok: false; message: string };

/** Put an image in a slot (undefined = take it out of the ranking). Refuses a full slot and a
 * slot outside 1..ranking_slots, as the server would. */
export function setSlot(rules: Pick<Rules, "ranking_slots" | "max_images_per_slot">, judgments: Judgments, imageId: number, slot: number | undefined): SlotChange {
  const slots = { ...judgments.slots };
  if (slot === undefined) {
    delete slots[imageId];
    return { ok: true, judgments: { ...judgments, slots } };
  }
  if (!Number.isInteger(slot) || slot < 1 || slot > rules.ranking_slots) {
    return { ok: false, message: `There are ${rules.ranking_slots} rank slots: use 1 to ${rules.ranking_slots}.` };
  }
  if (!slotHasRoom(rules, judgments.slots, imageId, slot)) {
    return {
      ok: false,
      message: `Slot ${slot} already holds ${rules.max_images_per_slot} image${rules.max_images_per_slot === 1 ? "" : "s"} (the most one slot may hold). Move one out first.`,
    };
  }
  slots[imageId] = slot;
  return { ok: true, judgments: { ...judgments, slots } };
}

function toggle(list: string[], value: string): string[] {
  return list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
}

export function toggleImageFlag(judgments: Judgments, imageId: number, flag: string): Judgments {
  return { ...judgments, flags: { ...judgments.flags, [imageId]: toggle(judgments.flags[imageId] ?? [], flag) } };
}

export function togglePromptFlag(judgments: Judgments, flag: string): Judgments {
  return { ...judgments, promptFlags: toggle(judgments.promptFlags, flag) };
}

export function setCategory(judgments: Judgments, category: string): Judgments {
  return { ...judgments, promptCategory: category };
}
