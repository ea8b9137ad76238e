/**
 * Loaders for the CDNOW files (Fader & Hardie's 1/10 sample, 2,357 customers; /work/shared/data/cdnow/README.md).
 * The sample log and the summary it should give are copied into test/fixtures/cdnow so these tests always run;
 * the full master file is read from the shared data folder when it is there.
 */
import fs from 'node:fs';
import path from 'node:path';
import { summarizeTransactions, type CustomerSummaries, type TransactionLog } from '../../../../src/metrics/models/summary';

export const FIXTURES = path.resolve(__dirname, '../../../fixtures/cdnow');
/** `<repo>/../shared/data/cdnow`: present on the team's machines, absent in a bare clone. */
export const SHARED_CDNOW = path.resolve(__dirname, '../../../../../shared/data/cdnow');

/** The 39-week calibration window of FHL 2005 ends on this day (inclusive). */
export const CALIBRATION_END = new Date('1997-09-30T00:00:00Z');

function parseDay(yyyymmdd: string): number {
  return Date.UTC(Number(yyyymmdd.slice(0, 4)), Number(yyyymmdd.slice(4, 6)) - 1, Number(yyyymmdd.slice(6, 8)));
}

/**
 * A whitespace-separated CDNOW log: the sample has `master_id sample_id date cds dollars`, the master
 * `customer_id date cds dollars` after a header line. Customers are keyed by the id the summaries use.
 */
export function readCdnowLog(file: string): TransactionLog<number> {
  const customerId: number[] = [];
  const at: number[] = [];
  const amount: number[] = [];
  for (const line of fs.readFileSync(file, 'utf8').split(/\r?\n/)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 4 || !/^\d+$/.test(fields[0])) continue;
    const [id, date, , dollars] = fields.length === 5 ? fields.slice(1) : fields;
    customerId.push(Number(id));
    at.push(parseDay(date));
    amount.push(Number(dollars));
  }
  return { customerId, at, amount };
}

export interface SummaryRow {
  id: number;
  x: number;
  tx: number;
  T: number;
  zbar: number;
}

/** cdnow_customers_summary_with_transactions.csv: `ID,x,t_x,T,zbar`, weeks, 2 decimals. */
export function readSummaryCsv(file: string): SummaryRow[] {
  const [, ...rows] = fs.readFileSync(file, 'utf8').trim().split(/\r?\n/);
  return rows.map((row) => {
    const [id, x, tx, T, zbar] = row.split(',').map(Number);
    return { id, x, tx, T, zbar };
  });
}

export interface ReferenceValues {
  bgnbd: {
    computed_mle: { r: number; alpha: number; a: number; b: number; LL: number };
    first10_p_alive_mle: number[];
    first10_E_Y39_mle: number[];
    p_alive_x5to20_tx30_T39_published_params: number[];
  };
  mbgnbd: { first10_p_alive_mle: number[] };
  gammagamma: { first10_E_M_published_spreadsheet: number[]; first10_E_M_mle: number[] };
  clv_lifetimes_style: { first10_freqD_f30: number[]; 'first10_freqW_f4.345': number[] };
}

export function readReferenceValues(): ReferenceValues {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, 'reference_values.json'), 'utf8')) as ReferenceValues;
}

/** The 2,357 customers' weekly calibration summaries, built from the raw sample log. */
export function cdnowCalibration(): CustomerSummaries<number> {
  return summarizeTransactions(readCdnowLog(path.join(FIXTURES, 'CDNOW_sample.txt')), {
    calibrationEnd: CALIBRATION_END,
    timeUnit: 'WEEKS',
  });
}

/** |actual − published| within half a unit of the published value's n-th significant figure. */
export function expectSignificant(actual: number, published: number, figures: number): void {
  const halfUnit = 0.5 * 10 ** (Math.floor(Math.log10(Math.abs(published))) - figures + 1);
  expect(Math.abs(actual - published)).toBeLessThanOrEqual(halfUnit);
}

/**
 * The shipped summary CSV as columns: the input reference_values.json was computed from, so per-customer values
 * fitted on it match that file to its printed precision (a raw-log fit differs in the fourth decimal).
 */
export function cdnowCsvSummaries(): { x: number[]; tx: number[]; T: number[]; zbar: number[] } {
  const rows = readSummaryCsv(path.join(FIXTURES, 'cdnow_customers_summary_with_transactions.csv'));
  return { x: rows.map((r) => r.x), tx: rows.map((r) => r.tx), T: rows.map((r) => r.T), zbar: rows.map((r) => r.zbar) };
}

export const FIRST_TEN = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
