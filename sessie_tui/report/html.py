"""A report as a web page: the same markdown, rendered by markdown-it, ready to print.

The markdown already escapes everything anyone typed (`markdown.py`); the renderer
is told on top of that to take no raw HTML (`html: False`: a `<script>` that got
through as text would still be shown as text, never run) and to make no link of
a bare address (no linkify). The page carries its own style, also for print, so
that "Print → Save as PDF" in any browser gives a tidy document: nothing is
loaded from elsewhere.
"""

from __future__ import annotations

import html

from markdown_it import MarkdownIt

from ..textsafety import make_visible

STYLE = """
:root { color-scheme: light; }
body { font-family: "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  line-height: 1.5; color: #1a1a1a; background: #fff; max-width: 46em;
  margin: 2em auto; padding: 0 1em; }
h1 { font-size: 1.6em; border-bottom: 2px solid #1a1a1a; padding-bottom: .2em; }
h2 { font-size: 1.25em; margin-top: 1.6em; border-bottom: 1px solid #999; }
h3 { font-size: 1.05em; margin-top: 1.2em; }
table { border-collapse: collapse; margin: .5em 0; }
th, td { border: 1px solid #999; padding: .2em .6em; text-align: left; vertical-align: top; }
th { background: #eee; }
ul, ol { padding-left: 1.4em; }
@page { size: A4; margin: 18mm 16mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10.5pt; }
  h1, h2, h3 { break-after: avoid; page-break-after: avoid; }
  table, li { break-inside: avoid; page-break-inside: avoid; }
  th { background: #eee; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
""".strip()


def _renderer() -> MarkdownIt:
    # CommonMark, raw HTML off, tables on (the timing table), no typographer, no linkify.
    return MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


def markdown_to_html(markdown: str) -> str:
    """The body of the page: the report's markdown rendered, no raw HTML let through."""
    rendered: str = _renderer().render(markdown)  # typed as Any by markdown-it-py
    return rendered


def report_html(markdown: str, title: str, lang: str) -> str:
    """A whole HTML page of a report, with a style for the screen and for print."""
    shown_title = html.escape(make_visible(title), quote=True)
    body = markdown_to_html(markdown)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{html.escape(lang, quote=True)}">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{shown_title}</title>\n"
        f"<style>\n{STYLE}\n</style>\n"
        "</head>\n"
        f"<body>\n<main>\n{body}</main>\n</body>\n</html>\n"
    )
