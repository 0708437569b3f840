/**
 * The Markdown the paper notebooks write (their "what this scale can and cannot show" sections and `lab.table`s) as
 * HTML for report.html, which must open offline without a script: headings, paragraphs, bullet and numbered lists
 * (continuation lines indented), pipe tables, and inline code, bold, italic and links. Every character of the
 * source is HTML-escaped first, so the output carries no markup the source did not ask for; a link keeps only
 * http(s), relative and fragment targets.
 */

/** Text as HTML: the five characters that could start markup or end an attribute, escaped. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** Inline Markdown of one block's text (already joined): code spans first, so their content is left as is. */
export function inlineHtml(src: string): string {
  return src
    .split(/(`[^`]*`)/)
    .map((part, i) => {
      if (i % 2 === 1) return `<code>${escapeHtml(part.slice(1, -1))}</code>`;
      return escapeHtml(part)
        .replace(/\\([\\|*_`[\]])/g, "$1")
        .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (m, text: string, href: string) => (/^(https?:|#|[\w./-]+$)/.test(href) && !/^javascript:/i.test(href) ? `<a href="${href}">${text}</a>` : m))
        .replace(/\*\*(.+?)\*\*/g, "<b>$1</b>")
        .replace(/(^|[^\w*])\*(?!\s)(.+?)\*(?!\w)/g, "$1<i>$2</i>")
        .replace(/(^|[^\w])_(?!\s)(.+?)_(?!\w)/g, "$1<i>$2</i>");
    })
    .join("");
}

/** A pipe-table row's cells (outer pipes dropped, escaped pipes kept in their cell). */
function rowCells(line: string): string[] {
  const inner = line.trim().replace(/^\|/, "").replace(/(?<!\\)\|$/, "");
  return inner.split(/(?<!\\)\|/).map((c) => c.trim());
}

/** Markdown to HTML (see the module comment). */
export function markdownHtml(src: string): string {
  const lines = src.replace(/\r\n?/g, "\n").split("\n");
  const out: string[] = [];
  let i = 0;
  const isList = (l: string) => /^\s{0,3}([-*+]|\d+[.)])\s+/.test(l);
  const isBlockStart = (l: string) => /^#{1,6}\s/.test(l) || isList(l) || /^\s*\|/.test(l);
  while (i < lines.length) {
    const line = lines[i];
    if (line.trim() === "") {
      i++;
      continue;
    }
    const h = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (h) {
      out.push(`<h${h[1].length}>${inlineHtml(h[2])}</h${h[1].length}>`);
      i++;
      continue;
    }
    if (/^\s*\|/.test(line) && i + 1 < lines.length && /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/.test(lines[i + 1])) {
      const align = rowCells(lines[i + 1]).map((c) => (c.endsWith(":") ? (c.startsWith(":") ? "center" : "right") : "left"));
      const cell = (tag: string, c: string, j: number) => `<${tag}${align[j] && align[j] !== "left" ? ` style="text-align:${align[j]}"` : ""}>${inlineHtml(c)}</${tag}>`;
      const head = rowCells(line).map((c, j) => cell("th", c, j)).join("");
      const body: string[] = [];
      for (i += 2; i < lines.length && /^\s*\|/.test(lines[i]); i++) body.push(`<tr>${rowCells(lines[i]).map((c, j) => cell("td", c, j)).join("")}</tr>`);
      out.push(`<table><thead><tr>${head}</tr></thead><tbody>${body.join("")}</tbody></table>`);
      continue;
    }
    if (isList(line)) {
      const ordered = /^\s{0,3}\d+[.)]\s/.test(line);
      const items: string[] = [];
      while (i < lines.length && (isList(lines[i]) || (items.length > 0 && /^\s+\S/.test(lines[i])))) {
        if (isList(lines[i])) items.push(lines[i].replace(/^\s{0,3}([-*+]|\d+[.)])\s+/, ""));
        else items[items.length - 1] += ` ${lines[i].trim()}`;
        i++;
      }
      const tag = ordered ? "ol" : "ul";
      out.push(`<${tag}>${items.map((it) => `<li>${inlineHtml(it)}</li>`).join("")}</${tag}>`);
      continue;
    }
    const para: string[] = [];
    while (i < lines.length && lines[i].trim() !== "" && (para.length === 0 || !isBlockStart(lines[i]))) para.push(lines[i++].trim());
    out.push(`<p>${inlineHtml(para.join(" "))}</p>`);
  }
  return out.join("\n");
}
