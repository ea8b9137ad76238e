/**
 * Transaction logs drawn from the exact BG/NBD + Gamma-Gamma process, for parameter-recovery tests and timing.
 * The process itself is the demo seeder's (`seeds/purchases.ts::simulateBuyer`), so what the fit is checked
 * against is what the demo data is generated with.
 */
import { BIRTH_WINDOW_DAYS, type SeedModelParams } from '../../../../seeds/params';
import { DAY_MS, simulateBuyer } from '../../../../seeds/purchases';
import { createRng, uniform } from '../../../../seeds/random';
import type { TransactionLog } from '../../../../src/metrics/models/summary';

/** Buyers 0..customers−1 of a seed, born uniformly in the BIRTH_WINDOW_DAYS before asOf, spend rounded to cents. */
export function simulateTransactionLog(
  customers: number,
  seed: number,
  params: SeedModelParams,
  asOf: Date,
): TransactionLog<number> {
  const asOfMs = asOf.getTime();
  const customerId: number[] = [];
  const at: number[] = [];
  const amount: number[] = [];
  for (let index = 0; index < customers; index++) {
    const rng = createRng(seed, index);
    const birth = Math.floor(asOfMs - uniform(rng, 0, BIRTH_WINDOW_DAYS) * DAY_MS);
    for (const purchase of simulateBuyer(rng, params, birth, asOfMs).purchases) {
      customerId.push(index);
      at.push(purchase.at);
      amount.push(Math.round(purchase.spend * 100) / 100);
    }
  }
  return { customerId, at, amount };
}
