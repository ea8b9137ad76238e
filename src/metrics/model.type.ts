import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeScalar, DecimalScalar } from '../graphql/scalars';
import type { StoredModelRow } from './model.repo';

export enum ChurnModelEnum {
  BGNBD = 'BGNBD',
  MBGNBD = 'MBGNBD',
}
registerEnumType(ChurnModelEnum, {
  name: 'ChurnModel',
  description: 'The transaction model behind P(alive), churn risk and predicted LTV (CHURN_MODEL). Both are always fitted.',
  valuesConfig: {
    BGNBD: { description: 'BG/NBD (Fader, Hardie & Lee 2005). A one-time buyer is always alive under it (P(alive) = 1).' },
    MBGNBD: { description: 'MBG/NBD (Batislam, Denizel & Filiztekin 2007): BG/NBD that lets one-time buyers drop out too. The default.' },
  },
});

export enum ModelTimeUnitEnum {
  DAYS = 'DAYS',
  WEEKS = 'WEEKS',
}
registerEnumType(ModelTimeUnitEnum, {
  name: 'ModelTimeUnit',
  description: 'The unit recency t_x, age T and the fitted rates are measured in (MODEL_TIME_UNIT). Purchases are always whole local days.',
  valuesConfig: {
    DAYS: { description: 'Days (the default).' },
    WEEKS: { description: 'Weeks of 7 days, as in the CDNOW papers.' },
  },
});

export enum ChurnBandEnum {
  LOW = 'LOW',
  MEDIUM = 'MEDIUM',
  HIGH = 'HIGH',
}
registerEnumType(ChurnBandEnum, {
  name: 'ChurnBand',
  description: 'The churn score in three bands; the cut-offs are CHURN_BAND_MEDIUM (0.5) and CHURN_BAND_HIGH (0.8), exclusive.',
  valuesConfig: {
    LOW: { description: 'Score at most 0.5: P(alive) at least 0.5.' },
    MEDIUM: { description: 'Score above 0.5 and at most 0.8 (the lifecycle AT_RISK rule fires below P(alive) 0.5).' },
    HIGH: { description: 'Score above 0.8: P(alive) below 0.2 (the lifecycle CHURNED rule).' },
  },
});

@ObjectType('TransactionModelFit', { description: 'Maximum-likelihood BG/NBD or MBG/NBD parameters: λ ~ Gamma(r, α) per time unit, dropout p ~ Beta(a, b).' })
export class TransactionModelFitType {
  @Field(() => Float, { description: 'Shape r of the purchase-rate distribution.' })
  r!: number;

  @Field(() => Float, { description: 'Rate α of the purchase-rate distribution, in the fit\'s time unit.' })
  alpha!: number;

  @Field(() => Float, { description: 'Beta shape a of the dropout probability.' })
  a!: number;

  @Field(() => Float, { description: 'Beta shape b of the dropout probability.' })
  b!: number;

  @Field(() => Float, { description: 'Total log-likelihood at the estimate (summed over customers, as the papers report it).' })
  logLikelihood!: number;

  @Field(() => Int, { description: 'Customers fitted on: everyone with a purchase by the calibration end.' })
  customers!: number;
}

@ObjectType('GammaGammaFit', { description: 'Maximum-likelihood Gamma-Gamma spend parameters (Fader, Hardie & Lee 2005, JMR): spend ~ Gamma(p, ν), ν ~ Gamma(q, γ).' })
export class GammaGammaFitType {
  @Field(() => Float, { description: 'Shape p of a purchase day\'s spend.' })
  p!: number;

  @Field(() => Float, { description: 'Shape q of the spend rate across customers; always above 1, so the mean pγ/(q−1) exists.' })
  q!: number;

  @Field(() => Float, { description: 'Scale γ of the spend rate across customers, in the reporting currency.' })
  gamma!: number;

  @Field(() => Float, { description: 'Total log-likelihood at the estimate.' })
  logLikelihood!: number;

  @Field(() => Int, { description: 'Repeat buyers fitted on (a positive mean repeat-day spend).' })
  customers!: number;
}

@ObjectType({
  description:
    'The current churn / LTV fit: the latest of `refitModels` and the scheduled refit (MODEL_REFIT_INTERVAL_HOURS). Fitted on ' +
    'every buyer\'s summary: repeat purchase days x (orders on one local day are one purchase, their net amounts summed), ' +
    'recency t_x and age T.',
})
export class ModelDiagnostics {
  @Field(() => ChurnModelEnum, { description: 'The model that scores P(alive), churn risk and predicted LTV with this fit.' })
  churnModel!: ChurnModelEnum;

  @Field(() => ModelTimeUnitEnum, { description: 'The unit of t_x, T and the fitted rates.' })
  timeUnit!: ModelTimeUnitEnum;

  @Field(() => DateTimeScalar, { description: 'Purchases on local days up to and including this instant\'s day (BUSINESS_TIMEZONE) were fitted on.' })
  calibrationEnd!: Date;

