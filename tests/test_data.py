"""Tests for the cnnviz.data package: every loader on small data the tests write themselves."""

from __future__ import annotations

import gzip
import io
import pickle
import struct
import subprocess
import tempfile
import time
import unicodedata
import zipfile
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from cnnviz import data
from cnnviz.core.errors import DatasetError
from cnnviz.data import Augmentation, Dataset, downloads, embedded

# ---------------------------------------------------------------------------
# Helpers that write files in their real formats
# ---------------------------------------------------------------------------


def png_bytes(color: int | tuple[int, int, int], size: tuple[int, int] = (12, 10), mode: str = "RGB",
              fmt: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, format=fmt)
    return buffer.getvalue()


def make_folder(root: Path, counts: dict[str, int], mode: str = "RGB", fmt: str = "PNG") -> Path:
    """One subfolder per class, each image a slightly different flat colour."""
    for label, (name, n) in enumerate(counts.items()):
        (root / name).mkdir(parents=True, exist_ok=True)
        for i in range(n):
            color = 40 * label + i if mode == "L" else (40 * label + i, 10 * i, 200 - i)
            (root / name / f"img{i}.{fmt.lower()}").write_bytes(png_bytes(color, mode=mode, fmt=fmt))
    return root


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, content in entries.items():
            zf.writestr(zipfile.ZipInfo(name), content)
    return buffer.getvalue()


def two_class_entries(prefix: str = "") -> dict[str, bytes]:
    return {f"{prefix}{cls}/img{i}.png": png_bytes((100 * k, i, 50)) for k, cls in enumerate(("cat", "dog"))
            for i in range(5)}


def write_mnist(home: Path, n_train: int = 12, n_test: int = 5) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(0)
    arrays = {"x_train": rng.integers(0, 256, (n_train, 28, 28), dtype=np.uint8),
              "y_train": (np.arange(n_train) % 10).astype(np.uint8),
              "x_test": rng.integers(0, 256, (n_test, 28, 28), dtype=np.uint8),
              "y_test": (np.arange(n_test) % 10).astype(np.uint8)}
    (home / "datasets").mkdir(parents=True)
    np.savez(home / "datasets" / "mnist.npz", **arrays)
    return arrays


def write_idx_gz(path: Path, array: np.ndarray) -> None:
    """IDX: two zero bytes, type 0x08 (unsigned byte), rank, big-endian sizes, then the bytes."""
    header = struct.pack(">HBB", 0, 0x08, array.ndim) + struct.pack(f">{array.ndim}I", *array.shape)
    with gzip.open(path, "wb") as f:
        f.write(header + array.astype(np.uint8).tobytes())


def write_fashion(home: Path) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(1)
    folder = home / "datasets" / "fashion-mnist"
    folder.mkdir(parents=True)
    arrays = {"train-images-idx3-ubyte.gz": rng.integers(0, 256, (10, 28, 28), dtype=np.uint8),
              "train-labels-idx1-ubyte.gz": (np.arange(10) % 10).astype(np.uint8),
              "t10k-images-idx3-ubyte.gz": rng.integers(0, 256, (4, 28, 28), dtype=np.uint8),
              "t10k-labels-idx1-ubyte.gz": np.array([9, 0, 1, 2], np.uint8)}
    for name, array in arrays.items():
        write_idx_gz(folder / name, array)
    return arrays


def write_cifar(home: Path, per_batch: int = 2) -> None:
    """cifar-10-batches-py pickles where Keras 3 extracts them; image 0 is red=255, green=0, blue=128."""
    folder = home / "datasets" / "cifar-10-batches-py-target" / "cifar-10-batches-py"
    folder.mkdir(parents=True)
    for k, name in enumerate(downloads.CIFAR_FILES):
        rows = np.full((per_batch, 3072), 7 * k, np.uint8)
        if k == 0:
            rows[0, :1024], rows[0, 1024:2048], rows[0, 2048:] = 255, 0, 128
        batch = {b"batch_label": name.encode(), b"labels": [(k + i) % 10 for i in range(per_batch)],
                 b"data": rows, b"filenames": [f"{name}_{i}.png".encode() for i in range(per_batch)]}
        with open(folder / name, "wb") as f:
            pickle.dump(batch, f, protocol=3)   # bytes keys as CIFAR's own (Python 2) pickles decode


def tiny_dataset(n: int = 16) -> Dataset:
    rng = np.random.default_rng(3)
    x = rng.random((n, 6, 6, 1), dtype=np.float32)
    y = np.arange(n, dtype=np.int64) % 2
    return Dataset("tiny", x, y, x[:5], y[:5], x[:5], y[:5], ("a", "b"), "random pixels")


@pytest.fixture
def keras_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "keras_home"
    monkeypatch.setenv("KERAS_HOME", str(home))
    return home


# ---------------------------------------------------------------------------
# Embedded datasets and the catalogue
# ---------------------------------------------------------------------------


