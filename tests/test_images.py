"""Tests for cnnviz/images.py over a generated corpus of good pictures and bad uploads."""

from __future__ import annotations

import io
import re
import threading
import time
import warnings

import keras
import numpy as np
import pytest
from make_image_corpus import BAD, GOOD, CorpusCase, make_case, make_corpus, mutants
from PIL import Image, ImageDraw, ImageFile

from cnnviz.core import i18n
from cnnviz.core.errors import CnnvizError, ImageError
from cnnviz.uploads import images, photos


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
    assert x.min() >= 0.0 and x.max() <= 1.0
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
    assert caught.value.key == case.error_key, (name, caught.value.key)
    if case.error_key:  # a keyed message reads the same values in Korean, with nothing left unfilled
        korean = caught.value.text("ko")
        assert korean != message and "{" not in korean and re.search("[\uac00-\ud7a3]", korean)


@pytest.mark.parametrize("name", list(BAD))
def test_bad_case_through_to_model_input_is_the_same_refusal(corpus, name, grey_model):
    data = corpus[name].path.read_bytes()
    with pytest.raises(ImageError) as direct:
        images.decode_image(data)
    with pytest.raises(ImageError) as via_model:
        images.to_model_input(data, grey_model)
    assert str(via_model.value) == str(direct.value)


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
    assert "only its first frame is used" in images.describe_conversion(image, (4, 4, 3))


@pytest.mark.parametrize("name", list(GOOD))
def test_first_frame_note_only_for_animations(corpus, name):
    case = corpus[name]
    text = images.describe_conversion(images.decode_image(case.path.read_bytes()), (28, 28, 1))
    assert ("first frame" in text) == case.frames_note, (name, text)


def test_apng_claiming_billions_of_frames_is_read_at_once(corpus):
    data = corpus["apng_claims_billions_of_frames"].path.read_bytes()
    with Image.open(io.BytesIO(data)) as claimed:
        assert claimed.n_frames >= 2**31 - 1  # what the file says, and what cnnviz must not repeat or walk
    start = time.perf_counter()
    image = images.decode_image(data)
    assert time.perf_counter() - start < 1.0
    assert image.getpixel((4, 4)) == (255, 0, 0)
    for lang in ("en", "ko"):
        text = images.describe_conversion(image, (28, 28, 1), lang=lang)
        assert i18n.t("img.first_frame", lang) in text and not re.search(r"2,?147,?483,?64[78]", text)


def test_invalid_exif_orientation_is_ignored_silently(corpus):
    data = corpus["jpeg_exif_orientation_invalid"].path.read_bytes()
    with Image.open(io.BytesIO(data)) as stored:
        assert stored.getexif()[0x0112] == 99  # the file really carries the invalid tag
    image = images.decode_image(data)
    assert image.size == (40, 20) and image.getpixel((4, 10))[0] > 200  # as stored: red on the left
    for lang in ("en", "ko"):
        text = images.describe_conversion(image, (28, 28, 3), lang=lang)
        assert "EXIF" not in text and i18n.t("img.step_exif", lang) not in text


@pytest.mark.parametrize("orientation, size", [(1, (40, 20)), (2, (40, 20)), (3, (40, 20)), (5, (20, 40)),
                                               (6, (20, 40)), (8, (20, 40)), (0, (40, 20)), (9, (40, 20))])
def test_only_orientations_2_to_8_are_reported_as_turned(orientation, size):
    exif = Image.Exif()
    exif[0x0112] = orientation
    buf = io.BytesIO()
    Image.new("RGB", (40, 20)).save(buf, "JPEG", exif=exif)
    image = images.decode_image(buf.getvalue())
    assert image.size == size  # the EXIF standard: 5–8 swap width and height, 2–4 keep them
    turned = "EXIF" in images.describe_conversion(image, (28, 28, 3))
    assert turned == (2 <= orientation <= 8)


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
    assert x.min() >= 0.0 and x.max() <= 1.0


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
    with pytest.raises(ImageError, match=f"is {len(data)} bytes, more than the {len(data) - 1} bytes"):
        images.decode_image(data, max_bytes=len(data) - 1)
    with pytest.raises(ImageError, match="60×30 = 1,800 pixels; cnnviz accepts at most 1,799 pixels"):
        images.decode_image(data, max_pixels=60 * 30 - 1)
    assert images.decode_image(data, max_bytes=len(data), max_pixels=60 * 30).size == (60, 30)


