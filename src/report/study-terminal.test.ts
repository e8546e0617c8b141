import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtureStudy } from './fixture-study.test-helper.js';
import { formatStudySummary } from './study-terminal.js';

test('the terminal summary: shares twice, PBO and DSR readings, walk-forward, the top configurations', () => {
  const { results, statistics } = fixtureStudy();
  const out = formatStudySummary(results, statistics, { color: false, top: 3 });
  const box = statistics.share_in_claim_box;
  assert.match(
    out,
    new RegExp(
      `inside the claim box \\(drawdown-cut \\+ cost-per-year \\+ months-credited\\) +${(box.all.share! * 100).toFixed(1)}% \\(${box.all.count}/12\\) +${(box.positive_core.share! * 100).toFixed(1)}% \\(${box.positive_core.count}/6\\)`,
    ),
  );
  assert.match(out, /cuts max drawdown by 35-40% inside 2008 Sep-Dec/);
  assert.match(out, /^PBO: In \d+% of 12870 train\/test splits/m);
  assert.match(
    out,
    /^DSR: The best Sharpe ratio, 0\.\d\d a year, beats the 0\.\d\d the best of 12 skill-less trials/m,
  );
  assert.match(out, /out of sample \(\d distinct picks\): DD cut/);
  const top = out.split('\n').filter((l) => /^ *[123] {2}cfg\d\d/.test(l));
  assert.deepEqual(
    top.map((l) => l.trim().split(/ +/)[1]),
    statistics.top.slice(0, 3).map((t) => t.id),
  );
  assert.match(top[0], /condor\.wings\.percent=0\.01, costs\.fill="half"$/);
  assert.ok(!out.includes('\u001b['), 'no colour when off');
  assert.ok(out.split('\n').length < 40, 'short');
});
