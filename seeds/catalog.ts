/**
 * Fixed vocabularies for the demo data. Names are ASCII so emails built from them need no transliteration; every
 * contact value built from them uses reserved example domains and the fictional +1 555 range.
 */

export type Region = 'US' | 'EU' | 'CN';

export const FIRST_NAMES: Readonly<Record<Region, readonly string[]>> = {
  US: [
    'James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth', 'William',
    'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Chris', 'Karen', 'Daniel', 'Lisa',
    'Matthew', 'Nancy', 'Anthony', 'Betty', 'Mark', 'Sandra', 'Steven', 'Ashley', 'Maria', 'Carlos', 'Aisha', 'Kevin',
  ],
  EU: [
    'Anna', 'Lukas', 'Emma', 'Leon', 'Sofia', 'Matteo', 'Julia', 'Noah', 'Marie', 'Luca', 'Lea', 'Hugo', 'Chloe',
    'Louis', 'Lucia', 'Pablo', 'Eva', 'Jan', 'Sara', 'Finn', 'Ines', 'Tom', 'Clara', 'Elias',
  ],
  CN: ['Wei', 'Fang', 'Jing', 'Lei', 'Min', 'Yang', 'Jun', 'Xiu', 'Hui', 'Tao', 'Ying', 'Bo', 'Li', 'Hao', 'Mei', 'Chen'],
};

export const LAST_NAMES: Readonly<Record<Region, readonly string[]>> = {
  US: [
    'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Wilson',
    'Anderson', 'Taylor', 'Thomas', 'Moore', 'Jackson', 'Martin', 'Lee', 'Thompson', 'White', 'Harris', 'Clark',
  ],
  EU: [
    'Muller', 'Schmidt', 'Schneider', 'Fischer', 'Martin', 'Bernard', 'Dubois', 'Rossi', 'Russo', 'Bianchi',
    'Garcia', 'Fernandez', 'Lopez', 'de Jong', 'Jansen', 'Visser', 'Novak', 'Kowalski', 'Nielsen', 'Weber',
  ],
  CN: ['Wang', 'Li', 'Zhang', 'Liu', 'Chen', 'Yang', 'Huang', 'Zhao', 'Wu', 'Zhou', 'Xu', 'Sun', 'Ma', 'Zhu'],
};

/** [country, city, weight within the region]. */
export const PLACES: Readonly<Record<Region, readonly (readonly [string, string, number])[]>> = {
  US: [
    ['US', 'New York', 8], ['US', 'Los Angeles', 6], ['US', 'Chicago', 4], ['US', 'Houston', 3], ['US', 'Phoenix', 2],
    ['US', 'Seattle', 2], ['US', 'Austin', 2], ['US', 'Denver', 2], ['US', 'Boston', 2], ['US', 'Miami', 2],
  ],
  EU: [
    ['DE', 'Berlin', 4], ['DE', 'Munich', 2], ['FR', 'Paris', 4], ['FR', 'Lyon', 1], ['NL', 'Amsterdam', 2],
    ['ES', 'Madrid', 3], ['ES', 'Barcelona', 2], ['IT', 'Milan', 2], ['IT', 'Rome', 2], ['IE', 'Dublin', 1],
  ],
  CN: [['CN', 'Shanghai', 4], ['CN', 'Beijing', 4], ['CN', 'Shenzhen', 3], ['CN', 'Guangzhou', 2], ['CN', 'Hangzhou', 2]],
};

export const ACQUISITION_CHANNELS: readonly (readonly [string, number])[] = [
  ['organic_search', 30], ['paid_search', 20], ['social', 18], ['referral', 12], ['email', 10], ['direct', 10],
];

export interface Product {
  id: string;
  sku: string;
  name: string;
  category: string;
}

const PRODUCT_NAMES: readonly (readonly [string, readonly string[]])[] = [
  ['Apparel', ['Merino Crew Sweater', 'Organic Cotton Tee', 'Rain Shell Jacket', 'Linen Shirt', 'Wool Socks (3-pack)']],
  ['Footwear', ['Trail Runner', 'Leather Sneaker', 'Canvas Slip-On', 'Hiking Boot']],
  ['Home', ['Ceramic Mug Set', 'Linen Duvet Cover', 'Cast Iron Skillet', 'Scented Candle', 'Throw Blanket']],
  ['Electronics', ['Wireless Earbuds', 'USB-C Charger', 'Smart Speaker', 'E-Reader Cover', 'Desk Lamp']],
  ['Beauty', ['Face Serum', 'Hand Cream', 'Shampoo Bar', 'Lip Balm Trio']],
  ['Outdoor', ['Insulated Bottle', 'Daypack 20L', 'Camping Hammock', 'Headlamp']],
];

export const PRODUCTS: readonly Product[] = PRODUCT_NAMES.flatMap(([category, names], c) =>
  names.map((name, i) => {
    const n = String((c + 1) * 100 + i + 1);
    return { id: `prod_${n}`, sku: `SKU-${category.slice(0, 3).toUpperCase()}-${n}`, name, category };
  }),
);

export const SEARCH_TERMS: readonly string[] = [
  'sweater', 'running shoes', 'gift', 'mug', 'earbuds', 'candle', 'jacket', 'socks', 'lamp', 'backpack', 'serum',
  'sale', 'linen', 'wool', 'bottle', 'charger',
];

export const WEB_PAGES: readonly (readonly [string, string])[] = [
  ['/', 'Home'], ['/new', 'New arrivals'], ['/sale', 'Sale'], ['/collections/apparel', 'Apparel'],
  ['/collections/home', 'Home goods'], ['/collections/electronics', 'Electronics'], ['/journal', 'Journal'],
  ['/help/shipping', 'Shipping'], ['/help/returns', 'Returns'], ['/account', 'Account'],
];

export const REFERRERS: readonly string[] = [
  'https://www.google.com/', 'https://duckduckgo.com/', 'https://social.example.org/', 'https://news.example.org/', '',
];

export const APP_VERSIONS: readonly string[] = ['3.8.2', '3.9.0', '3.9.1', '4.0.0'];

/** Review text by star rating (index 0 = 1 star). */
export const REVIEW_TEXTS: readonly (readonly string[])[] = [
  ['Fell apart after a week.', 'Not as described, returning it.', 'Very disappointed with the quality.'],
  ['Smaller than expected.', 'Arrived late and the box was damaged.', 'Colour is off compared to the photos.'],
  ['It is fine for the price.', 'Does the job, nothing special.', 'Decent, but shipping took a while.'],
  ['Good quality, would buy again.', 'Nice fit and fast delivery.', 'Solid product, minor packaging issue.'],
  ['Love it!', 'Excellent quality, exactly as pictured.', 'Best purchase this year, highly recommend.'],
];

export const NPS_COMMENTS: readonly string[] = [
  'Great selection and quick delivery.', 'Checkout was confusing.', 'Support resolved my issue fast.',
  'Prices went up recently.', 'Love the app.', 'Returns are easy.',
];

export const TICKET_SUBJECTS: readonly string[] = [
  'Where is my order?', 'Item arrived damaged', 'Wrong size delivered', 'Cannot log in to my account',
  'Question about a charge', 'Request to change delivery address',
];

export const REFUND_TICKET_SUBJECTS: readonly string[] = ['Refund request', 'Item arrived damaged', 'Wrong item delivered'];