  @Field(() => DateTimeScalar, { description: 'When the fit was made; every customer was re-scored with it then.' })
  fittedAt!: Date;

  @Field(() => TransactionModelFitType, { description: 'BG/NBD (Fader, Hardie & Lee 2005).' })
  bgnbd!: TransactionModelFitType;

  @Field(() => TransactionModelFitType, { description: 'MBG/NBD (Batislam, Denizel & Filiztekin 2007).' })
  mbgnbd!: TransactionModelFitType;

  @Field(() => GammaGammaFitType, { nullable: true, description: 'Gamma-Gamma; null when no buyer had a repeat purchase day with a positive amount.' })
  gammaGamma!: GammaGammaFitType | null;
}

@ObjectType({
  description:
    'Lifetime value. `historical` is what the customer has brought so far; `predicted` and `expectedPurchases` come from the ' +
    'current fit and the customer\'s stored summary (x, t_x, T as of `computedAt`), computed when read.',
})
export class Ltv {
  @Field(() => DecimalScalar, { description: 'Net revenue to date in the reporting currency: order totals minus refunds, the merged profiles\' included.' })
  historical!: string;

  @Field(() => DecimalScalar, { nullable: true, description: 'Net revenue to date divided by the number of orders; null for a customer who never ordered.' })
  averageOrderValue!: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the stored values (net revenue, the model summary) were computed; null if never.' })
  computedAt!: Date | null;

  /** The stored row behind the model fields; null when the profile was never scored. */
  stored!: StoredModelRow | null;
}

@ObjectType({
  description:
    'How likely the customer is to have stopped buying, from the churn model (MBG/NBD by default) and their own purchase ' +
    'history. Null for customers who never ordered, and before the first model fit.',
})
export class ChurnRisk {
  @Field(() => Float, { description: '1 − P(alive): the probability that the customer has stopped buying.' })
  score!: number;

  @Field(() => Float, { description: 'P(alive | x, t_x, T) under the churn model (Fader, Hardie & Lee note 021; Batislam et al. 2007).' })
  pAlive!: number;

  @Field(() => ChurnBandEnum, { description: 'The score\'s band.' })
  band!: ChurnBandEnum;

  @Field(() => DateTimeScalar, { description: 'When the score was computed (on the customer\'s last change, a refit, or the daily sweep).' })
  computedAt!: Date;

  /** Facts the driver sentences cite. */
  customerId!: string;
  recencyDays!: number | null;
  typicalGapDays!: number | null;
}

@ObjectType({ description: 'Holdout repeat purchases, actual and predicted, of a set of customers.' })
export class BacktestTotal {
  @Field(() => Int, { description: 'Customers with a purchase by the calibration end.' })
  customers!: number;

  @Field(() => Float, { description: 'Distinct purchase days they had in the holdout.' })
  actual!: number;

  @Field(() => Float, { description: 'Σ of BG/NBD\'s E[Y(t) | x, t_x, T] over them, t the holdout length.' })
  predictedBgnbd!: number;

  @Field(() => Float, { description: 'Σ of MBG/NBD\'s E[Y(t) | x, t_x, T] over them.' })
  predictedMbgnbd!: number;
}

@ObjectType({ description: 'The customers with one calibration frequency x: one point of Fader, Hardie & Lee (2005) Figure 4 (divide by customers for the means).' })
export class BacktestGroup extends BacktestTotal {
  @Field(() => Int, { description: 'Repeat purchase days x in the calibration period; 7 stands for 7 or more.' })
  frequency!: number;

  @Field(() => Boolean, { description: 'True for the last group, which holds x ≥ frequency.' })
  orMore!: boolean;
}

@ObjectType({ description: 'A holdout test of the transaction models: fitted on the calibration period only, compared with what happened after. Nothing is stored.' })
export class ModelBacktest {
  @Field(() => DateTimeScalar, { description: 'The calibration period ends with this instant\'s local day.' })
  calibrationEnd!: Date;

  @Field(() => DateTimeScalar, { description: 'The holdout runs from the day after the calibration end to this instant\'s local day.' })
  holdoutEnd!: Date;

  @Field(() => ModelTimeUnitEnum, { description: 'The unit of the fit and of holdoutLength (MODEL_TIME_UNIT).' })
  timeUnit!: ModelTimeUnitEnum;

  @Field(() => Float, { description: 'Holdout length t in the time unit.' })
  holdoutLength!: number;

  @Field(() => TransactionModelFitType, { description: 'BG/NBD fitted on the calibration period.' })
  bgnbd!: TransactionModelFitType;

  @Field(() => TransactionModelFitType, { description: 'MBG/NBD fitted on the calibration period.' })
  mbgnbd!: TransactionModelFitType;

  @Field(() => BacktestTotal, { description: 'Every customer with a purchase by the calibration end.' })
  total!: BacktestTotal;

  @Field(() => [BacktestGroup], { description: 'By calibration frequency x = 0, 1, …, 6 and 7 or more.' })
  groups!: BacktestGroup[];
}
