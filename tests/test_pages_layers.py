"""Pages on an uploaded model with depthwise and separable convolutions, and the figures the lessons quote."""

from __future__ import annotations

import keras
import pytest
from helpers import image_captions, open_page, page_test
from streamlit.testing.v1 import AppTest


@pytest.fixture(scope="module")
def separable_keras(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A small CNN with Conv2D → DepthwiseConv2D (×2) → SeparableConv2D, saved as a .keras file."""
    inputs = keras.Input((6, 6, 1), name="input")
    x = keras.layers.Conv2D(4, 3, padding="same", name="conv")(inputs)
    x = keras.layers.DepthwiseConv2D(3, depth_multiplier=2, padding="same", name="dw")(x)
    x = keras.layers.SeparableConv2D(6, 3, padding="same", name="sep")(x)
    x = keras.layers.GlobalAveragePooling2D(name="gap")(x)
    outputs = keras.layers.Dense(3, activation="softmax", name="predictions")(x)
    path = tmp_path_factory.mktemp("upload") / "separable.keras"
    keras.Model(inputs, outputs).save(path)
    return path.read_bytes()


def open_uploaded(page: str, content: bytes, **query: str) -> AppTest:
    return open_page(page, upload=("separable.keras", content), **query)


def test_weights_page_shows_both_parts_of_a_separable_convolution(separable_keras: bytes) -> None:
    app = open_uploaded("weights", separable_keras, layer="sep")
    assert [h.value for h in app.subheader][:2] == [
        "Depthwise part: one filter per input channel",
        "Pointwise part: a 1×1 convolution that mixes the channels",
    ]
    assert len(app.get("plotly_chart")) == 2  # one histogram per part
    stats = [m.value for m in app.markdown if "standard deviation" in m.value]
    # depthwise 3·3·8·1 = 72 weights, pointwise 1·1·8·6 = 48, each trained and fresh
    assert [s.rsplit(", ", 1)[-1] for s in stats] == ["72 weights", "72 weights", "48 weights", "48 weights"]


def test_kernels_page_draws_depthwise_and_pointwise_parts(separable_keras: bytes) -> None:
    app = open_uploaded("kernels", separable_keras, layer="sep")
    assert len(image_captions(app)) == 4  # two parts, trained and fresh
    captions = [c.value for c in app.caption]
    assert any(c.startswith("8 depthwise filters of 3×3, 1 for each of the 8 input channel(s)")
               for c in captions)
    assert any(c.startswith("A 1×1 convolution as a 8×6 matrix") for c in captions)
    app.selectbox(key="layer").set_value("dw").run()
    assert not app.exception
    assert any(c.value.startswith("8 depthwise filters of 3×3, 2 for each of the 4 input channel(s)")
               for c in app.caption)


def test_kernels_page_korean_names_the_parts(separable_keras: bytes) -> None:
    app = open_uploaded("kernels", separable_keras, layer="sep", lang="ko")
    assert [h.value for h in app.subheader][:2] == [
        "깊이별(depthwise) 부분: 입력 채널마다 필터 하나", "점별(pointwise) 부분: 채널을 섞는 1×1 합성곱"]


def test_architecture_page_counts_separable_macs_and_says_when_the_field_outgrows_the_image(
        separable_keras: bytes) -> None:
    app = open_uploaded("architecture", separable_keras, layer="sep")
    table = app.dataframe[0].value.set_index("Name")
    # 6·6 positions × (3·3·8 depthwise + 8·6 pointwise) = 36 × 120, by hand
    assert table.loc["sep", "MACs"] == f"{6 * 6 * (3 * 3 * 8 + 8 * 6):,}" == "4,320"
    assert list(table.loc[["conv", "dw", "sep"], "Receptive field"]) == ["3", "5", "7"]
    markdown = [m.value for m in app.markdown]
    larger = ("Receptive field: each output value sees a 7×7 patch — larger than the 6×6 image; "
              "the rest is padding.")
    assert larger in markdown
    assert any(c.value.startswith("FLOPs = 2 × MACs") for c in app.caption)


def test_architecture_lessons_quote_measured_figures(separable_keras: bytes) -> None:
    app = open_uploaded("architecture", separable_keras)
    text = " ".join(m.value for m in app.markdown)
    assert "shrinks the 192 input channels to 96 or 16 first" in text
    assert "only 42% of the naive module's parameters (163,696 against 387,296)" in text
    assert "256 channels against 416" in text
    assert "the projection costs just 1×1×3×64 + 64 = 256" in text
    assert "256×256×3 with 64 filters has 38,976 parameters" in text


def test_architecture_of_classic_alexnet_gives_the_dense_share() -> None:
    app = page_test("architecture")
    app.query_params["model"] = "zoo:alexnet"
    app.run()
    app.toggle[0].set_value(True).run()
    assert not app.exception
    share = "Dense layers hold 94.0% of the parameters (58,631,144 of 62,378,344)"
    assert any(share in c.value for c in app.caption)


def test_home_zoo_table_speaks_korean() -> None:
    app = page_test("home")
    app.query_params["lang"] = "ko"
    app.run()
    assert not app.exception
    zoo_table = next(d.value for d in app.dataframe if "배울 점" in d.value.columns)
    row = zoo_table.set_index("이름").loc["residual_block"]
    assert "ResNet 논문의 투영은 선형입니다" in row["구조"]
