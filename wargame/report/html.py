"""HTML rendering of a report: one self-contained file that opens offline and prints.

Styles are inline in a ``<style>`` element and charts inline SVG; there is no script and no
link to anything outside the file (the source's address is cited as text).
"""

from __future__ import annotations

import html
import re

from wargame.report.document import Bullets, Document, Figure, Heading, Paragraph, Table

CSS = """
:root { --ink: #1f2328; --muted: #59636e; --rule: #d1d9e0; --accent: #0b5cad; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
       color: var(--ink); max-width: 980px; margin: 2rem auto; padding: 0 1.2rem; }
h1 { font-size: 1.7rem; margin: 0 0 .2rem; }
h2 { font-size: 1.25rem; margin: 2.2rem 0 .6rem; padding-bottom: .2rem;
     border-bottom: 2px solid var(--rule); }
h3 { font-size: 1.05rem; margin: 1.4rem 0 .4rem; }
.subtitle { color: var(--muted); margin: 0 0 1rem; }
.note { color: var(--muted); font-size: .9rem; }
nav { background: #f6f8fa; border: 1px solid var(--rule); border-radius: 6px;
      padding: .5rem 1rem; margin: 1rem 0; }
nav ol { margin: .2rem 0; padding-left: 1.4rem; columns: 2; }
nav a { color: var(--accent); text-decoration: none; }
table { border-collapse: collapse; margin: .6rem 0 1rem; font-size: .88rem; width: 100%; }
th, td { border: 1px solid var(--rule); padding: .25rem .5rem; vertical-align: top;
         text-align: left; }
th { background: #f6f8fa; }
td.num, th.num { text-align: right; white-space: nowrap; }
code { font: .85em ui-monospace, SFMono-Regular, Menlo, monospace; background: #f6f8fa;
       padding: 0 .2em; border-radius: 3px; }
figure { margin: .8rem 0 1.2rem; }
figure svg { max-width: 100%; height: auto; }
figcaption { color: var(--muted); font-size: .88rem; }
li { margin: .15rem 0; }
@media print { nav { display: none; } h2 { break-after: avoid; } figure { break-inside: avoid; } }
"""

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_CODE = re.compile(r"`([^`]+)`")


def inline(text: str) -> str:
    """Escape ``text`` and turn ``**bold**`` and ```code``` into HTML."""
    escaped = html.escape(text, quote=False)
    escaped = _CODE.sub(r"<code>\1</code>", escaped)
    return _BOLD.sub(r"<strong>\1</strong>", escaped)


def _anchor(text: str, used: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"
    anchor, n = base, 2
    while anchor in used:
        anchor, n = f"{base}-{n}", n + 1
    used.add(anchor)
    return anchor


def render_html(doc: Document) -> str:
    """The document as one HTML page (charts drawn now, inline)."""
    used: set[str] = set()
    anchors = {
        id(b): _anchor(b.text, used) for b in doc.blocks if isinstance(b, Heading) and b.level == 2
    }
    body: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Heading):
            attr = f' id="{anchors[id(block)]}"' if id(block) in anchors else ""
            body.append(f"<h{block.level}{attr}>{inline(block.text)}</h{block.level}>")
        elif isinstance(block, Paragraph):
            cls = f' class="{block.style}"' if block.style else ""
            body.append(f"<p{cls}>{inline(block.text)}</p>")
        elif isinstance(block, Bullets):
            tag = "ol" if block.ordered else "ul"
            items = []
            for item in block.items:
                text, subs = (item, ()) if isinstance(item, str) else item
                inner = "".join(f"<li>{inline(s)}</li>" for s in subs)
                items.append(
                    f"<li>{inline(text)}" + (f"<ul>{inner}</ul>" if subs else "") + "</li>"
                )
            body.append(f"<{tag}>" + "".join(items) + f"</{tag}>")
        elif isinstance(block, Table):

            def cell(tag: str, i: int, text: str, numeric: frozenset[int] = block.numeric) -> str:
                cls = ' class="num"' if i in numeric else ""
                return f"<{tag}{cls}>{inline(text)}</{tag}>"

            head = "".join(cell("th", i, h) for i, h in enumerate(block.headers))
            rows = "".join(
                "<tr>" + "".join(cell("td", i, c) for i, c in enumerate(row)) + "</tr>"
                for row in block.rows
            )
            body.append(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
        elif isinstance(block, Figure):
            caption = inline(block.caption)
            body.append(f"<figure>{block.draw()}<figcaption>{caption}</figcaption></figure>")
    toc = "".join(
        f'<li><a href="#{anchors[id(b)]}">{inline(b.text)}</a></li>'
        for b in doc.blocks
        if isinstance(b, Heading) and id(b) in anchors
    )
    subtitle = f'<p class="subtitle">{inline(doc.subtitle)}</p>' if doc.subtitle else ""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(doc.title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        f"<h1>{inline(doc.title)}</h1>\n{subtitle}\n"
        f"<nav><strong>Contents</strong><ol>{toc}</ol></nav>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


__all__ = ["CSS", "inline", "render_html"]
