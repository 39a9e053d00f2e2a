"""Cut Zalando's Fashion-MNIST sprite into the built-in sample: ``python -m scripts.make_fashion_sample``.

The sprite (``doc/img/fashion-mnist-sprite.png`` in zalandoresearch/fashion-mnist, MIT license) is an
840×840 grey image of 30×30 tiles of 28×28: tile (r, c) is image ``r * 30 + c`` with label ``r // 3``,
90 real Fashion-MNIST images per class. This script cuts it into ``cnnviz/assets/fashion_mnist_sample.npz``
(uint8 images, uint8 labels, the source and the license notice), run once; the app never needs the sprite.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
SPRITE_DIR = ROOT.parent / "shared" / "data" / "fashion_mnist_sprite"
OUT = ROOT / "cnnviz" / "assets" / "fashion_mnist_sample.npz"
GRID, SIDE, ROWS_PER_CLASS = 30, 28, 3
SOURCE = ("Zalando Research, Fashion-MNIST (github.com/zalandoresearch/fashion-mnist), "
          "doc/img/fashion-mnist-sprite.png: 900 images, 90 per class, MIT license")


def sprite_tiles(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """The sprite's 900 tiles as uint8 (900, 28, 28) in reading order, and their labels."""
    with Image.open(path) as img:
        rgba = np.asarray(img.convert("RGBA"))
    if rgba.shape != (GRID * SIDE, GRID * SIDE, 4):
        raise ValueError(f"{path.name} is {rgba.shape[1]}×{rgba.shape[0]}, not the 840×840 sprite")
    grey = rgba[..., 0]
    if not (np.array_equal(grey, rgba[..., 1]) and np.array_equal(grey, rgba[..., 2])):
        raise ValueError(f"{path.name} is not grey (R, G and B differ)")
    tiles = grey.reshape(GRID, SIDE, GRID, SIDE).swapaxes(1, 2).reshape(GRID * GRID, SIDE, SIDE)
    labels = (np.arange(GRID * GRID) // GRID // ROWS_PER_CLASS).astype(np.uint8)
    return np.ascontiguousarray(tiles), labels


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sprite-dir", type=Path, default=SPRITE_DIR)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    x, y = sprite_tiles(args.sprite_dir / "fashion-mnist-sprite.png")
    license_text = (args.sprite_dir / "LICENSE").read_text(encoding="utf-8")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out, x=x, y=y, source=np.str_(SOURCE), license=np.str_(license_text))
    print(f"{len(y)} images, {np.bincount(y).tolist()} per class, mean pixel {x.mean():.2f} "
          f"-> {args.out} ({args.out.stat().st_size / 1e3:.0f} kB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
