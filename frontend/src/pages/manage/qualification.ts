/** Plain functions behind the Qualification tab (tested in qualification.test.ts). */

export interface SetSettings {
  require_qualification: boolean;
  qualification_size: number;
}

/**
 * What the size of the qualification set means for newcomers, or null when it is enough: an
 * attempt takes `qualification_size` groups and an annotator answers a group once, so a newcomer
 * who fails once needs twice that many (services/qualification.py).
 */
export function setAdvice(inSet: number, settings: SetSettings): string | null {
  const size = settings.qualification_size;
  if (!settings.require_qualification) {
    return inSet > 0 ? "Qualification is off for this project (Protocol tab): the set is not used until it is on." : null;
  }
  if (inSet < size)
    return `The set holds ${inSet} group${inSet === 1 ? "" : "s"}, fewer than one attempt's ${size}: newcomers are told to ask a manager until it holds more.`;
  if (inSet < 2 * size)
    return `The set holds ${inSet} groups; a second attempt needs ${2 * size} in all (each group is answered once), so a newcomer who fails once may run out.`;
  return null;
}
