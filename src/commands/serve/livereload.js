// guidebook serve: reloads the page when the site is rebuilt, swaps stylesheets when only CSS
// changed, and shows build errors over the page until they are fixed. Injected by the preview
// server only; never part of a built site.
(function () {
  "use strict";
  // The page shown while the site has never built names its build: any other one replaces it.
  var firstBuild = document.documentElement.getAttribute("data-guidebook-unbuilt");
  var source = null;
  function overlay(text) {
    var old = document.getElementById("guidebook-error-overlay");
    if (old) old.remove();
    if (!text) return;
    var box = document.createElement("div");
    box.id = "guidebook-error-overlay";
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,20,.92);" +
      "color:#fff;font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;padding:2rem;white-space:pre-wrap";
    var title = document.createElement("strong");
    title.textContent = "guidebook: the last change did not build. Showing the last good version.\n\n";
    var body = document.createElement("div");
    body.textContent = text; // text, never HTML: messages quote the author's input
    box.appendChild(title);
    box.appendChild(body);
    document.body.appendChild(box);
  }
  function connect() {
    source = new EventSource("/__livereload");
    source.addEventListener("hello", function (e) {
      // After a server restart the build differs: reload to get it.
      if (firstBuild !== null && firstBuild !== e.data) location.reload();
      firstBuild = e.data;
      document.documentElement.setAttribute("data-livereload", "connected"); // for tests and curious authors
    });
    source.addEventListener("reload", function () { location.reload(); });
    // The search index was written again: a search results page among those named runs its
    // query again on the new index (a reload keeps `?q=`); other pages show no results.
    source.addEventListener("search-index", function (e) {
      var here = location.pathname.replace(/index\.html$/, "");
      if (JSON.parse(e.data).indexOf(here) >= 0) location.reload();
    });
    source.addEventListener("css", function () {
      var links = document.querySelectorAll('link[rel="stylesheet"]');
      for (var i = 0; i < links.length; i++) {
        var url = new URL(links[i].href);
        url.searchParams.set("guidebook-reload", Date.now());
        links[i].href = url.toString();
      }
    });
    source.addEventListener("error-report", function (e) {
      var text = JSON.parse(e.data);
      var shown = document.querySelector("#guidebook-unbuilt pre");
      // That page shows its errors itself: it is loaded again when they change (the stream
      // repeats the current ones on connecting, which must not reload it over and over).
      var lines = function (s) { return String(s).replace(/\r\n?/g, "\n"); };
      if (!shown) overlay(text);
      else if (lines(shown.textContent) !== lines(text)) location.reload();
    });
    source.onerror = function () {
      // EventSource retries by itself; make sure it does after the server comes back.
      if (source && source.readyState === EventSource.CLOSED) setTimeout(connect, 1000);
    };
  }
  // A page left for another stays alive in the back/forward cache with its stream open;
  // browsers allow six connections to a host, so after six pages the next one would never load.
  // Close the stream when the page is hidden; a page that comes back is loaded again.
  window.addEventListener("pagehide", function () {
    if (source) source.close();
    source = null;
  });
  window.addEventListener("pageshow", function (e) {
    // Restored from that cache: the site may have been rebuilt since, so load it afresh.
    if (e.persisted) location.reload();
  });
  var initial = document.getElementById("guidebook-initial-error");
  if (initial) overlay(JSON.parse(initial.textContent));
  connect();
})();
