/**
 * Exact decimal arithmetic on the text form of `numeric` values. Published figures are decimals (1.702);
 * adding them as floats would print 3.4450000000000003, so sums and differences go through BigInt.
 */

function split(value: string): { int: bigint; scale: number } {
  const negative = value.startsWith("-");
  const body = negative || value.startsWith("+") ? value.slice(1) : value;
  const [whole = "0", fraction = ""] = body.split(".");
  const int = BigInt((whole || "0") + fraction);
  return { int: negative ? -int : int, scale: fraction.length };
}

function join(int: bigint, scale: number): string {
  const negative = int < 0n;
  let digits = (negative ? -int : int).toString();
  if (scale > 0) {
    digits = digits.padStart(scale + 1, "0");
    digits = `${digits.slice(0, -scale)}.${digits.slice(-scale)}`.replace(/\.?0+$/, "");
  }
  return negative && digits !== "0" ? `-${digits}` : digits;
}

function align(a: string, b: string): [bigint, bigint, number] {
  const x = split(a);
  const y = split(b);
  const scale = Math.max(x.scale, y.scale);
  return [x.int * 10n ** BigInt(scale - x.scale), y.int * 10n ** BigInt(scale - y.scale), scale];
}

/** Exact sum of decimal strings; "0" for none. Scales once to the finest number of decimals. */
export function sumDecimals(values: readonly string[]): string {
  const parts = values.map(split);
  const scale = parts.reduce((max, p) => Math.max(max, p.scale), 0);
  let total = 0n;
  for (const p of parts) total += p.int * 10n ** BigInt(scale - p.scale);
  return join(total, scale);
}

/** Exact `a - b`. */
export function subtractDecimals(a: string, b: string): string {
  const [x, y, scale] = align(a, b);
  return join(x - y, scale);
}

/**
 * `a / b` rounded half away from zero to `digits` decimals (ratios and shares, which are not exact anyway);
 * null when `b` is zero.
 */
export function divideDecimals(a: string, b: string, digits = 4): string | null {
  const [x, y] = align(a, b);
  if (y === 0n) return null;
  const factor = 10n ** BigInt(digits);
  const negative = x < 0n !== y < 0n;
  const n = (x < 0n ? -x : x) * factor * 2n;
  const d = y < 0n ? -y : y;
  const q = (n / d + 1n) / 2n;
  return join(negative ? -q : q, digits);
}
