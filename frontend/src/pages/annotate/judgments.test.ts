import { describe, expect, it } from "vitest";
import { project } from "../../test/fixtures";
import { focusAfterValue, moveImage, moveRow, setSlot } from "./judgments";
import { emptyJudgments } from "./rules";

const p = project(); // 3 scales + the rank row

describe("keyboard focus", () => {
  it("moves to the next scale after a rating, and to the next image after the last scale", () => {
    expect(focusAfterValue(p, { image: 0, row: 0 }, 4)).toEqual({ image: 0, row: 1 });
    expect(focusAfterValue(p, { image: 0, row: 2 }, 4)).toEqual({ image: 1, row: 0 });
  });

  it("stays on the rank row, moving to the next image, after setting a slot", () => {
    expect(focusAfterValue(p, { image: 1, row: 3 }, 4)).toEqual({ image: 2, row: 3 });
  });

  it("stops at the last image instead of wrapping after a value", () => {
    expect(focusAfterValue(p, { image: 3, row: 2 }, 4)).toEqual({ image: 3, row: 2 });
    expect(focusAfterValue(p, { image: 3, row: 3 }, 4)).toEqual({ image: 3, row: 3 });
  });

  it("wraps around with the arrow keys", () => {
    expect(moveImage({ image: 0, row: 1 }, -1, 4)).toEqual({ image: 3, row: 1 });
    expect(moveRow(p, { image: 0, row: 3 }, 1)).toEqual({ image: 0, row: 0 });
  });
});

describe("setSlot", () => {
  it("refuses a slot that already holds max_images_per_slot images, with the reason", () => {
    let j = emptyJudgments();
    for (const id of [1, 2]) {
      const r = setSlot(p, j, id, 2);
      if (!r.ok) throw new Error(r.message);
      j = r.judgments;
    }
    const third = setSlot(p, j, 3, 2);
    expect(third).toEqual({ ok: false, message: expect.stringContaining("Slot 2 already holds 2 images") });
  });

  it("lets an image stay in its own full slot and takes an image out of the ranking", () => {
    const j = { ...emptyJudgments(), slots: { 1: 2, 2: 2 } };
    expect(setSlot(p, j, 1, 2).ok).toBe(true);
    const out = setSlot(p, j, 1, undefined);
    expect(out.ok && out.judgments.slots).toEqual({ 2: 2 });
  });

  it("refuses a slot number the project does not have", () => {
    expect(setSlot(p, emptyJudgments(), 1, 6)).toMatchObject({ ok: false });
  });
});
