/**
 * Numbering the customers of a purchase log, shared by RFM and COHORT.
 */

/** Each row's customer number and the customers' keys, from customerNumbers. */
export interface CustomerNumbers {
  /** Customer number of each row, 0, 1, 2 … in order of first appearance; −1 for a row left out. */
  customerOf: Int32Array;
  /** The customers' ids, by number. */
  keys: (string | number)[];
}

/**
 * Numbers the customers of `ids` in order of first appearance, skipping rows `include` refuses.
 * Ids that are already small integer codes (an Int32Array, as the Excel layer passes them) index
 * a table instead of a map: on a million purchases the map was most of the cost.
 * @example customerNumbers(["B", "A", "B"]) // => { customerOf: Int32Array [0, 1, 0], keys: ["B", "A"] }
 */
export function customerNumbers(ids: ArrayLike<string | number>, include?: (row: number) => boolean): CustomerNumbers {
  const n = ids.length;
  let table: Int32Array | undefined;
  if (ids instanceof Int32Array) {
    let max = -1;
    for (let i = 0; i < n; i++) if (ids[i] > max) max = ids[i];
    table = new Int32Array(max + 1).fill(-1);
  }
  const index = new Map<string | number, number>();
  const customerOf = new Int32Array(n);
  const keys: (string | number)[] = [];
  for (let i = 0; i < n; i++) {
    if (include && !include(i)) {
      customerOf[i] = -1;
      continue;
    }
    let c = table ? table[ids[i] as number] : index.get(ids[i]);
    if (c === undefined || c === -1) {
      c = keys.length;
      if (table) table[ids[i] as number] = c;
      else index.set(ids[i], c);
      keys.push(ids[i]);
    }
    customerOf[i] = c;
  }
  return { customerOf, keys };
}