def test_list_datasets_puts_embedded_first_without_loading():
    infos = data.list_datasets()
    assert [i.name for i in infos[:3]] == ["fashion_mnist_sample", "digits", "shapes"]
    assert {i.name for i in infos} >= {"fashion_mnist", "mnist", "cifar10"}
    assert all(not i.needs_download for i in infos if i.source == "embedded")


def test_list_datasets_sees_cached_files(keras_home: Path):
    assert next(i for i in data.list_datasets() if i.name == "mnist").needs_download
    write_mnist(keras_home)
    assert not next(i for i in data.list_datasets() if i.name == "mnist").needs_download


def test_digits_are_real_28x28_scaled_and_split():
    ds = data.load_dataset("digits")
    assert ds.input_shape == (28, 28, 1) and ds.num_classes == 10
    assert ds.class_names == tuple("0123456789")
    assert len(ds.y_train) + len(ds.y_val) + len(ds.y_test) == 1797
    assert len(ds.y_test) == pytest.approx(0.2 * 1797, abs=10)
    for x, y in ((ds.x_train, ds.y_train), (ds.x_val, ds.y_val), (ds.x_test, ds.y_test)):
        assert x.dtype == np.float32 and y.dtype == np.int64
        assert x.min() >= 0.0 and x.max() <= 1.0
        assert set(y.tolist()) == set(range(10))
    assert ds.x_train.max() > 0.9                     # real ink, not all-dark images


def test_digits_same_seed_same_split_and_limit_caps_each_split():
    a, b = data.load_dataset("digits", seed=5), data.load_dataset("digits", seed=5)
    np.testing.assert_array_equal(a.x_val, b.x_val)
    small = data.load_dataset("digits", limit=50)
    assert (len(small.y_train), len(small.y_val), len(small.y_test)) == (50, 50, 50)


