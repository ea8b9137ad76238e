import fs from 'node:fs';
import path from 'node:path';
import { summarizeTransactions, type CustomerSummaries } from '../../../../src/metrics/models/summary';
import { CALIBRATION_END, cdnowCalibration, FIXTURES, readCdnowLog, readSummaryCsv, SHARED_CDNOW } from './cdnow';

const at = (iso: string): number => Date.parse(iso);

describe('summarizeTransactions on hand-made logs', () => {
  const end = new Date('2026-03-31T00:00:00Z');

  it('merges same-day purchases, excludes the first day from zbar and measures from the first purchase', () => {
    const s = summarizeTransactions(
      {
        customerId: ['a', 'a', 'a', 'a', 'b', 'a'],
        at: [
          at('2026-03-01T09:00:00Z'),
          at('2026-03-01T23:59:59Z'), // same UTC day as the first: one purchase of 30
          at('2026-03-11T00:00:00Z'),
          at('2026-03-11T18:00:00Z'), // same day again: the repeat purchase is worth 25 + 15
          at('2026-03-30T12:00:00Z'),
          at('2026-03-21T08:00:00Z'),
        ],
        amount: [10, 20, 25, 15, 99, 60],
      },
      { calibrationEnd: end, timeUnit: 'DAYS' },
    );
    expect(s.customerId).toEqual(['a', 'b']);
    expect(Array.from(s.x)).toEqual([2, 0]);
    expect(Array.from(s.tx)).toEqual([20, 0]);
    expect(Array.from(s.T)).toEqual([30, 1]);
    expect(Array.from(s.zbar)).toEqual([(40 + 60) / 2, 0]);
  });

  it('ignores transactions after the calibration end day and customers who only appear after it', () => {
    const s = summarizeTransactions(
      {
        customerId: [1, 1, 2],
        at: [at('2026-03-31T23:00:00Z'), at('2026-04-01T00:00:00Z'), at('2026-04-02T00:00:00Z')],
        amount: [5, 7, 9],
      },
      { calibrationEnd: end, timeUnit: 'DAYS' },
    );
    expect(s.customerId).toEqual([1]);
    expect([s.x[0], s.tx[0], s.T[0]]).toEqual([0, 0, 0]);
  });

  it('measures weeks as days / 7 and does not depend on the order of the rows', () => {
    const log = {
      customerId: [7, 7, 7],
      at: [at('2026-01-01T00:00:00Z'), at('2026-01-15T00:00:00Z'), at('2026-01-04T00:00:00Z')],
      amount: [1, 2, 3],
    };
    const s = summarizeTransactions(log, { calibrationEnd: end, timeUnit: 'WEEKS' });
    expect(s.x[0]).toBe(2);
    expect(s.tx[0]).toBeCloseTo(14 / 7, 12);
    expect(s.T[0]).toBeCloseTo(89 / 7, 12);
    expect(s.zbar[0]).toBe(2.5);
  });

  it('counts a day as a UTC calendar day', () => {
    const s = summarizeTransactions(
      { customerId: [1, 1], at: [at('2026-03-01T23:30:00-01:00'), at('2026-03-02T00:30:00Z')], amount: [1, 1] },
      { calibrationEnd: end, timeUnit: 'DAYS' },
    );
    // 23:30 at UTC−1 is 00:30 UTC the next day: the same day as the second row.
    expect(s.x[0]).toBe(0);
    expect(s.T[0]).toBe(29);
  });

  it.each([
    [{ customerId: [1], at: [Number.NaN], amount: [1] }],
    [{ customerId: [1], at: [0], amount: [Number.POSITIVE_INFINITY] }],
    [{ customerId: [1, 2], at: [0], amount: [1] }],
  ])('rejects a malformed log', (log) => {
    expect(() => summarizeTransactions(log, { calibrationEnd: end, timeUnit: 'DAYS' })).toThrow(RangeError);
  });

  it('rejects an invalid calibration end', () => {
    const log = { customerId: [1], at: [0], amount: [1] };
    expect(() => summarizeTransactions(log, { calibrationEnd: new Date('nope'), timeUnit: 'DAYS' })).toThrow(RangeError);
  });
});

