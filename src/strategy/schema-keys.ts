// The keys a strategy file may hold at a key path, read from the schema itself, so "did you mean" suggestions
// can never drift from what the schema accepts.
import type { z } from 'zod';

interface Def {
  type: string;
  shape?: Record<string, unknown>;
  innerType?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
  in?: z.ZodType;
  out?: z.ZodType;
  getter?: () => z.ZodType;
  left?: z.ZodType;
  right?: z.ZodType;
  valueType?: z.ZodType;
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** The object schemas a value at this schema may be: wrappers unwrapped, union options all kept. */
function objects(schema: z.ZodType, depth = 0): Def[] {
  if (depth > 20) return [];
  const def = defOf(schema);
  switch (def.type) {
    case 'object':
      return [def];
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return def.innerType ? objects(def.innerType, depth + 1) : [];
    case 'pipe':
      return [...(def.in ? objects(def.in, depth + 1) : []), ...(def.out ? objects(def.out, depth + 1) : [])];
    case 'lazy':
      return def.getter ? objects(def.getter(), depth + 1) : [];
    case 'union':
      return (def.options ?? []).flatMap((o) => objects(o, depth + 1));
    case 'intersection':
      return [def.left, def.right].flatMap((s) => (s ? objects(s, depth + 1) : []));
    default:
      return [];
  }
}

/** The schemas of the values inside a container at `part` (a key of an object, an index of an array). */
function children(schema: z.ZodType, part: PropertyKey, depth = 0): z.ZodType[] {
  if (depth > 20) return [];
  const def = defOf(schema);
  if (typeof part === 'number' || def.type === 'array' || def.type === 'record') {
    if (def.type === 'array' && def.element) return [def.element];
    if (def.type === 'record' && def.valueType) return [def.valueType];
    if (def.innerType) return children(def.innerType, part, depth + 1);
    if (def.type === 'pipe' && def.in) return children(def.in, part, depth + 1);
    if (def.type === 'union') return (def.options ?? []).flatMap((o) => children(o, part, depth + 1));
    return [];
  }
  return objects(schema).flatMap((o) => {
    const child = o.shape?.[String(part)];
    return child ? [child as z.ZodType] : [];
  });
}

/** Every key the schema allows in the mapping at `path` (empty when the path leads to no mapping). */
export function keysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let current: z.ZodType[] = [schema];
  for (const part of path) current = current.flatMap((s) => children(s, part));
  return [...new Set(current.flatMap((s) => objects(s).flatMap((o) => Object.keys(o.shape ?? {}))))];
}
