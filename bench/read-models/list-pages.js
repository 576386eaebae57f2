// What the customer-list benchmarks page through: every page's cursor of one provider's list, walked from the first.
'use strict';

/** The `nextCursor` of every page of `provider`'s customer list, 50 rows a page. */
async function pageCursors(rm, db, tables, provider) {
  const cursors = [];
  let cursor;
  do {
    const page = await rm.queryCustomerList(db, tables, provider, { limit: 50, cursor });
    cursor = page.nextCursor;
    if (cursor) cursors.push(cursor);
  } while (cursor);
  return cursors;
}

module.exports = { pageCursors };
