// The pages an ack link shows: a question with one button (a GET never acknowledges, so mail scanners that open
// links do nothing), and the answer. No script; the form posts back to the same address, wherever it is mounted.
import { escapeHtml } from "../alerts/text.ts";
import { confirmPageHeaders } from "../security-headers.ts";

const STYLE = `
:root{color-scheme:light dark}
body{margin:0;font:16px/1.5 system-ui,sans-serif}
main{max-width:32rem;margin:3rem auto;padding:0 1rem}
button{font:inherit;padding:.5rem 1.2rem;border-radius:.4rem;border:1px solid #1a7f37;background:#1a7f37;color:#fff;cursor:pointer}`;

export const ACK_PAGE_HEADERS = { ...confirmPageHeaders(STYLE), "Content-Type": "text/html; charset=utf-8" };

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<meta name="robots" content="noindex"><title>${escapeHtml(title)} · upbeat</title><style>${STYLE}</style></head>` +
    `<body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

export interface AckSubject {
  monitorName: string;
  /** "down since 2026-03-01 10:01 UTC: HTTP 503" */
  summary: string;
}

export const confirmPage = (subject: AckSubject) =>
  page(`Acknowledge ${subject.monitorName}?`,
    `<p>${escapeHtml(subject.monitorName)} is ${escapeHtml(subject.summary)}.</p>` +
    `<p>Acknowledging stops its reminders and escalations for this incident.</p>` +
    `<form method="post"><button type="submit">Acknowledge</button></form>`);

export const acknowledgedPage = (subject: AckSubject) =>
  page(`${subject.monitorName} acknowledged`, `<p>Its reminders and escalations for this incident have stopped. Thank you.</p>`);

export const refusedPage = (message: string) => page("Nothing to acknowledge", `<p>${escapeHtml(message)}</p>`);
