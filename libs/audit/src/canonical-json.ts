/** JSON with every object's keys in sorted order: the same body whatever order a client wrote its keys in. */
export function canonicalJson(value: unknown): string {
  // A value whose keys are in order already (a signed manifest read back, say) is what JSON.stringify writes.
  if (isInOrder(value)) return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * Whether `value` is JSON data (null, booleans, numbers, strings, arrays and plain objects, nothing undefined) whose
 * every object has its keys in sorted order: then JSON.stringify writes its canonical JSON.
 */
function isInOrder(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object':
      break;
    default:
      return false;
  }
  if (value === null) return true;
  if (Array.isArray(value)) {
    for (const item of value) if (!isInOrder(item)) return false;
    return true;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  let previous: string | undefined;
  for (const key of Object.keys(value)) {
    if ((previous !== undefined && !(previous < key)) || !isInOrder((value as Record<string, unknown>)[key])) return false;
    previous = key;
  }
  return true;
}
