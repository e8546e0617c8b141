// The one number format of every report (terminal, HTML, Monte Carlo): fixed decimals, thousands separators
// independent of the locale, no negative zero ('-0.0%'), and 'n/a' (or a given mark) for a missing value.

/** Groups the integer digits of a non-negative decimal string in threes ('1234567.5' -> '1,234,567.5'). */
function group(digits: string): string {
  const dot = digits.indexOf('.');
  const whole = dot < 0 ? digits : digits.slice(0, dot);
  const rest = dot < 0 ? '' : digits.slice(dot);
  return whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + rest;
}

/** x with fixed decimals and thousands separators; a value that rounds to zero loses its sign. */
export function fixed(x: number, decimals: number): string {
  const s = Math.abs(x).toFixed(decimals);
  const zero = Number(s) === 0;
  return `${x < 0 && !zero ? '-' : ''}${group(s)}`;
}

const missing = (x: number | null | undefined): x is null | undefined =>
  x === null || x === undefined || !Number.isFinite(x);

/** A fraction as a percentage ('-12.3%', '1,234.5%'); `na` for a missing value. */
export function pct(x: number | null | undefined, decimals = 1, na = 'n/a'): string {
  return missing(x) ? na : `${fixed(x * 100, decimals)}%`;
}

/** A plain number with fixed decimals ('-0.45', '12,345.00'). */
export function num(x: number | null | undefined, decimals = 2, na = 'n/a'): string {
  return missing(x) ? na : fixed(x, decimals);
}

/** Whole dollars ('-1,234,567'). */
export function dollars(x: number | null | undefined, na = 'n/a'): string {
  return missing(x) ? na : fixed(x, 0);
}

/** A count ('4,919'). */
export function count(n: number): string {
  return fixed(n, 0);
}
