"""The words that say what a picture shows: the text alternative (`alt`) of every picture a page draws.

Each function reads the same arrays the picture is drawn from and says, in English or Korean, what a reader
would see in it: how many maps and of what size, which is strongest, where a heat map puts its weight, which
predictions went wrong. The numbers are computed here, never typed; a page passes the text as `alt=`.

The texts are plain text for an HTML attribute: names (layers, classes) appear exactly as given, and nothing
here adds markdown or HTML. They say nothing about colours of a colour map (those may change); a scale is
described by what its ends stand for. Reductions are cheap: at most one pass over the arrays in hand.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from cnnviz.core import i18n

SHOWN_MISTAKES = 3  # wrong predictions named one by one in a grid's text; the rest counted
SPREAD = 1 / 3  # a heat map whose largest region holds no more than this share is "spread over the picture"
REGIONS = ("centre", "upper_left", "upper_right", "lower_left", "lower_right")  # ties go to the first


def number(value: float) -> str:
    """A figure for a text: 3 significant digits, a true minus sign (screen readers say "minus"), no −0."""
    return f"{float(value) + 0.0:.3g}".replace("-", "−")


def _t(key: str, lang: str, **values: object) -> str:
    return i18n.t(key, lang, **values)


def _planes(x: np.ndarray) -> np.ndarray:
    """A picture as (H, W, C): a batch of one loses its batch axis, a grey (H, W) gains a channel axis."""
    x = np.asarray(x)
    x = x[0] if x.ndim == 4 else x
    return x[..., None] if x.ndim == 2 else x


def _tone(x: np.ndarray, lang: str) -> str:
    """"grey" for one channel (or three equal ones), "colour" for three that differ, else the channel count."""
    channels = x.shape[-1]
    if channels == 1 or (channels == 3 and bool(np.all(x[..., :1] == x[..., 1:3]))):
        return _t("alt.grey", lang)
    if channels == 3:
        return _t("alt.colour", lang)
    return _t("alt.channels", lang, channels=channels)


# --- feature maps ---------------------------------------------------------------------------------------


def feature_maps(maps: np.ndarray, layer: str, lang: str, *, strongest_first: bool = False) -> str:
    """A grid of one layer's (H, W, C) maps: their count and size, the strongest map (the channel with the
    largest mean activation, the first of equals, as `activations.channel_order` ranks them) with its mean,
    and the mean over all maps. One pass: the per-channel means."""
    maps = np.asarray(maps)
    if maps.ndim != 3 or maps.shape[-1] == 0:
        raise ValueError(f"feature maps are (H, W, C) with C ≥ 1, got shape {maps.shape}")
    h, w, count = maps.shape
    means = maps.reshape(-1, count).mean(axis=0, dtype=np.float64)
    strongest = int(np.argmax(means))
    text = _t("alt.feature_maps", lang, layer=layer, count=count, h=h, w=w, channel=strongest,
              mean=number(means[strongest]), all=number(means.mean()))
    return text + " " + _t("alt.strongest_first", lang) if strongest_first else text


def one_map(plane: np.ndarray, channel: int, name: str, lang: str) -> str:
    """One (H, W) map enlarged: its channel, size, lowest and highest value, and where the highest is (row and
    column from 0 at the top left; when several share it, how many and the first in reading order)."""
    plane = np.asarray(plane)
    if plane.ndim != 2 or plane.size == 0:
        raise ValueError(f"a map is (H, W), got shape {plane.shape}")
    h, w = plane.shape
    low, high = float(plane.min()), float(plane.max())
    if low == high:
        return _t("alt.map_flat", lang, channel=channel, name=name, h=h, w=w, value=number(high))
    row, col = np.unravel_index(int(np.argmax(plane)), plane.shape)
    ties = int(np.count_nonzero(plane == high))
    values = {"channel": channel, "name": name, "h": h, "w": w, "low": number(low), "high": number(high),
              "row": int(row), "col": int(col)}
    return _t("alt.map_ties", lang, places=ties, **values) if ties > 1 else _t("alt.map", lang, **values)


def residual_map(plane: np.ndarray, channel: int, part: str, layer: str, lang: str) -> str:
    """One map of a residual module (`part`: "x", "fx", "sum" or "out", named as the Labs page names it)."""
    return one_map(plane, channel, _t(f"lab.residual.part_{part}", lang, layer=layer), lang)


def colour_bar(lang: str, value_range: tuple[float, float] | None = None) -> str:
    """The legend strip (lowest on the left): what its ends stand for; None: each map its own lowest–highest."""
    if value_range is None:
        return _t("alt.colour_bar_own", lang)
    low, high = value_range
    return _t("alt.colour_bar", lang, low=number(low), high=number(high))


# --- kernels ---------------------------------------------------------------------------------------------


def _drawn_kernels(kernels: np.ndarray, mode: str, channel: int) -> tuple[str, np.ndarray]:
    """The mode `render.kernel_grid` draws in and the values it draws: one tile per first index (for "matrix",
    the (input channels, filters) matrix itself)."""
    if mode == "auto":
        mode = "rgb" if kernels.shape[2] == 3 else "mean"
    if mode == "matrix":
        return mode, kernels[0, 0]  # (in, out): row i, column j feeds input channel i into filter j
    if mode == "depthwise":
        kh, kw, channels_in, multiplier = kernels.shape
        return mode, np.moveaxis(kernels.reshape(kh, kw, channels_in * multiplier), -1, 0)
    filters = np.moveaxis(kernels, -1, 0)  # (out, kh, kw, in)
    if mode == "rgb":
        return mode, filters[..., :3]
    if mode == "mean":
        return mode, filters.mean(axis=-1)
    if mode == "channel":
        return mode, filters[..., channel]
    raise ValueError(f"unknown kernel drawing mode {mode!r}")


def kernels(weights: np.ndarray, layer: str, which: str, lang: str, mode: str = "auto", channel: int = 0,
            limit: float | None = None) -> str:
    """A kernel grid as `render.kernel_grid(weights, mode, channel, limit)` draws it: how many kernels of
    what size and how they are drawn, the range of the weights drawn and the share above 0, the scale's ends
    (±`limit`, else the largest magnitude drawn, with 0 in the middle) and the kernel with the largest
    magnitude (for a 1×1 matrix: the input channel and filter it joins). `which`: "Trained", "Freshly
    initialised"..."""
    weights = np.asarray(weights, dtype=np.float32)
    kh, kw, channels_in, filters = weights.shape
    mode, drawn = _drawn_kernels(weights, mode, channel)
    largest = float(np.abs(drawn).max()) if drawn.size else 0.0
    scale = limit or largest or 1.0
    values = {"low": number(drawn.min()), "high": number(drawn.max()), "limit": number(scale),
              "positive": f"{float((drawn > 0).mean()):.0%}", "largest": number(largest)}
    if mode == "matrix":
        row, col = np.unravel_index(int(np.argmax(np.abs(drawn))), drawn.shape)
        head = _t("alt.kernels_matrix", lang, layer=layer, which=which, rows=channels_in, cols=filters)
        tail = _t("alt.kernels_values_matrix", lang, row=int(row), col=int(col), **values)
        return f"{head} {tail}"
    strongest = int(np.argmax(np.abs(drawn).reshape(len(drawn), -1).max(axis=1)))
    how = {"rgb": _t("alt.kernels_how_rgb", lang),
           "mean": _t("alt.kernels_how_mean", lang, channels=channels_in) if channels_in > 1
           else _t("alt.kernels_how_single", lang),
           "channel": _t("alt.kernels_how_channel", lang, channel=channel, channels=channels_in),
           "depthwise": _t("alt.kernels_how_depthwise", lang, channels=channels_in, multiplier=filters)}[mode]
    head = _t("alt.kernels", lang, layer=layer, which=which, count=len(drawn), kh=kh, kw=kw, how=how)
    return f"{head} {_t('alt.kernels_values', lang, kernel=strongest, **values)}"


