// Headway: progressive enhancement only; every page works without it.
// Copy buttons: <button data-copy-target="ID" hidden> copies the value of
// the input with that id. The buttons stay hidden without JavaScript (the
// inputs are readonly and can be selected by hand).
(function () {
  "use strict";

  function copyText(input) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(input.value);
    }
    // Plain HTTP (no Clipboard API): select the text and use the legacy command.
    return new Promise(function (resolve, reject) {
      input.focus();
      input.select();
      try {
        if (document.execCommand("copy")) {
          resolve();
          return;
        }
      } catch (e) {
        // fall through
      }
      reject(new Error("copy not supported"));
    });
  }

  function flash(button, text) {
    if (!button.dataset.originalHtml) {
      button.dataset.originalHtml = button.innerHTML;
    }
    button.textContent = text;
    clearTimeout(button.copyTimer);
    button.copyTimer = setTimeout(function () {
      button.innerHTML = button.dataset.originalHtml;
    }, 2000);
  }

  // A menu (details.dropdown) closes when people click elsewhere or press
  // Escape, as menus do; without JavaScript its summary toggles it.
  function closeMenus(except) {
    document.querySelectorAll("details.dropdown[open]").forEach(function (d) {
      if (d !== except && !d.contains(except)) {
        d.removeAttribute("open");
      }
    });
  }

  function init() {
    // After a failed submit, start at the first field that needs a fix.
    var invalid = document.querySelector('main [aria-invalid="true"]');
    if (invalid) {
      invalid.focus();
    }
    document.addEventListener("click", function (e) {
      closeMenus(e.target.closest("details.dropdown"));
    });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape") {
        var open = document.querySelector("details.dropdown[open]");
        closeMenus(null);
        if (open) {
          open.querySelector("summary").focus();
        }
      }
    });
    document.querySelectorAll("button[data-copy-target]").forEach(function (button) {
      var input = document.getElementById(button.dataset.copyTarget);
      if (!input) {
        return;
      }
      button.hidden = false;
      button.addEventListener("click", function () {
        copyText(input).then(
          function () {
            flash(button, "Copied");
          },
          function () {
            input.focus();
            input.select();
            flash(button, "Press Ctrl+C or ⌘C");
          }
        );
      });
      // Selecting the whole value at once makes copying by hand easy too.
      input.addEventListener("focus", function () {
        input.select();
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
