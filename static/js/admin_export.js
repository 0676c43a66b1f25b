// The admin's export page (django-import-export): "select all" toggles every field checkbox. The
// package wrote this as an inline onchange attribute, which the Content-Security-Policy refuses.
document.addEventListener("change", function (event) {
  "use strict";
  if (event.target.matches(".select-toggle") && typeof onSelectToggleChange === "function") {
    onSelectToggleChange(event);  // defined by import_export/export_selectable_fields.js
  }
});
