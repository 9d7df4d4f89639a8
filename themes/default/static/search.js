// guidebook search: runs in the browser over the static index that `guidebook build` writes
// per locale (<locale>/_search/: manifest.json, binary postings shards p<N>.bin, document chunks
// d<N>.json), or per locale and version (<locale>/<version>/_search/) in a site with versions.
// Nothing is sent to a server; files are fetched on first use and kept.
//
// The tokenizer below must give exactly the tokens of src/search/tokenize.rs; the shared
// vectors in tests/search-vectors.json are checked against both.
(function () {
  "use strict";

  // ---------------------------------------------------------------- tokenizer
  function isGramCode(cp) {
    return (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0x1100 && cp <= 0x11ff) || (cp >= 0x3130 && cp <= 0x318f) ||
      (cp >= 0x3040 && cp <= 0x309f) || (cp >= 0x30a0 && cp <= 0x30ff) || (cp >= 0x3400 && cp <= 0x4dbf) ||
      (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0xf900 && cp <= 0xfaff);
  }
  var WORD = /^[\p{Alphabetic}\p{N}]$/u;

  function normalize(text, fold) {
    var out = "";
    for (var ch of text) {
      for (var l of ch.toLowerCase()) {
        out += Object.prototype.hasOwnProperty.call(fold, l) ? fold[l] : l;
      }
    }
    return out;
  }

  function stem(w) {
    if (!/^[a-z]+$/.test(w)) return w;
    var n = w.length;
    var ends = function (s) { return w.slice(-s.length) === s; };
    if (n > 4 && ends("ies")) return w.slice(0, n - 3) + "y";
    if (n > 4 && ends("sses")) return w.slice(0, n - 2);
    if (n > 3 && ends("s") && !ends("ss") && !ends("us") && !ends("is")) return w.slice(0, n - 1);
    if (n > 5 && ends("ing")) return w.slice(0, n - 3);
    if (n > 4 && ends("ed")) return w.slice(0, n - 2);
    return w;
  }

  function tokenize(text, fold) {
    var tokens = [], word = "", grams = [];
    function flushWord() { if (word) { tokens.push(stem(word)); word = ""; } }
    function flushGrams() {
      if (grams.length === 1) tokens.push(grams[0]);
      for (var i = 0; i + 1 < grams.length; i++) tokens.push(grams[i] + grams[i + 1]);
      grams = [];
    }
    for (var c of normalize(text, fold || {})) {
      if (isGramCode(c.codePointAt(0))) { flushWord(); grams.push(c); }
      else if (WORD.test(c)) { flushGrams(); word += c; }
      else { flushWord(); flushGrams(); }
    }
    flushWord();
    flushGrams();
    return tokens;
  }

  function shardOf(token, shards) {
    var chars = Array.from(token);
    var take = chars.length && isGramCode(chars[0].codePointAt(0)) ? 1 : 2;
    var h = 0x811c9dc5;
    for (var i = 0; i < Math.min(take, chars.length); i++) {
      h = Math.imul((h ^ chars[i].codePointAt(0)) >>> 0, 0x01000193) >>> 0;
    }
    if (!chars.length) h = Math.imul((h ^ 32) >>> 0, 0x01000193) >>> 0;
    return h % Math.max(1, shards);
  }

  // ---------------------------------------------------------------- index
  var cache = {};
  function fetchJSON(url) {
    if (!cache[url]) {
      cache[url] = fetch(url).then(function (r) {
        if (!r.ok) throw new Error(url + ": " + r.status);
        return r.json();
      });
    }
    return cache[url];
  }

  // A postings shard (the format is described in src/search/encode.rs): its sorted tokens, and
  // the postings of one token, [document, score, section] in document order, decoded on demand.
  function fetchShard(url) {
    if (!cache[url]) {
      cache[url] = fetch(url).then(function (r) {
        if (!r.ok) throw new Error(url + ": " + r.status);
        return r.arrayBuffer();
      }).then(readShard);
    }
    return cache[url];
  }
  function readShard(buffer) {
    var bytes = new Uint8Array(buffer), at = 0;
    function varint() {
      var n = 0, scale = 1, b;
      do {
        if (at >= bytes.length) throw new Error("search: a cut postings shard");
        b = bytes[at++];
        n += (b & 0x7f) * scale;
        scale *= 128;
      } while (b >= 0x80);
      return n;
    }
    var utf8 = new TextDecoder(), count = varint(), keys = [], lengths = [], previous = new Uint8Array(0);
    for (var i = 0; i < count; i++) {
      var shared = varint(), len = varint();
      var token = new Uint8Array(shared + len);
      token.set(previous.subarray(0, shared));
      token.set(bytes.subarray(at, at + len), shared);
      at += len;
      previous = token;
      keys.push(utf8.decode(token));
      lengths.push(varint());
    }
    var where = new Map();
    keys.forEach(function (k, j) { where.set(k, [at, at + lengths[j]]); at += lengths[j]; });
    return {
      keys: keys,
      get: function (token) {
        var range = where.get(token);
        if (!range) return [];
        var list = [], doc = 0;
        for (at = range[0]; at < range[1];) {
          doc += varint();
          var packed = varint(), section = packed % 8;
          if (section === 7) section += varint();
          list.push([doc, Math.floor(packed / 8), section]);
        }
        return list;
      }
    };
  }

  // Results for `query`, best first: {url, title, heading, snippet, score}.
  async function search(base, query, limit) {
    var manifest = await fetchJSON(base + "manifest.json");
    var tokens = tokenize(query, manifest.fold);
    if (!tokens.length) return [];
    // The last word may still be being typed: it also matches words it begins.
    var typing = !/\s$/.test(query);
    var perToken = await Promise.all(tokens.map(async function (t, i) {
      var shard = await fetchShard(base + "p" + shardOf(t, manifest.shards) + ".bin");
      var best = {};
      var keys = (typing && i === tokens.length - 1) ? shard.keys.filter(function (k) { return k.indexOf(t) === 0; }).slice(0, 50) : [t];
      keys.forEach(function (k) {
        shard.get(k).forEach(function (e) {
          var doc = e[0], score = e[1] * (k === t ? 1 : 0.6);
          if (!best[doc] || best[doc][0] < score) best[doc] = [score, e[2]];
        });
      });
      return best;
    }));
    var docs = {};
    perToken.forEach(function (best, i) {
      Object.keys(best).forEach(function (d) {
        var entry = docs[d] || (docs[d] = { score: 0, matched: 0, section: best[d][1], top: 0 });
        entry.score += best[d][0];
        entry.matched += 1;
        if (best[d][0] > entry.top) { entry.top = best[d][0]; entry.section = best[d][1]; }
      });
    });
    var all = Object.keys(docs).map(function (d) { return [Number(d), docs[d]]; });
    var strict = all.filter(function (x) { return x[1].matched === tokens.length; });
    var ranked = (strict.length ? strict : all).sort(function (a, b) { return b[1].score - a[1].score || a[0] - b[0]; }).slice(0, limit);
    return Promise.all(ranked.map(async function (x) {
      var chunk = await fetchJSON(base + "d" + Math.floor(x[0] / manifest.chunk) + ".json");
      var doc = chunk[x[0] % manifest.chunk];
      var section = doc.s[x[1].section] || doc.s[0] || ["", "", ""];
      return {
        url: doc.u + (section[0] ? "#" + section[0] : ""),
        title: doc.t,
        heading: section[0] ? section[1] : "",
        snippet: section[2] || (doc.s[0] ? doc.s[0][2] : ""),
        score: x[1].score,
        fold: manifest.fold
      };
    }));
  }

  // ---------------------------------------------------------------- snippets
  // Columns of a snippet shown under a result.
  var SNIPPET = 160;
  // The index cuts its excerpts at this many columns, perhaps inside a word (src/search/mod.rs).
  var EXCERPT = 280;

  function columns(text) {
    var n = 0;
    for (var c of text) n += isGramCode(c.codePointAt(0)) ? 2 : 1;
    return n;
  }

  var RUN = /[\p{Alphabetic}\p{N}]+/gu;

  // Where the query's words are in `text`, as [start, end] pairs in order: whole words only,
  // compared as the index compares them (folded, lower case, stemmed), the last word of a query
  // still being typed also marking the words it begins; CJK as the characters typed, wherever
  // they occur in a run (Korean words take endings).
  function marks(text, query, fold) {
    fold = fold || {};
    var tokens = tokenize(query, fold), typing = !/\s$/.test(query);
    var words = tokens.filter(function (t) { return !isGramCode(t.codePointAt(0)); });
    var lastToken = tokens[tokens.length - 1];
    var last = typing && lastToken && !isGramCode(lastToken.codePointAt(0)) ? lastToken : null;
    var grams = [];
    (query.match(RUN) || []).forEach(function (run) {
      var cjk = "";
      for (var c of run) {
        if (isGramCode(c.codePointAt(0))) cjk += c;
        else if (cjk) { grams.push(normalize(cjk, fold)); cjk = ""; }
      }
      if (cjk) grams.push(normalize(cjk, fold));
    });
    var found = [], m;
    var run = new RegExp(RUN.source, "gu");
    while ((m = run.exec(text))) {
      var word = m[0];
      var hasGram = Array.from(word).some(function (c) { return isGramCode(c.codePointAt(0)); });
      if (hasGram) {
        var lower = normalize(word, fold);
        // normalize keeps the length of CJK text (no folding applies to it).
        grams.forEach(function (g) {
          for (var at = lower.indexOf(g); at >= 0; at = lower.indexOf(g, at + g.length)) {
            found.push([m.index + at, m.index + at + g.length]);
          }
        });
        continue;
      }
      var t = tokenize(word, fold)[0] || "";
      if (words.indexOf(t) >= 0 || (last && (t.indexOf(last) === 0 || normalize(word, fold).indexOf(last) === 0))) {
        found.push([m.index, m.index + word.length]);
      }
    }
    found.sort(function (a, b) { return a[0] - b[0]; });
    return found;
  }

  // The part of `text` to show under a result, as HTML: about SNIPPET columns (from a few words
  // before the first match when that lies further in), cut between words, "…" where text was
  // left out, the query's words marked.
  function snippet(text, query, fold) {
    var found = marks(text, query, fold);
    var chars = Array.from(text);
    var offsets = [], o = 0; // each character's position in UTF-16 units, as marks gives them
    chars.forEach(function (c) { offsets.push(o); o += c.length; });
    offsets.push(o);
    var wide = function (c) { return isGramCode(c.codePointAt(0)) ? 2 : 1; };
    var space = function (c) { return /\s/.test(c); };
    var from = 0;
    if (found.length) {
      var first = offsets.indexOf(found[0][0]);
      var before = 0;
      for (var i = 0; i < first; i++) before += wide(chars[i]);
      if (before > SNIPPET / 2) {
        var back = 0;
        from = first;
        while (from > 0 && back < 30) back += wide(chars[--from]);
        while (from < first && !space(chars[from])) from++; // to the start of a word
        while (from < first && space(chars[from])) from++;
      }
    }
    var to = from, used = 0;
    while (to < chars.length && used + wide(chars[to]) <= SNIPPET) used += wide(chars[to++]);
    // A snippet that reaches the end of an excerpt the index cut may end in part of a word.
    var more = to < chars.length || columns(text) >= EXCERPT - 1;
    if (more) {
      // End on a whole word: back to the last space, unless this is one long run without any
      // (CJK text without spaces may end anywhere).
      var end = to;
      if (to === chars.length || !space(chars[to])) {
        while (end > from && !space(chars[end - 1])) end--;
      }
      if (end > from) to = end;
      while (to > from && space(chars[to - 1])) to--;
    }
    var start = offsets[from], stop = offsets[to];
    var out = from > 0 ? "… " : "", pos = start;
    found.forEach(function (mk) {
      if (mk[0] < pos || mk[1] > stop) return;
      out += escapeHtml(text.slice(pos, mk[0])) + "<mark>" + escapeHtml(text.slice(mk[0], mk[1])) + "</mark>";
      pos = mk[1];
    });
    return out + escapeHtml(text.slice(pos, stop)) + (more ? " …" : "");
  }

  // ---------------------------------------------------------------- display
  function escapeHtml(s) {
    return s.replace(/[&<>"']/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]; });
  }

  // Results that share a title (the same cmdlet in several modules or versions of a reference
  // set) say where each one is: the folders of its URL below the index's root ("7.2 ›
  // Microsoft.PowerShell.Management"); other results say nothing more.
  function places(results, base) {
    var root = base.replace(/_search\/?$/, "");
    var count = {};
    results.forEach(function (r) { count[r.title] = (count[r.title] || 0) + 1; });
    return results.map(function (r) {
      if (count[r.title] < 2) return "";
      var path = r.url.split("#")[0];
      if (path.indexOf(root) === 0) path = path.slice(root.length);
      var folders = path.split("/").filter(Boolean).slice(0, -1).map(function (f) {
        try { return decodeURIComponent(f); } catch (e) { return f; }
      });
      return folders.join(" › ");
    });
  }

  function renderResults(list, results, query, base) {
    var where = places(results, base);
    list.innerHTML = results.map(function (r, i) {
      return '<li role="option" id="gb-result-' + i + '" aria-selected="false"><a href="' + escapeHtml(r.url) + '">' +
        '<span class="result-title">' + escapeHtml(r.title) + "</span>" +
        (r.heading ? ' <span class="result-heading">› ' + escapeHtml(r.heading) + "</span>" : "") +
        (where[i] ? '<span class="result-where">' + escapeHtml(where[i]) + "</span>" : "") +
        (r.snippet ? '<span class="result-snippet">' + snippet(r.snippet, query, r.fold) + "</span>" : "") +
        "</a></li>";
    }).join("");
  }

  function setupBox(form) {
    var input = form.querySelector("input[type=search]");
    var box = form.querySelector(".search-results");
    var list = box.querySelector("ul");
    var status = form.querySelector(".search-status");
    var active = -1, seq = 0, timer = null;
    function close() { box.hidden = true; input.setAttribute("aria-expanded", "false"); active = -1; }
    function select(i) {
      var items = list.querySelectorAll("li");
      if (!items.length) return;
      active = (i + items.length) % items.length;
      items.forEach(function (li, j) { li.setAttribute("aria-selected", j === active ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", items[active].id);
    }
    async function run() {
      var query = input.value, mine = ++seq;
      if (!query.trim()) { close(); return; }
      // Read each time: the results page may switch the box to the version it searches.
      var index = form.getAttribute("data-index");
      var results = await search(index, query, 8).catch(function () { return []; });
      if (mine !== seq) return; // a newer query is on its way
      renderResults(list, results, query, index);
      status.textContent = results.length ? "" : status.getAttribute("data-none").replace("__QUERY__", query);
      box.hidden = false;
      input.setAttribute("aria-expanded", "true");
      active = -1;
    }
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 60); });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") { e.preventDefault(); select(active + 1); }
      else if (e.key === "ArrowUp") { e.preventDefault(); select(active - 1); }
      else if (e.key === "Escape") { close(); }
      else if (e.key === "Enter" && active >= 0) {
        e.preventDefault();
        var link = list.querySelectorAll("li a")[active];
        if (link) location.href = link.href;
      }
    });
    document.addEventListener("click", function (e) { if (!form.contains(e.target)) close(); });
    // "/" anywhere but in a text field jumps to the search box.
    document.addEventListener("keydown", function (e) {
      var t = e.target;
      var typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
      if (e.key === "/" && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) { e.preventDefault(); input.focus(); input.select(); }
    });
  }

  // Sites with versions: the index of the version `?v=` names (else the latest's), said on the
  // page, with the other versions' links set to the same query; the box and <html
  // data-version> follow. Without versions, the page's own index.
  function chooseVersion(page, query) {
    var block = page.querySelector('[data-block="search-versions"]');
    if (!block) return page.getAttribute("data-index");
    var wanted = new URLSearchParams(location.search).get("v");
    var links = Array.prototype.slice.call(block.querySelectorAll("a[data-version]"));
    var chosen = links.filter(function (a) { return a.getAttribute("data-version") === wanted; })[0] ||
      links.filter(function (a) { return a.hasAttribute("data-latest"); })[0] || links[0];
    links.forEach(function (a) {
      var params = new URLSearchParams({ v: a.getAttribute("data-version") });
      if (query) params.set("q", query);
      a.href = a.pathname + "?" + params.toString();
      if (a === chosen) a.setAttribute("aria-current", "true"); else a.removeAttribute("aria-current");
    });
    if (!chosen) return page.getAttribute("data-index");
    var index = chosen.getAttribute("data-index"), name = chosen.getAttribute("data-version");
    block.querySelector(".search-version-status").textContent = block.getAttribute("data-searched").replace("__VERSION__", chosen.getAttribute("data-label"));
    document.documentElement.setAttribute("data-version", name);
    var form = document.querySelector("form.search[data-index]");
    if (form) {
      form.setAttribute("data-index", index);
      var hidden = form.querySelector('input[name="v"]');
      if (hidden) hidden.value = name;
    }
    return index;
  }

  async function setupPage(page) {
    var query = new URLSearchParams(location.search).get("q") || "";
    var list = page.querySelector("ul");
    var status = page.querySelector(".search-status");
    var input = document.querySelector(".search input[type=search]");
    if (input) input.value = query;
    status.textContent = ""; // scripts run: the "needs JavaScript" message no longer applies
    var index = chooseVersion(page, query);
    if (!query.trim()) return;
    var results = await search(index, query, 50).catch(function () { return []; });
    renderResults(list, results, query, index);
    status.textContent = results.length ? status.getAttribute("data-count").replace("__COUNT__", String(results.length)).replace("__QUERY__", query)
      : status.getAttribute("data-none").replace("__QUERY__", query);
  }

  window.guidebookSearch = {
    tokenize: tokenize, stem: stem, shardOf: shardOf, normalize: normalize, search: search, fetchJSON: fetchJSON,
    fetchShard: fetchShard, marks: marks, snippet: snippet, places: places
  };
  var form = document.querySelector("form.search[data-index]");
  if (form) setupBox(form);
  var page = document.querySelector('[data-block="search-page"]');
  if (page) setupPage(page);
})();
