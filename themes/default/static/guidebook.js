// guidebook's default theme: the sidebar's menu button on small screens, the reader's
// progress along onboarding paths, kept in this browser (localStorage) and never sent anywhere,
// and the reading aids at the end (long pages, code blocks, the sticky header).
// Everything else in the theme works without this script.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // ---- Sidebar: folded behind a menu button on small screens ----
  var sidebar = document.getElementById("gb-sidebar");
  var toggle = sidebar && sidebar.querySelector(".sidebar-toggle");
  if (toggle) {
    var narrow = window.matchMedia("(max-width: 55.99rem)");
    var setOpen = function (open) {
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      sidebar.toggleAttribute("data-open", open);
    };
    var fit = function () {
      toggle.hidden = !narrow.matches;
      setOpen(!narrow.matches);
    };
    toggle.addEventListener("click", function () {
      setOpen(toggle.getAttribute("aria-expanded") !== "true");
    });
    narrow.addEventListener("change", fit);
    fit();
  }

  // ---- Onboarding paths: steps marked done ----
  var KEY = "guidebook-progress:";
  function load(path) {
    try {
      var list = JSON.parse(localStorage.getItem(KEY + path) || "[]");
      return Array.isArray(list) ? list : [];
    } catch (e) {
      return []; // private mode, or a value from elsewhere: start afresh
    }
  }
  function save(path, list) {
    try {
      localStorage.setItem(KEY + path, JSON.stringify(list));
    } catch (e) {
      /* storage full or disabled: progress is simply not kept */
    }
  }
  function tick(scope, done) {
    var items = scope.querySelectorAll("[data-step]");
    for (var i = 0; i < items.length; i++) {
      items[i].classList.toggle("done", done.indexOf(items[i].getAttribute("data-step")) >= 0);
    }
  }

  // Every path's done steps, ticked in the sidebar on every page.
  function tickSidebar() {
    var nav = document.querySelector('[data-block="sidebar"]');
    if (!nav) return;
    var all = [];
    try {
      for (var k = 0; k < localStorage.length; k++) {
        var key = localStorage.key(k);
        if (key && key.indexOf(KEY) === 0) all = all.concat(load(key.slice(KEY.length)));
      }
    } catch (e) {
      /* storage disabled */
    }
    tick(nav, all);
  }
  tickSidebar();

  var step = document.querySelector('[data-block="step"]');
  if (step) {
    var path = step.getAttribute("data-path");
    var id = step.getAttribute("data-step");
    var button = step.querySelector(".mark-done");
    var show = function () {
      var done = load(path).indexOf(id) >= 0;
      button.setAttribute("aria-pressed", done ? "true" : "false");
      button.textContent = button.getAttribute(done ? "data-label-done" : "data-label-todo");
      tickSidebar();
    };
    button.hidden = false;
    button.addEventListener("click", function () {
      var list = load(path);
      var at = list.indexOf(id);
      if (at >= 0) list.splice(at, 1);
      else list.push(id);
      save(path, list);
      show();
    });
    show();
  }

  var progress = document.querySelector('[data-block="path-progress"]');
  if (progress) {
    var done = load(progress.getAttribute("data-path"));
    var steps = progress.querySelectorAll("li[data-step]");
    var count = 0;
    for (var j = 0; j < steps.length; j++) {
      if (done.indexOf(steps[j].getAttribute("data-step")) >= 0) count++;
    }
    tick(progress, done);
    var bar = progress.querySelector("progress");
    var text = progress.querySelector(".path-progress-text");
    bar.value = count;
    bar.hidden = false;
    text.textContent = text.getAttribute("data-template").replace("__DONE__", String(count));
    text.hidden = false;
  }
  // ================================================================ reading aids
  // Long reference pages, code blocks and the sticky header. Without this script the page
  // still reads: "On this page" stays open, names wrap where the browser must, no copy button.

  // ---- The header's height, for what sticks below it (style.css: --header-height) ----
  var header = document.querySelector(".site-header");
  if (header) {
    var measure = function () {
      document.documentElement.style.setProperty("--header-height", header.offsetHeight + "px");
    };
    measure();
    if (window.ResizeObserver) new ResizeObserver(measure).observe(header);
  }

  // ---- "On this page": folded on narrow screens, open beside the text from 1024 px ----
  var tocDetails = document.querySelector('[data-block="toc"] > details');
  if (tocDetails) {
    var wide = window.matchMedia("(min-width: 64rem)");
    var fitToc = function () { tocDetails.open = wide.matches; };
    wide.addEventListener("change", fitToc);
    fitToc();
  }

  // ---- Long dotted names (Az.Accounts.Get-AzContext, Microsoft.Azure.Management.…) ----
  // Each dotted part of a long name becomes an inline-block with a <wbr> after it, so the name
  // wraps at its dots, not between two letters; only a part too long for the column by itself
  // (GetAzResourceGroupDeploymentOperation) wraps inside, between its camel-case words.
  var LONG_DOTTED = /[^\s.]\.[^\s.]/;
  function breakAtDots(element) {
    var walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    var texts = [];
    for (var n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.data.length > 16 && LONG_DOTTED.test(n.data)) texts.push(n);
    }
    texts.forEach(function (text) {
      var frag = document.createDocumentFragment();
      text.data.split(/(?<=[^\s.]\.)(?=[^\s.])/).forEach(function (part, i) {
        if (i) frag.appendChild(document.createElement("wbr"));
        var span = document.createElement("span");
        span.className = "name-part";
        part.split(/(?<=[a-z])(?=[A-Z])/).forEach(function (word, j) {
          if (j) span.appendChild(document.createElement("wbr"));
          span.appendChild(document.createTextNode(word));
        });
        frag.appendChild(span);
      });
      text.parentNode.replaceChild(frag, text);
    });
  }
  var named = document.querySelectorAll(".sidebar a, .sidebar .nav-heading, .toc a, .doc-header h1, .breadcrumbs a, .pager-title, .link-list li > a");
  for (var b = 0; b < named.length; b++) breakAtDots(named[b]);

  // ---- The sidebar shows the current page's entry (a long list scrolls on its own) ----
  if (sidebar) {
    var current = sidebar.querySelector('[aria-current="page"]');
    if (current && sidebar.scrollHeight > sidebar.clientHeight) {
      var box = sidebar.getBoundingClientRect(), at = current.getBoundingClientRect();
      if (at.top < box.top || at.bottom > box.bottom) {
        // A third of the way down, so the entries around it show too.
        sidebar.scrollTop += at.top - box.top - sidebar.clientHeight / 3;
      }
    }
  }

  // ---- A copy button on each code block ----
  var main = document.getElementById("content");
  var copyText = main && main.getAttribute("data-copy-code");
  if (copyText) {
    var copyLabel = main.getAttribute("data-copy-code-label") || copyText;
    var copiedText = main.getAttribute("data-code-copied") || copyText;
    // One polite live region says "Copied" to screen readers, whichever button was used.
    var said = document.createElement("span");
    said.className = "visually-hidden";
    said.setAttribute("role", "status");
    main.appendChild(said);
    var fallbackCopy = function (text) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      area.remove();
      return ok ? Promise.resolve() : Promise.reject(new Error("copy refused"));
    };
    var copy = function (text) {
      // The Clipboard API needs a secure context (https or localhost); the old way elsewhere.
      if (navigator.clipboard && window.isSecureContext) {
        return navigator.clipboard.writeText(text).catch(function () { return fallbackCopy(text); });
      }
      return fallbackCopy(text);
    };
    var blocks = main.querySelectorAll("pre");
    for (var c = 0; c < blocks.length; c++) {
      (function (pre) {
        var wrap = document.createElement("div");
        wrap.className = "code-block";
        pre.parentNode.insertBefore(wrap, pre);
        wrap.appendChild(pre);
        var button = document.createElement("button");
        button.type = "button";
        button.className = "copy-code";
        button.textContent = copyText;
        button.setAttribute("aria-label", copyLabel);
        var timer = null;
        button.addEventListener("click", function () {
          var code = pre.querySelector("code") || pre;
          copy(code.textContent.replace(/\n$/, "")).then(function () {
            button.textContent = copiedText;
            button.setAttribute("data-copied", "");
            said.textContent = copiedText;
            clearTimeout(timer);
            timer = setTimeout(function () {
              button.textContent = copyText;
              button.removeAttribute("data-copied");
              said.textContent = "";
            }, 2000);
          }, function () { /* no clipboard here: the code can still be selected by hand */ });
        });
        wrap.appendChild(button);
      })(blocks[c]);
    }
  }
})();
