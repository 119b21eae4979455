/**
 * Sets a node's text only when it differs. A node holding one text node gets that node's data
 * rewritten; assigning textContent, even the same text, replaces the node's children, which the
 * browser then has to style and lay out as new nodes.
 */
export function setText(node: Node | null | undefined, text: string): void {
  if (!node || node.textContent === text) return;
  const only = node.firstChild;
  if (only !== null && only === node.lastChild && only.nodeType === 3 /* Node.TEXT_NODE */ && text !== "") (only as Text).data = text;
  else node.textContent = text;
}
