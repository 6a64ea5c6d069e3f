/**
 * Distinct inputs a memoised function remembers. Real traffic repeats a few hundred User-Agents, header
 * sets and dictionary passwords; when the cache fills it is emptied, so memory stays bounded under any
 * input.
 */
export const MEMO_MAX_ENTRIES = 4096;

/** Inputs longer than this are computed afresh each time rather than kept as cache keys. */
export const MEMO_MAX_KEY_CHARS = 4096;

/**
 * Remembers a pure function of a string: the same User-Agent, header set or password arrives thousands
 * of times in a brute-force burst, and working it out once is enough. The cache is bounded (emptied when full,
 * long keys never stored), so hostile variety costs only the uncached work. Results are shared between
 * callers and must not be mutated; they are frozen to make sure.
 */
export function memoizeByString<R extends object | null>(fn: (key: string) => R): (key: string) => R {
  return memoizeByKey((key: string) => key, fn);
}

/**
 * memoizeByString for a function of any input, cached under the string `keyOf` names it by: inputs with
 * the same key must give the same result. Cheaper than serialising the input when the key can be built
 * by hand.
 */
export function memoizeByKey<A, R extends object | null>(
  keyOf: (input: A) => string,
  fn: (input: A) => R,
): (input: A) => R {
  const cache = new Map<string, R>();
  return (input) => {
    const key = keyOf(input);
    if (key.length > MEMO_MAX_KEY_CHARS) return fn(input);
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    if (cache.size >= MEMO_MAX_ENTRIES) cache.clear();
    const value = fn(input);
    if (value !== null) deepFreeze(value);
    cache.set(key, value);
    return value;
  };
}

/** Remembers a pure function of an object for as long as that object lives. */
export function memoizeByObject<K extends object, R extends object>(fn: (key: K) => R): (key: K) => R {
  const cache = new WeakMap<K, R>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) {
      value = deepFreeze(fn(key));
      cache.set(key, value);
    }
    return value;
  };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const member of Object.values(value)) deepFreeze(member);
  }
  return value;
}
