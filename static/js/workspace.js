/* The workspace's small helpers. Every page works without this file; it only makes it easier:
   - "Add a row" adds the row in place instead of reloading the page;
   - ticking "Remove this row" greys the row out;
   - leaving a page with unsaved changes asks first. */
(function () {
  "use strict";

  function addRow(button) {
    var prefix = button.value;
    var template = document.getElementById(prefix + "-template");
    var rows = document.getElementById(prefix + "-rows");
    var total = document.querySelector('input[name="' + prefix + '-TOTAL_FORMS"]');
    if (!template || !rows || !total) { return false; }
    var index = parseInt(total.value, 10) || 0;
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    var holder = document.createElement("div");
    holder.innerHTML = html;
    var row = holder.firstElementChild;
    var empty = rows.querySelector(".formset-empty");
    if (empty) { empty.remove(); }
    rows.appendChild(row);
    total.value = String(index + 1);
    var first = row.querySelector("input:not([type=hidden]), select, textarea");
    if (first) { first.focus(); }
    markDirty();
    return true;
  }

  var dirty = false;
  function markDirty() { dirty = true; }

  document.addEventListener("click", function (event) {
    var button = event.target.closest('button[name="add_row"]');
    if (button && addRow(button)) { event.preventDefault(); }
  });

  document.addEventListener("change", function (event) {
    var box = event.target;
    if (box.matches && box.matches('input[type=checkbox][name$="-DELETE"]')) {
      var row = box.closest(".formset-row");
      if (row) { row.classList.toggle("row-deleted", box.checked); }
    }
  });

  document.querySelectorAll("form.js-track-changes").forEach(function (form) {
    form.addEventListener("input", markDirty);
    form.addEventListener("change", markDirty);
    form.addEventListener("submit", function () { dirty = false; });
  });

  window.addEventListener("beforeunload", function (event) {
    if (!dirty) { return undefined; }
    event.preventDefault();
    event.returnValue = "";
    return "";
  });

  // Keep the user's place after "Add a row" without JavaScript (the server says which formset).
  var focus = document.body.getAttribute("data-focus");
  if (focus) {
    var section = document.getElementById(focus + "-rows");
    var last = section && section.lastElementChild;
    var field = last && last.querySelector("input:not([type=hidden]), select, textarea");
    if (field) { field.focus(); }
  }
})();