def test_pillow_globals_are_left_alone(corpus):
    before = (Image.MAX_IMAGE_PIXELS, ImageFile.LOAD_TRUNCATED_IMAGES, list(warnings.filters))
    for name in ("bomb_pillow_warning", "bomb_pillow_error", "gif_first_frame_bomb", "truncated_png"):
        with pytest.raises(ImageError):
            images.decode_image(corpus[name].path.read_bytes())
    assert (Image.MAX_IMAGE_PIXELS, ImageFile.LOAD_TRUNCATED_IMAGES, list(warnings.filters)) == before
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False


@pytest.mark.parametrize("name", ["bomb_pillow_warning", "gif_first_frame_bomb"])
def test_pillow_would_warn_but_cnnviz_refuses_first_without_a_warning(corpus, name):
    data = corpus[name].path.read_bytes()
    with warnings.catch_warnings(record=True) as pillow_alone:  # the test may use the process-wide filter
        warnings.simplefilter("always")
        Image.open(io.BytesIO(data)).close()
    assert {w.category for w in pillow_alone} == {Image.DecompressionBombWarning}
    with warnings.catch_warnings(record=True) as ours:
        warnings.simplefilter("always")
        with pytest.raises(ImageError, match="100,000,000 pixels"):
            images.decode_image(data)
    assert ours == []


def test_the_pixel_cap_never_exceeds_pillows_warning_threshold(corpus):
    assert images.MAX_PIXELS < Image.MAX_IMAGE_PIXELS  # 40 MP against Pillow's 89,478,485
    data = corpus["bomb_pillow_warning"].path.read_bytes()  # 100 MP
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(ImageError) as refused:
            images.decode_image(data, max_pixels=10**9)  # a caller's higher cap is held to Pillow's
    assert caught == []
    assert f"{Image.MAX_IMAGE_PIXELS:,} pixels" in str(refused.value)


def test_decoding_in_threads_touches_no_shared_state(corpus):
    good = corpus["png_rgba"].path.read_bytes()
    bomb = corpus["bomb_pillow_warning"].path.read_bytes()
    errors: list[BaseException] = []

    def work(data: bytes) -> None:
        for _ in range(20):
            try:
                images.decode_image(data)
            except ImageError:
                pass
            except BaseException as err:  # noqa: BLE001 - reported below
                errors.append(err)

    before = list(warnings.filters)
    threads = [threading.Thread(target=work, args=(data,)) for data in (good, bomb) * 4]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and list(warnings.filters) == before


def test_only_the_listed_formats_are_parsed():
    buf = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buf, "ICO")  # a format Pillow reads, but not one we accept
    with pytest.raises(ImageError, match="PNG, JPEG"):
        images.decode_image(buf.getvalue())
    assert images.IMAGE_TYPES == ["png", "jpg", "jpeg", "bmp", "webp", "gif", "tif", "tiff"]


@pytest.mark.parametrize("n_bytes, key, words", [
    (20 * 2**20 + 1, "img.too_big_bytes", "20,971,521 bytes, more than the 20,971,520 bytes"),
    (20 * 2**20 + 52_428, "img.too_big_bytes", "21,023,948 bytes"),  # 20.049… MB: still "20.0" at 0.1 MB
    (20 * 2**20 + 52_429, "img.too_big", "The file is 20.1 MB; cnnviz accepts images up to 20 MB"),
    (150 * 2**20, "img.too_big", "The file is 150 MB; cnnviz accepts images up to 20 MB"),
])
def test_early_size_refusal_says_a_true_size(n_bytes, key, words):
    with pytest.raises(ImageError) as caught:
        images.check_upload_size(n_bytes)
    assert caught.value.key == key and words in str(caught.value)
    assert "{" not in caught.value.text("ko")


def test_early_size_refusal_matches_the_decoders(corpus):
    images.check_upload_size(images.MAX_UPLOAD_BYTES)  # exactly at the cap: accepted
    data = corpus["oversized"].path.read_bytes()
    with pytest.raises(ImageError) as early:
        images.check_upload_size(len(data))
    with pytest.raises(ImageError) as decoded:
        images.decode_image(data)
    assert (early.value.key, early.value.values) == (decoded.value.key, decoded.value.values)


