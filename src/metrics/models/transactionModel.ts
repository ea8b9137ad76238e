/**
 * One entry point for the two transaction models, so a caller picks BG/NBD or MBG/NBD with a value rather than
 * with a different set of imports. BG/NBD cannot see one-time buyers die (P(alive) = 1 at x = 0, MODELS.md §9.3);
 * MBG/NBD can, which is what churn scoring of sparse buyers needs.
 */
import { fitTransactionModel, transactionLogLikelihood, type TransactionModel, type TransactionParams } from './bgFamily';
import {
  bgnbdConditionalExpectedPurchases,
  bgnbdCustomerLogLikelihood,
  bgnbdExpectedPurchases,
  bgnbdExpectedPurchasesIfAlive,
  bgnbdPAlive,
} from './bgnbd';
import {
  mbgnbdConditionalExpectedPurchases,
  mbgnbdCustomerLogLikelihood,
  mbgnbdExpectedPurchases,
  mbgnbdExpectedPurchasesIfAlive,
  mbgnbdPAlive,
} from './mbgnbd';

export { fitTransactionModel, transactionLogLikelihood, type TransactionModel, type TransactionParams };

/** P(alive | x, t_x, T): note 021 for BG/NBD, Batislam et al. 2007 for MBG/NBD (MODELS.md §2.1, §2.3). */
export function pAlive(model: TransactionModel, params: TransactionParams, x: number, tx: number, T: number): number {
  return model === 'BGNBD' ? bgnbdPAlive(params, x, tx, T) : mbgnbdPAlive(params, x, tx, T);
}

/** E[Y(t) | x, t_x, T], purchases expected in (T, T+t]: FHL 2005 Eq. 10, or its MBG/NBD analogue (MODELS.md §2.3). */
export function expectedPurchases(
  model: TransactionModel,
  params: TransactionParams,
  x: number,
  tx: number,
  T: number,
  t: number,
): number {
  return model === 'BGNBD'
    ? bgnbdConditionalExpectedPurchases(params, x, tx, T, t)
    : mbgnbdConditionalExpectedPurchases(params, x, tx, T, t);
}

/**
 * E[Y(t) | x, T, alive]: both models' conditional expectation is this times P(alive | x, t_x, T), and this part does
 * not depend on t_x.
 */
export function expectedPurchasesIfAlive(model: TransactionModel, params: TransactionParams, x: number, T: number, t: number): number {
  return model === 'BGNBD' ? bgnbdExpectedPurchasesIfAlive(params, x, T, t) : mbgnbdExpectedPurchasesIfAlive(params, x, T, t);
}

/** E[X(t)] for a customer just acquired: FHL 2005 Eq. 9, or its MBG/NBD analogue (MODELS.md §2.3). */
export function expectedPurchasesNewCustomer(model: TransactionModel, params: TransactionParams, t: number): number {
  return model === 'BGNBD' ? bgnbdExpectedPurchases(params, t) : mbgnbdExpectedPurchases(params, t);
}

/** One customer's log-likelihood: FHL 2005 Eq. 6, or MBG/NBD's (MODELS.md §2.3). */
export function customerLogLikelihood(
  model: TransactionModel,
  params: TransactionParams,
  x: number,
  tx: number,
  T: number,
): number {
  return model === 'BGNBD' ? bgnbdCustomerLogLikelihood(params, x, tx, T) : mbgnbdCustomerLogLikelihood(params, x, tx, T);
}
