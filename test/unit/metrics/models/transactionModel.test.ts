import { bgnbdConditionalExpectedPurchases, bgnbdCustomerLogLikelihood, bgnbdExpectedPurchases, bgnbdPAlive } from '../../../../src/metrics/models/bgnbd';
import { groupRecencyFrequency } from '../../../../src/metrics/models/groups';
import {
  mbgnbdConditionalExpectedPurchases,
  mbgnbdCustomerLogLikelihood,
  mbgnbdExpectedPurchases,
  mbgnbdPAlive,
} from '../../../../src/metrics/models/mbgnbd';
import {
  customerLogLikelihood,
  expectedPurchases,
  expectedPurchasesNewCustomer,
  fitTransactionModel,
  pAlive,
  transactionLogLikelihood,
  type TransactionModel,
} from '../../../../src/metrics/models/transactionModel';

const params = { r: 0.5, alpha: 6, a: 0.9, b: 1.6 };
const customers = [
  [0, 0, 39],
  [2, 30.43, 38.86],
  [7, 12, 35],
];

describe('one interface for BG/NBD and MBG/NBD', () => {
  it.each(customers)('dispatches to BG/NBD for (x, t_x, T) = (%p, %p, %p)', (x, tx, T) => {
    expect(pAlive('BGNBD', params, x, tx, T)).toBe(bgnbdPAlive(params, x, tx, T));
    expect(expectedPurchases('BGNBD', params, x, tx, T, 10)).toBe(bgnbdConditionalExpectedPurchases(params, x, tx, T, 10));
    expect(customerLogLikelihood('BGNBD', params, x, tx, T)).toBe(bgnbdCustomerLogLikelihood(params, x, tx, T));
    expect(expectedPurchasesNewCustomer('BGNBD', params, 10)).toBe(bgnbdExpectedPurchases(params, 10));
  });

  it.each(customers)('dispatches to MBG/NBD for (x, t_x, T) = (%p, %p, %p)', (x, tx, T) => {
    expect(pAlive('MBGNBD', params, x, tx, T)).toBe(mbgnbdPAlive(params, x, tx, T));
    expect(expectedPurchases('MBGNBD', params, x, tx, T, 10)).toBe(mbgnbdConditionalExpectedPurchases(params, x, tx, T, 10));
    expect(customerLogLikelihood('MBGNBD', params, x, tx, T)).toBe(mbgnbdCustomerLogLikelihood(params, x, tx, T));
    expect(expectedPurchasesNewCustomer('MBGNBD', params, 10)).toBe(mbgnbdExpectedPurchases(params, 10));
  });

  it.each<TransactionModel>(['BGNBD', 'MBGNBD'])('%s: the grouped total equals the per-customer sum', (model) => {
    const data = { x: customers.map((c) => c[0]), tx: customers.map((c) => c[1]), T: customers.map((c) => c[2]) };
    const sum = customers.reduce((total, [x, tx, T]) => total + customerLogLikelihood(model, params, x, tx, T), 0);
    expect(transactionLogLikelihood(model, params, groupRecencyFrequency(data))).toBeCloseTo(sum, 10);
  });

  it('only MBG/NBD lets a one-time buyer be dead', () => {
    expect(pAlive('BGNBD', params, 0, 0, 39)).toBe(1);
    expect(pAlive('MBGNBD', params, 0, 0, 39)).toBeLessThan(1);
  });

  it('refuses to fit no customers', () => {
    expect(() => fitTransactionModel('BGNBD', groupRecencyFrequency({ x: [], tx: [], T: [] }))).toThrow(RangeError);
  });
});