def test_fuzzed_uploads_raise_only_cnnviz_errors(tmp_path, grey_model, rgb_model):
    # a fixed seed, a few hundred damaged copies of the good cases: each must decode or be refused with a
    # CnnvizError, through the same calls the page makes. benchmarks/fuzz_uploads.py runs longer.
    outcomes = {"decoded": 0, "refused": 0}
    with warnings.catch_warnings(record=True) as caught:  # Pillow's "corrupt EXIF" notes are expected
        warnings.simplefilter("always")
        _fuzz(tmp_path, grey_model, rgb_model, outcomes)
    assert outcomes["decoded"] > 30 and outcomes["refused"] > 30, outcomes  # both paths really exercised
    assert not [w for w in caught if issubclass(w.category, Image.DecompressionBombWarning)]


def _fuzz(folder, grey_model, rgb_model, outcomes: dict[str, int]) -> None:
    for i, data in enumerate(mutants(folder, 300, seed=20240611)):
        try:
            for model in (grey_model, rgb_model):
                x = images.to_model_input(data, model, fit="crop" if i % 2 else "stretch", invert=None)
                assert x.dtype == np.float32 and np.isfinite(x).all() and x.min() >= 0.0 and x.max() <= 1.0
            images.describe_conversion(images.decode_image(data), (28, 28, 1), lang="ko")
            outcomes["decoded"] += 1
        except CnnvizError as err:
            assert str(err) and "{" not in err.text("ko")
            outcomes["refused"] += 1
        except Exception as err:  # anything else is a bug: name the case so it can be replayed
            pytest.fail(f"mutant {i} raised {type(err).__name__}: {err}")


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


# --- real photos: inversion, centre crop, distance from the training images --------------------------------


def dark_seven_on_white(size: int = 200) -> Image.Image:
    """A thick black "7" drawn on white paper, as a student would photograph or draw it."""
    image = Image.new("RGB", (size, size), "white")
    s = size / 200
    ImageDraw.Draw(image).line([(50 * s, 40 * s), (150 * s, 40 * s), (90 * s, 170 * s)], fill="black",
                               width=round(18 * s))
    return image


def ring_mean(x: np.ndarray, width: int) -> float:
    """Mean of the outer `width` pixels of an (H, W, C) array, computed from four slices."""
    h, w = x.shape[:2]
    parts = [x[:width], x[-width:], x[width:-width, :width], x[width:-width, -width:]]
    return float(sum(p.sum() for p in parts) / sum(p.size for p in parts))


def test_dark_digit_on_white_is_inverted_for_a_model_trained_on_dark_backgrounds():
    picture = images.decode_image(_png(dark_seven_on_white()))
    plain = images.prepare(picture, (28, 28, 1), invert=None, background=None)
    assert not plain.inverted and ring_mean(plain.x[0], 3) > 0.95
    assert plain.border == pytest.approx(ring_mean(plain.x[0], 3), abs=1e-6)  # 10% of 28 → a 3-pixel frame
    assert photos.background_is_light(plain.x[0])
    flipped = images.prepare(picture, (28, 28, 1), invert=None, background="dark")
    assert flipped.inverted and flipped.border == plain.border  # the border is measured before inverting
    assert ring_mean(flipped.x[0], 3) < 0.2 and not photos.background_is_light(flipped.x[0])
    np.testing.assert_allclose(flipped.x, 1.0 - plain.x, atol=1e-6)
    grey = picture.convert("L").resize((28, 28), Image.Resampling.BILINEAR)
    expected = 1.0 - np.asarray(grey, np.float32) / 255
    np.testing.assert_allclose(flipped.x[0, ..., 0], expected, atol=1e-6)
    assert flipped.x[0, 5, 14, 0] > 0.9  # the top bar of the 7 (y = 40 of 200) is now bright
    for background in ("light", "mixed"):
        assert not images.prepare(picture, (28, 28, 1), invert=None, background=background).inverted