describe('CDNOW sample, weeks 1-39 (MODELS.md §1)', () => {
  const summaries = cdnowCalibration();
  const expected = readSummaryCsv(path.join(FIXTURES, 'cdnow_customers_summary_with_transactions.csv'));

  it('reproduces the shipped summary for all 2,357 customers to 2 decimals', () => {
    expect(summaries.customerId).toEqual(expected.map((row) => row.id));
    const mismatches = expected.filter((row, i) => {
      // The CSV rounds half-cents up (22.345 → 22.35); allow that plus float noise.
      const close = (a: number, b: number) => Math.abs(a - b) <= 0.005 + 1e-9;
      return !(summaries.x[i] === row.x && close(summaries.tx[i], row.tx) && close(summaries.T[i], row.T) && close(summaries.zbar[i], row.zbar));
    });
    expect(mismatches).toEqual([]);
  });

  it('has 946 repeat buyers with 2,457 repeat purchases and mean zbar 35.0786', () => {
    let repeaters = 0;
    let repeats = 0;
    let spend = 0;
    summaries.x.forEach((x, i) => {
      if (x > 0) {
        repeaters++;
        repeats += x;
        spend += summaries.zbar[i];
      }
    });
    expect([repeaters, repeats]).toEqual([946, 2457]);
    // 35.0786 is the mean of the CSV's rounded zbar; the raw log gives 35.0778.
    expect(spend / repeaters).toBeCloseTo(35.0786, 2);
  });

  it('differs from a count of rows for exactly 80 customers: the same-day merge matters (MODELS.md §9.2)', () => {
    const log = readCdnowLog(path.join(FIXTURES, 'CDNOW_sample.txt'));
    const rows = new Map<number, number>();
    for (let i = 0; i < log.customerId.length; i++) {
      const id = log.customerId[i];
      if (log.at[i] <= CALIBRATION_END.getTime()) rows.set(id, (rows.get(id) ?? 0) + 1);
    }
    const differ = summaries.customerId.filter((id, i) => rows.get(id)! - 1 !== summaries.x[i]);
    expect(differ).toHaveLength(80);
  });
});

const master = path.join(SHARED_CDNOW, 'CDNOW_master.txt');
const describeWithMaster = fs.existsSync(master) ? describe : describe.skip;

describeWithMaster('CDNOW master file (23,570 customers; skipped when shared/data is absent)', () => {
  // In beforeAll, not in the describe body: a skipped describe still runs its body to collect the tests.
  let full: CustomerSummaries<number>;
  beforeAll(() => {
    full = summarizeTransactions(readCdnowLog(master), { calibrationEnd: CALIBRATION_END, timeUnit: 'WEEKS' });
  });

  it('summarises the sample customers exactly as the sample file does', () => {
    const sampleLines = fs.readFileSync(path.join(FIXTURES, 'CDNOW_sample.txt'), 'utf8').trim().split(/\r?\n/);
    const masterIdOf = new Map(sampleLines.map((line) => line.trim().split(/\s+/)).map(([masterId, sampleId]) => [Number(sampleId), Number(masterId)]));
    const sample = cdnowCalibration();
    const slotOf = new Map(full.customerId.map((id, i) => [id, i]));
    expect(full.customerId).toHaveLength(23_570);
    sample.customerId.forEach((sampleId, i) => {
      const j = slotOf.get(masterIdOf.get(sampleId)!)!;
      expect([full.x[j], full.tx[j], full.T[j], full.zbar[j]]).toEqual([sample.x[i], sample.tx[i], sample.T[i], sample.zbar[i]]);
    });
  });

  it('over all 78 weeks has one repeat buyer whose repeat purchases cost $0 (MODELS.md §2.4)', () => {
    const all = summarizeTransactions(readCdnowLog(master), { calibrationEnd: new Date('1998-06-30T00:00:00Z'), timeUnit: 'WEEKS' });
    const zeroSpend = Array.from(all.x).filter((x, i) => x > 0 && all.zbar[i] === 0);
    expect(zeroSpend).toHaveLength(1);
  });
});
