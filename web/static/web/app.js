// Behaviour the pages ask for by data attributes, so no template needs inline script (CSP).
document.addEventListener("click", function (event) {
  var target = event.target instanceof Element ? event.target : null;
  if (!target) return;
  var confirming = target.closest("[data-confirm]");
  if (confirming && !window.confirm(confirming.dataset.confirm)) {
    event.preventDefault();
    event.stopImmediatePropagation();
    return;
  }
  if (target.closest("[data-print]")) window.print();
  var selectable = target.closest("[data-select-on-click]");
  if (selectable) selectable.select();
}, true);

// A "choose all" box ticks or clears every box of the same name in its form.
document.addEventListener("change", function (event) {
  var box = event.target;
  if (!(box instanceof HTMLInputElement) || !box.dataset.checkAll || !box.form) return;
  box.form.querySelectorAll('input[type="checkbox"][name="' + box.dataset.checkAll + '"]')
    .forEach(function (other) { other.checked = box.checked; });
});
