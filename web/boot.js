// Set the page's language and direction before the first paint (from the remembered choice, else the
// language the server chose for the shell), fetch that language's texts in parallel with the app,
// then start the app.
// A classic script, so it runs before the body is drawn.
(function () {
  var supported = ["ar", "fr", "en"];
  var texts = __TEXTS__;
  var lang = null;
  try { lang = window.localStorage.getItem("madani.lang"); } catch (e) { lang = null; }
  if (supported.indexOf(lang) < 0) {
    // The server chose the shell's language from the cookie or the browser's languages.
    lang = document.documentElement.lang;
  }
  if (supported.indexOf(lang) < 0) { lang = "fr"; }
  document.documentElement.lang = lang;
  document.documentElement.dir = lang === "ar" ? "rtl" : "ltr";
  // The app calls this again when the visitor picks another language.
  window.madaniLoadTexts = function (l) {
    return fetch(texts[l]).then(function (r) {
      if (!r.ok) { throw new Error("texts " + l + ": " + r.status); }
      return r.json();
    });
  };
  // An area's stylesheet (`<area>.css` above), once: its pages wait for it as for their texts (a
  // stylesheet that does not come leaves them plain, not missing).
  var styles = {};
  window.madaniLoadStyle = function (area) {
    var href = texts[area + ".css"];
    return styles[area] || (styles[area] = !href ? Promise.resolve() : new Promise(function (done) {
      var link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = href;
      link.onload = link.onerror = done;
      document.body.appendChild(link);
    }));
  };
  var loaded = window.madaniLoadTexts(lang).then(
    function (t) { window.madaniTexts = { lang: lang, texts: t }; },
    function () { /* the app fetches them again */ }
  );

  // A bar at the top while a navigation waits for a page's module or its data: every fetch started
  // within a few seconds of a click on a link, a history change or the page's own load, or while
  // such fetches are still on their way (or within a second of the last: the page's data follows
  // its code), counts until its body has arrived (a module's body is most of its time), until none
  // is left (a background poll alone does not show it).
  // The bar shows 150 ms after the first such fetch, even while many short ones (a page's code
  // comes in many small pieces) keep starting and ending.
  var inflight = 0, navigated = Date.now(), settled = 0, timer = 0;
  function progress() {
    var bar = document.getElementById("progress-bar");
    if (!bar) { return; }
    if (inflight > 0) {
      if (!timer && !bar.classList.contains("progress-bar--on")) {
        timer = setTimeout(function () { timer = 0; bar.classList.add("progress-bar--on"); }, 150);
      }
    } else {
      clearTimeout(timer);
      timer = 0;
      bar.classList.remove("progress-bar--on");
    }
  }
  function navigation() { navigated = Date.now(); }
  var fetchNow = window.fetch;
  window.fetch = function () {
    var now = Date.now();
    var counted = now - navigated < 3000 || inflight > 0 || now - settled < 1000;
    if (counted) { inflight++; progress(); }
    var done = function () {
      if (counted) {
        inflight--;
        if (inflight === 0) { settled = Date.now(); }
        progress();
      }
    };
    var answer = fetchNow.apply(window, arguments);
    if (counted) {
      answer.then(function (r) { return r.clone().arrayBuffer(); }).then(done, done);
    }
    return answer;
  };
  document.addEventListener("click", function (e) {
    if (e.target && e.target.closest && e.target.closest("a[href]")) { navigation(); }
  }, true);
  window.addEventListener("popstate", navigation);

  // The service worker: a repeat visit starts from the cache and pages already seen stay readable
  // offline (sw.js, named after the build, so a release replaces it on the next visit).
  if ("serviceWorker" in navigator) {
    window.addEventListener("load", function () {
      navigator.serviceWorker.register("/sw.js").then(function () {
        return navigator.serviceWorker.ready;
      }).then(function (ready) {
        // The first page came before the worker: hand it what this page loaded, so that the page
        // opens again offline.
        var loaded = performance.getEntriesByType("resource").map(function (e) { return e.name; });
        if (ready.active) { ready.active.postMessage({ keep: loaded.concat([location.pathname]) }); }
      }).catch(function () {});
    });
  }

  Promise.all([import("/__JS__"), loaded]).then(function (r) {
    return r[0].default({ module_or_path: "/__WASM__" });
  });
})();
