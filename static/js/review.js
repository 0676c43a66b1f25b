// Review page: a header checkbox selects every record of its table.
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var all = event.target;
    if (!all.matches || !all.matches("input[data-check-all]")) { return; }
    var kind = all.getAttribute("data-check-all");
    Array.prototype.forEach.call(document.querySelectorAll('input[name="items"][data-kind="' + kind + '"]'), function (box) {
      box.checked = all.checked;
    });
  });
}());
