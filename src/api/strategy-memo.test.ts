// The strategy memo: a kept strategy is what loadStrategy returns, it is read back only by the engine that
// wrote it for the same label and text, and errors are the loader's own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadStrategy } from '../strategy/load.js';
import { STRATEGY_MEMO_FILE, STRATEGY_MEMO_LIMIT, strategyLoaderIn } from './strategy-memo.js';

function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'alvh-strategy-memo-'));
  return fn(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

interface MemoFile {
  engine: string;
  entries: Record<string, { hash: string }>;
}
const readMemo = (dir: string): MemoFile =>
  JSON.parse(readFileSync(join(dir, STRATEGY_MEMO_FILE), 'utf8')) as MemoFile;

test('strategy memo: a kept preset and file load as loadStrategy loads them', () =>
  withDir(async (dir) => {
    const file = join(dir, 'mine.yaml');
    writeFileSync(
      file,
      readFileSync(join('presets', 'condor.yaml'), 'utf8').replace('name: condor', 'name: mine'),
    );
    for (const name of ['alvh', 'vxth', file]) {
      const direct = loadStrategy(name);
      const cold = await strategyLoaderIn(dir, 'e1').load(name);
      const warm = await strategyLoaderIn(dir, 'e1').load(name);
      assert.deepStrictEqual(cold, direct);
      assert.deepStrictEqual(warm, direct);
    }
    assert.equal(Object.keys(readMemo(dir).entries).length, 3);
  }));

test('strategy memo: read back by its own engine only, and for the same text only', () =>
  withDir(async (dir) => {
    await strategyLoaderIn(dir, 'e1').load('alvh');
    // Tampered in the file: the same engine reads the tampered entry (proof the memo is read) ...
    const memo = readMemo(dir);
    for (const e of Object.values(memo.entries)) e.hash = 'tampered';
    writeFileSync(join(dir, STRATEGY_MEMO_FILE), JSON.stringify(memo));
    assert.equal((await strategyLoaderIn(dir, 'e1').load('alvh')).hash, 'tampered');
    // ... another engine checks the strategy again.
    assert.equal((await strategyLoaderIn(dir, 'e2').load('alvh')).hash, loadStrategy('alvh').hash);
    assert.equal(readMemo(dir).engine, 'e2');
    // A changed file is checked again: its new text, its new hash.
    const file = join(dir, 's.yaml');
    const text = readFileSync(join('presets', 'condor.yaml'), 'utf8');
    writeFileSync(file, text);
    const before = await strategyLoaderIn(dir, 'e2').load(file);
    writeFileSync(file, `${text}\ncapital: 250000\n`);
    const after = await strategyLoaderIn(dir, 'e2').load(file);
    assert.notEqual(after.hash, before.hash);
    assert.equal(after.strategy.capital, 250_000);
  }));

test("strategy memo: errors are the loader's, and a strategy that fails is not kept", () =>
  withDir(async (dir) => {
    const loader = strategyLoaderIn(dir, 'e1');
    const missing = join(dir, 'nope.yaml');
    await assert.rejects(loader.load(missing), { message: /cannot read strategy/ });
    assert.throws(() => loadStrategy(missing), { message: /cannot read strategy/ });
    const txt = join(dir, 'strategy.txt');
    writeFileSync(txt, 'version: 1\n');
    await assert.rejects(loader.load(txt), { message: /expected a \.yaml, \.yml or \.json file/ });
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'version: 1\nname: x\ncapitol: 5\n');
    let direct = '';
    try {
      loadStrategy(bad);
    } catch (err) {
      direct = (err as Error).message;
    }
    assert.ok(direct !== '');
    await assert.rejects(loader.load(bad), { message: direct });
    await assert.rejects(strategyLoaderIn(dir, 'e1').load(bad), { message: direct });
  }));

test('strategy memo: keeps the newest entries up to its limit, and none without a cache folder', () =>
  withDir(async (dir) => {
    const text = readFileSync(join('presets', 'condor.yaml'), 'utf8');
    for (let k = 0; k < STRATEGY_MEMO_LIMIT + 3; k++) {
      const file = join(dir, `s${k}.yaml`);
      writeFileSync(file, `${text}\ncapital: ${100_000 + k}\n`);
      await strategyLoaderIn(dir, 'e1').load(file);
    }
    assert.equal(Object.keys(readMemo(dir).entries).length, STRATEGY_MEMO_LIMIT);
    assert.deepStrictEqual(await strategyLoaderIn(null).load('alvh'), loadStrategy('alvh'));
  }));
