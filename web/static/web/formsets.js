// Rows a person adds and removes in place (KPIs, budget lines, indicators, participants...).
//
// A formset's box (data-formset="<prefix>") holds Django's management form, its rows
// ([data-formset-rows] > [data-formset-row]) and a <template data-formset-empty> with the empty
// row, its index written __prefix__ and its number __number__. "Add a row" copies the template
// and counts it in TOTAL_FORMS. "Remove" on a saved row (one of the INITIAL_FORMS) ticks its
// DELETE box, so the server drops it, and can be undone; on a new row it takes the row out and
// numbers the new rows again, so the indexes stay 0..TOTAL_FORMS-1. Without this script the
// page works as before: blank rows to fill in and a "Remove" box per row.
(function () {
  "use strict";

  var RENAMED = ["name", "id", "for", "aria-describedby", "aria-labelledby"];

  function rowsOf(box) {
    var list = box.querySelector("[data-formset-rows]");
    return list ? Array.prototype.slice.call(list.querySelectorAll(":scope > [data-formset-row]")) : [];
  }

  function field(box, name) {
    return box.querySelector('input[name="' + box.dataset.formset + "-" + name + '"]');
  }

  function deleteBox(row) {
    return row.querySelector('input[type="checkbox"][name$="-DELETE"]');
  }

  function renumber(row, prefix, index) {
    var pattern = new RegExp(prefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + "-(\\d+|__prefix__)-", "g");
    var replacement = prefix + "-" + index + "-";
    [row].concat(Array.prototype.slice.call(row.querySelectorAll("*"))).forEach(function (element) {
      RENAMED.forEach(function (attribute) {
        var value = element.getAttribute(attribute);
        if (value) element.setAttribute(attribute, value.replace(pattern, replacement));
      });
    });
    row.querySelectorAll("[data-row-number]").forEach(function (number) {
      number.textContent = String(index + 1);
    });
  }

  function setRemoved(box, row, removed) {
    var checkbox = deleteBox(row);
    if (checkbox) checkbox.checked = removed;
    row.classList.toggle("row-removed", removed);
    var button = row.querySelector("[data-formset-remove]");
    if (button) {
      button.textContent = removed ? box.dataset.keepLabel : box.dataset.removeLabel;
      button.setAttribute("aria-pressed", removed ? "true" : "false");
    }
  }

  function addRemoveButton(box, row) {
    var checkbox = deleteBox(row);
    if (!checkbox || row.querySelector("[data-formset-remove]")) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "secondary";
    button.dataset.formsetRemove = "";
    button.textContent = box.dataset.removeLabel;
    // The box stays in the form (the server reads it); the button stands in for it.
    var label = checkbox.closest("label");
    if (label && !label.classList.contains("visually-hidden")) {
      label.hidden = true;
      label.after(button);
    } else {
      checkbox.hidden = true;
      checkbox.after(button);
      row.querySelectorAll('label[for="' + checkbox.id + '"]').forEach(function (unseen) {
        unseen.classList.add("row-remove-label");
      });
    }
    setRemoved(box, row, checkbox.checked);
  }

  function initialCount(box) {
    var initial = field(box, "INITIAL_FORMS");
    return initial ? parseInt(initial.value, 10) || 0 : 0;
  }

  function removeRow(box, row) {
    var index = rowsOf(box).indexOf(row);
    if (index < initialCount(box)) {
      setRemoved(box, row, !deleteBox(row).checked);
      return;
    }
    // A row of errors that belongs to this row goes with it.
    var next = row.nextElementSibling;
    if (next && !next.hasAttribute("data-formset-row")) next.remove();
    var focusAfter = row.nextElementSibling || row.previousElementSibling;
    row.remove();
    var rows = rowsOf(box);
    for (var i = initialCount(box); i < rows.length; i++) renumber(rows[i], box.dataset.formset, i);
    field(box, "TOTAL_FORMS").value = String(rows.length);
    var target = focusAfter && focusAfter.querySelector("input, select, textarea, button");
    (target || box.querySelector("[data-formset-add]")).focus();
  }

  function addRow(box) {
    var rows = rowsOf(box);
    var max = field(box, "MAX_NUM_FORMS");
    if (max && rows.length >= parseInt(max.value, 10)) return;
    var index = rows.length;
    var template = box.querySelector("template[data-formset-empty]");
    var holder = document.createElement("template");
    holder.innerHTML = template.innerHTML
      .replace(/__prefix__/g, String(index))
      .replace(/__number__/g, String(index + 1));
    var row = holder.content.querySelector("[data-formset-row]");
    box.querySelector("[data-formset-rows]").appendChild(holder.content);
    field(box, "TOTAL_FORMS").value = String(index + 1);
    addRemoveButton(box, row);
    var first = row.querySelector("input:not([type=hidden]), select, textarea");
    if (first) first.focus();
  }

  function setUp(box) {
    if (!field(box, "TOTAL_FORMS") || !box.querySelector("template[data-formset-empty]")) return;
    rowsOf(box).forEach(function (row) { addRemoveButton(box, row); });
    box.querySelectorAll("[data-formset-tools]").forEach(function (tools) { tools.hidden = false; });
    box.querySelectorAll("[data-formset-no-script]").forEach(function (note) { note.hidden = true; });
  }

  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    var box = target && target.closest("[data-formset]");
    if (!box) return;
    if (target.closest("[data-formset-add]")) {
      addRow(box);
    } else if (target.closest("[data-formset-remove]")) {
      removeRow(box, target.closest("[data-formset-row]"));
    }
  });

  function setUpAll() {
    document.querySelectorAll("[data-formset]").forEach(setUp);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();
