// Bytes one query downloads: runs the theme's own search.js in Node over a built site, with
// `fetch` reading the files from disk and counting them.
//
//   node bench/search_bytes.js SEARCH_JS OUT_DIR LOCALE LIMIT QUERY...
//
// Prints, per query, the files fetched, their bytes and the share of the locale's whole
// index (`OUT_DIR/LOCALE/_search/`), and the first results.
"use strict";
const fs = require("fs");
const path = require("path");
const [script, out, locale, limit, ...queries] = process.argv.slice(2);
const dir = path.join(out, locale, "_search");
const total = fs.readdirSync(dir).reduce((n, f) => n + fs.statSync(path.join(dir, f)).size, 0);
let fetched = [];
globalThis.window = globalThis;
globalThis.document = { querySelector: () => null };
globalThis.fetch = async (url) => {
  const bytes = fs.readFileSync(path.join(out, url));
  fetched.push([url, bytes.length]);
  return {
    ok: true,
    json: async () => JSON.parse(bytes.toString("utf8")),
    arrayBuffer: async () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length),
  };
};
const source = fs.readFileSync(script, "utf8");
(async () => {
  console.log(`${locale}: index ${total} bytes in ${fs.readdirSync(dir).length} files`);
  for (const q of queries) {
    fetched = [];
    // The script afresh per query (an empty cache): what a reader's first query costs.
    eval(source);
    const s = window.guidebookSearch;
    const t = process.hrtime.bigint();
    const results = await s.search(`/${locale}/_search/`, q, Number(limit));
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    const bytes = fetched.reduce((n, f) => n + f[1], 0);
    const kinds = {};
    for (const [u, n] of fetched) { const k = path.basename(u)[0]; kinds[k] = (kinds[k] || 0) + n; }
    console.log(`${JSON.stringify(q)}: ${results.length} results, ${fetched.length} files, ${bytes} bytes ` +
      `(${(100 * bytes / total).toFixed(2)} % of the index; by kind ${JSON.stringify(kinds)}), ${ms.toFixed(0)} ms`);
    console.log("  top: " + results.slice(0, 5).map((r) => r.url).join(" "));
  }
})();
