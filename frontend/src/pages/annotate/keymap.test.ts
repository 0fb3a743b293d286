import { describe, expect, it } from "vitest";
import { actionFor } from "./keymap";

const key = (k: string, extra: Partial<KeyboardEvent> = {}) =>
  actionFor({ key: k, code: "", ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...extra });

describe("key map", () => {
  it("submits on Ctrl+Enter (and Cmd+Enter) but not on a plain Enter", () => {
    expect(key("Enter", { ctrlKey: true })).toEqual({ type: "submit" });
    expect(key("Enter", { metaKey: true })).toEqual({ type: "submit" });
    expect(key("Enter")).toBeNull();
  });

  it("reads Shift+digit from the key code, whatever character the layout gives", () => {
    expect(key("!", { shiftKey: true, code: "Digit1" })).toEqual({ type: "slot", slot: 1 });
    expect(key("%", { shiftKey: true, code: "Digit5" })).toEqual({ type: "slot", slot: 5 });
  });

  it("sets the focused row's value with a digit, and clears it with 0", () => {
    expect(key("4", { code: "Digit4" })).toEqual({ type: "value", value: 4 });
    expect(key("0", { code: "Digit0" })).toEqual({ type: "clear" });
  });

  it("skips on S and on Ctrl+Space", () => {
    expect(key("s")).toEqual({ type: "skip" });
    expect(key(" ", { ctrlKey: true })).toEqual({ type: "skip" });
  });

  it("leaves browser shortcuts alone (Ctrl+digit, Alt+letter)", () => {
    expect(key("1", { ctrlKey: true, code: "Digit1" })).toBeNull();
    expect(key("f", { altKey: true })).toBeNull();
  });
});
