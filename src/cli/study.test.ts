import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import initSqlJs from 'sql.js';
import { engineVersion } from '../core/engine-version.js';
import { runCli } from './spawn-cli.test-helper.js';

test('alvh study on a store written by another engine recomputes and says so on stderr', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'alvh-study-cli-'));
  try {
    const file = join(dir, 'tiny.yaml');
    writeFileSync(file, 'version: 1\nname: tiny\nbase: alvh\naxes:\n  costs.spread_paid: [0.25, 0.5]\n');
    const args = ['study', file, '--out', join(dir, 'out'), '--years', '3', '--seed', '7', '--workers', '1'];
    const first = await runCli(args);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /2 configuration\(s\) run, 0 already in/);
    assert.doesNotMatch(first.stderr, /another engine/);
    const json = readFileSync(join(dir, 'out', 'study.json'), 'utf8');
    // Play an older engine: the stored rows say another engine wrote them.
    const path = join(dir, 'out', 'study.sqlite');
    const SQL = await initSqlJs();
    const db = new SQL.Database(readFileSync(path));
    db.run("UPDATE results SET engine = '0.0.9+0123456789ab'");
    writeFileSync(path, db.export());
    db.close();
    const second = await runCli(args);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /2 configuration\(s\) run, 0 already in/);
    assert.ok(
      second.stderr.includes(
        `alvh: 2 configuration result(s) and 0 path run(s) in ${path} were computed by another engine (0.0.9+0123456789ab); recomputed with alvh ${engineVersion()}\n`,
      ),
      second.stderr,
    );
    assert.equal(readFileSync(join(dir, 'out', 'study.json'), 'utf8'), json);
    const third = await runCli(args);
    assert.match(third.stdout, /0 configuration\(s\) run, 2 already in/);
    assert.doesNotMatch(third.stderr, /another engine/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