def test_explicit_invert_overrides_the_automatic_choice():
    dark = images.decode_image(_png(Image.new("L", (10, 10), 30)))
    assert images.prepare(dark, (10, 10, 1), invert=None, background="dark").inverted is False
    forced = images.prepare(dark, (10, 10, 1), invert=True)
    assert forced.inverted and forced.x[0, 0, 0, 0] == pytest.approx(1 - 30 / 255, abs=1e-6)
    light = images.decode_image(_png(dark_seven_on_white()))
    assert images.prepare(light, (28, 28, 1), invert=False, background="dark").inverted is False
    with pytest.raises(ValueError, match="fit"):
        images.prepare(light, (28, 28, 1), fit="squash")


def wide_test_card() -> np.ndarray:
    """A 100-high, 300-wide grey picture: random pixels, so any shift or resampling shows."""
    return np.random.default_rng(5).integers(0, 256, (100, 300), dtype=np.uint8)


def test_centre_crop_keeps_the_middle_100_by_100_of_a_300_by_100_picture():
    pixels = wide_test_card()
    picture = images.decode_image(_png(Image.fromarray(pixels)))
    cropped = images.prepare(picture, (100, 100, 1), fit="crop")
    assert cropped.box == (100, 0, 200, 100) and cropped.fit == "crop"
    np.testing.assert_allclose(cropped.x[0, ..., 0], pixels[:, 100:200] / 255.0, atol=1e-6)


def test_stretch_keeps_all_content_and_crop_drops_the_sides():
    pixels = np.full((100, 300), 128, np.uint8)
    pixels[:, :100], pixels[:, 200:] = 0, 255  # black left third, white right third
    picture = images.decode_image(_png(Image.fromarray(pixels)))
    stretched = images.prepare(picture, (100, 100, 1), fit="stretch").x[0, ..., 0]
    assert stretched[:, :30].max() < 0.01 and stretched[:, -30:].min() > 0.99  # both sides still there
    assert stretched[:, 50] == pytest.approx(np.full(100, 128 / 255), abs=1e-6)
    cropped = images.prepare(picture, (100, 100, 1), fit="crop").x[0, ..., 0]
    assert cropped == pytest.approx(np.full((100, 100), 128 / 255), abs=1e-6)  # only the grey middle
    model = keras.Sequential([keras.Input((100, 100, 1)), keras.layers.Conv2D(1, 3)])
    data = _png(Image.fromarray(pixels))
    default = images.prepare(picture, (100, 100, 1)).x
    np.testing.assert_array_equal(images.to_model_input(data, model), default)
    np.testing.assert_array_equal(images.to_model_input(data, model, fit="crop")[0, ..., 0], cropped)


@pytest.mark.parametrize(("size", "target", "box"), [
    ((300, 100), (28, 28), (100, 0, 200, 100)),  # wide: the sides go
    ((100, 300), (28, 28), (0, 100, 100, 200)),  # tall: top and bottom go
    ((640, 480), (28, 28), (80, 0, 560, 480)),  # a phone photo: 480 wide kept, 80 cut each side
    ((100, 100), (50, 100), (0, 25, 100, 75)),  # a model twice as wide as high
    ((64, 64), (28, 28), (0, 0, 64, 64)),  # same proportions: nothing cut
])
def test_centre_crop_box_matches_a_hand_calculation(size, target, box):
    assert images.centre_crop_box(size, target) == box


def test_training_background_of_real_and_made_datasets():
    from cnnviz import data

    assert photos.training_background(data.load_dataset("digits").x_train) == "dark"
    assert photos.training_background(data.load_dataset("shapes").x_train) == "dark"
    paper = np.ones((20, 10, 10, 1), np.float32)
    paper[:, 3:7, 3:7] = 0.0  # dark ink in the middle, white border
    assert photos.training_background(paper) == "light"
    assert photos.training_background(np.concatenate([paper, 1 - paper])) == "mixed"


def test_expected_background_prefers_what_the_checkpoint_records():
    stats = photos.training_stats(np.zeros((3, 8, 8, 1), np.float32))
    assert stats.background == "dark"
    assert photos.expected_background({"background": "light"}, stats) == "light"
    assert photos.expected_background({"steps": []}, stats) == "dark"
    assert photos.expected_background({}, None) is None and photos.expected_background(None) is None
    assert photos.expected_background({"background": "purple"}, None) is None


