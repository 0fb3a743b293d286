/**
 * The task screen's keys, in one table: the handler (useTaskKeys) dispatches on it and the help
 * panel lists it, so what is shown is what works.
 */
export type KeyAction =
  | { type: "image"; delta: -1 | 1 }
  | { type: "row"; delta: -1 | 1 }
  | { type: "value"; value: number }
  | { type: "slot"; slot: number }
  | { type: "clear" }
  | { type: "flags" }
  | { type: "promptFlags" }
  | { type: "category" }
  | { type: "zoom" }
  | { type: "submit" }
  | { type: "skip" }
  | { type: "help" }
  | { type: "close" };

export interface KeyHelp {
  keys: string[];
  what: string;
}

export const KEY_HELP: KeyHelp[] = [
  { keys: ["←", "→"], what: "Previous / next image (Tab also moves through every control)" },
  { keys: ["↑", "↓"], what: "Previous / next row of the image: the rating scales, then Rank" },
  { keys: ["1", "…", "7"], what: "Set the focused row: a rating (then move to the next scale), or the rank slot" },
  { keys: ["Shift", "+", "1…5"], what: "Put the focused image in that rank slot (1 = best), then move to the next image" },
  { keys: ["0"], what: "Clear the focused row (also Backspace)" },
  { keys: ["F"], what: "Image flags of the focused image; then 1…9 toggle a flag, Esc closes" },
  { keys: ["C"], what: "Prompt category; then ↑/↓ or its first letter, Enter chooses" },
  { keys: ["P"], what: "Prompt flags; then 1…9 toggle a flag, Esc closes" },
  { keys: ["Z"], what: "Zoom: the focused image at full resolution (←/→ and ratings keep working)" },
  { keys: ["Ctrl", "+", "Enter"], what: "Submit the group and go to the next one" },
  { keys: ["S"], what: "Skip the group, with a reason: 1…5 picks one, Enter skips (also Ctrl+Space)" },
  { keys: ["?"], what: "This help: the project's instructions and the keys" },
  { keys: ["Esc"], what: "Close a menu, the zoom or this help" },
];

/** The action for a keydown, or null to let the browser have it. */
export function actionFor(event: Pick<KeyboardEvent, "key" | "code" | "ctrlKey" | "metaKey" | "altKey" | "shiftKey">): KeyAction | null {
  const { key, code } = event;
  if ((event.ctrlKey || event.metaKey) && key === "Enter") return { type: "submit" };
  if (event.ctrlKey && key === " ") return { type: "skip" }; // Label Studio's skip key, for those used to it
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  // Shift+digit: "!" etc. on the key, the digit on the code (any layout with digits on top).
  const digit = /^Digit([0-9])$/.exec(code)?.[1] ?? /^Numpad([0-9])$/.exec(code)?.[1];
  if (event.shiftKey && digit && digit !== "0") return { type: "slot", slot: Number(digit) };
  if (!event.shiftKey && /^[1-9]$/.test(key)) return { type: "value", value: Number(key) };
  switch (key) {
    case "ArrowLeft":
      return { type: "image", delta: -1 };
    case "ArrowRight":
      return { type: "image", delta: 1 };
    case "ArrowUp":
      return { type: "row", delta: -1 };
    case "ArrowDown":
      return { type: "row", delta: 1 };
    case "0":
    case "Backspace":
    case "Delete":
      return { type: "clear" };
    case "f":
    case "F":
      return { type: "flags" };
    case "p":
    case "P":
      return { type: "promptFlags" };
    case "c":
    case "C":
      return { type: "category" };
    case "z":
    case "Z":
      return { type: "zoom" };
    case "s":
    case "S":
      return { type: "skip" };
    case "?":
      return { type: "help" };
    case "Escape":
      return { type: "close" };
    default:
      return null;
  }
}
