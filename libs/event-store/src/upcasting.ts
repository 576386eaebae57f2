/** Turns the data of one (type, schemaVersion) into the shape of schemaVersion + 1. */
export interface Upcaster {
  type: string;
  fromVersion: number;
  upcast(data: Record<string, unknown>): Record<string, unknown>;
}

export type UpcastFn = (type: string, schemaVersion: number, data: Record<string, unknown>) => Record<string, unknown>;

/** Applies the chain of upcasters registered for an event type, oldest shape first, until none matches. */
export function createUpcaster(upcasters: readonly Upcaster[]): UpcastFn {
  const byKey = new Map<string, Upcaster>();
  for (const u of upcasters) {
    const key = `${u.type}@${u.fromVersion}`;
    if (byKey.has(key)) throw new Error(`two upcasters for ${key}`);
    byKey.set(key, u);
  }
  return (type, schemaVersion, data) => {
    let version = schemaVersion;
    let current = data;
    for (let next = byKey.get(`${type}@${version}`); next; next = byKey.get(`${type}@${version}`)) {
      current = next.upcast(current);
      version += 1;
    }
    return current;
  };
}

export const noUpcasting: UpcastFn = (_type, _version, data) => data;
