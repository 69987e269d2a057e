"""Benchmark: import a city's archive, text versus PDF.

    python benchmarks/import.py [--files 50]

Copies the real samples (tests/fixtures/samples) into a temporary archive, N copies of
each kind under distinct office names, then times in the same run `nianbao import` of the
whole folder (read, write the data file, validate it for the summary), one kind at a time:
  txt   pingtan-2023.txt (text copied from a page)
  html  pingtan-2023.html (the whole published page)
  pdf   hongze-2023.pdf (5 pages, ruled tables across pages)
and, for the choice of PDF library, reading the same PDF's pages with
  pdfplumber   characters, ruling lines and tables (what the importer uses)
  pypdfium2    the text layer only (no positions of rules, hence no tables)
Prints files per second and the ratio of each kind to txt. Writes only to a temporary folder.
"""

from __future__ import annotations

import argparse
import io
import shutil
import sys
import tempfile
import time
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "hooks"))

from nianbao.importing.archive import Request, run  # noqa: E402

SAMPLES = ROOT / "tests" / "fixtures" / "samples"
KINDS = {"txt": "pingtan-2023.txt", "html": "pingtan-2023.html", "pdf": "hongze-2023.pdf"}


def import_folder(kind: str, count: int, work: Path) -> float:
    project = work / kind
    archive = project / "archive"
    archive.mkdir(parents=True)
    (project / "mkdocs.yml").write_text("site_name: benchmark\n", encoding="utf-8")
    source = SAMPLES / KINDS[kind]
    for index in range(count):
        shutil.copy(source, archive / f"office{index:04d}-2023{source.suffix}")
    start = time.perf_counter()
    with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
        code = run(Request(sources=[archive]), project)
    elapsed = time.perf_counter() - start
    written = len(list((project / "data").glob("*/2023.yml")))
    if code != 0 or written != count:
        raise SystemExit(f"{kind}: exit {code}, {written} of {count} files written")
    return elapsed


def read_pdf_pages(repeat: int) -> dict[str, float]:
    import pdfplumber
    import pypdfium2

    path = SAMPLES / KINDS["pdf"]
    times = {}
    start = time.perf_counter()
    for _ in range(repeat):
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.find_tables()
                page.extract_text_lines()
    times["pdfplumber (text lines and ruled tables)"] = (time.perf_counter() - start) / repeat
    start = time.perf_counter()
    for _ in range(repeat):
        document = pypdfium2.PdfDocument(str(path))
        for index in range(len(document)):
            document[index].get_textpage().get_text_range()
        document.close()
    times["pypdfium2 (text only, no tables)"] = (time.perf_counter() - start) / repeat
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description="import N copies of each sample kind; print files per second")
    parser.add_argument("--files", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="nianbao-import-bench-") as folder:
        work = Path(folder)
        results = {kind: import_folder(kind, args.files, work) for kind in KINDS}
    base = args.files / results["txt"]
    print(f"nianbao import of a folder of {args.files} files per kind (read, write, validate):")
    for kind, elapsed in results.items():
        rate = args.files / elapsed
        print(f"  {kind:5} {elapsed:7.2f} s  {rate:6.1f} files/s  ({rate / base:.2f} × txt)")
    print(f"  → 500 PDF files in about {500 / (args.files / results['pdf']) / 60:.1f} min")
    print("reading hongze-2023.pdf once (5 pages):")
    for name, seconds in read_pdf_pages(5).items():
        print(f"  {name:42} {seconds * 1000:7.0f} ms")


if __name__ == "__main__":
    main()