def test_training_stats_and_distance_match_a_per_image_calculation():
    import statistics

    x_train = np.random.default_rng(7).beta(2, 5, (40, 6, 6, 1)).astype(np.float32)
    stats = photos.training_stats(x_train, chunk=7)  # chunks of 7 must give the same as one pass
    means = [statistics.fmean(float(v) for v in image.ravel()) for image in x_train]
    stds = [statistics.pstdev(float(v) for v in image.ravel()) for image in x_train]
    assert stats.count == 40
    assert stats.mean == pytest.approx(statistics.fmean(means), abs=1e-6)
    assert stats.mean_spread == pytest.approx(statistics.pstdev(means), abs=1e-6)
    assert stats.std == pytest.approx(statistics.fmean(stds), abs=1e-6)
    assert stats.std_spread == pytest.approx(statistics.pstdev(stds), abs=1e-6)
    bright = np.full((6, 6, 1), 0.9, np.float32)
    distance = photos.distance_from_training(bright[None], x_train)  # raw x_train or its stats: the same
    assert distance == photos.distance_from_training(bright, stats)
    assert distance.mean == pytest.approx(0.9) and distance.std == pytest.approx(0.0, abs=1e-7)
    z_mean = abs(0.9 - statistics.fmean(means)) / statistics.pstdev(means)
    z_std = statistics.fmean(stds) / statistics.pstdev(stds)
    assert distance.z_mean == pytest.approx(z_mean, rel=1e-5)
    assert distance.z_std == pytest.approx(z_std, rel=1e-5)
    assert distance.z == max(distance.z_mean, distance.z_std) and distance.far
    typical = photos.distance_from_training(x_train[0], stats)
    assert typical.z < 3 and not typical.far


def test_reasons_to_doubt_low_confidence_and_unfamiliar_statistics():
    x_train = np.random.default_rng(8).uniform(0.2, 0.4, (30, 5, 5, 1)).astype(np.float32)
    near = photos.distance_from_training(x_train[3], x_train)
    far = photos.distance_from_training(np.ones((5, 5, 1), np.float32), x_train)
    assert photos.reasons_to_doubt(0.97, near) == ()
    assert photos.reasons_to_doubt(0.49, near) == ("confidence",)
    assert photos.reasons_to_doubt(0.5, None) == ()  # exactly 50% is not below the threshold
    assert photos.reasons_to_doubt(0.97, far) == ("statistics",)
    assert photos.reasons_to_doubt(0.3, far) == ("confidence", "statistics")
    assert photos.reasons_to_doubt(None, None) == ()


def test_describe_conversion_tells_crop_and_inversion_in_both_languages():
    picture = images.decode_image(_png(Image.fromarray(wide_test_card())))
    text = images.describe_conversion(picture, (28, 28, 1), fit="crop", inverted=True)
    assert text.startswith("Your 300×100 greyscale PNG was converted to 28×28 greyscale")
    assert "its middle 100×100 cut out" in text and "resized from 100×100 to 28×28 (bilinear)" in text
    assert "brightness inverted (1 − value)" in text and "aspect ratio is not kept" not in text
    korean = images.describe_conversion(picture, (28, 28, 1), fit="crop", inverted=True, lang="ko")
    assert korean.startswith("올린 이미지(300×100 회색조 PNG)를 모델 입력(28×28 회색조)으로 바꿨습니다")
    assert "가운데 100×100만 잘라 냄" in korean and "밝기를 뒤집음" in korean and "{" not in korean
    stretched = images.describe_conversion(picture, (28, 28, 1), fit="stretch", lang="ko")
    assert "300×100에서 28×28로 크기 조정" in stretched and "가로세로 비율이 바뀜" in stretched


def test_one_channel_conversion_by_hand() -> None:
    rgba = np.array([[[1.0, 0.0, 0.0, 0.5]]], dtype=np.float32)  # half-transparent red over white paper
    np.testing.assert_allclose(images.convert_channels(rgba, 3), [[[1.0, 0.5, 0.5]]])
    np.testing.assert_allclose(images.convert_channels(rgba, 1), [[[0.299 + 0.587 * 0.5 + 0.114 * 0.5]]], rtol=1e-6)
    np.testing.assert_allclose(images.convert_channels(np.full((1, 1, 1), 0.25), 3), [[[0.25, 0.25, 0.25]]])
    with pytest.raises(CnnvizError) as caught:
        images.convert_channels(np.zeros((1, 1, 5)), 3)
    assert caught.value.key == "error.channels"
