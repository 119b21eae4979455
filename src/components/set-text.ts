/**
 * Sets a node's text only when it differs: assigning textContent, even the same text, replaces
 * the node's children, which the browser then lays out again.
 */
export function setText(node: Node | null | undefined, text: string): void {
  if (node && node.textContent !== text) node.textContent = text;
}
