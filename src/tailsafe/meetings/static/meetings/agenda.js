/* Drag to reorder the agenda (plain HTML5 drag and drop); the new order is posted with htmx.
   Keyboard users have the up/down buttons on each item. */
(function () {
  "use strict";
  let dragged = null;
  document.addEventListener("dragstart", function (e) {
    const li = e.target.closest && e.target.closest("li.agenda-item[draggable=true]");
    if (!li) return;
    dragged = li;
    li.classList.add("opacity-50");
    e.dataTransfer.effectAllowed = "move";
    e.dataTransfer.setData("text/plain", li.dataset.id);
  });
  document.addEventListener("dragover", function (e) {
    if (!dragged) return;
    const li = e.target.closest && e.target.closest("li.agenda-item");
    if (!li || li === dragged || li.parentNode !== dragged.parentNode) return;
    e.preventDefault();
    const box = li.getBoundingClientRect();
    const after = e.clientY > box.top + box.height / 2;
    li.parentNode.insertBefore(dragged, after ? li.nextSibling : li);
  });
  document.addEventListener("drop", function (e) {
    if (dragged) e.preventDefault();
  });
  document.addEventListener("dragend", function () {
    if (!dragged) return;
    dragged.classList.remove("opacity-50");
    const form = dragged.closest("form");
    dragged = null;
    if (form && window.htmx) window.htmx.trigger(form, "reorder");
  });
})();
