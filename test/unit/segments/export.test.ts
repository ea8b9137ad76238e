import { csvField, csvHeader, csvLine, ndjsonLine, parseColumns, type ExportColumn } from '../../../src/segments/export';

const pii = { isPiiTrait: (k: string) => k.toLowerCase() === 'email', isPiiIdentityType: (t: string) => t.split(':')[0] === 'email' };
const columnsOf = (...requested: string[]) => {
  const r = parseColumns(requested, pii);
  if ('error' in r) throw new Error(r.error.message);
  return r.columns;
};

describe('parseColumns', () => {
  it.each([
    [['trait.plan'], [{ name: 'trait.plan', kind: 'trait', key: 'plan', pii: false }]],
    [['trait.Email'], [{ name: 'trait.Email', kind: 'trait', key: 'Email', pii: true }]],
    [['identity.EMAIL:work'], [{ name: 'identity.email:work', kind: 'identity', key: 'email:work', pii: true }]],
    [['identity.user_id'], [{ name: 'identity.user_id', kind: 'identity', key: 'user_id', pii: false }]],
    [['historical_ltv, p_alive'], [{ name: 'historical_ltv', kind: 'decimal', key: 'historical_ltv', pii: false }, { name: 'p_alive', kind: 'number', key: 'p_alive', pii: false }]],
    [['rfm_tier,rfm_tier', 'customer_id,,entered_at'], [{ name: 'rfm_tier', kind: 'text', key: 'rfm_tier', pii: false }]],
    [[], []],
  ])('%j', (requested, expected) => {
    expect(parseColumns(requested, pii)).toEqual({ columns: expected });
  });

  it.each([['nope'], ['trait.'], ['identity.'], ['identity.9x'], ['toString'], ['Trait.plan']])('refuses %s, naming it', (name) => {
    const r = parseColumns([`trait.plan,${name}`], pii);
    expect(r).toEqual({ error: { column: name, message: expect.stringContaining(`"${name}"`) } });
  });
});

describe('CSV (RFC 4180)', () => {
  it.each([
    ['plain', 'plain'],
    ['', ''],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\r', '"cr\r"'],
    ['中文 ok', '中文 ok'],
  ])('%j → %j', (value, field) => expect(csvField(value)).toBe(field));

  it('writes a header and CRLF-terminated lines, nulls empty, money as the API writes it', () => {
    const columns = columnsOf('trait.note,historical_ltv,churn_score,identity.user_id');
    expect(csvHeader(columns)).toBe('customer_id,entered_at,trait.note,historical_ltv,churn_score,identity.user_id\r\n');
    const row = { customer_id: 'c1', entered_at: '2026-01-01T00:00:00.000Z', v0: 'a, "b"', v1: '59.9000', v2: null, v3: 'u1|u2' };
    expect(csvLine(row, columns)).toBe('c1,2026-01-01T00:00:00.000Z,"a, ""b""",59.90,,u1|u2\r\n');
  });
});

describe('NDJSON', () => {
  it('writes one object per line with typed values', () => {
    const columns: ExportColumn[] = columnsOf('trait.flags,trait.gone,rfm_r,p_alive,predicted_ltv_12m,rfm_cell,identity.user_id');
    const row = {
      customer_id: 'c1', entered_at: '2026-01-01T00:00:00.000Z',
      v0: '{"beta": true}', v1: null, v2: '5', v3: '0.25', v4: '120.5000', v5: 'CHAMPIONS', v6: '["u1", "u\\"2"]',
    };
    const line = ndjsonLine(row, columns);
    expect(line.endsWith('}\n')).toBe(true);
    expect(JSON.parse(line)).toEqual({
      customer_id: 'c1', entered_at: '2026-01-01T00:00:00.000Z', 'trait.flags': { beta: true }, 'trait.gone': null,
      rfm_r: 5, p_alive: 0.25, predicted_ltv_12m: '120.50', rfm_cell: 'CHAMPIONS', 'identity.user_id': ['u1', 'u"2'],
    });
  });
});
