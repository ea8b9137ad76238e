import { numeric, timestamp, uuid } from 'drizzle-orm/pg-core';

/** UTC instant; every time column in Strata is timestamptz. */
export const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Exact money in major units. Four decimals cover every ISO 4217 minor unit (max 3) plus conversion rounding. */
export const money = (name: string) => numeric(name, { precision: 20, scale: 4 });

export const uuidPk = () => uuid('id').notNull().defaultRandom();
