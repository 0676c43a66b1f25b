// 填报 page: filters, jumps to a row, the submit confirmation and pasting a column from Excel.
// Every row is a <tr data-state="missing|draft|returned|submitted|approved"> whose first cell, its
// title, has the row's number (data-row="N") and its prefix as id (what links to the row name); its
// input is a number box (…-value) or a status list (…-status). Texts come from data attributes, so
// the page's language is the server's.
(function () {
  "use strict";
  var form = document.getElementById("entry-form");
  if (!form) { return; }
  var CELL = "input[name$='-value'], select[name$='-status']";

  // The file types offered for evidence, said once on the form rather than on every row's file input
  // (the server checks every upload whatever the browser offered).
  var accept = form.getAttribute("data-accept");
  if (accept) {
    Array.prototype.forEach.call(form.querySelectorAll("input[type=file]"), function (input) {
      input.setAttribute("accept", accept);
    });
  }

  // A row's number, as the page shows it.
  function number(row) {
    return row.cells[0].getAttribute("data-row");
  }

  function rows() {
    return Array.prototype.slice.call(form.querySelectorAll("tr[data-state]"));
  }

  function openAround(element) {
    for (var node = element; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") { node.open = true; }
    }
  }

  function showRow(row) {
    row.hidden = false;
    openAround(row);
    row.scrollIntoView({ block: "center" });
    var input = row.querySelector(CELL);
    if (input) { input.focus({ preventScroll: true }); }
  }

  // The row an id names (its first cell's), or null.
  function rowNamed(id) {
    var element = id && document.getElementById(id);
    return element && element.closest ? element.closest("tr[data-state]") : null;
  }

  // After a refused save, bring the first row with an error into view.
  var firstError = form.querySelector("tr.has-error");
  if (firstError) { openAround(firstError); firstError.scrollIntoView({ block: "center" }); }

  // On a phone only the first part that needs attention (something missing, returned or refused)
  // stays open, the others show their counts: the page is not one long form.
  if (window.matchMedia && window.matchMedia("(max-width: 700px)").matches) {
    var parts = Array.prototype.slice.call(form.querySelectorAll("details[data-part]"));
    var keep = (firstError && firstError.closest("details[data-part]")) ||
      parts.filter(function (part) { return part.hasAttribute("data-attention"); })[0] || parts[0];
    parts.forEach(function (part) { part.open = part === keep; });
  }

  // Links to a row (the first missing one, a returned one): open its section and focus its input.
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-jump]") : null;
    if (!link) { return; }
    var row = rowNamed(link.getAttribute("href").slice(1));
    if (!row) { return; }
    event.preventDefault();
    showRow(row);
    history.replaceState(null, "", link.getAttribute("href"));
  });
  var named = rowNamed(location.hash.slice(1));
  if (named) { showRow(named); }

  // Filters 全部 / 未填报 / 已退回 / 待提交: shown without reloading; the links work without script too.
  function applyFilter(state) {
    var shown = 0;
    rows().forEach(function (row) {
      var match = !state || row.getAttribute("data-state") === state || row.classList.contains("has-error");
      row.hidden = !match;
      if (match) { shown++; openAround(row); }
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-filter]"), function (link) {
      if (link.getAttribute("data-filter") === state) { link.setAttribute("aria-current", "true"); }
      else { link.removeAttribute("aria-current"); }
    });
    var empty = document.getElementById("filter-empty");
    if (empty) { empty.hidden = shown > 0; }
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-filter]") : null;
    if (!link) { return; }
    event.preventDefault();
    applyFilter(link.getAttribute("data-filter"));
    history.replaceState(null, "", link.getAttribute("href"));
  });

  // Submit asks first, listing the rows still empty; confirming sends confirm_missing=1.
  function isEmpty(row) {
    var cell = row.querySelector(CELL);
    return row.getAttribute("data-state") === "missing" && (!cell || cell.value === "");
  }
  form.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button[data-confirm-submit]") : null;
    if (!button) { return; }
    var missing = rows().filter(function (row) { return row.querySelector(CELL) && isEmpty(row); });
    var question = button.getAttribute("data-confirm-submit");
    if (missing.length) {
      var names = missing.slice(0, 10).map(function (row) {
        var title = row.cells[0].textContent.trim();
        return number(row) + ". " + (title.length > 40 ? title.slice(0, 39) + "…" : title);
      });
      if (missing.length > 10) { names.push("…"); }
      question = button.getAttribute("data-missing").replace("{n}", String(missing.length)) + "\n" +
        names.join("\n") + "\n\n" + question;
    }
    if (!window.confirm(question)) { event.preventDefault(); return; }
    var confirmed = document.getElementById("confirm-missing");
    if (confirmed) { confirmed.disabled = false; }
  });

  // Paste: one line per row from the cursor's row down, every row counting (status rows take
  // 已完成/推进中/未完成 or their codes, locked rows keep theirs); an empty line leaves its row as it
  // is. A column longer than the rows left is refused whole.
  function lines(text) {
    return text.replace(/\r\n?/g, "\n").replace(/\n+$/, "").split("\n").map(function (line) {
      return line.split("\t")[0].trim();
    });
  }

  function setStatus(select, text) {
    for (var i = 0; i < select.options.length; i++) {
      var option = select.options[i];
      if (option.value && (option.value === text || option.text.trim() === text)) {
        select.value = option.value;
        return true;
      }
    }
    return false;
  }

  function say(key, values) {
    var status = document.getElementById("paste-status");
    if (!status) { return ""; }
    var text = status.getAttribute("data-" + key);
    Object.keys(values).forEach(function (name) { text = text.replace("{" + name + "}", values[name]); });
    return text;
  }

  function numbers(list) {
    return list.join("、");
  }

  form.addEventListener("paste", function (event) {
    var target = event.target;
    if (!target || !target.matches || !target.matches(CELL)) { return; }
    var text = (event.clipboardData || window.clipboardData).getData("text");
    if (!/\n/.test(text.replace(/\s+$/, ""))) { return; }  // one figure: let the browser paste it
    event.preventDefault();
    // A column fills rows in page order: rows a filter hides would be filled unseen, so all come back.
    var messages = [];
    if (rows().some(function (row) { return row.hidden; })) {
      var everything = document.querySelector("a[data-filter='']");
      applyFilter("");
      if (everything) { history.replaceState(null, "", everything.getAttribute("href")); }
      messages.push(say("unfiltered", {}));
      target.focus({ preventScroll: true });
    }
    var all = rows();
    var start = all.indexOf(target.closest("tr[data-state]"));
    var values = lines(text);
    var below = all.slice(start);
    if (values.length > below.length) {
      messages.push(say("too-long", { lines: values.length, rows: below.length }));
    } else {
      var filled = [], locked = [], bad = [];
      values.forEach(function (value, i) {
        var row = below[i];
        if (value === "") { return; }
        var at = number(row);
        var cell = row.querySelector(CELL);
        if (!cell) { locked.push(at); return; }
        if (cell.tagName === "SELECT") {
          if (!setStatus(cell, value)) { bad.push(at); return; }
        } else {
          cell.value = value;
        }
        cell.dispatchEvent(new Event("input", { bubbles: true }));
        cell.classList.add("pasted");
        openAround(row);
        filled.push(Number(at));
      });
      if (filled.length) {
        messages.push(say("filled", { first: filled[0], last: filled[filled.length - 1] }));
      }
      if (locked.length) { messages.push(say("locked", { rows: numbers(locked) })); }
      if (bad.length) { messages.push(say("bad-status", { rows: numbers(bad) })); }
    }
    var status = document.getElementById("paste-status");
    if (status) { status.textContent = messages.join(" "); }
  });
}());