# --- pictures and predictions ------------------------------------------------------------------------------


def input_image(x: np.ndarray, lang: str, *, index: int | None = None, label: str | None = None) -> str:
    """The picture the model takes: a test image's number and label when known, its size, grey or colour."""
    x = _planes(x)
    h, w = x.shape[:2]
    tone = _tone(x, lang)
    if index is None:
        return _t("alt.input_upload", lang, h=h, w=w, tone=tone)
    if label is None:
        return _t("alt.input_sample", lang, index=index, h=h, w=w, tone=tone)
    return _t("alt.input_labelled", lang, index=index, label=label, h=h, w=w, tone=tone)


def _mistake_list(items: Sequence[str], lang: str) -> str:
    """The first `SHOWN_MISTAKES` items joined, and how many more there are."""
    text = "; ".join(items[:SHOWN_MISTAKES])
    more = len(items) - SHOWN_MISTAKES
    return text + (" " + _t("alt.and_more", lang, count=more) if more > 0 else "")


def predictions(true: np.ndarray, predicted: np.ndarray, class_names: Sequence[str], lang: str, *,
                indices: Sequence[int] | None = None) -> str:
    """A prediction grid: how many images, how many right and wrong, the first mistakes as "true →
    predicted" with their test-image numbers (`indices`, else 0, 1, 2...)."""
    true, predicted = np.asarray(true).astype(int), np.asarray(predicted).astype(int)
    numbers = range(len(true)) if indices is None else [int(i) for i in indices]
    wrong = [i for i in range(len(true)) if true[i] != predicted[i]]
    text = _t("alt.predictions", lang, count=len(true), right=len(true) - len(wrong), wrong=len(wrong))
    if not wrong:
        return text
    items = [_t("alt.mistake", lang, index=numbers[i], true=class_names[true[i]],
                predicted=class_names[predicted[i]]) for i in wrong]
    return f"{text} {_t('alt.mistakes_listed', lang, mistakes=_mistake_list(items, lang))}"


