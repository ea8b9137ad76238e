/**
 * Alibaba's AIPL stage (MODELS.md §7.2, issue 4 §2): Awareness < Interest < Purchase < Loyalty, the highest stage
 * reached wins. Pure: metrics.repo.ts evaluates the same rule in SQL.
 */

export type AiplStage = 'NONE' | 'AWARENESS' | 'INTEREST' | 'PURCHASE' | 'LOYALTY';

export interface AiplSettings {
  /** Passive contact: `Page Viewed`, `Application Opened`, `Promotion Viewed` (an ad impression). */
  awarenessEvents: string[];
  /** Active contact: the Segment e-commerce browsing events. */
  interestEvents: string[];
  /** INTEREST needs an active event at most this many days ago (Alibaba Databank's 15-day window). */
  interestWindowDays: number;
}

export const DEFAULT_AIPL_SETTINGS: AiplSettings = {
  awarenessEvents: ['Page Viewed', 'Application Opened', 'Promotion Viewed'],
  interestEvents: ['Product Viewed', 'Products Searched', 'Product Added', 'Product Added to Wishlist', 'Product Clicked'],
  interestWindowDays: 15,
};

/** What the rule looks at. */
export interface AiplInputs {
  /** Orders ever. */
  orders: number;
  /** An NPS of 9 or 10 (promoter), or a review or rating of 4 or 5 (on a 5-point scale). */
  advocate: boolean;
  /** An interest event within the window. */
  interestedRecently: boolean;
  /**
   * Any contact ever: a page or screen view, an awareness event, or an interest event of any age (an old interest
   * fades to awareness).
   */
  contacted: boolean;
}

/**
 * LOYALTY is a repeat purchase, or a buyer who speaks well of the brand; a promoter who never bought stays where
 * their behaviour puts them, since the stages are ordered and loyalty follows a purchase.
 */
export function aiplStage(i: AiplInputs): AiplStage {
  if (i.orders >= 2 || (i.orders >= 1 && i.advocate)) return 'LOYALTY';
  if (i.orders >= 1) return 'PURCHASE';
  if (i.interestedRecently) return 'INTEREST';
  if (i.contacted) return 'AWARENESS';
  return 'NONE';
}
