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

// The header's menu: folded behind "Menu" on a phone, always open on a wider screen.
(function () {
  var menu = document.querySelector("details[data-menu]");
  if (!menu) return;
  var phone = window.matchMedia("(max-width: 800px)");
  var fit = function () { menu.open = !phone.matches; };
  fit();
  phone.addEventListener("change", fit);
  // On a phone, a tap outside the open menu or Escape folds it again.
  document.addEventListener("click", function (event) {
    if (phone.matches && menu.open && !menu.contains(event.target)) menu.open = false;
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && phone.matches && menu.open) {
      menu.open = false;
      menu.querySelector("summary").focus();
    }
  });
})();

// A box that scrolls sideways on a narrow screen (a wide table) can be scrolled with the keys:
// it takes the focus itself when nothing in it can.
(function () {
  var focusable = 'a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])';
  var mark = function () {
    document.querySelectorAll("main table, main div").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1 &&
        /auto|scroll/.test(window.getComputedStyle(box).overflowX);
      if (box.hasAttribute("data-scroll-focus")) {
        if (scrolls) return;
        box.removeAttribute("tabindex");
        box.removeAttribute("data-scroll-focus");
      } else if (scrolls && !box.hasAttribute("tabindex") && !box.querySelector(focusable)) {
        box.tabIndex = 0;
        box.setAttribute("data-scroll-focus", "");
      }
    });
  };
  mark();
  window.addEventListener("resize", mark);
  document.addEventListener("htmx:afterSettle", mark);
})();
