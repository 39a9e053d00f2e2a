"""Build the font cnnviz draws labels with: ``python -m scripts.make_font [SOURCE.ttf]``.

Labels drawn into pictures (a mistake grid's "true → predicted", a shared PNG) must render Hangul on any
machine, so the package carries its own font instead of trusting system fonts. The source is NanumGothic
Regular (SIL Open Font License 1.1; Debian's ``fonts-nanum``); the subset keeps ASCII, Latin-1, the
punctuation and symbols the labels use, the Hangul compatibility jamo and all 11,172 Hangul syllables (so a
student's own Korean folder names render too), without hinting: 1.3 MB instead of 4.7 MB.

The OFL makes a subset a Modified Version, which may not use the Reserved Font Names (Nanum, NanumGothic,
...), so the subset is renamed "cnnviz Label Gothic"; the copyright notice and the license travel with it
(``cnnviz/assets/fonts/OFL.txt``). fontTools (dev requirement) does the subsetting.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = Path("/usr/share/fonts/truetype/nanum/NanumGothic.ttf")
TARGET = ROOT / "cnnviz" / "assets" / "fonts" / "cnnviz-label-gothic.ttf"
FAMILY = "cnnviz Label Gothic"
SYMBOLS = "–—‘’“”…·•→←↑↓×÷−≤≥±°µ✓✗"


def characters() -> str:
    """Every character the subset keeps."""
    ranges = [(0x20, 0x7E), (0xA0, 0xFF), (0x3131, 0x318E), (0xAC00, 0xD7A3)]
    return "".join(chr(c) for low, high in ranges for c in range(low, high + 1)) + SYMBOLS


def build(source: Path, target: Path) -> int:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.layout_features = ["*"]
    options.hinting = False
    options.desubroutinize = True
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]  # copyright, names, version, license and its URL
    font = TTFont(str(source))
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters())
    subsetter.subset(font)
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 4):
            record.string = FAMILY
        elif record.nameID == 3:
            record.string = f"{FAMILY}; subset of NanumGothic Regular"
        elif record.nameID == 6:
            record.string = FAMILY.replace(" ", "")
    target.parent.mkdir(parents=True, exist_ok=True)
    font.save(str(target))
    return target.stat().st_size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", type=Path, default=SOURCE)
    parser.add_argument("--out", type=Path, default=TARGET)
    args = parser.parse_args(argv)
    if not args.source.is_file():
        print(f"{args.source} is missing: install Debian's fonts-nanum or name NanumGothic.ttf", file=sys.stderr)
        return 1
    size = build(args.source, args.out)
    print(f"{args.out}: {size / 1e6:.2f} MB, {len(characters())} characters")
    return 0


if __name__ == "__main__":
    sys.exit(main())
