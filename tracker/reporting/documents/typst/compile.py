"""Compile `paper.typ` to PDF/UA-1 in a process of its own (run by `pdf.render_typst`).

Reads the paper's JSON on standard input and writes the PDF on standard output; the arguments
are the Typst file and the creation time (Unix seconds). Typst keeps what it laid out in
memory caches for the life of the process: a process per paper gives the memory back at once,
and keeps a long-lived worker from growing with every paper. Only Typst is imported here.
"""

import sys


def main() -> None:
    import typst

    source, timestamp = sys.argv[1], int(sys.argv[2])
    paper = sys.stdin.buffer.read().decode("utf-8")
    fonts = typst.Fonts(include_system_fonts=True, include_embedded_fonts=True)
    with open(source, "rb") as file:
        text = file.read()
    root = source.rsplit("/", 1)[0]
    # The stubs' type variable cannot take Fonts and bytes at once.
    pdf = typst.compile(  # type: ignore[type-var]
        text,
        root=root,
        font_paths=fonts,
        sys_inputs={"paper": paper},
        pdf_standards=["ua-1"],
        timestamp=timestamp,
    )
    sys.stdout.buffer.write(pdf)


if __name__ == "__main__":
    main()