def mistakes(true: np.ndarray, predicted: np.ndarray, class_names: Sequence[str], confidence: np.ndarray,
             lang: str, *, indices: Sequence[int] | None = None) -> str:
    """The grid of the surest mistakes (in the order given): how many, the first ones as "true → predicted"
    with the confidence of the wrong answer."""
    true, predicted = np.asarray(true).astype(int), np.asarray(predicted).astype(int)
    numbers = range(len(true)) if indices is None else [int(i) for i in indices]
    items = [_t("alt.mistake_sure", lang, index=numbers[i], true=class_names[true[i]],
                predicted=class_names[predicted[i]], p=f"{float(confidence[i]):.0%}") for i in range(len(true))]
    return _t("alt.surest_mistakes", lang, count=len(true), mistakes=_mistake_list(items, lang))


# --- attributions ------------------------------------------------------------------------------------------


def _halves(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Per row (or column) of n: the part of it inside the first half, and inside the middle half.

    Pixel i covers [i/n, (i+1)/n] of the way across and counts with the part of that span inside a region: the
    middle row of an odd height is half upper, half lower, and a uniform map gives every region a quarter.
    """
    start = np.arange(n) / n
    end = (np.arange(n) + 1) / n

    def inside(low: float, high: float) -> np.ndarray:
        return np.clip(np.minimum(end, high) - np.maximum(start, low), 0.0, None) * n

    return inside(0.0, 0.5), inside(0.25, 0.75)


def region_shares(attribution: np.ndarray) -> dict[str, float]:
    """The share of the positive attribution (channels summed, values below 0 left out) in each region:
    the four quarters (the picture cut in half across and down) and the centre (the middle half across and
    down, as large as a quarter and overlapping all four); a pixel on a border counts with the part of its
    area on each side. All 0 when nothing is positive."""
    a = np.asarray(attribution, dtype=np.float64)
    a = a.sum(axis=-1) if a.ndim == 3 else a
    if a.ndim != 2 or a.size == 0:
        raise ValueError(f"an attribution is (H, W) or (H, W, C), got shape {np.shape(attribution)}")
    positive = np.clip(np.nan_to_num(a), 0.0, None)
    total = float(positive.sum())
    if total <= 0:
        return dict.fromkeys(REGIONS, 0.0)
    top, rows_mid = _halves(a.shape[0])
    left, cols_mid = _halves(a.shape[1])
    by_row = positive @ np.stack([left, 1 - left, cols_mid], axis=1)  # (H, 3): left, right, middle columns
    upper, lower, middle = top @ by_row, (1 - top) @ by_row, rows_mid @ by_row
    shares = {"centre": middle[2], "upper_left": upper[0], "upper_right": upper[1],
              "lower_left": lower[0], "lower_right": lower[1]}
    return {name: float(shares[name]) / total for name in REGIONS}


def main_region(attribution: np.ndarray) -> tuple[str | None, float]:
    """The region (of `REGIONS`) holding the largest share of the positive attribution, and that share;
    (None, 0) when nothing is positive. Equal shares go to the first in `REGIONS`."""
    shares = region_shares(attribution)
    best = max(REGIONS, key=lambda name: (round(shares[name], 9), -REGIONS.index(name)))  # float noise: a tie
    return (best, shares[best]) if shares[best] > 0 else (None, 0.0)


def attribution(found: np.ndarray, method: str, label: str, lang: str, *, layer: str | None = None,
                random_weights: bool = False) -> str:
    """An attribution map over the picture: the method (an `explain.METHODS` name), the class it explains,
    the layer for the layer methods, and where its positive attribution lies (`main_region`): the region and
    its share, "spread over the picture" when no region holds more than `SPREAD`, or that none is positive."""
    name = _t(f"explain.method.{method}", lang)
    head = (_t("alt.attribution_layer", lang, method=name, label=label, layer=layer) if layer is not None
            else _t("alt.attribution", lang, method=name, label=label))
    if random_weights:
        head += " " + _t("alt.random_weights", lang)
    region, share = main_region(found)
    if region is None:
        body = _t("alt.weight_none", lang)
    elif share <= SPREAD:
        body = _t("alt.weight_spread", lang, share=f"{share:.0%}")
    else:
        body = _t("alt.weight_in", lang, share=f"{share:.0%}", region=_t(f"alt.region.{region}", lang))
    return f"{head}: {body}"


# --- what filters look for ---------------------------------------------------------------------------------


def patches(activations: np.ndarray, channel: int, box: tuple[int, int], lang: str) -> str:
    """A filter's strongest dataset patches (`activations` strongest first, each patch `box` pixels)."""
    activations = np.asarray(activations, dtype=np.float64)
    if activations.size == 0:
        raise ValueError("a patch grid needs at least one patch")
    return _t("alt.patches", lang, k=activations.size, channel=channel, h=int(box[0]), w=int(box[1]),
              high=number(activations.max()), low=number(activations.min()))


def optimised(image: np.ndarray, channel: int, start: float, end: float, lang: str) -> str:
    """A picture optimised to excite a filter: its size and tone, the filter's mean activation before and after."""
    image = _planes(image)
    return _t("alt.optimised", lang, channel=channel, h=image.shape[0], w=image.shape[1],
              tone=_tone(image, lang), start=number(start), end=number(end))
