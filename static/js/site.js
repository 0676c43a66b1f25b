// Behaviour every page shares, declared in the markup by data attributes (the Content-Security-Policy
// allows no inline script or handler attribute).
(function () {
  "use strict";

  // <select data-submit-on-change>: choosing an option submits its form (year, language).
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target && target.matches && target.matches("select[data-submit-on-change]") && target.form) {
      target.form.submit();
    }
  });

  // <button data-confirm="question">: asks before submitting (e.g. deleting an evidence file).
  document.addEventListener("click", function (event) {
    var button = event.target && event.target.closest ? event.target.closest("[data-confirm]") : null;
    if (button && !window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });
})();
