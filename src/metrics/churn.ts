/**
 * Churn risk as an operator reads it (issue 4 §3): a band from the churn score, and sentences with the customer's
 * own numbers that say why. Pure: the model numbers come from predict.ts, the facts from the stored metrics and
 * the feedback table.
 */
import type { TransactionModel } from './models';

export type ChurnBand = 'LOW' | 'MEDIUM' | 'HIGH';

/** Cut-offs on the churn score 1 − P(alive) (CHURN_BAND_MEDIUM, CHURN_BAND_HIGH). */
export interface ChurnBandCutoffs {
  medium: number;
  high: number;
}

/**
 * The defaults mirror the lifecycle's P(alive) rules: HIGH exactly when P(alive) < 0.2 (CHURNED), MEDIUM when
 * P(alive) < 0.5 (AT_RISK). So the cut-offs are strict: a score equal to a cut-off stays in the band below.
 */
export const DEFAULT_CHURN_BANDS: ChurnBandCutoffs = { medium: 0.5, high: 0.8 };

export function churnBand(score: number, cutoffs: ChurnBandCutoffs): ChurnBand {
  if (score > cutoffs.high) return 'HIGH';
  if (score > cutoffs.medium) return 'MEDIUM';
  return 'LOW';
}

/** What the driver sentences are made of; every number is the customer's own. */
export interface ChurnFacts {
  /** Whole days since the last order (business time zone), as stored with the RFM values. */
  recencyDays: number | null;
  /** Mean days between consecutive order days; null with a single order day. */
  typicalGapDays: number | null;
  pAlive: number;
  model: TransactionModel;
  /** The latest NPS answer: score 0–10 and its local date (YYYY-MM-DD). */
  latestNps: { score: number; date: string } | null;
  /** Support tickets whose latest status is OPEN or PENDING. */
  openTickets: number;
}

const MODEL_NAMES: Readonly<Record<TransactionModel, string>> = { BGNBD: 'BG/NBD', MBGNBD: 'MBG/NBD' };

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Net Promoter classes (Reichheld 2003): 0–6 detractor, 7–8 passive, 9–10 promoter. */
function npsClass(score: number): string {
  if (score >= 9) return 'promoter';
  if (score >= 7) return 'passive';
  return 'detractor';
}

/**
 * Why this customer's churn risk is what it is, most telling first: the silence against their own rhythm (what
 * P(alive) mostly reacts to), the model's verdict, then the voice-of-customer signals the model does not see.
 */
export function churnDrivers(f: ChurnFacts): string[] {
  const drivers: string[] = [];
  if (f.recencyDays !== null) {
    const silence = f.recencyDays === 0 ? 'ordered today' : `no order for ${plural(f.recencyDays, 'day')}`;
    const rhythm =
      f.typicalGapDays === null ? 'only one order day so far' : `usually orders every ${plural(Math.max(1, Math.round(f.typicalGapDays)), 'day')}`;
    drivers.push(`${silence}; ${rhythm}`);
  }
  drivers.push(`P(alive) ${f.pAlive.toFixed(2)} under ${MODEL_NAMES[f.model]}`);
  if (f.latestNps) drivers.push(`NPS ${f.latestNps.score} on ${f.latestNps.date} (${npsClass(f.latestNps.score)})`);
  if (f.openTickets > 0) drivers.push(`${plural(f.openTickets, 'open support ticket')}`);
  return drivers;
}
