/* "Back" links (a[data-history-back]): go one step back in the browser's history. A file, not
   a javascript: URL, because the Content-Security-Policy allows no inline script. */
(function () {
  "use strict";
  document.querySelectorAll("a[data-history-back]").forEach(function (a) {
    a.addEventListener("click", function (e) {
      if (window.history.length > 1) {
        e.preventDefault();
        window.history.back();
      }
    });
  });
})();
