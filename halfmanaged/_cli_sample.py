"""Write the bundled sample: ``python -m halfmanaged._cli_sample [DIRECTORY]``.

The files come from the pure generator :mod:`halfmanaged._sample`; a test checks the shipped
files equal its output, so run this after changing the generator.
"""

from __future__ import annotations

import sys
from pathlib import Path

from halfmanaged._sample import sample_files


def write(directory: Path) -> list[Path]:
    """Write every sample file into ``directory``; return their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in sorted(sample_files().items()):
        path = directory / name
        path.write_text(text, encoding="utf-8", newline="")
        written.append(path)
    return written


if __name__ == "__main__":
    default = Path(__file__).resolve().parent / "_data" / "sample"
    for path in write(Path(sys.argv[1]) if len(sys.argv) > 1 else default):
        sys.stdout.write(f"{path}\n")
