/** A table's header row: one `<th scope="col">` per column name. */
export function appendColumnHeaders(table: HTMLTableElement, columns: readonly string[]): void {
  const head = table.createTHead().insertRow();
  for (const c of columns) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = c;
    head.append(th);
  }
}
