/** What an import does with the manifest's rankings, as the Data tab's form offers it. */

export type RankingUse = "none" | "gold" | "qualification";

export const RANKING_USES: readonly (readonly [RankingUse, string])[] = [
  ["none", "Not imported"],
  ["gold", "Answers of gold groups"],
  ["qualification", "Answers of gold groups in the qualification set"],
];

export interface RankingOptions {
  gold: boolean;
  qualification: boolean;
}

/** The import's options for a choice: a qualification group is a gold group too. */
export function rankingOptions(use: RankingUse): RankingOptions {
  return { gold: use !== "none", qualification: use === "qualification" };
}

/** A finished import's gold groups, with how many joined the qualification set: "12 (12 qualification)". */
export function goldCount(counts: Record<string, number> | null | undefined): string {
  if (!counts) return "";
  const gold = counts.gold_groups ?? 0;
  const qualification = counts.qualification_groups ?? 0;
  return qualification ? `${gold} (${qualification} qualification)` : String(gold);
}
