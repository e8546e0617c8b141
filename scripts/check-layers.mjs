// Enforces the layer order of CONVENTIONS.md: a module under src/<layer>/ may import only from its own
// layer or from layers listed before it; src/index.ts, the package's public surface, re-exports from any
// layer and is imported by none (inside src/ the modules themselves are imported, so no cycle can form).
// Exits 1 and lists every violation.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname, sep } from 'node:path';

const LAYERS = [
  'core',
  'market',
  'pricing',
  'signals',
  'instruments',
  'view',
  'strategy',
  'engine',
  'analytics',
  'sim',
  'api',
  'study',
  'report',
  'live',
  'cli',
];
const root = resolve(dirname(new URL(import.meta.url).pathname), '..', 'src');
const publicIndex = join(root, 'index.js');

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* walk(p);
    else if (p.endsWith('.ts')) yield p;
  }
}

function layerOf(file) {
  const top = relative(root, file).split(sep)[0];
  return LAYERS.indexOf(top);
}

const violations = [];
for (const file of walk(root)) {
  const from = layerOf(file);
  if (from < 0) continue;
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(/(?:import|export)[^'"]*?from\s+['"](\.[^'"]+)['"]/g)) {
    const target = resolve(dirname(file), m[1]);
    if (target === publicIndex) {
      violations.push(
        `${relative(process.cwd(), file)}: imports ${m[1]} (the public index; import the module itself)`,
      );
      continue;
    }
    const to = layerOf(target);
    if (to > from) {
      violations.push(
        `${relative(process.cwd(), file)}: imports ${m[1]} (layer '${LAYERS[to]}' comes after '${LAYERS[from]}')`,
      );
    }
  }
}
if (violations.length > 0) {
  console.error(`layer order violated (${violations.length}):\n  ${violations.join('\n  ')}`);
  process.exit(1);
}
console.log('layer order: ok');
