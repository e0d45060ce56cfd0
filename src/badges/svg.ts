// Shields-style flat badges: a grey label and a coloured message, as standalone SVG.
const COLORS = { green: "#3fb950", red: "#e5534b", grey: "#8b949e", yellow: "#d4a72c", blue: "#4493f8" } as const;
export type BadgeColor = keyof typeof COLORS;

// Verdana 11px: narrow and wide glyphs differ enough that one average width misplaces the text
const NARROW = new Set("fijlrt!|.,:;'()[] ".split(""));
const WIDE = new Set("mwMW@%".split(""));
const textWidth = (text: string) =>
  [...text].reduce((width, ch) => width + (NARROW.has(ch) ? 4 : WIDE.has(ch) ? 10 : ch >= "A" && ch <= "Z" ? 8 : 7), 0);

const escapeXml = (text: string) =>
  text.replace(/[<>&"']/g, (ch) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[ch]!);

export function badgeSvg(label: string, message: string, color: BadgeColor): string {
  const labelWidth = textWidth(label) + 12;
  const messageWidth = textWidth(message) + 12;
  const width = labelWidth + messageWidth;
  const [l, m] = [escapeXml(label), escapeXml(message)];
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="20" role="img" aria-label="${l}: ${m}">` +
    `<title>${l}: ${m}</title>` +
    // the clip depends on the width alone, so badges inlined side by side may share an id safely
    `<clipPath id="r${width}"><rect width="${width}" height="20" rx="3"/></clipPath>` +
    `<g clip-path="url(#r${width})"><rect width="${labelWidth}" height="20" fill="#555"/>` +
    `<rect x="${labelWidth}" width="${messageWidth}" height="20" fill="${COLORS[color]}"/></g>` +
    `<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">` +
    `<text x="${labelWidth / 2}" y="14">${l}</text><text x="${labelWidth + messageWidth / 2}" y="14">${m}</text></g></svg>`;
}
