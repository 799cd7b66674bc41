"""Editable page text with a little structure: "## " starts a heading, lines starting "- " make a list.

Footer pages are plain text in the admin so that office staff can edit them without
markup; a statement such as the accessibility statement still needs headings and lists.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Block:
    kind: str  # "heading", "list" or "paragraph"
    text: str = ""
    items: list[str] = field(default_factory=list)


def blocks(body: str) -> list[Block]:
    result: list[Block] = []
    for chunk in body.replace("\r\n", "\n").split("\n\n"):
        lines = [line.rstrip() for line in chunk.strip("\n").split("\n") if line.strip()]
        if not lines:
            continue
        if lines[0].startswith("## ") and len(lines) == 1:
            result.append(Block("heading", text=lines[0][3:].strip()))
        elif lines[0].startswith("## "):
            result.append(Block("heading", text=lines[0][3:].strip()))
            result.extend(blocks("\n".join(lines[1:])))
        elif all(line.startswith("- ") for line in lines):
            result.append(Block("list", items=[line[2:].strip() for line in lines]))
        else:
            result.append(Block("paragraph", text="\n".join(lines)))
    return result
