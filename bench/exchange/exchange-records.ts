/** The record shapes the exchange benchmark sends. */
export type RecordShape = 'seed' | 'big';

/** The seed job's record: `{ key: 'Tuple 123', value: 1, timestamp: n }`. */
function seedValue(i: number): unknown {
  return { key: `Tuple ${i % 1000}`, value: 1, timestamp: i };
}

/** A bigger record (~20 fields, nested, ~350 bytes in the binary codec): an order with a customer and line items. */
function bigValue(i: number): unknown {
  return {
    orderId: `order-${i}`,
    timestamp: i,
    amount: (i % 10_000) / 100,
    currency: 'EUR',
    status: i % 7 === 0 ? 'refunded' : 'paid',
    customer: { id: i % 50_000, name: `Customer ${i % 50_000}`, email: `c${i % 50_000}@example.com`, tier: i % 3, tags: ['newsletter', 'eu'] },
    items: [
      { sku: `SKU-${i % 997}`, quantity: 1 + (i % 4), price: 19.99 },
      { sku: `SKU-${i % 991}`, quantity: 1, price: 5.5 },
      { sku: `SKU-${i % 983}`, quantity: 2, price: 120 },
    ],
    shipping: { country: 'DE', city: 'Berlin', express: i % 2 === 0 },
  };
}

/** The value of record `i` of `shape`. */
export function benchValue(shape: RecordShape, i: number): unknown {
  return shape === 'seed' ? seedValue(i) : bigValue(i);
}
