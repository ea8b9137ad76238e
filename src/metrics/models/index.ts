/** Buy-till-you-die models (BG/NBD, MBG/NBD, Gamma-Gamma) and CLV: pure functions over columnar customer data. */
export * from './summary';
export * from './groups';
export * from './bgnbd';
export * from './mbgnbd';
export * from './gammaGamma';
export * from './transactionModel';
export * from './clv';
export { hyp2f1, hyp2f1Scaled, logSumExp } from './special';
export { DEFAULT_SCREENING_CUSTOMERS, type FitOptions, type FitResult } from './fit';
export { minimizeBfgs, minimizeFromStarts, type MinimizeOptions, type MinimizeResult, type Objective } from './optimize';
