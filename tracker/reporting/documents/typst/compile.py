"""Compile `paper.typ` to PDF/UA-1 in a process of its own (run by `pdf.render_typst`).

Reads the paper's JSON on standard input and writes the PDF on standard output; the arguments
are the Typst file and the creation time (Unix seconds). Typst keeps what it laid out in
memory caches for the life of the process: a process per paper gives the memory back at once,
and keeps a long-lived worker from growing with every paper. Only Typst is imported here.
"""

import sys
from typing import Any

# The families `paper.typ` asks for, in its order.
PAPER_FONTS = ("Arial", "Liberation Sans", "DejaVu Sans")


def fonts() -> Any:
    """The system's fonts, found once for this paper. Typst's own fonts (New Computer Modern,
    Libertinus Serif...) only when the system has none of the paper's families: loading them
    added about 5 MB to every paper, and the paper does not use them."""
    import typst

    system = typst.Fonts(include_system_fonts=True, include_embedded_fonts=False)
    if set(PAPER_FONTS) & set(system.families()):
        return system
    return typst.Fonts(include_system_fonts=True, include_embedded_fonts=True)


def main() -> None:
    import typst

    source, timestamp = sys.argv[1], int(sys.argv[2])
    paper = sys.stdin.buffer.read().decode("utf-8")
    with open(source, "rb") as file:
        text = file.read()
    root = source.rsplit("/", 1)[0]
    pdf = typst.compile(
        text,
        root=root,
        font_paths=fonts(),
        sys_inputs={"paper": paper},
        pdf_standards=["ua-1"],
        timestamp=timestamp,
    )
    sys.stdout.buffer.write(pdf)


if __name__ == "__main__":
    main()
