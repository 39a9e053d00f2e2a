"""cnnviz.overlays: colour positions, blending and the deletion chart, checked by hand and with matplotlib."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib import colormaps

from cnnviz.core.errors import ModelError
from cnnviz.explain import overlays, sanity


def test_heat_keeps_unit_maps_and_centres_signed_ones() -> None:
    unit = overlays.heat(np.array([[0.0, 0.5], [0.25, 2.0]]))
    assert not unit.signed and unit.limit == 2.0 and unit.cmap == "inferno"
    assert np.allclose(unit.values, [[0, 0.25], [0.125, 1]])
    signed = overlays.heat(np.array([[-1.0, 0.0], [0.5, 4.0]]))
    # ±4 at the ends: −1 → (−1/4 + 1)/2 = 0.375, 0 → 0.5, 0.5 → 0.5625, 4 → 1
    assert signed.signed and signed.limit == 4.0 and (signed.low, signed.high) == (-1.0, 4.0)
    assert np.allclose(signed.values, [[0.375, 0.5], [0.5625, 1.0]])
    channels = np.stack([np.ones((2, 2)), -3 * np.ones((2, 2))], axis=-1)  # (H, W, C): summed to −2
    assert overlays.heat(channels).signed and np.allclose(overlays.heat(channels).values, 0.0)
    assert np.array_equal(overlays.heat(np.zeros((3, 3))).values, np.zeros((3, 3)))
    for bad in (np.zeros(4), np.full((2, 2), np.nan), np.zeros((0, 3))):
        with pytest.raises(ModelError):
            overlays.heat(bad)


def test_overlay_blends_by_hand() -> None:
    image = np.array([[[0.0], [1.0]], [[0.4], [0.2]]], np.float32)  # grey, 2×2
    heat = overlays.heat(np.array([[0.0, 1.0], [0.5, 0.25]]))
    inferno = colormaps["inferno"]
    for opacity in (0.0, 0.3, 1.0):
        shown = overlays.overlay(image, heat, opacity, size=2)
        assert shown.shape == (2, 2, 3) and shown.dtype == np.uint8
        for (r, c), v in np.ndenumerate(heat.values):
            colour = np.floor(np.array(inferno(round(v * 255) / 255)[:3]) * 255)  # the 256-entry lookup
            expected = (1 - opacity) * image[r, c, 0] * 255 + opacity * colour
            assert np.abs(shown[r, c].astype(float) - expected).max() <= 0.5 + 1e-6
    assert np.array_equal(overlays.overlay(image, heat, 0.0, size=2)[1, 0], [102, 102, 102])  # 0.4 × 255
    big = overlays.overlay(image, heat, 0.5, size=224)
    assert big.shape == (224, 224, 3)
    assert np.array_equal(big[:112, :112], np.broadcast_to(big[0, 0], (112, 112, 3)))  # whole pixels
    for bad in (-0.1, 1.5, True, "0.5"):
        with pytest.raises(ModelError):
            overlays.overlay(image, heat, bad)
    with pytest.raises(ModelError):
        overlays.overlay(np.zeros((3, 3, 1)), heat)


def test_curve_figure_plots_each_curve_as_given() -> None:
    curve = sanity.Curve(np.array([0.0, 0.5, 1.0]), np.array([0.9, 0.3, 0.1]), 0.4, 9)
    fig = overlays.curve_figure([("a", curve), ("b", curve)], "x", "y")
    assert [trace.name for trace in fig.data] == ["a", "b"]
    assert list(fig.data[0].y) == [0.9, 0.3, 0.1] and fig.layout.xaxis.title.text == "x"
