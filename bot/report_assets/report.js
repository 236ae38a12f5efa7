// Sorting and searching of the report's tables; works offline, asks for nothing.
"use strict";

function cellValue(row, index, numeric) {
  const cell = row.cells[index];
  const raw = cell.dataset.sort ?? cell.textContent.trim();
  if (!numeric) return raw;
  return raw === "" ? -Infinity : Number(raw);
}

function sortBy(table, header, index) {
  const ascending = header.getAttribute("aria-sort") !== "ascending";
  for (const other of table.tHead.rows[0].cells) other.removeAttribute("aria-sort");
  header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  const numeric = header.dataset.type === "number";
  const body = table.tBodies[0];
  const rows = [...body.rows].sort((a, b) => {
    const x = cellValue(a, index, numeric);
    const y = cellValue(b, index, numeric);
    const order = numeric ? x - y : String(x).localeCompare(String(y), "en", { numeric: true });
    return ascending ? order : -order;
  });
  body.append(...rows);
}

function searchIn(table, input, counter) {
  const words = input.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
  let shown = 0;
  for (const row of table.tBodies[0].rows) {
    const text = row.textContent.toLowerCase();
    row.hidden = !words.every((word) => text.includes(word));
    if (!row.hidden) shown += 1;
  }
  counter.textContent = `${shown} of ${table.tBodies[0].rows.length} listings shown`;
}

for (const table of document.querySelectorAll("table.sortable")) {
  [...table.tHead.rows[0].cells].forEach((header, index) => {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = header.textContent;
    header.replaceChildren(button);
    button.addEventListener("click", () => sortBy(table, header, index));
  });
}

const search = document.getElementById("search");
if (search) {
  const table = document.getElementById("products");
  const counter = document.getElementById("shown");
  search.addEventListener("input", () => searchIn(table, search, counter));
}

for (const image of document.querySelectorAll("img")) {
  image.addEventListener("click", () => image.classList.toggle("zoomed"));
}
