// Filter the change entries of a change page by kind (renumbered, reworded, substantive, ...).
// Plain DOM, no libraries: the site loads nothing from other hosts.
(function () {
  function setUp() {
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
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
