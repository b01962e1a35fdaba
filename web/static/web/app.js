// Behaviour the pages ask for by data attributes, so no template needs inline script (CSP).
document.addEventListener("click", function (event) {
  var target = event.target instanceof Element ? event.target : null;
  if (!target) return;
  var confirming = target.closest("[data-confirm]");
  // A choice acting on ticked rows (data-confirm-needs: the boxes' name) says to tick one
  // first rather than ask to confirm nothing.
  var needs = confirming && confirming.dataset.confirmNeeds;
  if (needs && confirming.form &&
      !confirming.form.querySelector('input[name="' + needs + '"]:checked')) {
    window.alert(confirming.dataset.confirmNone);
    event.preventDefault();
    event.stopImmediatePropagation();
    return;
  }
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

// The header's menu: folded behind "Menu" on a phone, always open on a wider screen. Its groups
// ("More", the person's own links under their name) are open in the phone's menu and drop
// down from their button on a wider screen.
(function () {
  var menu = document.querySelector("details[data-menu]");
  if (!menu) return;
  var groups = Array.prototype.slice.call(menu.querySelectorAll("details[data-menu-group]"));
  var phone = window.matchMedia("(max-width: 800px)");
  var fit = function () {
    menu.open = !phone.matches;
    groups.forEach(function (group) { group.open = phone.matches; });
  };
  fit();
  phone.addEventListener("change", fit);
  // What folds on this screen: the menu on a phone, the dropped-down groups on a wider one.
  var folding = function () { return phone.matches ? [menu] : groups; };
  // A tap outside what is open, or Escape, folds it again.
  document.addEventListener("click", function (event) {
    folding().forEach(function (open) {
      if (open.open && !open.contains(event.target)) open.open = false;
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    folding().forEach(function (open) {
      if (!open.open) return;
      open.open = false;
      if (open.contains(document.activeElement)) open.querySelector("summary").focus();
    });
  });
})();

// A register's filters: open on a wide screen; on a phone folded behind their button unless a
// filter is set (the page opens them then).
(function () {
  var folds = document.querySelectorAll("details[data-filters]");
  if (!folds.length) return;
  var phone = window.matchMedia("(max-width: 640px)");
  var fit = function () {
    folds.forEach(function (fold) { fold.open = !phone.matches || fold.hasAttribute("data-active"); });
  };
  fit();
  phone.addEventListener("change", fit);
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

// A refused move is answered at the move's own address: the address bar shows the page's
// instead, so reloading reads the page rather than sending the move again.
(function () {
  var address = document.body.dataset.pageAddress;
  if (address && window.history.replaceState) {
    window.history.replaceState(null, "", address + window.location.hash);
  }
})();
