// HarzQuiz crossword: move through the grid by keyboard, like a paper crossword.
// One input per cell. Typing a letter moves on within the current entry; arrow keys move
// between cells (and choose across or down); Tab and Shift+Tab go to the next and previous
// entry; Backspace on an empty cell goes back; a click on a clue jumps to its entry.
// Saving is htmx's job (the form posts itself, debounced, on input). Without JavaScript
// none of this runs and the grid is a plain form.
(function () {
  "use strict";
  var LETTER = /^[A-ZÄÖÜ]$/;

  function formOf(el) {
    return el && el.closest ? el.closest("form[data-crossword]") : null;
  }

  function cellAt(form, row, col) {
    var slug = form.id.replace(/^xw-/, "").replace(/-form$/, "");
    return document.getElementById("xw-" + slug + "-" + row + "-" + col);
  }

  function position(input) {
    var parts = input.id.split("-");
    return { row: +parts[parts.length - 2], col: +parts[parts.length - 1] };
  }

  function entriesOf(input) {
    return (input.getAttribute("data-entries") || "").split("|").filter(Boolean);
  }

  // The cells of an entry, in order: from its clue's first cell, stepping across or down.
  function cellsOf(form, label) {
    var clue = form.querySelector('li[data-entry="' + label + '"] a[href]');
    if (!clue) return [];
    var first = document.getElementById(clue.getAttribute("href").slice(1));
    if (!first) return [];
    var down = label.split(" ")[1] === "down";
    var at = position(first);
    var cells = [];
    for (var cell = first; cell && entriesOf(cell).indexOf(label) >= 0; ) {
      cells.push(cell);
      at = down ? { row: at.row + 1, col: at.col } : { row: at.row, col: at.col + 1 };
      cell = cellAt(form, at.row, at.col);
    }
    return cells;
  }

  function labels(form) {
    return Array.prototype.map.call(form.querySelectorAll("li[data-entry]"), function (li) {
      return li.getAttribute("data-entry");
    });
  }

  var state = { label: null, direction: "across" };

  function currentLabel(input) {
    var entries = entriesOf(input);
    for (var i = 0; i < entries.length; i++) {
      if (entries[i].split(" ")[1] === state.direction) return entries[i];
    }
    return entries[0] || null;
  }

  function highlight(form, input) {
    var label = currentLabel(input);
    state.label = label;
    if (label) state.direction = label.split(" ")[1];
    form.querySelectorAll(".xw-cell--active").forEach(function (td) {
      td.classList.remove("xw-cell--active");
    });
    form.querySelectorAll(".xw-clue--active").forEach(function (li) {
      li.classList.remove("xw-clue--active");
    });
    if (!label) return;
    cellsOf(form, label).forEach(function (cell) {
      cell.parentElement.classList.add("xw-cell--active");
    });
    var li = form.querySelector('li[data-entry="' + label + '"]');
    if (li) li.classList.add("xw-clue--active");
    var select = form.querySelector("select[data-xw-word]");
    if (select) select.value = label;
    var at = position(input);
    var current = form.querySelector("input[data-xw-current]");
    if (current) current.value = at.row + "-" + at.col;
    var reveal = form.querySelector("button[data-xw-reveal]");
    if (reveal) reveal.value = "zelle";
  }

  function go(input) {
    if (!input) return;
    input.focus();
    if (input.select) input.select();
  }

  function step(form, input, delta) {
    var cells = cellsOf(form, state.label || currentLabel(input));
    var index = cells.indexOf(input);
    return index < 0 ? null : cells[index + delta] || null;
  }

  function jumpEntry(form, label) {
    var cells = cellsOf(form, label);
    state.direction = label.split(" ")[1];
    var empty = cells.filter(function (cell) { return !cell.value; })[0];
    go(empty || cells[0]);
  }

  function move(form, input, drow, dcol) {
    var at = position(input);
    for (var i = 1; i < 16; i++) {
      var cell = cellAt(form, at.row + drow * i, at.col + dcol * i);
      if (cell) return go(cell);
      if (at.row + drow * i < 0 || at.col + dcol * i < 0) return;
    }
  }

  function changed(input) {
    input.dispatchEvent(new Event("input", { bubbles: true }));
  }

  document.addEventListener("focusin", function (event) {
    var input = event.target;
    var form = formOf(input);
    if (!form || !input.classList.contains("xw-cell__input")) return;
    highlight(form, input);
  });

  document.addEventListener("input", function (event) {
    var input = event.target;
    var form = formOf(input);
    if (!form || !input.classList.contains("xw-cell__input") || input.readOnly) return;
    if (input.hasAttribute("aria-invalid")) {
      input.removeAttribute("aria-invalid"); // a marked letter, changed: no longer marked
      input.parentElement.classList.remove("xw-cell--wrong");
    }
    var typed = (input.value || "").toUpperCase();
    var letter = typed.slice(-1);
    input.value = LETTER.test(letter) ? letter : "";
    if (input.value && event.isTrusted !== false && event.inputType !== undefined) {
      var next = step(form, input, 1);
      if (next) go(next);
    }
  });

  document.addEventListener("keydown", function (event) {
    var input = event.target;
    var form = formOf(input);
    if (!form || !input.classList.contains("xw-cell__input")) return;
    var key = event.key;
    if (key === "ArrowRight" || key === "ArrowLeft") {
      event.preventDefault();
      if (state.direction !== "across" && entriesOf(input).some(function (l) { return /across$/.test(l); })) {
        state.direction = "across";
        return highlight(form, input);
      }
      return move(form, input, 0, key === "ArrowRight" ? 1 : -1);
    }
    if (key === "ArrowDown" || key === "ArrowUp") {
      event.preventDefault();
      if (state.direction !== "down" && entriesOf(input).some(function (l) { return /down$/.test(l); })) {
        state.direction = "down";
        return highlight(form, input);
      }
      return move(form, input, key === "ArrowDown" ? 1 : -1, 0);
    }
    if (key === "Tab") {
      var all = labels(form);
      var index = all.indexOf(state.label || currentLabel(input)) + (event.shiftKey ? -1 : 1);
      if (index < 0 || index >= all.length) return; // leave the grid as usual
      event.preventDefault();
      return jumpEntry(form, all[index]);
    }
    if (key === "Backspace" && !input.readOnly) {
      if (input.value) {
        event.preventDefault();
        input.value = "";
        return changed(input);
      }
      var previous = step(form, input, -1);
      if (previous) {
        event.preventDefault();
        go(previous);
        if (previous.value) {
          previous.value = "";
          changed(previous);
        }
      }
      return;
    }
    if (key === "Enter") {
      event.preventDefault(); // the form saves itself while typing; Enter moves on
      var next = step(form, input, 1);
      if (next) go(next);
      return;
    }
    if (key.length === 1 && LETTER.test(key.toUpperCase()) && input.value && !input.readOnly) {
      input.value = ""; // overwrite the letter in the cell
    }
  });

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a.xw-clue") : null;
    var form = formOf(link);
    if (!link || !form) return;
    event.preventDefault();
    jumpEntry(form, link.closest("li[data-entry]").getAttribute("data-entry"));
  });
})();
