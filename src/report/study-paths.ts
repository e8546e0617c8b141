// The --paths part of the study summary: per configuration run on the synthetic paths, the share of paths
// on which each claim, and the whole claim box, holds.
import type { StudyJson } from '../study/output.js';
import { renderTable } from './table.js';
import { pct } from './terminal.js';

export function formatPathShares(doc: StudyJson, color: boolean): string {
  const withPaths = doc.configs.filter((c) => c.paths);
  if (withPaths.length === 0) return '';
  const claims = Object.keys(withPaths[0].paths!.claims);
  return renderTable(
    {
      title: `On ${withPaths[0].paths!.paths} synthetic paths: share of paths where each claim holds`,
      columns: [
        { header: 'configuration' },
        ...claims.map((header) => ({ header, align: 'right' as const })),
        { header: 'claim box', align: 'right' },
      ],
      rows: withPaths.map((c) => [
        c.id,
        ...claims.map((k) => pct(c.paths!.claims[k], 0)),
        pct(c.paths!.in_claim_box, 0),
      ]),
    },
    { color },
  );
}
