"""Tests for cnnviz/images.py over a generated corpus of good pictures and bad uploads."""

from __future__ import annotations

import io
import warnings

import keras
import numpy as np
import pytest
from PIL import Image, ImageFile

from cnnviz import images
from cnnviz.errors import ImageError
from make_image_corpus import BAD, GOOD, CorpusCase, make_case, make_corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, CorpusCase]:
    return make_corpus(tmp_path_factory.mktemp("image_corpus"))


@pytest.fixture(scope="module")
def grey_model() -> keras.Model:
    return keras.Sequential([keras.Input((28, 28, 1)), keras.layers.Conv2D(2, 3)])


@pytest.fixture(scope="module")
def rgb_model() -> keras.Model:
    return keras.Sequential([keras.Input((32, 32, 3)), keras.layers.Conv2D(2, 3)])


def _png(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, "PNG")
    return buf.getvalue()


def _check_probes(case: CorpusCase, x: np.ndarray) -> None:
    _, height, width, channels = x.shape
    for probe in case.probes:
        row, col = min(int(probe.y * height), height - 1), min(int(probe.x * width), width - 1)
        expected = probe.rgb if channels == 3 else (probe.grey(),)
        assert x[0, row, col] == pytest.approx(expected, abs=probe.tol), (case.name, probe)


@pytest.mark.parametrize("name", list(GOOD))
@pytest.mark.parametrize("model_name, shape", [("grey_model", (1, 28, 28, 1)), ("rgb_model", (1, 32, 32, 3))])
def test_good_case_becomes_model_input(corpus, name, model_name, shape, request):
    case = corpus[name]
    model = request.getfixturevalue(model_name)
    x = images.to_model_input(case.path.read_bytes(), model)
    assert x.shape == shape
    assert x.dtype == np.float32
    assert 0.0 <= x.min() and x.max() <= 1.0
    _check_probes(case, x)


@pytest.mark.parametrize("name", list(GOOD))
def test_good_case_decodes_upright_in_its_own_mode(corpus, name):
    case = corpus[name]
    image = images.decode_image(case.path.read_bytes())
    assert (image.size, image.mode) == (case.size, case.mode)
    image.getpixel((0, 0))  # fully loaded, detached from the upload's bytes


@pytest.mark.parametrize("name", list(BAD))
def test_bad_case_is_refused_with_a_message(corpus, name):
    case = corpus[name]
    with pytest.raises(ImageError) as caught:
        images.decode_image(case.path.read_bytes())
    message = str(caught.value)
    for word in case.error_words:
        assert word in message, (name, message)
    assert "Traceback" not in message and len(message) < 400


def test_bad_upload_through_to_model_input_is_an_image_error(corpus, grey_model):
    with pytest.raises(ImageError, match="PDF"):
        images.to_model_input(corpus["pdf"].path.read_bytes(), grey_model)


def test_refusals_keep_the_cause_for_developers(corpus):
    with pytest.raises(ImageError) as caught:
        images.decode_image(corpus["truncated_jpeg"].path.read_bytes())
    assert isinstance(caught.value.__cause__, OSError)


def test_exif_rotation_turns_the_stored_picture(corpus):
    data = corpus["jpeg_exif_rotated"].path.read_bytes()
    with Image.open(io.BytesIO(data)) as stored:
        assert stored.size == (40, 20)  # on disk: wide, red on top
    image = images.decode_image(data)
    assert image.size == (20, 40)
    assert image.getpixel((15, 20))[0] > 200 and image.getpixel((4, 20))[2] > 200  # red right, blue left


def test_gif_uses_the_first_frame(corpus):
    image = images.decode_image(corpus["gif_animated"].path.read_bytes())
    x = images.to_array(image, (4, 4), 3)
    assert x[2, 2] == pytest.approx([1.0, 0.0, 0.0], abs=0.01)
    assert "first of its 2 frames" in images.describe_conversion(image, (4, 4, 3))


def test_transparent_pixels_become_white_not_black():
    image = Image.new("RGBA", (1, 1), (0, 0, 0, 0))
    assert images.to_array(image, (1, 1), 1)[0, 0, 0] == 1.0
    assert images.to_array(image, (1, 1), 3)[0, 0].tolist() == [1.0, 1.0, 1.0]


def test_16bit_grey_is_scaled_by_its_bit_depth_not_clipped():
    image = Image.fromarray(np.full((2, 2), 32768, np.uint16))
    assert images.to_array(image, (2, 2), 1)[0, 0, 0] == pytest.approx(0.5, abs=1e-3)
    dark = Image.fromarray(np.full((2, 2), 300, np.uint16))  # "bright" if clipped at 255
    assert images.to_array(dark, (2, 2), 1)[0, 0, 0] == pytest.approx(300 / 65535, abs=1e-4)


def test_float_images_outside_0_1_are_stretched():
    values = np.array([[-2.0, 2.0], [0.0, np.nan]], np.float32)
    x = images.to_array(Image.fromarray(values), (2, 2), 1)
    assert x[0, 0, 0] == 0.0 and x[0, 1, 0] == 1.0 and x[1, 0, 0] == pytest.approx(0.5)


@pytest.mark.parametrize(
    "mode", ["1", "L", "LA", "La", "P", "PA", "RGB", "RGBA", "RGBa", "RGBX", "CMYK", "YCbCr", "HSV", "LAB",
             "I", "I;16", "I;16B", "F"]
)
@pytest.mark.parametrize("channels", [1, 3])
def test_every_pillow_mode_converts(mode, channels):
    x = images.to_array(Image.new(mode, (7, 5)), (3, 4), channels)
    assert x.shape == (3, 4, channels) and x.dtype == np.float32
    assert 0.0 <= x.min() and x.max() <= 1.0


