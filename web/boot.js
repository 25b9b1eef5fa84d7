// Set the page's language and direction before the first paint (from the remembered choice, else the
// browser's languages), then load the app. A classic script, so it runs before the body is drawn.
(function () {
  var supported = ["ar", "fr", "en"];
  var lang = null;
  try { lang = window.localStorage.getItem("madani.lang"); } catch (e) { lang = null; }
  if (supported.indexOf(lang) < 0) {
    lang = "fr";
    var wanted = navigator.languages || [navigator.language || ""];
    for (var i = 0; i < wanted.length; i++) {
      var code = String(wanted[i]).split(/[-_]/)[0].toLowerCase();
      if (supported.indexOf(code) >= 0) { lang = code; break; }
    }
  }
  document.documentElement.lang = lang;
  document.documentElement.dir = lang === "ar" ? "rtl" : "ltr";
  import("/__JS__").then(function (app) { return app.default({ module_or_path: "/__WASM__" }); });
})();
