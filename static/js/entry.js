// 填报 page: pasting a column of figures copied from Excel into one value box fills that box and the
// ones after it, in page order. Cells are separated by newlines or tabs; empty cells skip a box.
(function () {
  "use strict";
  var form = document.getElementById("entry-form");
  if (!form) { return; }

  // After a refused save, bring the first row with an error into view.
  var firstError = form.querySelector("tr.has-error");
  if (firstError) { firstError.scrollIntoView({ block: "center" }); }

  function valueInputs() {
    return Array.prototype.slice.call(form.querySelectorAll('input[data-paste="column"]:not([disabled]):not([readonly])'));
  }

  function cells(text) {
    var parts = text.replace(/\r\n?/g, "\n").replace(/\n+$/, "").split(/[\n\t]/);
    return parts.map(function (cell) { return cell.trim(); });
  }

  form.addEventListener("paste", function (event) {
    var target = event.target;
    if (!target || target.getAttribute("data-paste") !== "column") { return; }
    var text = (event.clipboardData || window.clipboardData).getData("text");
    if (!/[\n\t]/.test(text.replace(/\s+$/, ""))) { return; }  // one figure: let the browser paste it
    event.preventDefault();
    var inputs = valueInputs();
    var start = inputs.indexOf(target);
    var values = cells(text);
    var filled = 0;
    for (var i = 0; i < values.length && start + i < inputs.length; i++) {
      if (values[i] === "") { continue; }
      inputs[start + i].value = values[i];
      inputs[start + i].dispatchEvent(new Event("input", { bubbles: true }));
      inputs[start + i].classList.add("pasted");
      filled++;
    }
    var status = document.getElementById("paste-status");
    if (status) {
      var skipped = Math.max(0, values.length - (inputs.length - start));
      var message = status.getAttribute("data-filled").replace("{n}", String(filled));
      if (skipped) { message += " " + status.getAttribute("data-skipped").replace("{n}", String(skipped)); }
      status.textContent = message;
    }
  });
}());