def test_shapes_are_deterministic_and_every_class_has_ink():
    x1, y1 = data.make_shapes(seed=3, per_class=20)
    x2, y2 = data.make_shapes(seed=3, per_class=20)
    x3, _ = data.make_shapes(seed=4, per_class=20)
    np.testing.assert_array_equal(x1, x2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.array_equal(x1, x3)
    assert x1.shape == (20 * len(data.SHAPE_CLASSES), 28, 28, 1) and x1.dtype == np.float32
    for k in range(len(data.SHAPE_CLASSES)):
        bright_pixels = (x1[y1 == k] > 0.5).sum(axis=(1, 2, 3))
        assert bright_pixels.min() >= 5, data.SHAPE_CLASSES[k]


def test_shapes_dataset_has_all_classes_in_every_split():
    ds = data.load_dataset("shapes", seed=1)
    assert ds.input_shape == (28, 28, 1)
    assert 1500 <= len(ds.y_train) + len(ds.y_val) + len(ds.y_test) <= 3000
    for y in (ds.y_train, ds.y_val, ds.y_test):
        assert set(y.tolist()) == set(range(len(data.SHAPE_CLASSES)))


SPRITE = Path(__file__).resolve().parents[2] / "shared" / "data" / "fashion_mnist_sprite" / \
    "fashion-mnist-sprite.png"


def test_fashion_sample_is_900_images_90_per_class_in_the_sprite_layout():
    x, y = data.fashion_sample_arrays()
    assert x.shape == (900, 28, 28) and x.dtype == np.uint8
    assert np.bincount(y).tolist() == [90] * 10
    # The README's layout: tile (r, c) is image r * 30 + c, each class three rows of 30 tiles.
    for r, c in [(0, 0), (2, 29), (3, 0), (14, 7), (27, 0), (29, 29)]:
        assert y[r * 30 + c] == r // 3
    assert data.FASHION_CLASSES[9] == "Ankle boot" and data.FASHION_CLASSES[0] == "T-shirt/top"
    assert len({image.tobytes() for image in x}) == 900    # 900 different pictures


def test_fashion_sample_mean_pixel_is_the_published_72():
    x, _ = data.fashion_sample_arrays()
    assert x.mean() == pytest.approx(72.0, abs=0.05)      # README: mean pixel value 72.0, as for the full set


def test_fashion_sample_is_a_light_garment_on_black():
    x, _ = data.fashion_sample_arrays()
    corners = np.concatenate([x[:, :3, :3], x[:, :3, -3:], x[:, -3:, :3], x[:, -3:, -3:]], axis=1)
    assert np.median(x[:, :, [0, -1]]) == 0 and corners.mean() < 3     # the background is black
    assert x[:, 10:18, 10:18].mean() > 120                              # the centre: the garment


def test_fashion_sample_pixels_are_the_sprites():
    if not SPRITE.is_file():
        pytest.skip("the Fashion-MNIST sprite is not beside the repository")
    x, y = data.fashion_sample_arrays()
    with Image.open(SPRITE) as sprite:
        assert sprite.size == (840, 840)
        grey = sprite.convert("L")                                 # Pillow's own reading, not the script's
        for r, c in [(0, 0), (1, 17), (10, 3), (20, 29), (28, 14), (29, 0)]:
            tile = np.asarray(grey.crop((c * 28, r * 28, c * 28 + 28, r * 28 + 28)))
            np.testing.assert_array_equal(x[r * 30 + c], tile)
        assert float(np.asarray(grey, dtype=np.float64).mean()) == pytest.approx(float(x.mean()), abs=1e-9)


def _source_index(images: np.ndarray) -> list[int]:
    """Where each float image of a split came from among the 900 embedded ones."""
    raw, _ = data.fashion_sample_arrays()
    where = {image.tobytes(): i for i, image in enumerate(raw)}
    return [where[np.rint(image[..., 0] * 255).astype(np.uint8).tobytes()] for image in images]


def test_fashion_sample_splits_are_disjoint_stratified_and_seeded():
    ds = data.load_dataset("fashion_mnist_sample")
    assert ds.name == "fashion_mnist_sample" and ds.class_names == data.FASHION_CLASSES
    assert ds.input_shape == (28, 28, 1) and ds.raw_max == 255.0
    assert ds.x_train.dtype == np.float32 and ds.x_train.min() >= 0.0 and ds.x_train.max() <= 1.0
    _, y = data.fashion_sample_arrays()
    splits = {name: _source_index(getattr(ds, f"x_{name}")) for name in ("train", "val", "test")}
    assert sum(len(v) for v in splits.values()) == 900 and len(set().union(*splits.values())) == 900
    for name, per_class in (("train", 65), ("val", 7), ("test", 18)):   # 90 = 65 + 7 + 18 in every class
        np.testing.assert_array_equal(getattr(ds, f"y_{name}"), y[splits[name]])
        assert np.bincount(getattr(ds, f"y_{name}"), minlength=10).tolist() == [per_class] * 10
    again = data.load_dataset("fashion_mnist_sample")
    np.testing.assert_array_equal(again.x_test, ds.x_test)
    np.testing.assert_array_equal(again.y_train, ds.y_train)
    other = data.load_dataset("fashion_mnist_sample", seed=1)
    assert set(_source_index(other.x_test)) != set(splits["test"])


def test_fashion_sample_is_the_default_everywhere():
    from cnnviz.__main__ import build_parser
    from cnnviz.train import training

    info = data.list_datasets()[0]
    assert info.name == "fashion_mnist_sample" and info.source == "embedded" and not info.needs_download
    assert "Zalando Research" in info.description and "MIT" in info.description
    assert "Zalando Research" in data.load_dataset("fashion_mnist_sample", limit=1).description
    assert training.TrainConfig().dataset == "fashion_mnist_sample"
    assert build_parser().parse_args(["train"]).dataset == "fashion_mnist_sample"


def test_fashion_sample_ships_inside_the_package_with_its_license():
    assert embedded.FASHION_SAMPLE_FILE.parent == Path(data.__file__).resolve().parents[1] / "assets"
    assert embedded.FASHION_SAMPLE_FILE.stat().st_size < 700_000
    notice = (embedded.FASHION_SAMPLE_FILE.parent / "FASHION_MNIST_LICENSE").read_text(encoding="utf-8")
    assert "Copyright © 2017 Zalando SE" in notice and "The MIT License" in notice
    with np.load(embedded.FASHION_SAMPLE_FILE, allow_pickle=False) as f:
        assert "Zalando Research" in str(f["source"]) and "Zalando SE" in str(f["license"])
    git = subprocess.run(["git", "check-ignore", "-q", str(embedded.FASHION_SAMPLE_FILE)],
                         cwd=Path(data.__file__).parent, capture_output=True)
    assert git.returncode == 1, "the embedded sample is git-ignored, so it would not ship"


@pytest.mark.parametrize("content", [None, b"not an npz"])
def test_missing_or_damaged_fashion_sample_is_explained(content: bytes | None, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "fashion_mnist_sample.npz"
    if content is not None:
        path.write_bytes(content)
    monkeypatch.setattr(embedded, "FASHION_SAMPLE_FILE", path)
    with pytest.raises(DatasetError, match="built-in Fashion-MNIST sample") as info:
        data.load_dataset("fashion_mnist_sample")
    assert "Fashion-MNIST 샘플" in info.value.text("ko") and str(tmp_path) not in str(info.value)


def test_featured_sample_is_the_first_ankle_boot_of_the_test_split():
    ds = data.load_dataset("fashion_mnist_sample")
    index = data.featured_sample(ds)
    assert ds.class_names[ds.y_test[index]] == "Ankle boot"
    assert 9 not in ds.y_test[:index].tolist()
    x = np.zeros((4, 28, 28, 1), np.float32)
    made_up = Dataset("fashion_mnist", x, np.arange(4), x, np.arange(4), x, np.array([0, 3, 9, 9]),
                      data.FASHION_CLASSES, "four images")
    assert data.featured_sample(made_up) == 2
    no_boot = Dataset("fashion_mnist", x, np.arange(4), x, np.arange(4), x, np.array([0, 3, 4, 1]),
                      data.FASHION_CLASSES, "four images")
    assert data.featured_sample(no_boot) == 0
    assert data.featured_sample(data.load_dataset("digits", limit=20)) == 0


def test_unknown_dataset_names_the_choices():
    with pytest.raises(DatasetError, match="digits"):
        data.load_dataset("imagenet")


# ---------------------------------------------------------------------------
# Keras datasets, read from fake files in the real formats
# ---------------------------------------------------------------------------


def test_mnist_reads_the_cached_npz(keras_home: Path):
    arrays = write_mnist(keras_home)
    ds = data.load_dataset("mnist", val_fraction=0.25)
    assert ds.input_shape == (28, 28, 1) and ds.num_classes == 10
    assert len(ds.y_train) + len(ds.y_val) == 12 and len(ds.y_val) >= 1
    np.testing.assert_allclose(ds.x_test[..., 0], arrays["x_test"] / 255.0, atol=1e-6)
    np.testing.assert_array_equal(ds.y_test, arrays["y_test"])
    assert ds.y_train.dtype == np.int64 and ds.x_train.dtype == np.float32
    assert len(data.load_dataset("mnist", limit=3).y_train) == 3


def test_fashion_mnist_reads_the_cached_idx_files(keras_home: Path):
    arrays = write_fashion(keras_home)
    ds = data.load_dataset("fashion_mnist", val_fraction=0.2)
    assert ds.class_names[0] == "T-shirt/top" and ds.input_shape == (28, 28, 1)
    np.testing.assert_allclose(ds.x_test[..., 0], arrays["t10k-images-idx3-ubyte.gz"] / 255.0, atol=1e-6)
    np.testing.assert_array_equal(ds.y_test, [9, 0, 1, 2])
    assert len(ds.y_train) + len(ds.y_val) == 10


def test_cifar10_reads_the_cached_batches_channels_last(keras_home: Path):
    write_cifar(keras_home)
    ds = data.load_dataset("cifar10", val_fraction=0.0)
    assert ds.input_shape == (32, 32, 3) and ds.class_names[8] == "ship"
    assert len(ds.y_train) == 10 and len(ds.y_test) == 2
    red = ds.x_train[np.all(np.isclose(ds.x_train[:, 0, 0], [1.0, 0.0, 128 / 255]), axis=-1)]
    assert len(red) == 1 and np.allclose(red[0, ..., 2], 128 / 255)
    np.testing.assert_allclose(ds.x_test, 35 / 255, atol=1e-6)      # test_batch is the 6th file


def test_damaged_cache_file_is_explained(keras_home: Path):
    (keras_home / "datasets").mkdir(parents=True)
    (keras_home / "datasets" / "mnist.npz").write_bytes(b"not an npz")
    with pytest.raises(DatasetError, match="damaged"):
        data.load_dataset("mnist")


@pytest.mark.parametrize("name, title, size", [("mnist", "MNIST", "11"),
                                               ("fashion_mnist", "Fashion-MNIST", "30"),
                                               ("cifar10", "CIFAR-10", "170")])
def test_offline_download_is_one_short_translated_line(name: str, title: str, size: str, keras_home: Path,
                                                       monkeypatch: pytest.MonkeyPatch):
    # Port 9 on localhost refuses at once, so the test is quick even where the internet works.
    url = "http://127.0.0.1:9/" + ("" if name == "fashion_mnist" else "file.bin")
    monkeypatch.setitem(downloads._ORIGINS, name, url)
    with pytest.raises(DatasetError) as info:
        data.load_dataset(name)
    english, korean = info.value.text("en"), info.value.text("ko")
    assert str(info.value) == english
    assert english == (f"Could not download {title} (about {size} MB); check the internet connection. "
                       "The built-in datasets work offline.")
    assert korean.startswith(f"{title}(약 {size}MB)") and "인터넷" in korean and "내장 데이터셋" in korean
    for message in (english, korean):
        assert "http" not in message and "127.0.0.1" not in message and "/" not in message
        assert "Errno" not in message and "refused" not in message.lower() and "111" not in message
        assert str(keras_home) not in message and str(Path.home()) not in message and "~" not in message
        assert len(message) < 160
    assert info.value.__cause__ is not None      # the URL and errno stay with the developer's traceback


# ---------------------------------------------------------------------------
# Image folders
# ---------------------------------------------------------------------------


def test_folder_split_sizes_resize_and_classes(tmp_path: Path):
    root = make_folder(tmp_path / "weather", {"cloudy": 10, "rain": 10, "shine": 10})
    ds = data.load_image_folder(root, image_size=(16, 24), val_fraction=0.2, test_fraction=0.2)
    assert ds.class_names == ("cloudy", "rain", "shine") and ds.name == "weather"
    assert (len(ds.y_train), len(ds.y_val), len(ds.y_test)) == (18, 6, 6)
    assert ds.x_train.shape[1:] == (16, 24, 3) and ds.x_train.dtype == np.float32
    assert ds.x_train.min() >= 0.0 and ds.x_train.max() <= 1.0
    for y in (ds.y_train, ds.y_val, ds.y_test):
        assert set(y.tolist()) == {0, 1, 2}
    again = data.load_image_folder(root, image_size=(16, 24), val_fraction=0.2, test_fraction=0.2)
    np.testing.assert_array_equal(ds.x_test, again.x_test)


def test_folder_converts_rgb_to_grayscale_and_back(tmp_path: Path):
    for name, color in (("red", (255, 0, 0)), ("blue", (0, 0, 255))):
        (tmp_path / "rgb" / name).mkdir(parents=True)
        for i in range(3):
            (tmp_path / "rgb" / name / f"{i}.png").write_bytes(png_bytes(color))
    gray = data.load_image_folder(tmp_path / "rgb", image_size=(8, 8), channels=1)
    assert gray.input_shape == (8, 8, 1)
    red = gray.class_names.index("red")
    x_red = np.concatenate([gray.x_train[gray.y_train == red], gray.x_test[gray.y_test == red]])
    np.testing.assert_allclose(x_red, 76 / 255, atol=1e-6)          # ITU-R 601: 0.299 * 255

    make_folder(tmp_path / "gray", {"a": 3, "b": 3}, mode="L")
    rgb = data.load_image_folder(tmp_path / "gray", image_size=(8, 8), channels=3)
    assert rgb.input_shape == (8, 8, 3)
    np.testing.assert_array_equal(rgb.x_train[..., 0], rgb.x_train[..., 2])


def test_folder_turns_jpeg_upright_from_exif(tmp_path: Path):
    for name in ("up", "other"):
        (tmp_path / "photos" / name).mkdir(parents=True)
    stored = Image.new("L", (20, 10), 0)
    stored.paste(255, (0, 0, 10, 10))                 # left half white as stored
    exif = Image.Exif()
    exif[0x0112] = 6                                   # "rotate 90° clockwise to display"
    for i in range(2):
        stored.save(tmp_path / "photos" / "up" / f"{i}.jpg", exif=exif)
        stored.save(tmp_path / "photos" / "other" / f"{i}.jpg")
    ds = data.load_image_folder(tmp_path / "photos", image_size=(20, 10), channels=1,
                                val_fraction=0.0, test_fraction=0.0)
    upright = ds.x_train[ds.y_train == ds.class_names.index("up")][0, ..., 0]
    assert upright[:8].mean() > 0.8 and upright[12:].mean() < 0.2   # left became top


def test_folder_uses_a_given_test_split(tmp_path: Path):
    make_folder(tmp_path / "data" / "train", {"a": 6, "b": 6})
    make_folder(tmp_path / "data" / "test", {"a": 2, "b": 3})
    ds = data.load_image_folder(tmp_path / "data", image_size=(8, 8), val_fraction=0.2)
    assert len(ds.y_test) == 5 and sorted(ds.y_test.tolist()) == [0, 0, 1, 1, 1]
    assert len(ds.y_train) + len(ds.y_val) == 12 and len(ds.y_val) >= 2
    assert "test split" in ds.description


def test_folder_skips_non_images_and_says_so(tmp_path: Path):
    root = make_folder(tmp_path / "pets", {"cat": 4, "dog": 4})
    (root / "cat" / "fake.png").write_text("<html>not an image</html>")
    (root / "dog" / "notes.txt").write_text("hello")
    ds = data.load_image_folder(root, image_size=(8, 8), val_fraction=0.0, test_fraction=0.25)
    assert len(ds.y_train) + len(ds.y_test) == 8
    assert "fake.png" in ds.description and "notes.txt" in ds.description


def test_folder_with_no_usable_images_is_explained(tmp_path: Path):
    for name in ("a", "b"):
        (tmp_path / "bad" / name).mkdir(parents=True)
        (tmp_path / "bad" / name / "x.png").write_text("text, not pixels")
    with pytest.raises(DatasetError, match="No usable images.*x.png"):
        data.load_image_folder(tmp_path / "bad")


def test_folder_with_one_class_is_explained(tmp_path: Path):
    root = make_folder(tmp_path / "only", {"cats": 5})
    with pytest.raises(DatasetError, match="two"):
        data.load_image_folder(root)
    (tmp_path / "only" / "dogs").mkdir()
    (tmp_path / "only" / "dogs" / "broken.jpg").write_bytes(b"\xff\xd8 not really")
    with pytest.raises(DatasetError, match="Only the class “cats”"):
        data.load_image_folder(root)


def test_empty_folder_is_explained(tmp_path: Path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(DatasetError, match="one subfolder per class"):
        data.load_image_folder(tmp_path / "empty")


# ---------------------------------------------------------------------------
# Zip uploads
# ---------------------------------------------------------------------------


def test_zip_with_wrapper_folder_and_mac_junk_loads(tmp_path: Path):
    entries = two_class_entries("my pets/")
    entries["__MACOSX/my pets/cat/._img0.png"] = b"resource fork"
    entries["my pets/.DS_Store"] = b"finder"
    ds = data.load_image_zip(zip_bytes(entries), image_size=(8, 8), val_fraction=0.2, test_fraction=0.2)
    assert ds.class_names == ("cat", "dog") and ds.name == "uploaded images"
    assert len(ds.y_train) + len(ds.y_val) + len(ds.y_test) == 10
    assert "Skipped" not in ds.description

    path = tmp_path / "pets.zip"
    path.write_bytes(zip_bytes(two_class_entries()))
    assert data.load_image_zip(path, image_size=(8, 8)).name == "pets"


@pytest.mark.parametrize("bad_name", ["../evil.png", "cat/../../evil.png", "/tmp/evil.png",
                                      "C:/evil.png", "..\\evil.png"])
def test_zip_with_escaping_path_is_refused_and_writes_nothing(bad_name: str, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch):
    work = tmp_path / "work" / "deep"
    work.mkdir(parents=True)
    monkeypatch.setattr(tempfile, "tempdir", str(work))     # extraction would happen in here
    entries = two_class_entries()
    entries[bad_name] = png_bytes((1, 2, 3))
    with pytest.raises(DatasetError, match="unsafe"):
        data.load_image_zip(zip_bytes(entries))
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]
    assert not list(work.iterdir())


def test_zip_with_symlink_entry_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, content in two_class_entries().items():
            zf.writestr(name, content)
        link = zipfile.ZipInfo("cat/link.png")
        link.external_attr = (0o120777 << 16)
        zf.writestr(link, "/etc/passwd")
    with pytest.raises(DatasetError, match="symbolic link"):
        data.load_image_zip(buffer.getvalue())


@pytest.mark.parametrize("content", [b"this is not a zip", b"", zip_bytes(two_class_entries())[:200]])
def test_corrupt_zip_is_refused(content: bytes):
    with pytest.raises(DatasetError, match="not a readable zip"):
        data.load_image_zip(content)


def test_zip_bomb_caps():
    archive = zip_bytes(two_class_entries())
    with pytest.raises(DatasetError, match="zip bomb"):
        data.load_image_zip(archive, max_files=3)
    with pytest.raises(DatasetError, match="zip bomb"):
        data.load_image_zip(archive, max_total_bytes=100)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("a/zeros.png", bytes(5_000_000))     # 5 MB of zeros, a few KB compressed
    assert len(buffer.getvalue()) < 50_000
    with pytest.raises(DatasetError, match="zip bomb"):
        data.load_image_zip(buffer.getvalue(), max_total_bytes=1_000_000)


def png_1bit_header_bomb(side: int = 12_000) -> bytes:
    """A valid 1-bit greyscale PNG, side×side black pixels: a few KB that declare side² pixels."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    rows = bytes((1 + (side + 7) // 8) * side)               # per row: filter byte 0, then 1 bit a pixel
    ihdr = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)   # bit depth 1, greyscale
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(rows, 9))
            + chunk(b"IEND", b""))


def dds_fuzzed() -> bytes:
    """A DDS header with a pixel format Pillow's DDS reader lacks (it raises NotImplementedError)."""
    return (b"DDS " + struct.pack("<7I", 124, 0x1007, 8, 8, 0, 0, 0) + bytes(44)
            + struct.pack("<2I", 32, 0x4) + b"ZZZZ" + bytes(104))


def zip_with_raw_names(entries: dict[bytes, bytes]) -> bytes:
    """A zip whose names are the given bytes, without the UTF-8 flag (as older Windows zip tools write)."""
    placeholders = {raw: f"{i:0{len(raw)}d}"[: len(raw)].encode() for i, raw in enumerate(entries)}
    archive = zip_bytes({placeholders[raw].decode(): content for raw, content in entries.items()})
    for raw, placeholder in placeholders.items():
        assert archive.count(placeholder) == 2             # the local header and the central directory
        archive = archive.replace(placeholder, raw)
    return archive


@pytest.mark.parametrize("encoding", ["cp949", "utf-8"])
def test_zip_names_without_the_utf8_flag_decode_to_korean_class_names(encoding: str):
    classes = ("고양이", "강아지")
    entries = {f"{cls}/사진{i}.png".encode(encoding): png_bytes((100 * k, i, 50))
               for k, cls in enumerate(classes) for i in range(3)}
    archive = zip_with_raw_names(entries)
    with zipfile.ZipFile(io.BytesIO(archive)) as zf:
        assert not any(info.flag_bits & 0x800 for info in zf.infolist())
        assert "고양이" not in zf.namelist()[0]             # Python alone reads the bytes as CP437 mojibake
    ds = data.load_image_zip(archive, image_size=(8, 8), val_fraction=0.0, test_fraction=0.0)
    assert sorted(ds.class_names) == sorted(classes) and len(ds.y_train) == 6


def test_zip_decomposed_hangul_names_become_composed():
    entries = {f"{unicodedata.normalize('NFD', cls)}/{i}.png": png_bytes((100 * k, i, 50))
               for k, cls in enumerate(("고양이", "개")) for i in range(2)}
    ds = data.load_image_zip(zip_bytes(entries), image_size=(8, 8), val_fraction=0.0, test_fraction=0.0)
    assert set(ds.class_names) == {"고양이", "개"}          # NFC: equal to what a Korean keyboard types


@pytest.mark.parametrize("clash", [("cat/a.png", "cat/a.png/b.png"), ("cat/b.png/c.png", "cat/b.png")])
def test_zip_with_a_file_and_a_folder_of_the_same_name_is_explained(clash: tuple[str, str]):
    entries = two_class_entries() | {name: png_bytes((1, 2, 3)) for name in clash}
    with pytest.raises(DatasetError, match="both a file and a folder named “cat/") as info:
        data.load_image_zip(zip_bytes(entries))
    assert "같은 이름의 파일과 폴더" in info.value.text("ko")


def test_zip_with_a_300_character_name_is_explained():
    entries = two_class_entries() | {"cat/" + "x" * 296 + ".png": png_bytes((1, 2, 3))}
    with pytest.raises(DatasetError, match="is 300 bytes long; a file or folder name can have at most 255"):
        data.load_image_zip(zip_bytes(entries))


def test_zip_path_too_deep_for_the_os_is_a_message_not_an_os_error():
    deep = "/".join(["d" * 250] * 20) + "/x.png"             # each name fine, the whole path > 4,096 bytes
    entries = two_class_entries() | {f"cat/{deep}": png_bytes((1, 2, 3))}
    with pytest.raises(DatasetError, match="could not unpack"):
        data.load_image_zip(zip_bytes(entries))


def test_zip_pixel_bombs_are_skipped_by_the_cap_before_decoding():
    bomb = png_1bit_header_bomb()
    assert len(bomb) < 40_000 and struct.unpack(">II", bomb[16:24]) == (12_000, 12_000)  # IHDR width, height
    entries = two_class_entries() | {f"cat/bomb{i}.png": bomb for i in range(4)}
    start = time.perf_counter()
    ds = data.load_image_zip(zip_bytes(entries), image_size=(8, 8), val_fraction=0.0, test_fraction=0.0)
    elapsed = time.perf_counter() - start
    assert len(ds.y_train) == 10 and all(f"cat/bomb{i}.png" in ds.description for i in range(4))
    assert elapsed < 1.5, elapsed                            # decoding all four took ~3.6 s before the cap


def test_zip_with_an_unsupported_format_skips_that_file():
    entries = two_class_entries() | {"cat/texture.dds": dds_fuzzed(), "dog/photo.png": dds_fuzzed()}
    ds = data.load_image_zip(zip_bytes(entries), image_size=(8, 8), val_fraction=0.0, test_fraction=0.0)
    assert len(ds.y_train) == 10
    assert "Skipped 2 file(s)" in ds.description and "cat/texture.dds" in ds.description


def test_zip_total_pixels_budget():
    entries = {f"{cls}/{i}.png": png_bytes((9, 9, 9), size=(100, 50)) for cls in ("a", "b") for i in range(3)}
    archive = zip_bytes(entries)                             # 6 images × 100×50 = 30,000 pixels
    ds = data.load_image_zip(archive, image_size=(8, 8), max_total_pixels=30_000)
    assert ds.num_classes == 2
    with pytest.raises(DatasetError, match="more than 0.029999 megapixels together") as info:
        data.load_image_zip(archive, image_size=(8, 8), max_total_pixels=29_999)
    assert "0.029999메가픽셀" in info.value.text("ko") and "8×8" in str(info.value)


def test_zip_decodes_like_an_upload():
    """One decoder: a zip's pixels are exactly what images.to_array makes of the same file, in 8-bit steps."""
    from cnnviz.uploads import images

    rng = np.random.default_rng(0)
    files = {f"{cls}/{i}.png": rng.integers(0, 256, (20, 30, 4), dtype=np.uint8)
             for cls in "ab" for i in range(2)}
    encoded = {}
    for name, pixels in files.items():
        buffer = io.BytesIO()
        Image.fromarray(pixels, "RGBA").save(buffer, format="PNG")
        encoded[name] = buffer.getvalue()
    ds = data.load_image_zip(zip_bytes(encoded), image_size=(8, 12), val_fraction=0.0, test_fraction=0.0)
    expected = images.to_array(images.decode_image(encoded["a/0.png"]), (8, 12), 3)
    assert any(np.allclose(x, expected, atol=0.5 / 255) for x in ds.x_train)
    # RGBA on white by hand for one pixel of a 1×1 picture: colour·alpha + 255·(1 − alpha)
    one = io.BytesIO()
    Image.fromarray(np.array([[[200, 100, 0, 128]]], np.uint8), "RGBA").save(one, format="PNG")
    tiny = data.load_image_zip(zip_bytes({"a/0.png": one.getvalue(), "b/0.png": one.getvalue()}),
                               image_size=(1, 1), val_fraction=0.0, test_fraction=0.0)
    alpha = 128 / 255
    assert tiny.x_train[0, 0, 0].tolist() == pytest.approx(
        [round(c * alpha + 255 * (1 - alpha)) / 255 for c in (200, 100, 0)], abs=1e-6)


# ---------------------------------------------------------------------------
# Explanations, augmentation and batches
# ---------------------------------------------------------------------------


def test_preprocessing_steps_explain_scaling_and_layout(keras_home: Path):
    write_mnist(keras_home)
    steps = data.preprocessing_steps(data.load_dataset("mnist"))
    text = " ".join(steps)
    assert "255" in text and "0–1" in text and "(28, 28, 1)" in text and "channels_last" in text
    assert "16" in " ".join(data.preprocessing_steps(data.load_dataset("digits", limit=20)))


def test_augmentation_warnings():
    assert any("9" in w for w in data.augmentation_warnings("digits", Augmentation(rotation=0.5)))
    assert data.augmentation_warnings("mnist", Augmentation(flip_horizontal=True))
    assert data.augmentation_warnings("digits", Augmentation(rotation=0.02)) == []
    assert any("upside-down" in w for w in data.augmentation_warnings("cifar10",
                                                                      Augmentation(flip_vertical=True)))
    assert data.augmentation_warnings("cifar10", Augmentation(flip_horizontal=True)) == []
    assert data.augmentation_warnings("fashion_mnist", Augmentation(flip_vertical=True))
    assert data.augmentation_warnings("fashion_mnist_sample", Augmentation(flip_vertical=True))
    assert data.augmentation_warnings("fashion_mnist_sample", Augmentation(flip_horizontal=True)) == []
    assert any("traffic" in w for w in data.augmentation_warnings("my_photos",
                                                                  Augmentation(brightness=0.6)))


def test_augmentation_settings_are_checked():
    assert not Augmentation().enabled and Augmentation(zoom=0.1).enabled
    assert data.augmenter(Augmentation()) is None
    with pytest.raises(DatasetError, match="rotation"):
        Augmentation(rotation=0.7)


def test_augmenter_keeps_shape_and_range():
    x = tiny_dataset().x_train
    aug = Augmentation(True, True, rotation=0.1, zoom=0.2, brightness=0.3, contrast=0.3)
    out = np.asarray(data.augmenter(aug, seed=1)(x, training=True))
    assert out.shape == x.shape
    assert out.min() >= 0.0 and out.max() <= 1.0 and not np.allclose(out, x)


def test_only_the_training_split_is_augmented():
    ds = tiny_dataset()
    batch_x, batch_y = next(iter(data.train_batches(ds, 16, Augmentation(flip_horizontal=True), seed=0)))
    batch_x, batch_y = batch_x.numpy(), batch_y.numpy()
    flipped = 0
    for image, label in zip(batch_x, batch_y, strict=True):
        same = [i for i, raw in enumerate(ds.x_train) if np.array_equal(image, raw)]
        mirrored = [i for i, raw in enumerate(ds.x_train) if np.array_equal(image, raw[:, ::-1])]
        assert len(same) + len(mirrored) == 1          # every image is a raw one, maybe mirrored
        assert ds.y_train[(same or mirrored)[0]] == label
        flipped += bool(mirrored)
    assert flipped > 0

    plain = np.concatenate([x.numpy() for x, _ in data.train_batches(ds, 5)])
    assert sorted(map(bytes, plain)) == sorted(map(bytes, ds.x_train))   # shuffled, not changed

    evaluated = list(data.eval_batches(ds.x_val, ds.y_val, 2))
    np.testing.assert_array_equal(np.concatenate([x.numpy() for x, _ in evaluated]), ds.x_val)
    np.testing.assert_array_equal(np.concatenate([y.numpy() for _, y in evaluated]), ds.y_val)


def test_augmented_batches_repeat_with_the_same_seed():
    ds = tiny_dataset(40)
    aug = Augmentation(flip_horizontal=True, zoom=0.2, rotation=0.05)
    def two_epochs() -> np.ndarray:
        batches = data.train_batches(ds, 4, aug, seed=7)
        return np.concatenate([x.numpy() for _epoch in range(2) for x, _ in batches])

    runs = [two_epochs(), two_epochs()]
    np.testing.assert_array_equal(runs[0], runs[1])
    assert not np.array_equal(runs[0][:40], runs[0][40:])          # a new shuffle and new draws each epoch


def test_bad_batch_size_is_explained():
    with pytest.raises(DatasetError, match="batch size"):
        data.eval_batches(np.zeros((2, 4, 4, 1), np.float32), np.zeros(2, np.int64), 0)


def test_fingerprint_tells_two_uploads_with_one_name_apart() -> None:
    a = data.load_dataset("shapes", limit=40)
    b = Dataset(a.name, a.x_train, a.y_train, a.x_val, a.y_val, 1.0 - a.x_test, a.y_test, a.class_names, "")
    assert data.fingerprint(a) == data.fingerprint(data.load_dataset("shapes", limit=40))  # same content
    assert data.fingerprint(a) != data.fingerprint(b)  # same name and labels, other pictures
