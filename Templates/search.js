/* Outpost site search: runs in the browser over the index in this folder.
 *
 * The index is split like Pagefind's: search/index.js names the term chunks,
 * each term chunk (t-NNNN.js) holds the entries of a range of terms, and
 * each doc chunk (d-NNNN.js) describes up to 32 entries. A search loads only
 * the chunks its words and the results it shows need. Every file is a script
 * that calls OutpostSearch.*, loaded with a <script> element, so the search
 * also works from files opened directly (file://), where fetch() is refused.
 *
 * Words are read as `outpost search` reads them: runs of letters and digits,
 * case and accents folded; when the catalog's index stems (FTS5 "porter"),
 * stemmed the same way; "word*" is a prefix; every word must match. Results
 * are shown most recently added first, written with textContent: nothing
 * from the catalog is ever parsed as markup.
 */
(function () {
  "use strict";
  var perPage = 20;
  var base = "search/";
  var pending = {};
  var state = { index: null, terms: {}, docs: {}, loaded: [] };

  window.OutpostSearch = {
    index: function (data) { state.index = data; },
    terms: function (chunk, terms) { state.terms[chunk] = terms; },
    docs: function (chunk, docs) {
      for (var i = 0; i < docs.length; i++) state.docs[docs[i][0]] = docs[i];
    },
    stem: stem,
    fold: fold
  };

  function load(file) {
    if (!pending[file]) {
      pending[file] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = base + file;
        script.onload = function () { state.loaded.push(file); resolve(); };
        script.onerror = function () { reject(new Error("could not load " + base + file)); };
        document.head.appendChild(script);
      });
    }
    return pending[file];
  }

  /* Code point order: the byte order in which SQLite sorts the terms. */
  function compare(a, b) {
    var x = Array.from(a), y = Array.from(b);
    for (var i = 0; i < x.length && i < y.length; i++) {
      var p = x[i].codePointAt(0), q = y[i].codePointAt(0);
      if (p !== q) return p < q ? -1 : 1;
    }
    return x.length === y.length ? 0 : (x.length < y.length ? -1 : 1);
  }

  /* The words of a query, split as `outpost search` splits them. */
  function queryTerms(text) {
    var terms = [];
    var re = /"([^"]*)"?|([^\s"]+)/g;
    var match;
    while ((match = re.exec(text)) !== null) {
      if (match[1] !== undefined) {
        words(match[1]).forEach(function (w) { terms.push({ word: w, prefix: false }); });
      } else {
        var token = match[2];
        var pieces = words(token);
        pieces.forEach(function (w, i) {
          terms.push({ word: w, prefix: i === pieces.length - 1 && /\*$/.test(token) });
        });
      }
    }
    return terms;
  }

  function words(text) {
    return text.match(/[\p{L}\p{N}\p{Co}][\p{L}\p{N}\p{Co}\p{Mn}]*/gu) || [];
  }

  function fold(word) {
    return word.toLowerCase().normalize("NFD").replace(/\p{M}/gu, "");
  }

  /* FTS5's porter stemmer, applied as FTS5 applies it: to the UTF-8 bytes of
   * a folded word of 3 to 64 bytes. */
  function stem(word) {
    var encoded = new TextEncoder().encode(word);
    if (encoded.length < 3 || encoded.length > 64) return word;
    var b = Array.prototype.slice.call(encoded);
    function c(i) { return i >= 0 && i < b.length ? String.fromCharCode(b[i]) : ""; }
    function isVowel(i, yIsVowel) {
      var x = c(i);
      return x === "a" || x === "e" || x === "i" || x === "o" || x === "u" || (yIsVowel && x === "y");
    }
    function gobble(from, n, prevCons) {
      var cons = prevCons, i;
      for (i = 0; i < n; i++) { cons = !isVowel(from + i, cons); if (!cons) break; }
      for (i++; i < n; i++) { cons = !isVowel(from + i, cons); if (cons) return i + 1; }
      return 0;
    }
    function mGt0(n) { return gobble(0, n, false) > 0; }
    function mGt1(n) { var k = gobble(0, n, false); return k > 0 && gobble(k, n - k, true) > 0; }
    function mEq1(n) { var k = gobble(0, n, false); return k > 0 && gobble(k, n - k, true) === 0; }
    function oStar(n) {
      var last = c(n - 1);
      if (last === "w" || last === "x" || last === "y") return false;
      var mask = 0, cons = false;
      for (var i = 0; i < n; i++) { cons = !isVowel(i, cons); mask = ((mask << 1) | (cons ? 1 : 0)) & 7; }
      return mask === 5;
    }
    function hasVowel(n) {
      for (var i = 0; i < n; i++) if (isVowel(i, i > 0)) return true;
      return false;
    }
    function sOrT(n) { var x = c(n - 1); return (x === "s" || x === "t") && mGt1(n); }
    function ends(suffix) {
      var n = b.length, k = suffix.length;
      if (n <= k) return false;
      for (var i = 0; i < k; i++) if (b[n - k + i] !== suffix.charCodeAt(i)) return false;
      return true;
    }
    /* The first rule whose suffix matches is the only one tried. */
    function apply(rules) {
      for (var i = 0; i < rules.length; i++) {
        var suffix = rules[i][0], when = rules[i][1], out = rules[i][2];
        if (!ends(suffix)) continue;
        if (when && !when(b.length - suffix.length)) return false;
        b.length -= suffix.length;
        for (var j = 0; j < out.length; j++) b.push(out.charCodeAt(j));
        return true;
      }
      return false;
    }
    var n = b.length;
    if (c(n - 1) === "s") {
      if (c(n - 2) === "e") {
        b.length = (n > 4 && c(n - 4) === "s" && c(n - 3) === "s") || (n > 3 && c(n - 3) === "i") ? n - 2 : n - 1;
      } else if (c(n - 2) !== "s") {
        b.length = n - 1;
      }
    }
    var cut = false;
    if (ends("eed")) {
      apply([["eed", mGt0, "ee"]]);
    } else if (ends("ed") || ends("ing")) {
      cut = apply([["ed", hasVowel, ""], ["ing", hasVowel, ""]]);
    }
    if (cut && !apply([["at", null, "ate"], ["bl", null, "ble"], ["iz", null, "ize"]])) {
      var last = c(b.length - 1);
      if (!isVowel(b.length - 1, false) && last !== "l" && last !== "s" && last !== "z" && last === c(b.length - 2)) {
        b.length -= 1;
      } else if (mEq1(b.length) && oStar(b.length)) {
        b.push(101);
      }
    }
    if (c(b.length - 1) === "y" && hasVowel(b.length - 1)) b[b.length - 1] = 105;
    apply([
      ["ational", mGt0, "ate"], ["tional", mGt0, "tion"], ["enci", mGt0, "ence"], ["anci", mGt0, "ance"],
      ["izer", mGt0, "ize"], ["logi", mGt0, "log"], ["bli", mGt0, "ble"], ["alli", mGt0, "al"],
      ["entli", mGt0, "ent"], ["eli", mGt0, "e"], ["ousli", mGt0, "ous"], ["ization", mGt0, "ize"],
      ["ation", mGt0, "ate"], ["ator", mGt0, "ate"], ["alism", mGt0, "al"], ["iveness", mGt0, "ive"],
      ["fulness", mGt0, "ful"], ["ousness", mGt0, "ous"], ["aliti", mGt0, "al"], ["iviti", mGt0, "ive"],
      ["biliti", mGt0, "ble"]
    ]);
    apply([
      ["ical", mGt0, "ic"], ["ness", mGt0, ""], ["icate", mGt0, "ic"], ["iciti", mGt0, "ic"], ["ful", mGt0, ""],
      ["ative", mGt0, ""], ["alize", mGt0, "al"]
    ]);
    apply([
      ["al", mGt1, ""], ["ance", mGt1, ""], ["ence", mGt1, ""], ["er", mGt1, ""], ["ic", mGt1, ""],
      ["able", mGt1, ""], ["ible", mGt1, ""], ["ant", mGt1, ""], ["ement", mGt1, ""], ["ment", mGt1, ""],
      ["ent", mGt1, ""], ["ion", sOrT, ""], ["ou", mGt1, ""], ["ism", mGt1, ""], ["ate", mGt1, ""],
      ["iti", mGt1, ""], ["ous", mGt1, ""], ["ive", mGt1, ""], ["ize", mGt1, ""]
    ]);
    if (c(b.length - 1) === "e") {
      var k = b.length - 1;
      if (mGt1(k) || (mEq1(k) && !oStar(k))) b.length = k;
    }
    if (b.length > 1 && c(b.length - 1) === "l" && c(b.length - 2) === "l" && mGt1(b.length - 1)) b.length -= 1;
    return new TextDecoder().decode(new Uint8Array(b));
  }

  /* The index's form of a query word. */
  function term(word) {
    var folded = fold(word);
    return state.index.stem === "porter" ? stem(folded) : folded;
  }

  /* The chunk holding `t`: the last whose first term is not after it. */
  function chunkOf(t) {
    var chunks = state.index.chunks, lo = 0, hi = chunks.length - 1, found = 0;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (compare(chunks[mid][0], t) <= 0) { found = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    return found;
  }

  /* Postings: ascending entry numbers, each a gap in base 32 with its last
   * digit from the first half of the alphabet. */
  var digits = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";
  function decode(text) {
    var out = [], value = 0, previous = 0;
    for (var i = 0; i < text.length; i++) {
      var d = digits.indexOf(text[i]);
      if (d >= 32) { value = value * 32 + (d - 32); continue; }
      previous += value * 32 + d;
      out.push(previous);
      value = 0;
    }
    return out;
  }

  /* The entries one query word finds: one term, or every term it begins. */
  function postings(item) {
    if (state.index.chunks.length === 0) return Promise.resolve(new Set());
    var t = term(item.word);
    var first = chunkOf(t);
    var last = item.prefix ? chunkOf(t + "\u{10FFFF}") : first;
    var files = [];
    for (var i = first; i <= last; i++) files.push(state.index.chunks[i][1]);
    return Promise.all(files.map(load)).then(function () {
      var found = new Set();
      for (var i = first; i <= last; i++) {
        var terms = state.terms[i] || {};
        Object.keys(terms).forEach(function (key) {
          if (key === t || (item.prefix && key.startsWith(t))) decode(terms[key]).forEach(function (n) { found.add(n); });
        });
      }
      return found;
    });
  }

  function run(query, page) {
    var items = queryTerms(query);
    if (items.length === 0) return Promise.resolve(null);
    return load("index.js").then(function () {
      return Promise.all(items.map(postings));
    }).then(function (sets) {
      sets.sort(function (a, b) { return a.size - b.size; });
      var hits = Array.from(sets[0]).filter(function (n) {
        return sets.every(function (set) { return set.has(n); });
      });
      hits.sort(function (a, b) { return b - a; });
      var shown = hits.slice((page - 1) * perPage, page * perPage);
      var files = [];
      shown.forEach(function (n) {
        var file = "d-" + pad(Math.floor(n / state.index.docsPerChunk)) + ".js";
        if (files.indexOf(file) < 0) files.push(file);
      });
      return Promise.all(files.map(load)).then(function () { return { total: hits.length, shown: shown }; });
    });
  }

  function pad(n) { var s = String(n); while (s.length < 4) s = "0" + s; return s; }

  function element(name, className, text) {
    var node = document.createElement(name);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function show(query, page, result) {
    var status = document.getElementById("status");
    var list = document.getElementById("results");
    var pages = document.getElementById("result-pages");
    list.textContent = "";
    pages.textContent = "";
    pages.hidden = true;
    if (result === null) { status.textContent = "Type a word to search for."; return; }
    var noun = result.total === 1 ? "entry matches" : "entries match";
    status.textContent = result.total + " " + noun + " \u201c" + query + "\u201d";
    result.shown.forEach(function (n) {
      var doc = state.docs[n];
      if (!doc) return;
      /* [number, kind, slug, title, date, summary, detail] */
      var item = element("li", "item item-" + doc[1]);
      var meta = element("p", "meta");
      meta.appendChild(element("span", "kind", doc[1] === "story" ? "Story" : "Tool"));
      if (doc[4]) meta.appendChild(document.createTextNode(" \u00b7 " + doc[4]));
      if (doc[6]) meta.appendChild(document.createTextNode(" \u00b7 " + doc[6]));
      item.appendChild(meta);
      var heading = element("h3");
      var link = element("a", "", doc[3]);
      link.href = (doc[1] === "story" ? "stories/" : "tools/") + encodeURIComponent(doc[2]) + ".html";
      heading.appendChild(link);
      item.appendChild(heading);
      if (doc[5]) item.appendChild(element("p", "", doc[5]));
      list.appendChild(item);
    });
    var count = Math.ceil(result.total / perPage);
    if (count > 1) {
      var ul = element("ul");
      if (page > 1) ul.appendChild(pageLink(query, page - 1, "Previous"));
      ul.appendChild(element("li", "", "Page " + page + " of " + count));
      if (page < count) ul.appendChild(pageLink(query, page + 1, "Next"));
      pages.appendChild(ul);
      pages.hidden = false;
    }
  }

  function pageLink(query, page, label) {
    var li = element("li");
    var a = element("a", "", label);
    a.href = "search.html?q=" + encodeURIComponent(query) + "&page=" + page;
    li.appendChild(a);
    return li;
  }

  var params = new URLSearchParams(window.location.search);
  var query = params.get("q") || "";
  var page = Math.max(1, parseInt(params.get("page") || "1", 10) || 1);
  document.getElementById("q").value = query;
  run(query, page).then(function (result) {
    show(query, page, result);
    document.documentElement.setAttribute("data-search", "done");
    document.documentElement.setAttribute("data-loaded", state.loaded.join(" "));
  }, function (error) {
    document.getElementById("status").textContent = "The search index could not be read: " + error.message;
    document.documentElement.setAttribute("data-search", "failed");
  });
})();
