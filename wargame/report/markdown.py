"""Markdown rendering of a report :class:`~wargame.report.document.Document`.

Charts are left out (Markdown has none); every chart's numbers also appear in a table or a
list nearby, so nothing is lost but the picture.
"""

from __future__ import annotations

from wargame.report.document import Bullets, Document, Figure, Heading, Paragraph, Table


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(doc: Document) -> str:
    """The document as Markdown text (one trailing newline)."""
    out = [f"# {doc.title}", ""]
    if doc.subtitle:
        out += [f"*{doc.subtitle}*", ""]
    for block in doc.blocks:
        if isinstance(block, Heading):
            out += ["#" * block.level + " " + block.text, ""]
        elif isinstance(block, Paragraph):
            text = f"*{block.text}*" if block.style == "note" else block.text
            out += [text, ""]
        elif isinstance(block, Bullets):
            for i, item in enumerate(block.items, start=1):
                text, subs = (item, ()) if isinstance(item, str) else item
                mark = f"{i}." if block.ordered else "-"
                out.append(f"{mark} {text}")
                indent = " " * (len(mark) + 1)
                out += [f"{indent}- {sub}" for sub in subs]
            out.append("")
        elif isinstance(block, Table):
            out.append("| " + " | ".join(_cell(h) for h in block.headers) + " |")
            rules = ["---:" if i in block.numeric else "---" for i in range(len(block.headers))]
            out.append("| " + " | ".join(rules) + " |")
            out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in block.rows]
            out.append("")
        elif isinstance(block, Figure):
            out += [f"*Chart (in the HTML report): {block.caption}*", ""]
    return "\n".join(out).rstrip() + "\n"


__all__ = ["render_markdown"]
