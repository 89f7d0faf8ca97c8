/* Keep the documents list up to date while PDFs are being prepared, without reloading the page.
   Without JavaScript the list is still there; a refresh shows the new state. */
(function () {
  "use strict";
  var list = document.querySelector("[data-documents-url]");
  if (!list) { return; }
  var url = list.getAttribute("data-documents-url");
  var rounds = 0;

  function busy() {
    return list.querySelector('[data-status="pending"], [data-status="rendering"]') !== null;
  }

  function update(item, info) {
    item.setAttribute("data-status", info.status);
    var status = item.querySelector(".document-status");
    if (status) { status.textContent = info.status_label; }
    if (info.download && !item.querySelector(".document-download")) {
      var link = document.createElement("a");
      link.className = "document-download";
      link.href = info.download;
      link.textContent = list.getAttribute("data-download-label") || "PDF";
      item.appendChild(document.createTextNode(" · "));
      item.appendChild(link);
    }
    if (info.status === "failed" && info.error && !item.querySelector(".document-error")) {
      var error = document.createElement("span");
      error.className = "small text-danger document-error";
      error.textContent = " " + info.error;
      item.appendChild(error);
    }
  }

  function poll() {
    if (!busy() || rounds > 200) { return; }
    rounds += 1;
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        data.documents.forEach(function (info) {
          var item = list.querySelector('[data-document="' + info.id + '"]');
          if (item) { update(item, info); }
        });
      })
      .catch(function () { /* a slow line: try again later */ })
      .then(function () { window.setTimeout(poll, 3000); });
  }

  window.setTimeout(poll, 2000);
})();
