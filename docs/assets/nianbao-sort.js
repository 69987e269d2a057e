// Sortable tables (progressive enhancement): a table marked data-nb-sortable gets a
// button in each column header; without this script the table keeps its built order.
(function () {
  "use strict";
  function key(cell) {
    var text = cell.getAttribute("data-sort");
    if (text === null) text = cell.textContent.trim();
    var number = parseFloat(text.replace(/[,%]/g, ""));
    return isNaN(number) ? text : number;
  }
  function compare(a, b) {
    if (typeof a === "number" && typeof b === "number") return a - b;
    return String(a).localeCompare(String(b), "zh-CN");
  }
  document.querySelectorAll("table[data-nb-sortable]").forEach(function (table) {
    var headers = table.querySelectorAll("thead th");
    var body = table.tBodies[0];
    headers.forEach(function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "nb-sort";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var descending = th.getAttribute("aria-sort") === "ascending";
        headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", descending ? "descending" : "ascending");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var order = compare(key(a.cells[index]), key(b.cells[index]));
          return descending ? -order : order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
})();
