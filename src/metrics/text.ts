/**
 * Text checks the hot loops share. Trimming makes a new string, so a million-row column must not
 * trim (or test a pattern on) every cell; these tell cheaply when it cannot change anything.
 */

/**
 * False only when trim() would return the text unchanged: neither end is an ASCII control or
 * space, nor at or beyond U+00A0, where every other character trim() (and a regex `\s`) removes lies.
 * @example mayHaveOuterSpace("Jakarta") // => false
 * @example mayHaveOuterSpace(" Jakarta") // => true
 */
export function mayHaveOuterSpace(s: string): boolean {
  if (s.length === 0) return true;
  const first = s.charCodeAt(0);
  const last = s.charCodeAt(s.length - 1);
  return first <= 32 || first >= 160 || last <= 32 || last >= 160;
}
