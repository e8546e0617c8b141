// `alvh chains import FILE... --format F [--mapping YAML] --out chains.db`: end-of-day option chains into one
// SQLite file, with each file's row and quote counts and the rows skipped, by reason.
import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ArgumentError } from '../core/errors.js';
import { BUILT_IN_MAPPINGS, CHAIN_FORMATS, parseMapping, type ChainFormat } from '../market/chain-formats.js';
import { fileLines, importChainLines } from '../market/chain-import.js';
import { ChainStore } from '../market/chain-store.js';

interface ImportOptions {
  format: string;
  mapping?: string;
  out: string;
}

export function register(program: Command): void {
  const chains = program.command('chains').description('real end-of-day option chains');
  chains
    .command('import <files...>')
    .description(`load chain files into a SQLite database (${CHAIN_FORMATS.join(', ')})`)
    .requiredOption('--format <format>', `the files' layout: ${CHAIN_FORMATS.join(' | ')}`)
    .option('--mapping <file>', 'with --format generic: the YAML column mapping (docs/data.md)')
    .requiredOption('--out <file>', 'the SQLite file to write (an existing one is added to)')
    .action(async (files: string[], opts: ImportOptions) => {
      if (!(CHAIN_FORMATS as readonly string[]).includes(opts.format))
        throw new ArgumentError(
          `--format: expected one of ${CHAIN_FORMATS.join(', ')}, found '${opts.format}'`,
        );
      const format = opts.format as ChainFormat;
      if ((format === 'generic') !== (opts.mapping !== undefined))
        throw new ArgumentError('--mapping goes with --format generic, and only with it');
      const mapping =
        format === 'generic'
          ? parseMapping(readFileSync(opts.mapping!, 'utf8'), opts.mapping!)
          : BUILT_IN_MAPPINGS[format];
      const store = await ChainStore.create(existsSync(opts.out) ? readFileSync(opts.out) : undefined);
      for (const file of files) {
        const report = store.transaction(() =>
          importChainLines(fileLines(file), file, mapping, (q) => store.add(q)),
        );
        const skipped = Object.entries(report.skipped)
          .map(([why, s]) => `${s.count} ${why} (first at ${s.first})`)
          .join('; ');
        process.stdout.write(
          `${file}: ${report.rows} rows, ${report.quotes} quotes${skipped === '' ? '' : `; skipped ${skipped}`}\n`,
        );
      }
      const replaced = store.replaced();
      const total = store.count();
      store.save(opts.out);
      process.stdout.write(
        `${opts.out}: ${total} quotes${replaced > 0 ? ` (${replaced} imported again replaced the earlier quote)` : ''}\n`,
      );
    });
}
