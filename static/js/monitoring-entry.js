/* The event entry page (templates monitoring/entry.html). Everything works
 * without this file (rows are then added by re-posting the page); it adds:
 * - filter boxes over the vocabulary pickers, matching text folded exactly as
 *   nama.core.text.normalize folds it (the options carry their folded label in
 *   data-nama-norm, written by the server), so "اعدام" finds "الإعدام";
 * - districts limited to the governorate chosen;
 * - the acts' victim lists kept in step with the victim rows (new rows, names);
 * - keyboard: Enter never saves half an event by accident, Ctrl+Enter saves,
 *   a new row gets the focus, and so does the first field with an error. */
(function () {
  "use strict";

  var form = document.querySelector("form[data-nama-entry]");
  if (!form) {
    return;
  }

  /* ---- Text folding: a copy of nama/core/text.py (DESIGN.md §5). ---- */
  var FOLDS = {
    "\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627", "\u0671": "\u0627",
    "\u0649": "\u064a", "\u06cc": "\u064a", "\u06a9": "\u0643", "\u0629": "\u0647",
    "\u06d5": "\u0647", "\u06be": "\u0647", "\u06c1": "\u0647", "\u0624": "\u0648",
    "\u0626": "\u064a"
  };

  function dropped(code) {
    return (code >= 0x064b && code <= 0x065f) || code === 0x0670 ||
      (code >= 0x06d6 && code <= 0x06ed) || code === 0x0640 || code === 0x200c ||
      code === 0x200d || code === 0x200e || code === 0x200f || code === 0x061c ||
      code === 0xfeff || (code >= 0x202a && code <= 0x202e) ||
      (code >= 0x2066 && code <= 0x2069);
  }

  function normalize(text) {
    if (!text) {
      return "";
    }
    var out = "";
    var decomposed = text.normalize("NFKD");
    for (var i = 0; i < decomposed.length; i++) {
      var ch = decomposed[i];
      var code = decomposed.charCodeAt(i);
      if (dropped(code)) {
        continue;
      }
      if (code >= 0x0660 && code <= 0x0669) {
        out += String(code - 0x0660);
      } else if (code >= 0x06f0 && code <= 0x06f9) {
        out += String(code - 0x06f0);
      } else {
        out += FOLDS[ch] || ch;
      }
    }
    return out.toLowerCase().normalize("NFC").split(/\s+/).filter(Boolean).join(" ");
  }

  /* ---- Vocabulary filters ---- */
  function itemsOf(target) {
    /* The things to show or hide: options of a <select>, or the boxes of a checklist. */
    if (target.tagName === "SELECT") {
      return Array.prototype.map.call(target.querySelectorAll("option[data-nama-norm]"), function (option) {
        return { node: option, norm: option.getAttribute("data-nama-norm"), control: option };
      });
    }
    return Array.prototype.map.call(target.querySelectorAll("input[data-nama-norm]"), function (box) {
      return { node: box.closest(".form-check"), norm: box.getAttribute("data-nama-norm"), control: box };
    });
  }

  function applyFilter(input) {
    var target = document.getElementById(input.getAttribute("data-nama-filter"));
    if (!target) {
      return [];
    }
    var query = normalize(input.value);
    var words = query ? query.split(" ") : [];
    var shown = [];
    itemsOf(target).forEach(function (item) {
      var match = words.every(function (word) { return item.norm.indexOf(word) !== -1; });
      item.node.hidden = !match;
      if (match) {
        shown.push(item);
      }
    });
    /* A group with nothing left to show disappears too. */
    target.querySelectorAll("optgroup, .nama-entry-checklist__group").forEach(function (group) {
      var visible = Array.prototype.some.call(
        group.querySelectorAll("option, .form-check"),
        function (node) { return !node.hidden; }
      );
      group.hidden = !visible;
    });
    var none = input.parentElement.querySelector("[data-nama-filter-none]");
    if (none) {
      none.hidden = shown.length > 0;
    }
    return shown;
  }

  function pickFirst(input) {
    var shown = applyFilter(input);
    var target = document.getElementById(input.getAttribute("data-nama-filter"));
    if (!target || shown.length === 0) {
      return;
    }
    if (target.tagName === "SELECT") {
      target.value = shown[0].control.value;
      target.dispatchEvent(new Event("change", { bubbles: true }));
      target.focus();
    } else {
      shown[0].control.focus();
    }
  }

  function setUp(root) {
    root.querySelectorAll("[data-nama-filter-box]").forEach(function (box) {
      box.hidden = false;
    });
    root.querySelectorAll("[data-nama-checklist]").forEach(showChosen);
  }

  form.addEventListener("input", function (event) {
    var target = event.target;
    if (target.matches("[data-nama-filter]")) {
      applyFilter(target);
    } else if (target.closest("[data-nama-row='victims']") && /-name$/.test(target.name)) {
      syncVictims();
    }
  });

  /* ---- Under a list of checkboxes: what is ticked, even when scrolled out of sight ---- */
  function showChosen(checklist) {
    var summary = form.querySelector("[data-nama-chosen='" + checklist.id + "']");
    if (!summary) {
      return;
    }
    var names = Array.prototype.map.call(
      checklist.querySelectorAll("input:checked"),
      function (box) {
        var label = checklist.querySelector("label[for='" + box.id + "']");
        return label ? label.textContent.trim() : box.value;
      }
    );
    summary.querySelector("[data-nama-chosen-list]").textContent = names.join(" · ");
    summary.hidden = names.length === 0;
  }

  /* ---- Districts of the governorate chosen ---- */
  function syncDistricts() {
    var governorate = form.querySelector("[data-nama-governorate-select]");
    if (!governorate) {
      return;
    }
    var district = document.getElementById(governorate.getAttribute("aria-controls"));
    if (!district) {
      return;
    }
    var chosen = governorate.value;
    district.querySelectorAll("option[data-nama-governorate]").forEach(function (option) {
      option.hidden = Boolean(chosen) && option.getAttribute("data-nama-governorate") !== chosen;
    });
    district.querySelectorAll("optgroup").forEach(function (group) {
      group.hidden = !group.querySelector("option:not([hidden])");
    });
    var selected = district.selectedOptions[0];
    if (selected && selected.hidden) {
      district.value = "";
    }
  }

  /* ---- The victims offered in each act row ---- */
  function syncVictims() {
    var victims = [];
    form.querySelectorAll("[data-nama-row='victims']").forEach(function (row) {
      var nameInput = row.querySelector("input[name$='-name']");
      var removed = row.querySelector("[data-nama-remove-row]");
      var name = nameInput ? nameInput.value.trim() : "";
      victims.push({
        value: row.getAttribute("data-nama-row-number"),
        label: row.getAttribute("data-nama-row-label") + (name ? " — " + name : ""),
        removed: Boolean(removed && removed.checked)
      });
    });
    form.querySelectorAll("select[data-nama-victim-choice]").forEach(function (select) {
      var current = select.value;
      var options = victims.filter(function (victim) {
        return !victim.removed || victim.value === current;
      }).map(function (victim) {
        var option = document.createElement("option");
        option.value = victim.value;
        option.textContent = victim.label;
        return option;
      });
      select.replaceChildren.apply(select, options);
      if (options.some(function (option) { return option.value === current; })) {
        select.value = current;
      }
    });
  }

  form.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches("[data-nama-governorate-select]")) {
      syncDistricts();
    } else if (target.matches("[data-nama-remove-row]") && target.closest("[data-nama-row='victims']")) {
      syncVictims();
    } else if (target.closest("[data-nama-checklist]")) {
      showChosen(target.closest("[data-nama-checklist]"));
    }
  });

  /* ---- Keyboard ---- */
  form.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit(form.querySelector("[data-nama-save]"));
      return;
    }
    if (target.matches("[data-nama-filter]")) {
      if (event.key === "Enter" || event.key === "ArrowDown") {
        event.preventDefault();
        pickFirst(target);
      } else if (event.key === "Escape" && target.value) {
        event.preventDefault();
        target.value = "";
        applyFilter(target);
      }
      return;
    }
    /* Enter in a one-line field would save the whole page half-filled. */
    if (event.key === "Enter" && target.tagName === "INPUT" &&
        target.type !== "submit" && target.type !== "button") {
      event.preventDefault();
    }
  });

  /* ---- Rows added by htmx (entry_row) ---- */
  document.body.addEventListener("htmx:load", function (event) {
    var element = event.detail && event.detail.elt;
    if (!(element instanceof Element) || !element.matches("[data-nama-row]")) {
      return;
    }
    setUp(element);
    syncVictims();
    var first = element.querySelector("input:not([type=hidden]):not([hidden]), select, textarea");
    if (first) {
      first.focus();
    }
  });

  setUp(form);
  syncDistricts();
  syncVictims();
  var invalid = form.querySelector("[aria-invalid='true']");
  if (invalid) {
    invalid.focus();
  }
})();
