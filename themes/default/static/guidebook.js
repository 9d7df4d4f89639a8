// guidebook's default theme: the sidebar's menu button on small screens, and the reader's
// progress along onboarding paths, kept in this browser (localStorage) and never sent anywhere.
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
})();
