// `alvh --help` without loading the command-line library: the program's usage, options and command table laid
// out exactly as commander lays them out (a test compares the two at every width), so the most common first
// command of a new user starts as fast as `--version`.
import { COMMANDS } from './commands.js';

/** The program's one-line description (program.ts gives commander the same text). */
export const PROGRAM_DESCRIPTION =
  'Backtest, price, simulate and run the Adaptive Layered VIX Hedge on SPX iron condors';

/** Below this many columns commander does not wrap (its Help.minWidthToWrap). */
const MIN_WIDTH_TO_WRAP = 40;

/** Commander's boxWrap: words filled into lines of `width`, the space at a break dropped. */
function wrap(text: string, width: number): string {
  if (width < MIN_WIDTH_TO_WRAP) return text;
  const chunks = text.match(/[\s]*[^\s]+/g) ?? [];
  const lines: string[] = [];
  let line = chunks.shift() ?? '';
  for (const chunk of chunks) {
    if (line.length + chunk.length <= width) line += chunk;
    else {
      lines.push(line);
      line = chunk.trimStart();
    }
  }
  lines.push(line);
  return lines.join('\n');
}

/** The top-level help as commander prints it for a terminal `width` columns wide (80 when not a terminal). */
export function topLevelHelp(width = 80): string {
  const items: [string, string][] = [
    ['-V, --version', 'output the version number'],
    ['-h, --help', 'display help for command'],
    ...COMMANDS.map((c): [string, string] => [c.name, c.summary]),
    ['help [command]', 'display help for command'],
  ];
  const termWidth = Math.max(...items.map(([term]) => term.length));
  const descriptionWidth = width - termWidth - 4;
  const item = ([term, text]: [string, string]): string => {
    const body =
      descriptionWidth < MIN_WIDTH_TO_WRAP
        ? text
        : wrap(text, descriptionWidth).replace(/\n/g, '\n' + ' '.repeat(termWidth + 2));
    return `  ${term.padEnd(termWidth)}  ${body.replace(/\n/g, '\n  ')}`;
  };
  return [
    'Usage: alvh [options] [command]',
    '',
    wrap(PROGRAM_DESCRIPTION, width),
    '',
    'Options:',
    ...items.slice(0, 2).map(item),
    '',
    'Commands:',
    ...items.slice(2).map(item),
    '',
  ].join('\n');
}
