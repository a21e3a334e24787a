"""The statement's Markdown as a standalone HTML page, with a print style.

Rendered by markdown-it-py (CommonMark and tables) with raw HTML disabled: the
Markdown comes from `markdown.Document`, which escapes everything a user typed, and
markdown-it escapes `<`, `>` and `&` in the text again, so no typed name can become
markup. The page loads nothing from anywhere (no script, no font, no image): it opens
offline and prints to PDF from any browser.

This renderer is kept generic (Markdown in, page out) so that it can become the one
the reports' `export --format html` and the e-mail drafts use.
"""

from __future__ import annotations

import html

from markdown_it import MarkdownIt

STYLE = """
body { font-family: system-ui, sans-serif; line-height: 1.45; color: #111; background: #fff;
  max-width: 52rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.2rem; margin-top: 1.6rem; }
table { border-collapse: collapse; margin: 0.6rem 0; }
th, td { border: 1px solid #888; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #eee; }
li { overflow-wrap: anywhere; }
@media print {
  body { margin: 0; max-width: none; font-size: 10.5pt; }
  h2 { break-after: avoid; } tr { break-inside: avoid; }
  th { background: none; }
}
""".strip()


def _renderer() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


def markdown_body(markdown: str) -> str:
    """The HTML of `markdown`'s blocks, without the page around them."""
    rendered: str = _renderer().render(markdown)  # typed as Any by markdown-it-py
    return rendered


def html_page(markdown: str, *, title: str, lang: str) -> str:
    """A whole HTML document (UTF-8) of `markdown`, titled `title`."""
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{html.escape(lang)}">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n"
        f"<style>\n{STYLE}\n</style>\n"
        "</head>\n"
        "<body>\n"
        f"{markdown_body(markdown)}"
        "</body>\n"
        "</html>\n"
    )
