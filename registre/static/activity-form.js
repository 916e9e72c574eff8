/* Activity form: add and remove repeatable rows without a round trip to the server.
   Without JavaScript the same buttons submit the form and the server re-renders it. */
(function () {
  "use strict";
  var form = document.getElementById("activity-form");
  if (!form || !("content" in document.createElement("template"))) {
    return;
  }

  function addRow(button) {
    var listName = button.value;
    var template = document.getElementById("tpl-" + listName);
    var container = button.closest("[data-rows]");
    var list = container && container.querySelector(".row-list");
    if (!template || !list) {
      return false;
    }
    var index = parseInt(list.getAttribute("data-next-index"), 10) || 0;
    var number = list.querySelectorAll("[data-row]").length + 1;
    var html = template.innerHTML.split("__INDEX__").join(String(index))
      .split("__NUMBER__").join(String(number));
    list.insertAdjacentHTML("beforeend", html);
    list.setAttribute("data-next-index", String(index + 1));
    var empty = container.querySelector(".empty-rows");
    if (empty) {
      empty.hidden = true;
    }
    var rows = list.querySelectorAll("[data-row]");
    var first = rows[rows.length - 1].querySelector("input, select, textarea");
    if (first) {
      first.focus();
    }
    return true;
  }

  function removeRow(button) {
    var row = button.closest("[data-row]");
    var container = button.closest("[data-rows]");
    if (!row || !container) {
      return false;
    }
    row.remove();
    // Keep the visible numbering in order; field names may keep gaps (the server compacts).
    container.querySelectorAll(".row-list > [data-row]").forEach(function (item, position) {
      item.querySelectorAll(".row-number").forEach(function (number) {
        number.textContent = String(position + 1);
      });
    });
    var add = container.querySelector(".add-row");
    if (add) {
      add.focus();
    }
    return true;
  }

  form.addEventListener("click", function (event) {
    var button = event.target.closest("button[name='add_row'], button[name='remove_row']");
    if (!button) {
      return;
    }
    var done = button.name === "add_row" ? addRow(button) : removeRow(button);
    if (done) {
      event.preventDefault();
    }
  });
})();

/* After a refused save, take keyboard and screen-reader users to the list of errors. */
(function () {
  "use strict";
  var summary = document.querySelector(".error-summary, .conflict");
  if (summary) {
    summary.setAttribute("tabindex", "-1");
    summary.focus();
  }
})();