def test_size_is_height_width_and_resizing_is_a_plain_stretch():
    image = Image.new("L", (100, 10), 255)
    image.paste(0, (0, 0, 50, 10))
    x = images.to_array(image, (6, 4), 1)  # (height, width)
    assert x.shape == (6, 4, 1)
    assert x[:, 0, 0].max() < 0.05 and x[:, -1, 0].min() > 0.95  # left half black, right white, every row


def test_other_channel_counts_are_refused():
    with pytest.raises(ImageError, match="1 .*or 3"):
        images.to_array(Image.new("RGB", (4, 4)), (4, 4), 4)


def test_caps_can_be_lowered(corpus):
    data = corpus["png_rgba"].path.read_bytes()
    with pytest.raises(ImageError, match="MB"):
        images.decode_image(data, max_bytes=len(data) - 1)
    with pytest.raises(ImageError, match="60×30 pixels"):
        images.decode_image(data, max_pixels=60 * 30 - 1)
    assert images.decode_image(data, max_bytes=len(data), max_pixels=60 * 30).size == (60, 30)


def test_pillow_globals_are_left_alone(corpus):
    before = (Image.MAX_IMAGE_PIXELS, ImageFile.LOAD_TRUNCATED_IMAGES, list(warnings.filters))
    for name in ("bomb_pillow_warning", "bomb_pillow_error", "truncated_png"):
        with pytest.raises(ImageError):
            images.decode_image(corpus[name].path.read_bytes())
    assert (Image.MAX_IMAGE_PIXELS, ImageFile.LOAD_TRUNCATED_IMAGES, list(warnings.filters)) == before
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False


def test_only_the_listed_formats_are_parsed():
    buf = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buf, "ICO")  # a format Pillow reads, but not one we accept
    with pytest.raises(ImageError, match="PNG, JPEG"):
        images.decode_image(buf.getvalue())
    assert images.IMAGE_TYPES == ["png", "jpg", "jpeg", "bmp", "webp", "gif", "tif", "tiff"]


def test_corpus_cases_can_be_made_one_at_a_time(tmp_path):
    case = make_case(tmp_path, "svg")
    assert case.path.parent == tmp_path and not case.good


# --- the model's side --------------------------------------------------------------------------------------


def test_model_input_spec_reads_height_width_channels(grey_model, rgb_model):
    assert images.model_input_spec(grey_model) == (28, 28, 1)
    assert images.model_input_spec(rgb_model) == (32, 32, 3)


def test_model_input_feeds_the_model(corpus, grey_model):
    x = images.to_model_input(corpus["png_rgba"].path.read_bytes(), grey_model)
    assert tuple(grey_model(x).shape) == (1, 26, 26, 2)


def test_two_input_model_is_refused():
    a, b = keras.Input((8, 8, 1), name="left"), keras.Input((8, 8, 1), name="right")
    model = keras.Model([a, b], keras.layers.Add()([a, b]))
    with pytest.raises(ImageError, match="2 inputs") as caught:
        images.model_input_spec(model)
    assert "left" in str(caught.value) and "single image input" in str(caught.value)


def test_dense_only_model_is_refused():
    model = keras.Sequential([keras.Input((784,)), keras.layers.Dense(10)])
    with pytest.raises(ImageError, match=r"\(None, 784\).*not an image"):
        images.model_input_spec(model)


def test_unbuilt_model_is_refused():
    with pytest.raises(ImageError, match="no input shape"):
        images.model_input_spec(keras.Sequential([keras.layers.Dense(10)]))


def _identity_model(shape: tuple) -> keras.Model:
    inputs = keras.Input(shape)
    return keras.Model(inputs, keras.layers.Activation("relu")(inputs))


def test_unknown_channels_and_odd_channels_are_refused():
    with pytest.raises(ImageError, match="channels"):
        images.model_input_spec(_identity_model((28, 28, None)))
    with pytest.raises(ImageError, match="channels-first"):
        images.model_input_spec(_identity_model((3, 32, 32)))


def test_any_size_model_uses_the_image_size_capped_at_512():
    model = keras.Sequential([keras.Input((None, None, 3)), keras.layers.Conv2D(2, 3)])
    assert images.model_input_spec(model) == (None, None, 3)
    small = images.to_model_input(_png(Image.new("RGB", (100, 50))), model)
    assert small.shape == (1, 50, 100, 3)
    large = images.to_model_input(_png(Image.new("RGB", (2048, 1024))), model)
    assert large.shape == (1, 256, 512, 3)


def test_describe_conversion_says_what_happened(corpus):
    image = images.decode_image(corpus["png_rgba"].path.read_bytes())
    text = images.describe_conversion(image, (28, 28, 1))
    assert text.startswith("Your 60×30 RGBA PNG was converted to 28×28 greyscale")
    for words in ("white", "colours mixed to grey", "bilinear", "aspect ratio is not kept", "0–1"):
        assert words in text
    grey16 = images.decode_image(corpus["png_16bit_grey"].path.read_bytes())
    text16 = images.describe_conversion(grey16, (32, 32, 3))
    assert "16-bit greyscale PNG" in text16 and "16-bit values divided by 65,535" in text16
    assert "grey value copied into R, G and B" in text16
    rotated = images.decode_image(corpus["jpeg_exif_rotated"].path.read_bytes())
    assert "EXIF" in images.describe_conversion(rotated, (20, 40, 3))
    assert "kept at its size" in images.describe_conversion(rotated, (40, 20, 3))
