// The site's own scripts. Plain DOM, no libraries: the site loads nothing from other hosts.
//
// Loaded twice on purpose: in the page head (overrides/main.html), before the theme's bundle, so
// that the search stand-in below exists when the theme sets up search; and by extra_javascript.
// The second load does nothing.
(function () {
  if (window.isfLoaded) return;
  window.isfLoaded = true;

  // -- Search when the site is opened from disk (file://) ---------------------------------------
  // The theme runs search in a web worker. From file:// the browser refuses to start a worker
  // ("cannot be accessed from origin 'null'"), the theme catches that and hides the search box.
  // The theme already reads the index from search/search_index.js on file:// (the site plugin
  // writes it next to search_index.json), and its worker script knows how to run inside an
  // iframe when the page provides an `IFrameWorker`: this is that stand-in. It runs the theme's
  // own worker script (lunr with Norwegian stemming) in a hidden same-origin iframe and passes
  // messages both ways, so results show in the theme's own search box. Served over http(s)
  // nothing here is used.
  if (location.protocol === "file:" && !("IFrameWorker" in window) && "EventTarget" in window) {
    var loadScript = function (win, url) {
      return new Promise(function (resolve, reject) {
        var script = win.document.createElement("script");
        script.src = new URL(url, location.href).href;
        script.onload = function () { resolve(); };
        script.onerror = function () { reject(new Error("Kunne ikke laste " + url)); };
        win.document.head.appendChild(script);
      });
    };

    class IFrameWorker extends EventTarget {
      constructor(url) {
        super();
        var frame = document.createElement("iframe");
        frame.hidden = true;
        frame.tabIndex = -1;
        frame.setAttribute("aria-hidden", "true");
        frame.title = "Søk";
        (document.body || document.documentElement).appendChild(frame);
        var win = frame.contentWindow;
        // A document of its own right away: no later about:blank navigation can replace it.
        win.document.open();
        win.document.write("<!doctype html><html><head></head><body></body></html>");
        win.document.close();
        var worker = this;
        // What a worker has and a window has not, or has differently.
        win.importScripts = function () {
          var urls = Array.prototype.slice.call(arguments);
          return urls.reduce(function (done, url) {
            return done.then(function () { return loadScript(win, url); });
          }, Promise.resolve());
        };
        win.postMessage = function (data) {
          worker.dispatchEvent(new MessageEvent("message", { data: data }));
        };
        this.frame = frame;
        this.win = win;
        this.ready = loadScript(win, url);
        this.ready.catch(function (error) {
          worker.dispatchEvent(new ErrorEvent("error", { error: error, message: String(error) }));
        });
      }

      postMessage(data) {
        var win = this.win;
        this.ready.then(function () {
          win.dispatchEvent(new win.MessageEvent("message", { data: data }));
        });
      }

      terminate() {
        this.frame.remove();
      }
    }

    window.IFrameWorker = IFrameWorker;
    window.Worker = IFrameWorker;
  }

  // -- Change pages: filter the entries by kind (renumbered, reworded, substantive, ...) ---------
  function setUpFilters() {
    document.querySelectorAll(".isf-filter").forEach(function (bar) {
      if (bar.dataset.ready) return;
      bar.dataset.ready = "1";
      var buttons = bar.querySelectorAll("button[data-kind]");
      buttons.forEach(function (button) {
        button.addEventListener("click", function () {
          var kind = button.dataset.kind;
          buttons.forEach(function (b) { b.setAttribute("aria-pressed", String(b === button)); });
          document.querySelectorAll(".isf-change[data-kinds]").forEach(function (entry) {
            entry.hidden = kind !== "alle" && (" " + entry.dataset.kinds + " ").indexOf(" " + kind + " ") < 0;
          });
        });
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpFilters);
  } else {
    setUpFilters();
  }
})();
