"""The words that say what a picture shows (`cnnviz.draw.describe`): every figure in them worked out by hand on
a small array built here, in English and Korean, names kept exactly as given, and every `st.image` given them."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import numpy as np
import pytest

from cnnviz.draw import describe

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = "<b>**x**</b> [a](http:y) _z_ `q` $k$ #h"  # a layer or class name full of markup
MARKUP = re.compile(r"[*_`\[\]<>#$\\|~]")  # what markdown or HTML would read; none of it comes from describe


def no_markup_but(text: str, *names: str) -> bool:
    """True when `text` holds each of `names` verbatim and, without them, no markdown or HTML character."""
    for name in names:
        assert name in text
        text = text.replace(name, "")
    return not MARKUP.search(text)


def test_numbers_have_three_significant_digits_and_a_true_minus_sign() -> None:
    assert describe.number(0.41234) == "0.412"
    assert describe.number(-1.5) == "−1.5"
    assert describe.number(-0.0) == "0"
    assert describe.number(np.float32(2.0)) == "2"
    assert describe.number(12345) == "1.23e+04"


# --- feature maps --------------------------------------------------------------------------------------


def constant_maps(values: list[float], h: int = 3, w: int = 4) -> np.ndarray:
    """(h, w, C) maps, channel c filled with values[c]: its mean is values[c]."""
    return np.ones((h, w, len(values)), np.float32) * np.asarray(values, np.float32)


def test_feature_maps_name_the_channel_with_the_largest_mean_and_the_mean_of_all() -> None:
    maps = constant_maps([0.1, 0.5, 2.0, 0.3, 0.0])  # strongest: channel 2 (mean 2); all: 2.9 / 5 = 0.58
    english = describe.feature_maps(maps, "conv1", "en")
    assert english == ("Feature maps of conv1: 5 maps of 3×4; the strongest is channel 2 (mean activation 2); "
                       "mean activation over all maps 0.58.")
    korean = describe.feature_maps(maps, "conv1", "ko", strongest_first=True)
    assert "conv1의 특성 맵" in korean and "3×4 맵 5개" in korean and "채널 2(평균 활성값 2)" in korean
    assert "0.58" in korean and korean.endswith("가장 강한 맵부터 놓았습니다.")


def test_the_strongest_map_is_the_largest_mean_not_the_largest_value() -> None:
    maps = np.zeros((2, 2, 3), np.float32)
    maps[0, 0, 0] = 3.0  # one bright unit: mean 0.75
    maps[..., 1] = 1.0  # evenly active: mean 1 (the strongest)
    maps[..., 2] = [[1.0, 1.0], [1.0, 0.5]]  # mean 0.875
    assert "channel 1 (mean activation 1)" in describe.feature_maps(maps, "c", "en")
    # equal means: the first, as activations.channel_order ranks them
    assert "channel 0 (mean" in describe.feature_maps(constant_maps([0.5, 0.5]), "c", "en")


def test_one_map_says_its_range_and_where_its_largest_value_is() -> None:
    plane = np.array([[0.0, 1.0, 0.5, -0.25],
                      [0.0, 0.0, 0.0, 0.0],
                      [0.2, 4.0, 0.0, 3.0]], np.float32)  # largest: 4 at row 2, column 1
    english = describe.one_map(plane, 7, "conv2", "en")
    assert english == ("Channel 7 of conv2, 3×4: values from −0.25 to 4; the largest at row 2, column 1 (row 0, "
                       "column 0 is the top left).")
    korean = describe.one_map(plane, 7, "conv2", "ko")
    assert "conv2의 채널 7, 3×4" in korean and "−0.25부터 4까지" in korean and "2행 1열" in korean
    plane[2, 3] = 4.0  # two places share the largest: how many, and the first in reading order
    assert "the largest in 2 places, the first at row 2, column 1" in describe.one_map(plane, 7, "conv2", "en")
    below = -np.eye(4)  # −1 on the diagonal, 0 in the other 12 places: the first of them at row 0, column 1
    assert "from −1 to 0; the largest in 12 places, the first at row 0, column 1" in \
        describe.one_map(below, 0, "c", "en")
    assert describe.one_map(np.full((2, 5), 0.5), 0, "c", "en") == "Channel 0 of c, 2×5: every value is 0.5."


def test_a_residual_map_is_named_as_the_labs_page_names_its_part() -> None:
    plane = np.eye(3, dtype=np.float32)
    text = describe.residual_map(plane, 2, "fx", "conv_a → conv_b", "en")
    assert text.startswith("Channel 2 of F(x) (conv_a → conv_b), 3×3: values from 0 to 1")
    assert describe.residual_map(plane, 2, "x", "add_in", "ko").startswith("x (지름길: add_in)의 채널 2")


def test_the_colour_bar_says_what_its_ends_stand_for() -> None:
    assert describe.colour_bar("en", (-0.5, 2.3456)) == \
        "Colour scale: the left end stands for −0.5, the right end for 2.35."
    assert "맵마다 가장 작은 값" in describe.colour_bar("ko")


# --- kernels -------------------------------------------------------------------------------------------


def test_kernels_give_count_size_range_sign_share_and_the_strongest() -> None:
    weights = np.zeros((3, 3, 1, 4), np.float32)  # four 3×3 filters on one input channel
    weights[0, 0, 0, 0] = 0.2
    weights[1, 1, 0, 2] = -0.9  # the largest magnitude: filter 2
    weights[2, 2, 0, 3] = 0.4
    text = describe.kernels(weights, "conv1", "Trained", "en", limit=1.0)
    assert text.startswith("Kernels of conv1 (Trained): 4 kernels of 3×3 on their one input channel.")
    # 36 weights drawn, 2 above 0: 6%; the scale ±1 (the limit given), else ±0.9 (the largest magnitude)
    assert "from −0.9 to 0.4, 6% of them above 0" in text and "from −1 at one end" in text
    assert "Kernel 2 holds the largest magnitude (0.9)" in text
    assert "from −0.9 at one end" in describe.kernels(weights, "conv1", "Trained", "en")
    korean = describe.kernels(weights, "conv1", "학습 후", "ko", limit=1.0)
    assert "conv1의 커널(학습 후)" in korean and "3×3 커널 4개" in korean and "커널 2에 있습니다" in korean


def test_kernels_in_each_drawing_mode_describe_what_is_drawn() -> None:
    rgb = np.zeros((1, 1, 3, 2), np.float32)
    rgb[0, 0, :, 1] = [0.3, -0.6, 0.0]  # filter 1 holds the largest magnitude
    text = describe.kernels(rgb, "c", "w", "en")  # auto: three input channels drawn in colour
    assert "2 kernels of 1×1, drawn in colour" in text and "Kernel 1 holds the largest magnitude (0.6)" in text
    one_channel = np.zeros((2, 2, 2, 3), np.float32)
    one_channel[0, 1, 1, 2] = 5.0  # input channel 1 only: its mean over both channels is 2.5
    assert "Kernel 2 holds the largest magnitude (5)" in describe.kernels(one_channel, "c", "w", "en", "channel", 1)
    assert "input channel 1 of 2" in describe.kernels(one_channel, "c", "w", "en", "channel", 1)
    assert "(2.5)" in describe.kernels(one_channel, "c", "w", "en", "mean")
    depthwise = np.zeros((2, 2, 2, 2), np.float32)  # (kh, kw, input channels, multiplier)
    depthwise[0, 0, 1, 0] = -3.0  # input channel 1, multiplier 0: tile 1·2 + 0 = 2
    text = describe.kernels(depthwise, "dw", "w", "en", "depthwise")
    assert "4 kernels of 2×2, one per input channel and multiplier (2 input channels × 2)" in text
    assert "Kernel 2 holds the largest magnitude (3)" in text
    matrix = np.zeros((1, 1, 2, 3), np.float32)
    matrix[0, 0, 1, 2], matrix[0, 0, 0, 0] = -0.8, 0.1
    text = describe.kernels(matrix, "pw", "w", "en", "matrix")
    assert "a 1×1 convolution as a 2×3 matrix" in text and "is at input channel 1 → filter 2" in text
    assert "from −0.8 to 0.1, 17% of them above 0" in text  # 1 of 6


# --- pictures and predictions ----------------------------------------------------------------------------


def test_the_input_says_its_number_label_size_and_tone() -> None:
    grey = np.zeros((1, 5, 6, 1), np.float32)
    assert describe.input_image(grey, "en", index=7, label="Ankle boot") == \
        "Test image 7: Ankle boot, 5×6 grey, as the model takes it."
    assert describe.input_image(grey, "ko", index=7, label="앵클 부츠") == \
        "테스트 이미지 7번: 앵클 부츠, 모델이 받는 5×6 흑백 이미지."
    equal = np.repeat(np.linspace(0, 1, 12).reshape(3, 4, 1), 3, axis=-1)  # three equal channels: grey
    assert describe.input_image(equal, "en", index=0) == "Test image 0, 3×4 grey, as the model takes it."
    colour = equal.copy()
    colour[0, 0, 2] = 0.5
    assert describe.input_image(colour, "en") == "Your picture as the model takes it: 3×4 colour."
    assert "컬러" in describe.input_image(colour, "ko")
    assert "with 4 channels" in describe.input_image(np.zeros((2, 2, 4)), "en")


NAMES = ["cat", "dog", "bird", "fish", "frog"]


def test_a_prediction_grid_counts_right_and_wrong_and_names_the_mistakes() -> None:
    true = np.array([0, 1, 2, 3, 4, 0])
    predicted = np.array([0, 2, 2, 3, 0, 0])  # two mistakes: image 1 dog → bird, image 4 frog → cat
    english = describe.predictions(true, predicted, NAMES, "en")
    assert english == ("6 test images, each labelled with its true class and the prediction: 4 right, 2 wrong. "
                       "Mistakes (true → predicted): test image 1, dog → bird; test image 4, frog → cat.")
    korean = describe.predictions(true, predicted, NAMES, "ko", indices=[10, 11, 12, 13, 14, 15])
    assert "4개 맞음, 2개 틀림" in korean and "테스트 이미지 11번, dog → bird" in korean
    assert "테스트 이미지 14번, frog → cat" in korean
    assert describe.predictions(true, true, NAMES, "en").endswith("6 right, 0 wrong.")
    five_wrong = describe.predictions(true[:5], (true[:5] + 1) % 5, NAMES, "en")
    assert five_wrong.endswith("Mistakes (true → predicted): test image 0, cat → dog; test image 1, dog → bird; "
                               "test image 2, bird → fish and 2 more.")


def test_the_mistakes_grid_lists_the_surest_first_with_their_confidence() -> None:
    true, predicted = np.array([3, 1, 4, 0]), np.array([1, 3, 0, 2])
    confidence = np.array([0.984, 0.75, 0.5, 0.3])
    text = describe.mistakes(true, predicted, NAMES, confidence, "en", indices=[40, 7, 12, 3])
    assert text == ("The 4 wrong predictions the model was surest about, surest first (true → predicted): "
                    "test image 40, fish → dog (98% sure); test image 7, dog → fish (75% sure); "
                    "test image 12, frog → cat (50% sure) and 1 more.")
    korean = describe.mistakes(true, predicted, NAMES, confidence, "ko")  # numbered 0, 1, 2... without indices
    assert korean.startswith("모델이 가장 확신했던 오답 4개") and korean.endswith("(확신도 50%) 외 1개.")
    assert "테스트 이미지 0번, fish → dog (확신도 98%); 테스트 이미지 1번, dog → fish (확신도 75%)" in korean


# --- attributions --------------------------------------------------------------------------------------


def test_region_shares_follow_the_area_of_each_pixel() -> None:
    lower_right = np.zeros((4, 4))
    lower_right[2:, 2:] = 1.0  # the centre (rows and columns 1–2) holds pixel (2, 2) of these four: a quarter
    shares = describe.region_shares(lower_right)
    assert shares == pytest.approx({"centre": 0.25, "upper_left": 0, "upper_right": 0, "lower_left": 0,
                                    "lower_right": 1})
    middle = np.zeros((3, 3))
    middle[1, 1] = 2.0  # the centre pixel of an odd size: a quarter of its area in each quarter
    assert describe.region_shares(middle) == pytest.approx(
        {"centre": 1, "upper_left": 0.25, "upper_right": 0.25, "lower_left": 0.25, "lower_right": 0.25})
    uniform = describe.region_shares(np.ones((5, 7)))
    assert uniform == pytest.approx(dict.fromkeys(describe.REGIONS, 0.25))


def test_region_shares_count_positive_attribution_summed_over_channels() -> None:
    a = np.zeros((2, 2, 2))
    a[0, 0] = [-5.0, -1.0]  # against the class: left out
    a[0, 1] = [3.0, -1.0]  # 2 for the class, upper right
    a[1, 0] = [1.0, 1.0]  # 2, lower left
    a[1, 1] = [4.0, 2.0]  # 6, lower right: 6 of 10
    assert describe.region_shares(a)["lower_right"] == pytest.approx(0.6)
    assert describe.main_region(a) == ("lower_right", pytest.approx(0.6))
    assert describe.main_region(-np.ones((3, 3))) == (None, 0.0)


def test_an_attribution_names_method_class_layer_and_the_region_of_most_weight() -> None:
    heat = np.zeros((4, 4))
    heat[2:, 2:] = 1.0
    assert describe.attribution(heat, "grad_cam", "Ankle boot", "en", layer="conv2") == \
        "Grad-CAM for Ankle boot at layer conv2: 100% of the positive attribution lies in the lower right quarter."
    korean = describe.attribution(heat, "grad_cam", "앵클 부츠", "ko", layer="conv2")
    assert korean == "conv2 층에서 본 앵클 부츠의 Grad-CAM: 양의 기여도의 100%가 오른쪽 아래 4분의 1에 있습니다."
    upper_left = np.zeros((6, 6))
    upper_left[:3, :3], upper_left[5, 5] = 1.0, 9.0  # 9 of 18 upper left, 9 lower right: the tie goes to the first
    assert "50% of the positive attribution lies in the upper left quarter" in \
        describe.attribution(upper_left, "saliency", "cat", "en")
    centre = np.zeros((3, 3))
    centre[1, 1] = 1.0
    assert describe.attribution(centre, "occlusion", "cat", "en").endswith("lies in the centre.")


def test_an_even_or_empty_attribution_says_so() -> None:
    text = describe.attribution(np.ones((4, 6)), "saliency", "cat", "en", random_weights=True)
    assert text == ("Saliency for cat (the same model, weights random): the positive attribution is spread over "
                    "the picture (no quarter, nor the centre, holds more than 25%).")
    near_even = np.ones((4, 4))
    near_even[0, 0] = 1.5  # upper left: 4.5 of 16.5 = 27%, not above a third
    assert "spread over the picture" in describe.attribution(near_even, "saliency", "cat", "en")
    assert "양의 기여도를 갖지 않습니다" in describe.attribution(-np.ones((2, 2)), "occlusion", "cat", "ko")


# --- what filters look for -------------------------------------------------------------------------------


def test_patches_and_optimised_pictures_give_their_figures() -> None:
    text = describe.patches(np.array([2.3141, 1.5, 1.05]), 5, (9, 7), "en")
    assert text == ("The 3 image patches of 9×7 pixels that excite filter 5 most, strongest first: activations "
                    "from 2.31 down to 1.05.")
    assert "필터 5번" in describe.patches(np.array([1.0]), 5, (9, 7), "ko")
    image = np.zeros((8, 8, 3), np.float32)
    image[..., 0] = 1.0
    assert describe.optimised(image, 4, 0.0123, 0.93, "en") == (
        "A picture optimised to excite filter 4, 8×8 colour: the filter's mean activation went from 0.0123 on "
        "the start image to 0.93.")


# --- text is text, and every picture has its words -------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_names_appear_exactly_as_given_and_describe_adds_no_markup(lang: str) -> None:
    maps = constant_maps([0.1, 0.2])
    weights = np.ones((2, 2, 1, 2), np.float32)
    heat = np.eye(4)
    texts = [
        (describe.feature_maps(maps, HOSTILE, lang, strongest_first=True), [HOSTILE]),
        (describe.one_map(maps[..., 0] + np.eye(3, 4), 0, HOSTILE, lang), [HOSTILE]),
        (describe.residual_map(maps[..., 0], 0, "out", HOSTILE, lang), [HOSTILE]),
        (describe.colour_bar(lang, (0, 1)), []),
        (describe.kernels(weights, HOSTILE, HOSTILE + "!", lang), [HOSTILE + "!", HOSTILE]),
        (describe.input_image(heat[..., None], lang, index=1, label=HOSTILE), [HOSTILE]),
        (describe.predictions(np.array([0, 1]), np.array([1, 1]), [HOSTILE, "y"], lang), [HOSTILE]),
        (describe.mistakes(np.array([0]), np.array([1]), [HOSTILE, "y"], np.array([0.9]), lang), [HOSTILE]),
        (describe.attribution(heat, "grad_cam", HOSTILE, lang, layer=HOSTILE + "2"), [HOSTILE + "2", HOSTILE]),
        (describe.patches(np.array([1.0, 0.5]), 3, (4, 4), lang), []),
        (describe.optimised(heat[..., None], 3, 0.1, 0.2, lang), []),
    ]
    hangul = re.compile("[\uac00-\ud7a3]")
    for text, names in texts:
        assert no_markup_but(text, *names), text
        assert bool(hangul.search(text.replace(HOSTILE, ""))) == (lang == "ko"), text


def _image_calls(path: Path) -> list[tuple[int, set[str]]]:
    """Every `.image(...)` call in a page: its line and keyword names."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [(node.lineno, {k.arg for k in node.keywords if k.arg})
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "image"]


def test_every_picture_a_page_draws_has_a_text_alternative() -> None:
    files = [*ROOT.glob("app_pages/**/*.py"), *ROOT.glob("app_state/*.py"), ROOT / "streamlit_app.py"]
    calls = {f"{path.relative_to(ROOT)}:{line}": "alt" in keywords
             for path in files for line, keywords in _image_calls(path)}
    assert len(calls) >= 20  # Kernels, Feature maps, Evaluate, Explain, Labs, Embedding, Filters, Compare...
    assert [where for where, has_alt in calls.items() if not has_alt] == []
