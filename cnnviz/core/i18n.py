"""Every string a user sees, in English and Korean side by side.

A translation is one edit in one file; a key missing from either language is
a test failure, not a blank label in class.
"""

from __future__ import annotations

import string
from collections.abc import Mapping, Sequence

LANGUAGES: dict[str, str] = {"en": "English", "ko": "한국어"}
DEFAULT_LANGUAGE = "en"

# key: (English, Korean). Placeholders like {count} must appear in both.
STRINGS: dict[str, tuple[str, str]] = {
    # app shell and sidebar
    "app.title": ("cnnviz — see inside a CNN", "cnnviz — CNN 속을 들여다보기"),
    "app.tagline": (
        "Build, train and look inside convolutional neural networks, layer by layer.",
        "합성곱 신경망을 만들고, 학습시키고, 층별로 속을 들여다보세요.",
    ),
    # --- accessibility: Streamlit's own "skip" link, in the page's language ---
    "a11y.skip_to_content": ("Skip to main content", "본문으로 건너뛰기"),
    "sidebar.language": ("Language", "언어"),
    "sidebar.model": ("Model", "모델"),
    "sidebar.model_help": (
        "A zoo model (untrained), a saved checkpoint, or your own .keras file.",
        "모델 저장소의 모델(미학습), 저장된 체크포인트, 또는 직접 올린 .keras 파일.",
    ),
    "sidebar.class_names": ("Class names (optional)", "클래스 이름 (선택)"),
    "sidebar.class_names_help": (
        "One name per model output, in output order, separated by commas. They label the predictions on every "
        "page and are saved inside the model when you download it below or fine-tune it.",
        "모델 출력 순서대로 출력마다 이름 하나씩, 쉼표로 구분해 적으세요. 모든 페이지의 예측에 이 이름이 붙고, "
        "아래에서 내려받거나 미세 조정하면 모델 안에 함께 저장됩니다.",
    ),
    "sidebar.class_names_placeholder": ("e.g. cat, dog, bird", "예: 고양이, 개, 새"),
    "sidebar.download_named": (
        "Download the model with these class names",
        "이 클래스 이름을 넣어 모델 내려받기",
    ),
    # --- colour words of signed and unsigned maps (cnnviz/core/palette.py: inferno 0 … max, RdBu ±max) ---
    "ex.caption_occlusion_signed": (
        "{method}: red = covering this part lowers the probability most (by {high} points).",
        "{method}: 빨강 = 이 부분을 가리면 확률이 가장 많이 떨어짐 ({high}%p).",
    ),
    "ex.caption_ig_unsigned": (
        "{method}: no pixel pulls the score down; bright yellow pushes it up the most. Together they add up to "
        "{total}; the score goes from {start} on the baseline to {end} on the picture, a change of {change}.",
        "{method}: 점수를 내리는 픽셀은 없고, 밝은 노랑이 점수를 가장 많이 올립니다. 모두 더하면 {total}이고, "
        "점수는 기준 그림의 {start}에서 이 그림의 {end}(으)로 {change}만큼 바뀝니다.",
    ),
    "sidebar.dataset": ("Dataset", "데이터셋"),
    "sidebar.dataset_help": (
        "The Fashion-MNIST sample, Digits and Shapes are built in and work offline; "
        "the others download once.",
        "Fashion-MNIST 샘플, Digits, Shapes는 내장되어 오프라인에서도 동작합니다. "
        "나머지는 처음 한 번 내려받습니다.",
    ),
    # --- text alternatives of pictures (alt=, plain text; names filled unescaped: cnnviz/draw/describe.py) ---
    "alt.feature_maps": (
        "Feature maps of {layer}: {count} maps of {h}×{w}; the strongest is channel {channel} (mean activation "
        "{mean}); mean activation over all maps {all}.",
        "{layer}의 특성 맵: {h}×{w} 맵 {count}개. 가장 강한 맵은 채널 {channel}(평균 활성값 {mean})이고, 모든 맵의 "
        "평균 활성값은 {all}입니다.",
    ),
    "alt.strongest_first": ("Shown strongest first.", "가장 강한 맵부터 놓았습니다."),
    "alt.map": (
        "Channel {channel} of {name}, {h}×{w}: values from {low} to {high}; the largest at row {row}, column {col} "
        "(row 0, column 0 is the top left).",
        "{name}의 채널 {channel}, {h}×{w}: 값은 {low}부터 {high}까지이고, 가장 큰 값은 {row}행 {col}열에 있습니다"
        "(왼쪽 위가 0행 0열).",
    ),
    "alt.map_ties": (
        "Channel {channel} of {name}, {h}×{w}: values from {low} to {high}; the largest in {places} places, the "
        "first at row {row}, column {col} (row 0, column 0 is the top left).",
        "{name}의 채널 {channel}, {h}×{w}: 값은 {low}부터 {high}까지이고, 가장 큰 값은 {places}곳에 있으며 첫 번째는 "
        "{row}행 {col}열입니다(왼쪽 위가 0행 0열).",
    ),
    "alt.map_flat": ("Channel {channel} of {name}, {h}×{w}: every value is {value}.",
                     "{name}의 채널 {channel}, {h}×{w}: 모든 값이 {value}입니다."),
    "alt.colour_bar": ("Colour scale: the left end stands for {low}, the right end for {high}.",
                       "색 기준: 왼쪽 끝이 {low}, 오른쪽 끝이 {high}입니다."),
    "alt.colour_bar_own": (
        "Colour scale: the left end stands for each map's lowest value, the right end for its highest.",
        "색 기준: 왼쪽 끝이 맵마다 가장 작은 값, 오른쪽 끝이 그 맵의 가장 큰 값입니다.",
    ),
    "alt.kernels": ("Kernels of {layer} ({which}): {count} kernels of {kh}×{kw}{how}.",
                    "{layer}의 커널({which}): {kh}×{kw} 커널 {count}개{how}."),
    "alt.kernels_how_rgb": (", drawn in colour, their 3 input channels as red, green and blue (grey is 0)",
                            ", 입력 채널 3개를 빨강, 초록, 파랑으로 그린 컬러(회색이 0)"),
    "alt.kernels_how_single": (" on their one input channel", ", 입력 채널 1개"),
    "alt.kernels_how_mean": (", each averaged over its {channels} input channels", ", 입력 채널 {channels}개의 평균"),
    "alt.kernels_how_channel": (", input channel {channel} of {channels}", ", 입력 채널 {channels}개 중 {channel}번"),
    "alt.kernels_how_depthwise": (
        ", one per input channel and multiplier ({channels} input channels × {multiplier})",
        ", 입력 채널과 배수마다 하나(입력 채널 {channels}개 × {multiplier})",
    ),
    "alt.kernels_values": (
        "Weights drawn from {low} to {high}, {positive} of them above 0; the colour scale runs from −{limit} at "
        "one end through 0 in the middle to +{limit} at the other. Kernel {kernel} holds the largest magnitude "
        "({largest}).",
        "그린 가중치는 {low}부터 {high}까지이고 {positive}가 0보다 큽니다. 색 범위는 한쪽 끝 −{limit}에서 가운데 "
        "0을 지나 다른 쪽 끝 +{limit}까지입니다. 크기가 가장 큰 가중치({largest})는 커널 {kernel}에 있습니다.",
    ),
    "alt.kernels_matrix": (
        "Kernels of {layer} ({which}): a 1×1 convolution as a {rows}×{cols} matrix (rows: input channels, "
        "columns: filters).",
        "{layer}의 커널({which}): 1×1 합성곱을 나타낸 {rows}×{cols} 행렬(행: 입력 채널, 열: 필터).",
    ),
    "alt.kernels_values_matrix": (
        "Weights from {low} to {high}, {positive} of them above 0; the colour scale runs from −{limit} at one end "
        "through 0 in the middle to +{limit} at the other. The largest magnitude ({largest}) is at input "
        "channel {row} → filter {col}.",
        "가중치는 {low}부터 {high}까지이고 {positive}가 0보다 큽니다. 색 범위는 한쪽 끝 −{limit}에서 가운데 0을 "
        "지나 다른 쪽 끝 +{limit}까지입니다. 크기가 가장 큰 가중치({largest})는 입력 채널 {row} → "
        "필터 {col} 자리에 있습니다.",
    ),
    "alt.input_labelled": ("Test image {index}: {label}, {h}×{w} {tone}, as the model takes it.",
                           "테스트 이미지 {index}번: {label}, 모델이 받는 {h}×{w} {tone} 이미지."),
    "alt.input_sample": ("Test image {index}, {h}×{w} {tone}, as the model takes it.",
                         "테스트 이미지 {index}번, 모델이 받는 {h}×{w} {tone} 이미지."),
    "alt.input_upload": ("Your picture as the model takes it: {h}×{w} {tone}.",
                         "모델이 받는 모습의 올린 그림: {h}×{w} {tone}."),
    "alt.grey": ("grey", "흑백"),
    "alt.colour": ("colour", "컬러"),
    "alt.channels": ("with {channels} channels", "채널 {channels}개"),
    "alt.predictions": (
        "{count} test images, each labelled with its true class and the prediction: {right} right, {wrong} wrong.",
        "테스트 이미지 {count}개와 각각의 정답과 예측: {right}개 맞음, {wrong}개 틀림.",
    ),
    "alt.mistakes_listed": ("Mistakes (true → predicted): {mistakes}.", "오답(정답 → 예측): {mistakes}."),
    "alt.mistake": ("test image {index}, {true} → {predicted}", "테스트 이미지 {index}번, {true} → {predicted}"),
    "alt.mistake_sure": ("test image {index}, {true} → {predicted} ({p} sure)",
                         "테스트 이미지 {index}번, {true} → {predicted} (확신도 {p})"),
    "alt.and_more": ("and {count} more", "외 {count}개"),
    "alt.surest_mistakes": (
        "The {count} wrong predictions the model was surest about, surest first (true → predicted): {mistakes}.",
        "모델이 가장 확신했던 오답 {count}개, 확신도가 높은 순서(정답 → 예측): {mistakes}.",
    ),
    "alt.attribution": ("{method} for {label}", "{label}의 {method}"),
    "alt.attribution_layer": ("{method} for {label} at layer {layer}", "{layer} 층에서 본 {label}의 {method}"),
    "alt.random_weights": ("(the same model, weights random)", "(같은 모델, 무작위 가중치)"),
    "alt.weight_in": ("{share} of the positive attribution lies in the {region}.",
                      "양의 기여도의 {share}가 {region}에 있습니다."),
    "alt.weight_spread": (
        "the positive attribution is spread over the picture (no quarter, nor the centre, holds more than {share}).",
        "양의 기여도가 그림 전체에 퍼져 있습니다(어느 4분의 1이나 가운데도 {share}보다 많이 갖지 않습니다).",
    ),
    "alt.weight_none": ("no part of the picture has positive attribution.",
                        "그림의 어느 부분도 양의 기여도를 갖지 않습니다."),
    "alt.region.centre": ("centre", "가운데"),
    "alt.region.upper_left": ("upper left quarter", "왼쪽 위 4분의 1"),
    "alt.region.upper_right": ("upper right quarter", "오른쪽 위 4분의 1"),
    "alt.region.lower_left": ("lower left quarter", "왼쪽 아래 4분의 1"),
    "alt.region.lower_right": ("lower right quarter", "오른쪽 아래 4분의 1"),
    "alt.patches": (
        "The {k} image patches of {h}×{w} pixels that excite filter {channel} most, strongest first: activations "
        "from {high} down to {low}.",
        "필터 {channel}번을 가장 강하게 반응시키는 {h}×{w} 픽셀 이미지 조각 {k}개, 강한 순서: 활성값 {high}부터 "
        "{low}까지.",
    ),
    "alt.optimised": (
        "A picture optimised to excite filter {channel}, {h}×{w} {tone}: the filter's mean activation went from "
        "{start} on the start image to {end}.",
        "필터 {channel}번을 강하게 반응시키도록 최적화한 {h}×{w} {tone} 그림: 필터의 평균 활성값이 시작 이미지의 "
        "{start}에서 {end}(으)로 바뀌었습니다.",
    ),
    # --- text is text: a name shown shortened or with invisible characters written out ---
    "text.full_name": ("Full name: {name}", "전체 이름: {name}"),
    # --- alt text: charts and the architecture diagram, described from their own data (describe_charts) ---
    "alt.chart.kind.line": ("Line chart", "선 그래프"),
    "alt.chart.kind.scatter": ("Scatter plot", "산점도"),
    "alt.chart.kind.bar": ("Bar chart", "막대 그래프"),
    "alt.chart.kind.heatmap": ("Heat map", "히트맵"),
    "alt.chart.kind.histogram": ("Histogram", "히스토그램"),
    "alt.chart.kind.pie": ("Pie chart", "원 그래프"),
    "alt.chart.kind.image": ("Picture", "그림"),
    "alt.chart.kind.other": ("Chart", "그래프"),
    "alt.chart.titled": ("{kind}: {title}.", "{kind}: {title}."),
    "alt.chart.untitled": ("{kind}.", "{kind}."),
    "alt.chart.axes": ("Horizontal axis: {x}; vertical axis: {y}.", "가로축: {x}, 세로축: {y}."),
    "alt.chart.x_axis": ("Horizontal axis: {x}.", "가로축: {x}."),
    "alt.chart.y_axis": ("Vertical axis: {y}.", "세로축: {y}."),
    "alt.chart.named": ("{name}: {text}", "{name}: {text}"),
    "alt.chart.series": ("series {number}", "계열 {number}"),
    "alt.chart.no_values": ("no values yet", "아직 값이 없음"),
    "alt.chart.line": (
        "{count} points from {first} to {last}; last value {end}, lowest {low} at {low_at}, "
        "highest {high} at {high_at}",
        "점 {count}개, {first}부터 {last}까지; 마지막 값 {end}, 가장 낮은 값 {low}({low_at}), "
        "가장 높은 값 {high}({high_at})",
    ),
    "alt.chart.point": ("{y} at {x}", "{x}에서 {y}"),
    "alt.chart.markers": ("{count} points", "점 {count}개"),
    "alt.chart.markers_range": (
        "{count} points, {x_word} from {x_low} to {x_high}, {y_word} from {y_low} to {y_high}",
        "점 {count}개, {x_word} {x_low}부터 {x_high}까지, {y_word} {y_low}부터 {y_high}까지",
    ),
    "alt.chart.symbols": (" ({count} drawn as {symbol})", " ({count}개는 {symbol} 모양)"),
    "alt.chart.box": ("a box round {cells}", "{cells}을(를) 둘러싼 상자"),
    "alt.chart.cell": ("row {row}, column {column}", "{row}행 {column}열"),
    "alt.chart.cells": ("rows {top}–{bottom}, columns {left}–{right}", "{top}–{bottom}행, {left}–{right}열"),
    "alt.chart.row": ("row", "행"),
    "alt.chart.column": ("column", "열"),
    "alt.chart.labelled_cell": ("{row_word} {row}, {column_word} {column}", "{row_word} {row}, {column_word} {column}"),
    "alt.chart.bars": (
        "{count} bars; largest {high} ({high_at}), smallest {low} ({low_at})",
        "막대 {count}개; 가장 큰 값 {high}({high_at}), 가장 작은 값 {low}({low_at})",
    ),
    "alt.chart.heatmap": (
        "{rows} rows × {cols} columns, values from {low} to {high}",
        "{rows}행 × {cols}열, 값 {low}부터 {high}까지",
    ),
    "alt.chart.span": ("{value}, from {start} to {end}", "{value}, {start}부터 {end}까지"),
    "alt.chart.bars_equal": ("{count} bars, all {value}", "막대 {count}개, 모두 {value}"),
    "alt.chart.heatmap_flat": (
        "{rows} rows × {cols} columns, every value {value}",
        "{rows}행 × {cols}열, 모든 값 {value}",
    ),
    "alt.chart.largest_cell": ("largest {value} at {cell}", "가장 큰 값 {value}({cell})"),
    "alt.chart.smallest_cell": ("smallest {value} at {cell}", "가장 작은 값 {value}({cell})"),
    "alt.chart.heatmap_missing": ("{count} cells without a value", "값이 없는 칸 {count}개"),
    "alt.chart.confusion": (
        "{right} of {total} on the diagonal ({share})",
        "전체 {total}개 중 {right}개가 대각선 위({share})",
    ),
    "alt.chart.confused": (
        "most often confused: {row} taken for {column}, {count} times",
        "가장 자주 헷갈린 경우: {row}을(를) {column}(으)로 본 것이 {count}번",
    ),
    "alt.chart.not_confused": ("nothing off the diagonal", "대각선 밖은 모두 0"),
    "alt.chart.histogram": (
        "{count} values from {low} to {high}, mean {mean}",
        "값 {count}개, {low}부터 {high}까지, 평균 {mean}",
    ),
    "alt.chart.pie": (
        "{count} slices; largest {high_label} {high} ({high_share}), smallest {low_label} {low} ({low_share})",
        "조각 {count}개; 가장 큰 조각 {high_label} {high}({high_share}), "
        "가장 작은 조각 {low_label} {low}({low_share})",
    ),
    "alt.chart.picture": ("a picture of {height}×{width} pixels", "{height}×{width} 픽셀 그림"),
    "alt.chart.other": ("a plotly {kind} trace", "plotly {kind} 데이터"),
    "alt.chart.more": ("and {count} more", "그 밖에 {count}개 더"),
    "alt.chart.labels": ("Labels on the chart: {labels}", "그래프에 적힌 글: {labels}"),
    "alt.chart.label_at": ("{text} at {position}", "{text}: {position}"),
    "alt.chart.outlined": ("Outlined: {cells}", "테두리 표시: {cells}"),
    "alt.chart.diagram": (
        "Architecture diagram: {layers} layers after the input, from input {inputs} to output {outputs}; "
        "{params} parameters.",
        "구조 다이어그램: 입력 다음에 층 {layers}개, 입력 {inputs}에서 출력 {outputs}까지; 파라미터 {params}개.",
    ),
    "alt.chart.diagram_order": ("In order: {types}.", "순서대로: {types}."),
    "alt.chart.diagram_types": ("Layers by type: {types}.", "종류별 층: {types}."),
    "alt.chart.diagram_groups": ("Nested models drawn as groups: {groups}.", "묶음으로 그린 중첩 모델: {groups}."),
    "nav.home": ("Home", "홈"),
    "nav.architecture": ("Architecture", "구조"),
    "nav.train": ("Train", "학습"),
    "nav.weights": ("Weights", "가중치"),
    "nav.kernels": ("Kernels", "커널"),
    "nav.feature_maps": ("Feature maps", "특성 맵"),
    "nav.evaluate": ("Evaluate", "평가"),
    "nav.explain": ("Explain", "설명"),
    "nav.computation": ("Computation", "연산 들여다보기"),
    "nav.labs": ("Labs", "실험실"),
    "nav.compare": ("Compare runs", "실행 비교"),
    "nav.embedding": ("Embedding map", "임베딩 지도"),
    "nav.filters": ("What filters look for", "필터가 찾는 것"),
    # embedding map (app_pages/embedding.py, cnnviz/embedding.py)
    "emb.intro": (
        "Each dot is one test image, placed by what the network makes of it: images the network finds alike "
        "land close together. Beside it, the same images placed by their raw pixels.",
        "점 하나가 테스트 이미지 한 장이며, 신경망이 그 이미지를 어떻게 받아들이는지에 따라 자리가 정해집니다. "
        "신경망이 비슷하다고 보는 이미지는 서로 가까이 모입니다. "
        "옆에는 같은 이미지를 원래 픽셀값으로 배치한 지도가 있습니다.",
    ),
    "emb.no_dataset": (
        "Choose a dataset in the sidebar: the map needs its test images.",
        "사이드바에서 데이터셋을 고르세요. 지도를 그리려면 테스트 이미지가 필요합니다.",
    ),
    "emb.untrained": (
        "This model is untrained: its features are random, so the classes mix. Train it, or pick a checkpoint, "
        "to see them separate.",
        "이 모델은 아직 학습되지 않아 특성이 무작위이므로 클래스가 뒤섞여 보입니다. 학습시키거나 체크포인트를 고르면 "
        "클래스가 갈라지는 모습을 볼 수 있습니다.",
    ),
    "emb.count": ("Number of test images", "테스트 이미지 수"),
    "emb.count_help": (
        "The first {max} test images at most. t-SNE takes longer the more points it places.",
        "테스트 이미지 앞에서부터 최대 {max}장까지 씁니다. 점이 많을수록 t-SNE가 오래 걸립니다.",
    ),
    "emb.method": ("Projection to 2-D", "2차원으로 투영하는 방법"),
    "emb.method_pca": ("PCA", "PCA(주성분 분석)"),
    "emb.method_tsne": ("t-SNE", "t-SNE"),
    "emb.method_help": (
        "PCA keeps the two directions along which the images vary most (a straight view, fast). t-SNE keeps "
        "each image's nearest neighbours close (clusters show well, but their distances mean little).",
        "PCA는 이미지들이 가장 크게 달라지는 두 방향을 남깁니다(있는 그대로 보는 시점, 빠름). t-SNE는 이미지마다 "
        "가까운 이웃을 가까이 둡니다(무리가 잘 드러나지만 무리 사이의 거리는 별 의미가 없음).",
    ),
    "emb.layer": ("Features from layer", "특성을 꺼낼 층"),
    "emb.layer_help": (
        "By default the penultimate layer: the numbers the classifier reads. A layer with feature maps gives "
        "one number per map (its average over all positions).",
        "기본값은 끝에서 두 번째 층, 곧 분류기가 읽는 숫자들입니다. 특성 맵을 내는 층은 맵마다 숫자 하나"
        "(모든 위치의 평균)를 씁니다.",
    ),
    "emb.layer_flat": ("{layer} · {size} numbers", "{layer} · 숫자 {size}개"),
    "emb.layer_maps": ("{layer} · {size} maps, each averaged", "{layer} · 맵 {size}개, 각각 평균"),
    "emb.layer_default": (" (penultimate)", " (끝에서 두 번째)"),
    "emb.computing": ("Running {count} images through the model…", "이미지 {count}장을 모델에 통과시키는 중…"),
    "emb.tsne_running": (
        "t-SNE is placing {count} points (perplexity {perplexity}); this can take a few seconds…",
        "t-SNE가 점 {count}개를 배치하는 중입니다(perplexity {perplexity}). 몇 초 걸릴 수 있습니다…",
    ),
    "emb.network_title": ("Network features: {layer}", "신경망의 특성: {layer}"),
    "emb.pixels_title": ("Raw pixels", "원래 픽셀"),
    "emb.separation_more": (
        "Classes are more separated in the network's features (silhouette {net}) than in raw pixels ({raw}).",
        "클래스가 원래 픽셀({raw})보다 신경망의 특성(실루엣 {net})에서 더 잘 갈라져 있습니다.",
    ),
    "emb.separation_less": (
        "Classes are less separated in the network's features (silhouette {net}) than in raw pixels ({raw}).",
        "클래스가 원래 픽셀({raw})보다 신경망의 특성(실루엣 {net})에서 덜 갈라져 있습니다.",
    ),
    "emb.separation_same": (
        "Classes are as separated in the network's features (silhouette {net}) as in raw pixels ({raw}).",
        "클래스가 갈라진 정도는 신경망의 특성(실루엣 {net})과 원래 픽셀({raw})이 같습니다.",
    ),
    "emb.separation_none": (
        "The separation of classes needs at least two classes among these images.",
        "클래스가 얼마나 갈라졌는지 재려면 이 이미지들 안에 클래스가 두 개 이상 있어야 합니다.",
    ),
    "emb.explain_silhouette": (
        "The silhouette score, measured on the 2-D points shown: for each point, how much closer it lies to its "
        "own class than to the nearest other class, from −1 (in the wrong class) through 0 (on a border) to 1 "
        "(in a tight, distant cluster), averaged over all points.",
        "실루엣 점수는 화면의 2차원 점에서 잽니다. 점마다 가장 가까운 다른 클래스보다 자기 클래스에 얼마나 더 "
        "가까운지를 −1(다른 클래스 안에 있음), 0(경계 위), 1(촘촘하고 멀리 떨어진 무리 안) 사이 값으로 나타내고, "
        "모든 점에 대해 평균한 값입니다.",
    ),
    "emb.variance": (
        "PCA's two axes keep {first} + {second} = {total} of the variance.",
        "PCA의 두 축이 분산의 {first} + {second} = {total}를 담고 있습니다.",
    ),
    "emb.perplexity": (
        "t-SNE with perplexity {perplexity} ({usual}, or (N − 1)/3 below {below} points) and seed {seed}: "
        "the same settings give the same map.",
        "t-SNE 설정: perplexity {perplexity}(보통 {usual}, 점이 {below}개보다 적으면 (N − 1)/3), 시드 {seed}. "
        "설정이 같으면 같은 지도가 나옵니다.",
    ),
    "emb.mistakes": (
        "× marks a mistake: {wrong} of {count} images ({share}) are predicted wrong.",
        "×는 틀린 예측입니다. 이미지 {count}장 중 {wrong}장({share})을 틀리게 예측했습니다.",
    ),
    "emb.no_prediction": (
        "This model's output is not a vector of class scores, so mistakes are not marked.",
        "이 모델의 출력은 클래스 점수 벡터가 아니어서 틀린 예측을 표시하지 않습니다.",
    ),
    "emb.hover": (
        "#{index} · true: {truth} · predicted: {predicted} ({p})",
        "#{index} · 정답: {truth} · 예측: {predicted} ({p})",
    ),
    "emb.selected_legend": ("selected image", "선택한 이미지"),
    "emb.explain_pca": (
        "PCA is a straight view of the features from the angle where they spread most: distances and directions "
        "are real, but only the share of variance printed above is shown; the rest is flattened away.",
        "PCA는 특성이 가장 넓게 퍼져 보이는 각도에서 곧장 바라본 모습입니다. 거리와 방향은 실제 그대로지만, 위에 적힌 "
        "만큼의 분산만 보이고 나머지는 납작하게 눌려 사라집니다.",
    ),
    "emb.explain_tsne": (
        "t-SNE keeps each image's nearest neighbours near it: a tight cluster means the images look alike to the "
        "network. The size of a cluster and the distance between clusters mean little.",
        "t-SNE는 이미지마다 가장 가까운 이웃을 곁에 둡니다. 촘촘한 무리는 신경망이 보기에 서로 닮은 이미지들입니다. "
        "무리의 크기와 무리 사이의 거리는 별 의미가 없습니다.",
    ),
    "emb.explain_compare": (
        "Left, the network's features; right, the same images by their raw pixels, projected the same way. "
        "What the left map separates and the right one does not is what the network's layers add.",
        "왼쪽은 신경망의 특성, 오른쪽은 같은 이미지를 원래 픽셀값으로 같은 방법으로 투영한 것입니다. "
        "왼쪽에서는 갈라지는데 오른쪽에서는 섞여 있는 부분이 바로 신경망의 층들이 더해 준 것입니다.",
    ),
    "emb.point": ("Image number (click a point, or type its number)", "이미지 번호 (점을 누르거나 번호를 입력)"),
    "emb.selected_heading": ("Image #{index}", "이미지 #{index}"),
    "emb.maps_layer": ("Feature maps of layer", "특성 맵을 볼 층"),
    "emb.gradcam_caption": (
        "Grad-CAM for “{label}” at {layer}: bright yellow marks where the score for this class rests.",
        "{layer} 층에서 본 “{label}”의 Grad-CAM: 밝은 노란 곳이 이 클래스 점수가 기대는 부분입니다.",
    ),
    "emb.open_feature_maps": ("Open this image on Feature maps", "이 이미지를 특성 맵 페이지에서 열기"),
    "emb.explain_point": (
        "The chosen image, what the model predicts for it, its feature maps and where its prediction rests: "
        "a point among the wrong class often shows why.",
        "고른 이미지와 그 예측, 특성 맵, 그리고 예측이 기댄 부분입니다. 다른 클래스 무리 속에 있는 점을 골라 보면 "
        "왜 틀렸는지 보일 때가 많습니다.",
    ),
    "error.emb_too_few": (
        "A map needs at least {minimum} images; got {count}.",
        "지도를 그리려면 이미지가 {minimum}장 이상 필요합니다. 받은 수: {count}.",
    ),
    "error.emb_method": (
        "Unknown projection '{method}'. Choose one of: {choices}.",
        "'{method}'(이)라는 투영 방법은 없습니다. 다음 중에서 고르세요: {choices}.",
    ),
    "error.emb_shape": (
        "Features must be a table with one row of numbers per image; got shape {shape}.",
        "특성은 이미지마다 숫자 한 줄씩인 표여야 합니다. 받은 모양: {shape}.",
    ),
    "error.emb_not_finite": (
        "Some features are not finite numbers (NaN or infinity); the model's weights may have diverged.",
        "일부 특성이 유한한 수가 아닙니다(NaN 또는 무한대). 모델의 가중치가 발산했을 수 있습니다.",
    ),
    "error.emb_layer": (
        "The layer '{layer}' gives no feature vector. Choose one of: {choices}.",
        "'{layer}' 층은 특성 벡터를 내지 않습니다. 다음 중에서 고르세요: {choices}.",
    ),
    "error.emb_images": (
        "The images have shape {shape}, but the model takes a batch of shape {expected}.",
        "이미지의 모양은 {shape}인데 모델은 {expected} 모양의 묶음을 받습니다.",
    ),
    # computation page (app_pages/computation.py and its parts _calc_*.py)
    "calc.view": ("Show", "보기"),
    "calc.view.numbers": ("Convolution on real numbers", "실제 숫자로 보는 합성곱"),
    "calc.view.sandbox": ("Hyperparameter sandbox", "하이퍼파라미터 실험"),
    "calc.view.receptive": ("Receptive field on the image", "이미지 위의 수용 영역"),
    # computation: receptive fields on the image (cnnviz/receptive.py, app_pages/views/calc_receptive.py)
    "calc.rf.intro": (
        "Each unit of a convolution or pooling layer looks at a limited window of the picture: its receptive "
        "field. Pick a layer, click a unit on its map (or use the sliders), and see that window on the picture "
        "beside what the unit really uses.",
        "합성곱 층이나 풀링 층의 유닛 하나는 그림의 한정된 창만 봅니다. 이것이 수용 영역입니다. 층을 고르고 그 "
        "맵에서 유닛을 클릭하거나(슬라이더도 됩니다) 그 창을 그림 위에서 확인한 뒤, 유닛이 실제로 쓰는 부분과 "
        "나란히 비교해 보세요.",
    ),
    "calc.rf.layer": ("Layer", "층"),
    "calc.rf.map_of": ("Map to click on", "클릭할 맵"),
    "calc.rf.mean": ("Mean of all channels", "모든 채널의 평균"),
    "calc.rf.channel": ("Channel {channel}", "채널 {channel}"),
    "calc.rf.row": ("Row of the unit", "유닛의 행"),
    "calc.rf.col": ("Column of the unit", "유닛의 열"),
    "calc.rf.row_word": ("row", "행"),
    "calc.rf.col_word": ("column", "열"),
    "calc.rf.map_title": ("{layer}: {height}×{width} units", "{layer}: 유닛 {height}×{width}개"),
    "calc.rf.box": (
        "Unit (row {row}, column {col}) of **{layer}** sees rows {top}–{bottom}, columns {left}–{right} of the "
        "picture: {height}×{width} pixels.",
        "**{layer}**의 유닛(행 {row}, 열 {col})은 그림의 {top}–{bottom}행, {left}–{right}열을 봅니다. "
        "{height}×{width} 픽셀입니다.",
    ),
    "calc.rf.window": (
        "Its whole window is {fheight}×{fwidth} pixels (rows {ftop}–{fbottom}, columns {fleft}–{fright}); the "
        "layer table gives this layer a receptive field of {rf}.",
        "창 전체는 {fheight}×{fwidth} 픽셀(행 {ftop}–{fbottom}, 열 {fleft}–{fright})이며, 층 표에 적힌 이 "
        "층의 수용 영역은 {rf}입니다.",
    ),
    "calc.rf.padding": (
        "The grey part of the window, {pixels} of its {total} pixels, hangs over the edge of the image into the "
        "zero padding: the unit sees only zeros there.",
        "창의 회색 부분({total} 픽셀 중 {pixels} 픽셀)은 이미지 가장자리 밖의 제로 패딩에 걸쳐 있어서, 유닛은 "
        "그곳에서 0만 봅니다.",
    ),
    "calc.rf.on_image": ("The whole window lies on the image.", "창 전체가 이미지 안에 있습니다."),
    "calc.rf.box_title": ("The box on the picture", "그림 위의 상자"),
    "calc.rf.field_title": ("Effective field: |∂ unit / ∂ pixel|", "유효 수용 영역: |∂ 유닛 / ∂ 픽셀|"),
    "calc.rf.seen": ("seen", "보는 영역"),
    "calc.rf.whole_window": ("whole window", "창 전체"),
    "calc.rf.centre": ("central half", "가운데 절반"),
    "calc.rf.share": (
        "{share} of the gradient falls in the central half of the box ({area} of its pixels) and {outside} "
        "outside the box.",
        "기울기의 {share}가 상자의 가운데 절반(넓이로는 상자의 {area})에 모여 있고, 상자 밖에는 {outside}가 "
        "있습니다.",
    ),
    "calc.rf.peaked": (
        "The unit leans on the middle of its box far more than on its edges: its effective field is smaller "
        "than its receptive field.",
        "유닛은 상자의 가장자리보다 가운데에 훨씬 크게 기댑니다. 유효 수용 영역이 수용 영역보다 작습니다.",
    ),
    "calc.rf.even": (
        "The unit uses its box about evenly: here the effective field fills the receptive field.",
        "유닛이 상자를 거의 고르게 씁니다. 여기서는 유효 수용 영역이 수용 영역을 꽉 채웁니다.",
    ),
    "calc.rf.no_gradient": (
        "The gradient is zero everywhere for this picture (a ReLU may be switched off at this unit): try another "
        "unit, channel or picture.",
        "이 그림에서는 기울기가 모든 곳에서 0입니다(이 유닛에서 ReLU가 꺼져 있을 수 있습니다). 다른 유닛이나 "
        "채널, 그림을 골라 보세요.",
    ),
    "calc.rf.computing": ("Computing the gradient…", "기울기를 계산하는 중…"),
    "calc.rf.explain_map": (
        "Each square is one unit of the layer, coloured by its activation (the mean over channels or the chosen "
        "channel). Click one to see its box; the red square is the unit shown.",
        "네모 하나가 이 층의 유닛 하나이며, 색은 활성값(채널 평균 또는 고른 채널)입니다. 하나를 클릭하면 그 "
        "유닛의 상자가 보입니다. 빨간 네모가 지금 보고 있는 유닛입니다.",
    ),
    "calc.rf.explain_box": (
        "The solid box is what the unit can see; the dashed box is its whole window, and any grey part of it "
        "lies beyond the image, in the zero padding. Deeper layers have bigger boxes: each layer adds "
        "(kernel − 1) × the product of the strides before it.",
        "실선 상자는 유닛이 볼 수 있는 영역이고, 점선 상자는 창 전체입니다. 점선 상자의 회색 부분은 이미지 밖, "
        "제로 패딩에 있습니다. 깊은 층일수록 상자가 커집니다. 층마다 (커널 − 1) × (앞선 층들의 스트라이드의 "
        "곱)만큼 넓어지기 때문입니다.",
    ),
    "calc.rf.explain_field": (
        "Brighter pixels change this unit more. The gradient is zero outside the solid box (the unit cannot see "
        "there) and usually gathers in its middle, where more paths through the layers meet.",
        "밝은 픽셀일수록 이 유닛을 더 크게 바꿉니다. 실선 상자 밖에서는 기울기가 0이고(유닛이 볼 수 없는 곳), "
        "보통은 층을 지나는 경로가 더 많이 모이는 가운데에 몰려 있습니다.",
    ),
    "calc.rf.lesson_stacked": ("Two 3×3 convolutions", "3×3 합성곱 두 개"),
    "calc.rf.lesson_single": ("One 5×5 convolution", "5×5 합성곱 하나"),
    "calc.rf.lesson_after": ("after {layer}: {height}×{width}", "{layer} 다음: {height}×{width}"),
    "calc.rf.lesson_caption": (
        "The centre unit's box on an {size}×{size} picture, computed layer by layer: {first} after the first "
        "3×3, {second} after the second, and {single} for one 5×5.",
        "{size}×{size} 그림에서 가운데 유닛의 상자를 층마다 계산한 결과: 첫 번째 3×3 다음은 {first}, 두 번째 "
        "다음은 {second}, 5×5 하나는 {single}입니다.",
    ),
    "error.rf_inputs": (
        "Receptive fields are drawn for models with one image input; this one has {count}.",
        "수용 영역은 이미지 입력이 하나인 모델에만 그릴 수 있습니다. 이 모델의 입력은 {count}개입니다.",
    ),
    "error.rf_not_spatial": (
        "The layer '{name}' has no map of positions (its output is {shape}), so its units have no box on the "
        "image. Choose a convolution or pooling layer.",
        "'{name}' 층의 출력({shape})에는 위치가 없어서 유닛의 상자를 이미지 위에 그릴 수 없습니다. 합성곱 층이나 "
        "풀링 층을 고르세요.",
    ),
    "error.rf_unit": (
        "Row {row}, column {col} is outside the {height}×{width} map of '{name}'.",
        "행 {row}, 열 {col}은(는) '{name}'의 {height}×{width} 맵 밖에 있습니다.",
    ),
    "error.rf_channels_first": (
        "'{name}' stores channels first; cnnviz draws receptive fields for channels-last models only.",
        "'{name}'은(는) 채널을 앞에 두는 형식(channels_first)입니다. cnnviz는 채널이 뒤에 오는 모델의 수용 영역만 "
        "그립니다.",
    ),
    "error.rf_layer": (
        "cnnviz cannot work out what the layer '{name}' ({type}) sees, so it shows no box rather than a wrong one.",
        "cnnviz는 '{name}' 층({type})이 무엇을 보는지 계산할 수 없습니다. 틀린 상자를 보여 주느니 보여 주지 "
        "않습니다.",
    ),
    "error.rf_any_size": (
        "This model takes pictures of any size: give the picture's size to place a unit's box on it.",
        "이 모델은 어떤 크기의 그림이든 받습니다. 유닛의 상자를 놓으려면 그림의 크기를 알려 주세요.",
    ),
    "error.rf_image": (
        "The picture has shape {shape}; the model expects one picture of {expected}.",
        "그림의 모양은 {shape}인데, 모델은 {expected} 모양의 그림 한 장을 받습니다.",
    ),
    "error.rf_channel": (
        "Channel {channel} is not one of the {count} channels of '{name}'.",
        "채널 {channel}은(는) '{name}'의 채널 {count}개 중 하나가 아닙니다.",
    ),
    # computation: one step on real numbers and the sandbox (cnnviz/arithmetic.py, _calc_numbers/_sandbox)
    "error.calc_layer_type": (
        "The layer '{layer}' is a {type} layer. The step-by-step view shows Conv2D, DepthwiseConv2D, "
        "MaxPooling2D and AveragePooling2D layers.",
        "'{layer}' 층은 {type} 층입니다. 한 단계씩 보기는 Conv2D, DepthwiseConv2D, MaxPooling2D, "
        "AveragePooling2D 층만 보여 줍니다.",
    ),
    "error.calc_unknown_layer": ("This model has no layer named '{layer}'.",
                                 "이 모델에는 '{layer}'(이)라는 층이 없습니다."),
    "error.calc_channels_first": (
        "The layer '{layer}' stores channels first (channels_first); the step-by-step view reads "
        "channels-last maps only.",
        "'{layer}' 층은 채널을 앞에 두는(channels_first) 방식이라, 채널이 마지막에 오는 맵만 읽는 "
        "한 단계씩 보기로는 볼 수 없습니다.",
    ),
    "error.calc_position": (
        "Position (row {row}, column {col}) is outside the {height}×{width} output of '{layer}'.",
        "위치(행 {row}, 열 {col})가 '{layer}'의 {height}×{width} 출력 밖에 있습니다.",
    ),
    "error.calc_channel": (
        "Channel {channel} does not exist: '{layer}' has {count} channels (0 to {last}).",
        "채널 {channel}은(는) 없습니다. '{layer}'의 채널은 {count}개(0~{last})입니다.",
    ),
    "error.calc_below_one": (
        "{name} = {value} is impossible: sizes, kernels, strides and dilations are whole numbers of at least 1.",
        "{name} = {value}은(는) 불가능합니다. 입력 크기, 커널, 스트라이드, 팽창은 1 이상의 정수여야 합니다.",
    ),
    "error.calc_too_large": ("An input of {n} pixels is more than the sandbox draws ({limit} at most).",
                             "입력 {n}픽셀은 실험 화면이 그릴 수 있는 크기({limit} 이하)보다 큽니다."),
    "error.calc_padding": ("Padding '{padding}' is unknown: use valid, same or a number of pixels.",
                           "'{padding}' 패딩은 알 수 없습니다. valid, same 또는 픽셀 수를 쓰세요."),
    "error.calc_negative_padding": ("Padding {padding} is impossible: padding is 0 or more pixels.",
                                    "패딩 {padding}은(는) 불가능합니다. 패딩은 0픽셀 이상이어야 합니다."),
    "error.calc_no_output": (
        "No output: the window spans {span} pixels but the padded input has only {padded} "
        "({n} + {before} + {after}), so it fits nowhere. The formula gives {formula}. "
        "Use a smaller kernel or dilation, or more padding.",
        "출력이 없습니다. 창이 {span}픽셀에 걸치는데 패딩한 입력은 {padded}픽셀({n} + {before} + {after})뿐이라 "
        "어디에도 들어가지 않습니다. 공식으로는 {formula}입니다. 커널이나 팽창을 줄이거나 패딩을 늘리세요.",
    ),
    "calc.note_same": (
        "How Keras pads 'same': the output is ⌈{n}/{s}⌉ = {out}, so the padding needed in total is "
        "max((out − 1)·s + span − n, 0): {formula} pixels, {before} before (top/left) and {after} after "
        "(bottom/right). When the total is odd, the extra pixel goes after.",
        "Keras의 'same' 패딩: 출력이 ⌈{n}/{s}⌉ = {out}이므로 필요한 패딩 합계는 "
        "max((출력 − 1)·s + 폭 − n, 0), 즉 {formula}픽셀입니다. 앞(위/왼쪽)에 {before}, 뒤(아래/오른쪽)에 "
        "{after}픽셀을 붙입니다. 합계가 홀수면 남는 한 픽셀은 뒤에 붙습니다.",
    ),
    "calc.note_skips": (
        "The stride ({s}) is larger than the window's span ({span}): {gap} input pixel(s) between "
        "neighbouring windows are never read.",
        "스트라이드({s})가 창의 폭({span})보다 커서, 이웃한 창 사이의 입력 {gap}픽셀은 한 번도 읽히지 않습니다.",
    ),
    "calc.note_left_over": (
        "The last {count} pixel(s) of the padded input are never read: the next step would run past the "
        "edge. That is the floor ⌊…⌋ in the formula.",
        "패딩한 입력의 마지막 {count}픽셀은 읽히지 않습니다. 다음 칸으로 가면 가장자리를 넘기 때문이며, "
        "공식의 내림 ⌊…⌋이 바로 이것입니다.",
    ),
    "calc.note_keras_refuses": (
        "The arithmetic works, but Keras refuses a stride above 1 together with a dilation above 1 in its "
        "convolution layers.",
        "계산은 되지만, Keras의 합성곱 층은 1보다 큰 스트라이드와 1보다 큰 팽창을 함께 쓰지 못하게 합니다.",
    ),
    "calc.intro": (
        "Pick a layer and one unit of its output (drag the sliders, or click a pixel of the feature map) and "
        "follow the numbers: the window of the layer's input under the kernel, the products, their sum, the "
        "bias and the activation.",
        "층과 그 출력의 한 칸을 고르고(슬라이더를 움직이거나 특성 맵의 픽셀을 클릭) 숫자를 따라가 보세요. "
        "커널 아래에 놓인 입력 창, 곱, 그 합, 편향, 활성화 함수까지 차례로 보입니다.",
    ),
    "calc.no_layers": (
        "This model has no Conv2D, DepthwiseConv2D or pooling layer whose step can be shown.",
        "이 모델에는 한 단계씩 보여 줄 수 있는 Conv2D, DepthwiseConv2D, 풀링 층이 없습니다.",
    ),
    "calc.layer": ("Layer", "층"),
    "calc.computing": ("Computing the layer's input and output…", "층의 입력과 출력을 계산하는 중…"),
    "calc.channel": ("Output channel (feature map)", "출력 채널(특성 맵)"),
    "calc.channel_help": (
        "Each output channel has its own kernel; the map below is this channel's.",
        "출력 채널마다 커널이 따로 있습니다. 아래 맵은 이 채널의 맵입니다.",
    ),
    "calc.row": ("Output row", "출력 행"),
    "calc.col": ("Output column", "출력 열"),
    "calc.play": ("▶ Play", "▶ 재생"),
    "calc.stop": ("■ Stop", "■ 정지"),
    "calc.play_help": (
        "Move the window one step at a time, left to right then down, and stop at the last unit.",
        "창을 한 칸씩 왼쪽에서 오른쪽, 그다음 아래로 옮기고 마지막 칸에서 멈춥니다.",
    ),
    "calc.in_channel": ("Input channel", "입력 채널"),
    "calc.in_channel_help": (
        "The kernel has one slice per input channel; the grids show one slice, the sum takes them all.",
        "커널에는 입력 채널마다 한 장씩 조각이 있습니다. 격자는 한 조각만 보여 주고, 합은 모든 조각을 더합니다.",
    ),
    "calc.position": (
        "**{layer}**, output row {row}, column {col}, channel {channel}: the window starts at input row {top}, "
        "column {left} and covers {h}×{w} input pixels (negative or too large indices are padding).",
        "**{layer}**, 출력 {row}행 {col}열, 채널 {channel}: 창은 입력 {top}행 {left}열에서 시작해 입력 "
        "{h}×{w}픽셀을 덮습니다(음수이거나 너무 큰 번호는 패딩입니다).",
    ),
    "calc.input_title": ("Layer input, channel {channel}", "층의 입력, 채널 {channel}"),
    "calc.window": ("window", "창"),
    "calc.map_title": ("{layer}, channel {channel}", "{layer}, 채널 {channel}"),
    "calc.map_hover": ("row %{y}, column %{x}", "%{y}행 %{x}열"),
    "calc.explain_input": (
        "What the layer reads: the orange box is the window; grey outside the border is padding, read as 0 "
        "(× marks a tap in the padding).",
        "층이 읽는 입력입니다. 주황색 상자가 창이고, 테두리 밖 회색은 0으로 읽는 패딩입니다(×는 패딩 위의 칸).",
    ),
    "calc.explain_map": (
        "The layer's output for this channel; the outlined pixel is the unit worked out below. Click any "
        "pixel to work out that one.",
        "이 채널에 대한 층의 출력입니다. 테두리 친 픽셀이 아래에서 계산하는 칸이며, 다른 픽셀을 클릭하면 "
        "그 칸을 계산합니다.",
    ),
    "calc.window_title": ("Input window, channel {channel}", "입력 창, 채널 {channel}"),
    "calc.kernel_title": ("Kernel (weights)", "커널(가중치)"),
    "calc.products_title": ("Window × kernel", "창 × 커널"),
    "calc.explain_window": (
        "The input values under the kernel; grey cells are padding and count as 0.",
        "커널 아래에 놓인 입력값입니다. 회색 칸은 패딩이며 0으로 셉니다.",
    ),
    "calc.explain_kernel": (
        "The learned weights for this output channel: red positive, blue negative.",
        "이 출력 채널이 학습한 가중치입니다. 빨강은 양수, 파랑은 음수입니다.",
    ),
    "calc.explain_products": (
        "Each input value times the weight on top of it. Red cells push the output up, blue ones down.",
        "입력값과 그 위의 가중치를 곱한 값입니다. 빨간 칸은 출력을 올리고 파란 칸은 내립니다.",
    ),
    "calc.too_big_to_write": (
        "The window is wider than {limit} cells, so the grids show colours only: hover a cell to read it.",
        "창이 {limit}칸보다 넓어서 격자에는 색만 보입니다. 칸 위에 마우스를 올리면 값이 보입니다.",
    ),
    "calc.channel_sum": (
        "Σ of the products in input channel {channel}: **{value}**, one of the {count} channel sums below.",
        "입력 채널 {channel}의 곱의 합: **{value}**. 아래 {count}개 채널 합 가운데 하나입니다.",
    ),
    "calc.sums_title": ("Σ products of each of the {count} input channels", "입력 채널 {count}개 각각의 곱의 합"),
    "calc.explain_sums": (
        "A convolution sums over all input channels at once: the bars add up to the Σ in the equation.",
        "합성곱은 모든 입력 채널을 한꺼번에 더합니다. 막대를 모두 더하면 식의 Σ가 됩니다.",
    ),
    "calc.depthwise_note": (
        "A depthwise convolution reads one input channel only (channel {channel}): nothing is summed across "
        "channels.",
        "깊이별(depthwise) 합성곱은 입력 채널 하나(채널 {channel})만 읽으므로 채널끼리 더하지 않습니다.",
    ),
    "calc.equation_conv": (
        "Σ products (input channels: {count}) = {total}  →  {total} + bias {bias} = **{pre}** "
        "(before the activation)  →  {activation}({pre}) = **{output}**",
        "곱의 합(입력 채널 {count}개 전부) = {total}  →  {total} + 편향 {bias} = **{pre}**(활성화 전)  →  "
        "{activation}({pre}) = **{output}**",
    ),
    "calc.equation_max": (
        "Max pooling keeps the largest of the {count} input values in the window: **{output}**, at input "
        "row {row}, column {col} (outlined).",
        "최대 풀링은 창 안 입력값 {count}개 중 가장 큰 값을 남깁니다: **{output}**, 입력 {row}행 {col}열"
        "(테두리 친 칸).",
    ),
    "calc.equation_average": (
        "Average pooling: Σ {total} ÷ {count} values = **{output}**",
        "평균 풀링: 합 {total} ÷ 값 {count}개 = **{output}**",
    ),
    "calc.explain_max": (
        "Only the winner passes on; the other values in the window are dropped.",
        "가장 큰 값만 다음 층으로 가고, 창의 나머지 값은 버려집니다.",
    ),
    "calc.explain_average": (
        "Every value in the window counts equally.", "창 안의 모든 값이 똑같은 비중으로 평균에 들어갑니다."
    ),
    "calc.pool_padding_max": (
        "{outside} cell(s) of the window lie in the padding; Keras never lets padding win.",
        "창의 {outside}칸은 패딩 위에 있습니다. Keras는 패딩을 최댓값으로 뽑지 않습니다.",
    ),
    "calc.pool_padding_average": (
        "{outside} cell(s) of the window lie in the padding; Keras leaves them out of the mean, so it divides "
        "by the cells inside the image only.",
        "창의 {outside}칸은 패딩 위에 있습니다. Keras는 이 칸을 평균에서 빼므로 이미지 안의 칸 수로만 나눕니다.",
    ),
    "calc.output": ("Output (worked out)", "출력(직접 계산)"),
    "calc.keras_value": ("Keras's feature map", "Keras 특성 맵의 값"),
    "calc.keras_value_help": (
        "The same unit read from the layer's output as Keras computed it, to 7 significant digits.",
        "Keras가 계산한 층의 출력에서 같은 칸을 읽은 값(유효숫자 7자리)입니다.",
    ),
    "calc.sb_intro": (
        "Change the input size, kernel, stride, padding and dilation and watch where the window lands and how "
        "big the output gets. The same settings apply to both axes of a square input.",
        "입력 크기, 커널, 스트라이드, 패딩, 팽창을 바꾸면서 창이 어디에 놓이고 출력이 얼마나 커지는지 보세요. "
        "정사각형 입력의 가로와 세로에 같은 설정이 적용됩니다.",
    ),
    "calc.sb_n": ("Input size n", "입력 크기 n"),
    "calc.sb_n_help": ("Pixels per side of the (square) input.", "정사각형 입력의 한 변의 픽셀 수."),
    "calc.sb_k": ("Kernel k", "커널 k"),
    "calc.sb_s": ("Stride s", "스트라이드 s"),
    "calc.sb_d": ("Dilation d", "팽창 d"),
    "calc.sb_d_help": (
        "The kernel reads every d-th pixel: a k-wide kernel then spans k + (k − 1)(d − 1) pixels.",
        "커널이 d픽셀마다 하나씩 읽습니다. 그러면 폭 k인 커널이 k + (k − 1)(d − 1)픽셀에 걸칩니다.",
    ),
    "calc.sb_padding": ("Padding", "패딩"),
    "calc.sb_padding_valid": ("valid (none)", "valid(없음)"),
    "calc.sb_padding_same": ("same (Keras)", "same(Keras)"),
    "calc.sb_padding_pixels": ("p pixels each side", "양쪽에 p픽셀"),
    "calc.sb_padding_help": (
        "valid adds nothing; same adds what Keras adds so that the output is ⌈n/s⌉; or choose the textbook's "
        "p pixels on each side.",
        "valid는 아무것도 붙이지 않고, same은 출력이 ⌈n/s⌉가 되도록 Keras가 붙이는 만큼 붙입니다. "
        "교과서처럼 양쪽에 p픽셀을 직접 정할 수도 있습니다.",
    ),
    "calc.sb_p": ("p", "p"),
    "calc.sb_out": ("Output size", "출력 크기"),
    "calc.sb_formula": (
        "Output size per axis: `{formula}` — the window spans {span} pixels; padding {before} before and "
        "{after} after. ⌊…⌋ rounds down: a window that would run past the edge is not used.",
        "축마다 출력 크기: `{formula}` — 창은 {span}픽셀에 걸치고, 패딩은 앞에 {before}, 뒤에 {after}픽셀입니다. "
        "⌊…⌋는 내림입니다. 가장자리를 넘어가는 창은 쓰지 않습니다.",
    ),
    "calc.sb_grid_title": ("The window at output ({row}, {col})", "출력 ({row}, {col})의 창"),
    "calc.sb_explain_grid": (
        "The padded input: white is the image, grey the padding, light orange the pixels some window reads, "
        "the dark squares the pixels this window reads.",
        "패딩한 입력입니다. 흰색은 이미지, 회색은 패딩, 연한 주황은 어느 창이든 읽는 픽셀, "
        "진한 사각형은 이 창이 읽는 픽셀입니다.",
    ),
    "calc.sb_positions_title": ("All {out} positions along one axis", "한 축을 따라 놓이는 {out}개 위치 전부"),
    "calc.sb_input_axis": ("input pixel", "입력 픽셀"),
    "calc.sb_output_axis": ("output position", "출력 위치"),
    "calc.sb_explain_positions": (
        "One row per output position: ● marks the input pixels it reads, × a pixel of padding; the black "
        "frame is the image. Empty columns inside the frame are pixels no window reads.",
        "출력 위치마다 한 줄입니다. ●는 읽는 입력 픽셀, ×는 패딩 픽셀이고 검은 테두리가 이미지입니다. "
        "테두리 안의 빈 열은 어떤 창도 읽지 않는 픽셀입니다.",
    ),
    # labs page (app_pages/labs.py and its parts _lab_*.py)
    "lab.view": ("Lab", "실험"),
    "lab.view.inception": ("Inception module", "Inception 모듈"),
    "lab.view.residual": ("Residual module", "잔차 모듈"),
    "lab.view.initialisers": ("Weight initialisers", "가중치 초기화"),
    "lab.view.freezing": ("How much to freeze", "얼마나 동결할까"),
    # labs: Inception and residual modules on the picture, gradients through depth (cnnviz/modules.py,
    # cnnviz/module_figures.py, app_pages/views/lab_modules.py)
    "lab.inception.intro": (
        "An Inception module sends the same input through several branches side by side (1×1, 3×3 and 5×5 "
        "convolutions and a 3×3 max-pool) and stacks their outputs along the channel axis.",
        "Inception 모듈은 같은 입력을 여러 갈래(1×1, 3×3, 5×5 합성곱과 3×3 최대 풀링)에 나란히 통과시킨 뒤, "
        "그 출력을 채널 방향으로 이어 붙입니다.",
    ),
    "lab.inception.module": ("Inception module", "Inception 모듈"),
    "lab.inception.demo_kind": ("Module", "모듈"),
    "lab.inception.demo_naive": ("Naive", "기본형"),
    "lab.inception.demo_reduced": ("With 1×1 reductions", "1×1 축소 포함"),
    "lab.inception.fallback": (
        "{model} has no Inception module, so GoogLeNet's module 3a is built alone on your picture's shape "
        "({shape}) with random weights (seed 0, untrained): its maps show how the branches are wired, not "
        "features anyone learned. Choose mini_googlenet in the sidebar to see a whole network's modules.",
        "{model}에는 Inception 모듈이 없어서, GoogLeNet의 3a 모듈만 따로 이 그림의 크기({shape})에 맞춰 무작위 "
        "가중치(시드 0, 학습 안 됨)로 만들었습니다. 이 맵은 갈래가 어떻게 연결되는지를 보여 줄 뿐, 학습된 특성은 "
        "아닙니다. 네트워크 전체의 모듈을 보려면 사이드바에서 mini_googlenet을 고르세요.",
    ),
    "lab.inception.computing": ("Running the picture through the module…", "그림을 모듈에 통과시키는 중…"),
    "lab.inception.branches_title": (
        "{name}: {count} branches, {channels} channels in all",
        "{name}: 갈래 {count}개, 모두 합쳐 채널 {channels}개",
    ),
    "lab.inception.strip_segment": (
        "{name}: {count} channels, positions {start} to {stop} (stop excluded)",
        "{name}: 채널 {count}개, {start}번부터 {stop}번 앞까지",
    ),
    "lab.inception.strip_axis": (
        "Channel of the concatenation (0 to {last})",
        "이어 붙인 출력의 채널 번호 (0부터 {last}까지)",
    ),
    "lab.inception.explain_strip": (
        "The concatenated output, one coloured segment per branch: a branch's channels sit side by side in "
        "this order, at the positions written on its segment. The next layer reads all of them together.",
        "이어 붙인 출력을 갈래마다 색을 달리해 나타냈습니다. 각 갈래의 채널은 이 순서대로, 막대 위에 적힌 자리에 "
        "놓입니다. 다음 층은 이 채널을 모두 한꺼번에 읽습니다.",
    ),
    "lab.inception.branch_title": (
        "**{name}** · {count} channels · [{start}, {stop})",
        "**{name}** · 채널 {count}개 · [{start}, {stop})",
    ),
    "lab.inception.branch_caption": (
        "{count} maps of {h}×{w}, each on its own colour scale",
        "{h}×{w} 맵 {count}개, 맵마다 자기 색 범위",
    ),
    "lab.inception.explain_maps": (
        "Each branch looks at the same input through a different window: the 1×1 branch mixes channels pixel by "
        "pixel, the 3×3 and 5×5 branches see neighbourhoods, the pool branch keeps the strongest nearby values. "
        "The grey line under each title is the branch's path from the layer they all start from.",
        "갈래마다 같은 입력을 다른 크기의 창으로 봅니다. 1×1 갈래는 픽셀마다 채널을 섞고, 3×3과 5×5 갈래는 "
        "주변 영역을 보며, 풀링 갈래는 근처에서 가장 큰 값을 남깁니다. 제목 아래 회색 줄은 모든 갈래가 시작하는 "
        "층에서 그 갈래까지의 경로입니다.",
    ),
    "lab.inception.check_ok": (
        "Checked: the branches' maps placed side by side equal {name}'s output (largest difference {difference}).",
        "확인: 갈래들의 맵을 나란히 이어 붙이면 {name}의 출력과 같습니다 (가장 큰 차이 {difference}).",
    ),
    "lab.inception.check_off": (
        "The branches' maps placed side by side differ from {name}'s output by up to {difference}: the channel "
        "positions shown may be wrong for this model.",
        "갈래들의 맵을 나란히 이어 붙인 결과가 {name}의 출력과 최대 {difference}만큼 다릅니다. 이 모델에서는 "
        "위에 보인 채널 자리가 틀릴 수 있습니다.",
    ),
    "lab.inception.cost_title": ("Naive against reduced: what the 1×1 convolutions save",
                                 "기본형과 축소형 비교: 1×1 합성곱이 아껴 주는 것"),
    "lab.inception.cost_at": ("GoogLeNet's module 3a measured at an input of {shape}:",
                              "입력 {shape}에서 잰 GoogLeNet의 3a 모듈:"),
    "lab.inception.cost_measure": ("Measure", "항목"),
    "lab.inception.cost_params": ("Parameters", "파라미터"),
    "lab.inception.cost_macs": ("MACs (multiply-accumulates)", "MAC (곱셈-누적 연산)"),
    "lab.inception.cost_channels": ("Output channels", "출력 채널"),
    "lab.inception.cost_summary": (
        "With {channels} input channels the reduced module needs {params} of the naive module's parameters "
        "and {macs} of its MACs.",
        "입력 채널이 {channels}개일 때 축소형 모듈의 파라미터는 기본형의 {params}, MAC은 {macs}입니다.",
    ),
    "lab.inception.explain_cost": (
        "Both modules are built and counted by Keras, not typed in. The 1×1 reductions pay off when many "
        "channels come in (GoogLeNet's 192): they shrink the input of the 3×3 and 5×5 convolutions first. With "
        "very few input channels (a grey picture has 1) the reductions only add work.",
        "두 모듈 모두 Keras로 실제로 만들어 센 값이며, 손으로 적은 숫자가 아닙니다. 1×1 축소는 들어오는 채널이 "
        "많을 때(GoogLeNet의 192개) 이득입니다. 3×3과 5×5 합성곱에 들어갈 입력을 먼저 줄여 주기 때문입니다. "
        "입력 채널이 아주 적으면(흑백 그림은 1개) 축소는 오히려 일만 늘립니다.",
    ),
    "lab.residual.intro": (
        "A residual module adds its input x back to what its two convolutions compute, F(x), then applies ReLU: "
        "the layers only have to learn the change F(x), and the gradient has a short path back through the Add.",
        "잔차 모듈은 두 합성곱이 계산한 F(x)에 입력 x를 다시 더한 뒤 ReLU를 적용합니다. 그래서 층은 변화량 "
        "F(x)만 배우면 되고, 기울기는 덧셈을 거쳐 짧은 길로 되돌아갈 수 있습니다.",
    ),
    "lab.residual.module": ("Residual module", "잔차 모듈"),
    "lab.residual.fallback": (
        "{model} has no residual module, so the zoo's module is built alone on your picture's shape ({shape}), "
        "{filters} filters, with random weights (seed 0, untrained): the maps show the arithmetic of the skip, "
        "not learned features. Choose mini_resnet in the sidebar to see a whole network's modules.",
        "{model}에는 잔차 모듈이 없어서, 모델 저장소의 잔차 모듈만 따로 이 그림의 크기({shape})에 맞춰 필터 "
        "{filters}개, 무작위 가중치(시드 0, 학습 안 됨)로 만들었습니다. 이 맵은 스킵 연결의 계산을 보여 줄 뿐, "
        "학습된 특성은 아닙니다. 네트워크 전체의 모듈을 보려면 사이드바에서 mini_resnet을 고르세요.",
    ),
    "lab.residual.computing": ("Running the picture through the module…", "그림을 모듈에 통과시키는 중…"),
    "lab.residual.channel": ("Channel (0 to {count} − 1)", "채널 (0부터 {count} − 1까지)"),
    "lab.residual.paths_title": ("{name}, channel {channel}", "{name}, 채널 {channel}"),
    "lab.residual.identity": (
        "Shortcut: **identity**. x is the output of {source}, added unchanged (same channel count on both paths).",
        "지름길: **항등 연결**. x는 {source}의 출력이며, 그대로 더해집니다 (두 경로의 채널 수가 같음).",
    ),
    "lab.residual.projection": (
        "Shortcut: **projection**. The output of {source} has a different channel count, so the 1×1 convolution "
        "{layer} maps it to F(x)'s channels first ({path}); x below is that projection's output.",
        "지름길: **투영 연결**. {source}의 출력은 채널 수가 달라서, 1×1 합성곱 {layer}가 먼저 F(x)의 채널 수에 "
        "맞춥니다 ({path}). 아래의 x는 이 투영의 출력입니다.",
    ),
    "lab.residual.part_x": ("x (shortcut: {layer})", "x (지름길: {layer})"),
    "lab.residual.part_fx": ("F(x) ({layer})", "F(x) ({layer})"),
    "lab.residual.part_sum": ("F(x) + x ({layer})", "F(x) + x ({layer})"),
    "lab.residual.part_out": ("ReLU(F(x) + x) ({layer})", "ReLU(F(x) + x) ({layer})"),
    "lab.residual.scale": (
        "All maps share one colour scale: {low} (left end) to {high} (right end).",
        "모든 맵이 같은 색 범위를 씁니다: {low} (왼쪽 끝)부터 {high} (오른쪽 끝)까지.",
    ),
    "lab.residual.explain_maps": (
        "Read the maps left to right: the Add puts x and F(x) together pixel by pixel, and ReLU then sets the "
        "negative values to 0. Where F(x) is near 0, the output is simply x: the module can leave its input "
        "almost untouched, which is easy to learn.",
        "맵을 왼쪽에서 오른쪽으로 읽으세요. 덧셈은 x와 F(x)를 픽셀마다 더하고, 이어서 ReLU가 음수를 0으로 만듭니다. "
        "F(x)가 0에 가까운 곳에서는 출력이 곧 x입니다. 모듈이 입력을 거의 그대로 넘길 수 있으니 배우기 쉽습니다.",
    ),
    "lab.residual.check_ok": (
        "Checked: F(x) + x computed here equals {name}'s output (largest difference {difference}).",
        "확인: 여기서 계산한 F(x) + x가 {name}의 출력과 같습니다 (가장 큰 차이 {difference}).",
    ),
    "lab.residual.check_off": (
        "F(x) + x computed here differs from {name}'s output by up to {difference}.",
        "여기서 계산한 F(x) + x가 {name}의 출력과 최대 {difference}만큼 다릅니다.",
    ),
    "lab.residual.gradients_title": ("Gradients through depth, with and without skips",
                                     "깊이에 따른 기울기: 스킵 연결이 있을 때와 없을 때"),
    "lab.residual.gradients_intro": (
        "mini_resnet is built twice with the same random weights (seed {seed}): once with its skip connections, "
        "once without them. For one batch of {batch} training images, the size (L2 norm) of ∂loss/∂kernel is "
        "measured for every convolution and the classifier, in inference mode (no dropout).",
        "mini_resnet을 같은 무작위 가중치(시드 {seed})로 두 번 만듭니다. 한 번은 스킵 연결을 넣고, 한 번은 "
        "뺍니다. 학습 이미지 {batch}장으로 된 배치 하나에서, 모든 합성곱 층과 분류 층의 ∂손실/∂커널 크기(L2 노름)를 "
        "추론 모드(드롭아웃 없음)로 잽니다.",
    ),
    "lab.residual.no_dataset": (
        "Choose a dataset in the sidebar: the measurement needs a batch of its images.",
        "사이드바에서 데이터셋을 고르세요. 측정에 그 데이터셋의 이미지 한 배치가 필요합니다.",
    ),
    "lab.residual.depth": ("Residual modules per stage", "단계마다 잔차 모듈 수"),
    "lab.residual.depth_help": (
        "mini_resnet has 3 stages; 1 module per stage is the zoo model (8 convolutions on the main path). "
        "More modules make a deeper network, where the difference grows.",
        "mini_resnet은 3단계로 되어 있습니다. 단계마다 모듈 1개가 모델 저장소의 기본 모델입니다(주 경로에 "
        "합성곱 8개). 모듈이 많을수록 네트워크가 깊어지고, 차이도 커집니다.",
    ),
    "lab.residual.initializer": ("Initial weights", "초기 가중치"),
    "lab.residual.initializer_help": (
        "he_normal is mini_resnet's own initialiser; glorot_uniform is Keras's default, which halves the "
        "signal's spread at each ReLU layer.",
        "he_normal은 mini_resnet의 원래 초기화 방법이고, glorot_uniform은 Keras의 기본값으로 ReLU 층마다 신호의 "
        "퍼짐이 절반으로 줄어듭니다.",
    ),
    "lab.residual.measure": ("Measure gradients through depth", "깊이에 따른 기울기 재기"),
    "lab.residual.measuring": (
        "Building mini_resnet ({blocks} modules per stage) twice and measuring its gradients…",
        "mini_resnet(단계마다 모듈 {blocks}개)을 두 번 만들고 기울기를 재는 중…",
    ),
    "lab.residual.with_skips": ("with skips", "스킵 연결 있음"),
    "lab.residual.without_skips": ("without skips", "스킵 연결 없음"),
    "lab.residual.depth_axis": ("Layer, from the input (1) to the classifier", "층 (입력 쪽 1부터 분류 층까지)"),
    "lab.residual.norm_axis": ("‖∂loss/∂kernel‖ (log scale)", "‖∂손실/∂커널‖ (로그 눈금)"),
    "lab.residual.explain_gradients": (
        "Each point is how strongly one layer's weights would be pushed by this batch. On the log scale, one "
        "grid step is a factor of 10. A line that falls towards the left means the first layers barely learn: "
        "the vanishing gradient.",
        "점 하나는 이 배치가 한 층의 가중치를 얼마나 세게 바꾸려 "
        "하는지를 나타냅니다. 로그 눈금에서 한 칸은 10배입니다. "
        "선이 왼쪽으로 갈수록 내려가면 앞쪽 층이 거의 배우지 못한다는 뜻으로, 이것이 기울기 소실입니다.",
    ),
    "lab.residual.ratio_with": (
        "With skips: first convolution {first_layer} {first}, last convolution {last_layer} {last}, ratio "
        "first/last {ratio}.",
        "스킵 연결 있음: 첫 합성곱 {first_layer} {first}, 마지막 합성곱 {last_layer} {last}, "
        "비율(첫/마지막) {ratio}.",
    ),
    "lab.residual.ratio_without": (
        "Without skips: first convolution {first_layer} {first}, last convolution {last_layer} {last}, ratio "
        "first/last {ratio}.",
        "스킵 연결 없음: 첫 합성곱 {first_layer} {first}, 마지막 합성곱 {last_layer} {last}, "
        "비율(첫/마지막) {ratio}.",
    ),
    "lab.residual.closing": (
        "Measured on {batch} images of {dataset} through {layers} convolutions: the first convolution's gradient "
        "is {gain} times as large with the skips as without. The first/last ratios above compare layers of "
        "different sizes, so read the lines' levels too: without skips, every gradient of a deep network "
        "shrinks; with skips and no batch normalisation, they can instead grow with depth, which is why real "
        "ResNets also normalise.",
        "{dataset}의 이미지 {batch}장으로 합성곱 {layers}개를 거쳐 잰 결과, 첫 합성곱의 기울기는 스킵 연결이 "
        "있을 때가 없을 때의 {gain}배입니다. 위의 첫/마지막 비율은 크기가 다른 층끼리 비교한 것이므로 선의 높이도 함께 "
        "보세요. 스킵 연결이 없으면 깊은 네트워크의 기울기가 모두 작아지고, 스킵 연결이 있어도 배치 정규화가 "
        "없으면 깊이에 따라 오히려 커질 수 있습니다. 실제 ResNet이 정규화를 함께 쓰는 이유입니다.",
    ),
    "error.module_not_inception": (
        "{name} is not an Inception module of this model (a Concatenate of two or more branches). Its "
        "Inception modules: {choices}.",
        "{name}은(는) 이 모델의 Inception 모듈(두 갈래 이상을 이어 붙이는 Concatenate)이 아닙니다. 이 모델의 Inception "
        "모듈: {choices}.",
    ),
    "error.module_not_residual": (
        "{name} is not a residual module of this model (an Add of two paths). Its residual modules: {choices}.",
        "{name}은(는) 이 모델의 잔차 모듈(두 경로를 더하는 Add)이 아닙니다. 이 모델의 잔차 모듈: {choices}.",
    ),
    "error.module_axis": (
        "{name} joins its branches along axis {axis}, not along the channels, so it cannot be shown as "
        "branches side by side.",
        "{name}은(는) 갈래를 채널이 아닌 {axis}번 축으로 이어 붙이므로, 갈래를 나란히 놓아 보여 줄 수 없습니다.",
    ),
    "error.module_add_inputs": (
        "{name} adds {count} paths; the residual view shows an Add of exactly two (x and F(x)).",
        "{name}은(는) 경로 {count}개를 더합니다. 잔차 보기는 정확히 두 경로(x와 F(x))를 더하는 Add만 보여 줍니다.",
    ),
    "error.module_gradient_output": (
        "Gradient norms need a model whose main output scores several classes (softmax or logits).",
        "기울기 노름을 재려면 주 출력이 여러 클래스의 점수(소프트맥스 또는 로짓)인 모델이어야 합니다.",
    ),
    "error.module_depth": (
        "mini_resnet takes 1 to {most} residual modules per stage, not {value}.",
        "mini_resnet은 단계마다 잔차 모듈을 1개부터 {most}개까지 둘 수 있습니다. {value}개는 안 됩니다.",
    ),
    # labs: weight initialisers and how much to freeze (cnnviz/initialisers.py, cnnviz/freezing.py,
    # app_pages/views/lab_training.py)
    "lab.init.intro": (
        "Before training, every weight is a random number, and how large those numbers are decides whether "
        "signals and gradients survive the trip through the layers. Here one batch goes through the same model "
        "built under each initialiser from the AlexNet chapter: random uniform ±0.05, random normal σ 0.05, "
        "and LeCun, Glorot and He, each uniform and normal.",
        "학습 전에는 모든 가중치가 무작위 수이고, 그 수의 크기가 신호와 기울기가 층을 지나며 살아남을지를 "
        "결정합니다. 여기서는 AlexNet 장에서 소개한 초기화 방법(균등 분포 ±0.05, 정규 분포 σ 0.05, 그리고 "
        "LeCun·Glorot·He의 균등/정규 방식)으로 같은 모델을 각각 새로 만들고, 배치 하나를 통과시켜 봅니다.",
    ),
    "lab.init.model": ("Model", "모델"),
    "lab.init.initialisers": ("Initialisers", "초기화 방법"),
    "lab.init.seed": ("Random seed", "난수 시드"),
    "lab.init.seed_help": (
        "The same seed gives the same starting weights and the same training runs.",
        "시드가 같으면 시작 가중치와 학습 결과가 똑같이 재현됩니다.",
    ),
    "lab.init.pick_one": ("Choose at least one initialiser.", "초기화 방법을 하나 이상 고르세요."),
    "lab.init.computing": (
        "Building the model under {count} initialisers and measuring one batch…",
        "초기화 방법 {count}가지로 모델을 만들고 배치 하나를 측정하는 중…",
    ),
    "lab.init.batch_note": (
        "One batch: the first {batch} training images of {dataset}, measured before any training, in inference "
        "mode (dropout off).",
        "배치 하나: {dataset}의 첫 학습 이미지 {batch}장을 학습 전에, 추론 모드(드롭아웃 꺼짐)로 측정했습니다.",
    ),
    "lab.init.explain_activation_std": (
        "One line per initialiser; each point is the spread (standard deviation) of a layer's outputs on this "
        "batch, on a log scale. A line that falls from layer to layer means the signal fades before it reaches "
        "the classifier. He keeps ReLU layers steady (weight variance 2/fan-in), Glorot balances the forward "
        "and backward passes (2/(fan-in + fan-out)), LeCun uses 1/fan-in.",
        "선 하나가 초기화 방법 하나이고, 각 점은 이 배치에서 한 층 출력의 퍼짐(표준편차)입니다(로그 눈금). "
        "층을 지날수록 선이 내려가면 신호가 분류기에 닿기 전에 약해진다는 뜻입니다. He는 ReLU 층의 출력 크기를 "
        "일정하게 유지하도록(가중치 분산 2/fan-in), Glorot은 순전파와 역전파의 균형을 맞추도록"
        "(2/(fan-in + fan-out)), LeCun은 1/fan-in으로 설계되었습니다.",
    ),
    "lab.init.explain_gradient_norm": (
        "The size (L2 norm) of the loss's gradient with respect to each layer's kernel, on a log scale: how hard "
        "the first training step pushes that layer. Much smaller values in the early layers mean they barely "
        "learn, the vanishing-gradient problem.",
        "각 층의 커널에 대한 손실 기울기의 크기(L2 노름, 로그 눈금)로, 첫 학습 단계가 그 층을 얼마나 세게 "
        "움직이는지를 나타냅니다. 앞쪽 층의 값이 훨씬 작으면 그 층은 거의 배우지 못합니다(기울기 소실 문제).",
    ),
    "lab.init.col_initialiser": ("Initialiser", "초기화 방법"),
    "lab.init.col_kernel_std": ("Weight std ({layer})", "가중치 표준편차 ({layer})"),
    "lab.init.col_expected_std": ("Expected std ({layer})", "이론상 표준편차 ({layer})"),
    "lab.init.col_act_std": ("Output std ({layer})", "출력 표준편차 ({layer})"),
    "lab.init.col_zero": ("Outputs exactly 0 ({layer})", "정확히 0인 출력 ({layer})"),
    "lab.init.col_grad": ("Gradient norm ({layer})", "기울기 노름 ({layer})"),
    "lab.init.explain_table": (
        "Weight std is measured on the built kernel; the expected value follows from the initialiser's formula "
        "and the layer's fan-in {fan_in} and fan-out {fan_out}. Outputs exactly 0 are ReLUs that are off for "
        "these images: a layer where nearly all are 0 passes almost nothing on (dead ReLUs).",
        "가중치 표준편차는 만들어진 커널에서 잰 값이고, 이론값은 초기화 공식과 이 층의 fan-in {fan_in}, "
        "fan-out {fan_out}으로 계산한 값입니다. 정확히 0인 출력은 이 이미지들에서 꺼진 ReLU입니다. 거의 모두 "
        "0인 층은 다음 층에 거의 아무것도 전달하지 못합니다(죽은 ReLU).",
    ),
    "lab.init.hist_layer": ("Layer for the histograms", "히스토그램을 볼 층"),
    "lab.init.hist_which": ("Values", "값"),
    "lab.init.hist_activation": ("Outputs", "출력"),
    "lab.init.hist_gradient": ("Kernel gradients", "커널 기울기"),
    "lab.init.explain_hist": (
        "How the sizes of the non-zero values are spread, on a log scale (−2 means 0.01): one line per "
        "initialiser, its height the share of the values in that bin. Exact zeros are left out (see the table).",
        "0이 아닌 값들의 크기 분포입니다(로그 눈금, −2는 0.01). 선 하나가 초기화 방법 하나이고, 높이는 그 "
        "구간에 든 값의 비율입니다. 정확히 0인 값은 빠져 있습니다(표 참고).",
    ),
    "lab.init.train_title": ("Train each briefly", "각각 짧게 학습해 보기"),
    "lab.init.epochs": ("Epochs", "에포크"),
    "lab.init.images": ("Training images per run", "실행마다 쓸 학습 이미지 수"),
    "lab.init.train_button": ("Train each briefly", "각각 짧게 학습"),
    "lab.init.train_help": (
        "{count} runs on {images} images each (epochs: {epochs}), with {optimizer} (learning rate {lr}), the "
        "same seed and the same batches in the same order. Runs already made by anyone on this server with "
        "the same settings are shown at once.",
        "{count}번의 실행을 각각 이미지 {images}장, {epochs} 에포크로 {optimizer}(학습률 {lr})를 써서 같은 "
        "시드, 같은 배치, 같은 순서로 학습합니다. 이 서버에서 누군가 같은 설정으로 이미 실행했다면 결과가 바로 "
        "나타납니다.",
    ),
    "lab.init.training": ("Training with {name} ({done} of {count})…", "{name}(으)로 학습 중 ({done}/{count})…"),
    "lab.init.explain_curves": (
        "Validation accuracy per epoch (solid) and training accuracy (dotted) for each initialiser, on the same "
        "images in the same order. A good start shows in the first epoch; Adam rescales its steps, so most "
        "initialisers catch up quickly, while a scale far too small or too large can stall a network.",
        "초기화 방법마다 에포크별 검증 정확도(실선)와 학습 정확도(점선)입니다. 모두 같은 이미지를 같은 순서로 "
        "학습했습니다. 좋은 시작은 첫 에포크에서 드러납니다. Adam은 걸음 크기를 스스로 조절하므로 대부분의 초기화가 "
        "금방 따라잡지만, 너무 작거나 너무 큰 크기는 학습을 멈추게 할 수 있습니다.",
    ),
    "lab.init.explain_loss": (
        "Validation loss per epoch (lower is better), training loss dotted.",
        "에포크별 검증 손실(낮을수록 좋음)이며, 점선은 학습 손실입니다.",
    ),
    "lab.init.col_val_acc": ("Final validation accuracy", "최종 검증 정확도"),
    "lab.init.col_val_loss": ("Final validation loss", "최종 검증 손실"),
    "lab.init.fig_activation_std": ("Spread of each layer's outputs (one batch)", "층별 출력의 퍼짐 (배치 하나)"),
    "lab.init.fig_gradient_norm": ("Gradient size per layer (one batch)", "층별 기울기 크기 (배치 하나)"),
    "lab.init.axis_layer": ("Layer (input → output)", "층 (입력 → 출력)"),
    "lab.init.axis_activation_std": ("Output std (log scale)", "출력 표준편차 (로그 눈금)"),
    "lab.init.axis_gradient_norm": ("‖∂loss/∂kernel‖ (log scale)", "‖∂손실/∂커널‖ (로그 눈금)"),
    "lab.init.fig_hist_activation": ("{layer}: sizes of the outputs", "{layer}: 출력값의 크기"),
    "lab.init.fig_hist_gradient": ("{layer}: sizes of the kernel gradients", "{layer}: 커널 기울기의 크기"),
    "lab.init.axis_magnitude": ("log10 |value|", "log10 |값|"),
    "lab.init.axis_share": ("Share of values", "값의 비율"),
    "lab.init.train_of": ("{name} (training)", "{name} (학습)"),
    "lab.init.fig_val_accuracy": ("Validation accuracy per epoch", "에포크별 검증 정확도"),
    "lab.init.fig_val_loss": ("Validation loss per epoch", "에포크별 검증 손실"),
    "lab.init.axis_epoch": ("Epoch", "에포크"),
    "lab.init.axis_accuracy": ("Accuracy", "정확도"),
    "lab.init.axis_loss": ("Loss", "손실"),
    "lab.freeze.intro": (
        "Transfer learning reuses a network trained on ImageNet; the question is how much of it to keep fixed "
        "(frozen). Here VGG16's convolutional base ({blocks} blocks, {base} parameters) sits under a new "
        "classifier for the sidebar's dataset. Freeze none, some or all of its blocks, see what is left to "
        "train and how long an epoch takes, and train each plan briefly.",
        "전이 학습은 ImageNet으로 학습된 신경망을 다시 씁니다. 문제는 그중 얼마를 고정(동결)하느냐입니다. "
        "여기서는 VGG16의 합성곱 기반(블록 {blocks}개, 파라미터 {base}개) 위에 사이드바 데이터셋용 새 분류기를 "
        "얹었습니다. 블록을 하나도, 일부만, 또는 전부 동결해 보고, 학습할 파라미터가 얼마나 남는지와 에포크 "
        "하나가 얼마나 걸리는지 확인한 뒤, 각 방법을 짧게 학습해 보세요.",
    ),
    "lab.freeze.quadrant_title": (
        "The chapter's advice: data size × similarity to ImageNet",
        "교재의 조언: 데이터 크기 × ImageNet과의 유사도",
    ),
    "lab.freeze.size_small": ("Small dataset", "작은 데이터셋"),
    "lab.freeze.size_large": ("Large dataset", "큰 데이터셋"),
    "lab.freeze.similarity_similar": ("Similar to ImageNet", "ImageNet과 비슷함"),
    "lab.freeze.similarity_different": ("Different from ImageNet", "ImageNet과 다름"),
    "lab.freeze.q_small_similar": (
        "Freeze the whole base and train only the new classifier (feature extraction): too few images to "
        "change millions of weights without overfitting",
        "기반 전체를 동결하고 새 분류기만 학습합니다(특성 추출). 이미지가 너무 적어 수백만 개의 가중치를 "
        "바꾸면 과대적합됩니다",
    ),
    "lab.freeze.q_small_different": (
        "Keep the early, generic blocks (edges, textures) frozen and retrain the later ones; hard to balance, "
        "as few images overfit easily",
        "앞쪽의 일반적인 블록(모서리, 질감)은 동결하고 뒤쪽 블록을 다시 학습합니다. 이미지가 적으면 쉽게 "
        "과대적합되므로 균형 잡기가 어렵습니다",
    ),
    "lab.freeze.q_large_similar": (
        "Freeze the early blocks and fine-tune the later ones with a small learning rate",
        "앞쪽 블록은 동결하고 뒤쪽 블록을 작은 학습률로 미세 조정합니다",
    ),
    "lab.freeze.q_large_different": (
        "Fine-tune every block: there is enough data to adapt them all, and the pretrained weights are a "
        "better start than random ones",
        "모든 블록을 미세 조정합니다. 모두 바꿀 만큼 데이터가 충분하고, 사전 학습된 가중치가 무작위 가중치보다 "
        "좋은 출발점입니다",
    ),
    "lab.freeze.explain_quadrant": (
        "Early blocks detect edges and textures that suit almost any picture; later blocks detect ImageNet's "
        "object parts. The more data you have, the more you can afford to retrain; the more your pictures "
        "differ from ImageNet, the more of the later blocks must change.",
        "앞쪽 블록은 거의 모든 그림에 통하는 모서리와 질감을 찾고, 뒤쪽 블록은 ImageNet 물체의 부분을 찾습니다. "
        "데이터가 많을수록 더 많이 다시 학습해도 되고, 그림이 ImageNet과 다를수록 뒤쪽 블록을 더 많이 바꿔야 "
        "합니다.",
    ),
    "lab.freeze.plan_none": ("nothing frozen", "동결 없음"),
    "lab.freeze.plan_all": ("whole base frozen", "기반 전체 동결"),
    "lab.freeze.plan_some": ("blocks 1–{blocks} frozen", "블록 1–{blocks} 동결"),
    "lab.freeze.plans": ("Plans to compare", "비교할 방법"),
    "lab.freeze.plans_help": (
        "How many of the base's five blocks are frozen, from the input side.",
        "기반의 다섯 블록 중 입력 쪽부터 몇 개를 동결할지 고릅니다.",
    ),
    "lab.freeze.pick_one": ("Choose at least one plan.", "방법을 하나 이상 고르세요."),
    "lab.freeze.epochs": ("Epochs", "에포크"),
    "lab.freeze.images": ("Training images per plan", "방법마다 쓸 학습 이미지 수"),
    "lab.freeze.col_plan": ("Plan", "방법"),
    "lab.freeze.col_trainable": ("Trainable parameters", "학습되는 파라미터"),
    "lab.freeze.col_frozen": ("Frozen parameters", "동결된 파라미터"),
    "lab.freeze.col_share": ("Share trainable", "학습되는 비율"),
    "lab.freeze.col_conv": ("Conv layers that train", "학습되는 합성곱 층"),
    "lab.freeze.explain_counts": (
        "Frozen weights still compute the forward pass but get no gradient and no update, so a step costs less "
        "and they cannot overfit. The base holds {base} parameters in {convs} conv layers; the new classifier for "
        "{classes} classes adds {head}.",
        "동결된 가중치도 순전파 계산에는 쓰이지만 기울기를 받지 않고 갱신되지 않으므로, 한 단계가 덜 들고 "
        "과대적합될 수도 없습니다. 기반은 합성곱 층 {convs}개에 "
        "파라미터 {base}개이고, 클래스 {classes}개용 새 분류기가 "
        "{head}개를 더합니다.",
    ),
    "lab.freeze.expected": (
        "Each plan trains for about {seconds} s per epoch on {images} images on this server's CPU "
        "(measured with nothing frozen; frozen plans are faster), so the whole comparison takes about {total} s.",
        "이 서버의 CPU에서 이미지 {images}장으로 방법마다 에포크당 약 {seconds}초가 걸리므로"
        "(동결 없이 측정, 동결하면 더 빠름), 전체 비교에 약 {total}초가 걸립니다.",
    ),
    "lab.freeze.weights_note": (
        "The runs start from VGG16's ImageNet weights, downloaded once (about 58 MB); offline they fall back to "
        "random weights, and the results say so.",
        "실행은 VGG16의 ImageNet 가중치(한 번만 내려받음, 약 58 MB)에서 시작합니다. 오프라인이면 무작위 가중치를 "
        "쓰며, 결과에 그렇게 표시됩니다.",
    ),
    "lab.freeze.train_button": ("Train each plan briefly", "각 방법을 짧게 학습"),
    "lab.freeze.train_help": (
        "Adam with learning rate {lr}, batches of {batch}, the same starting weights, seed and batch order for "
        "every plan.",
        "모든 방법에 학습률 {lr}의 Adam, 배치 크기 {batch}, 같은 시작 가중치·시드·배치 순서를 씁니다.",
    ),
    "lab.freeze.training": ("Training the plan “{plan}” ({done} of {count})…",
                            "“{plan}” 방법 학습 중 ({done}/{count})…"),
    "lab.freeze.explain_curves": (
        "Validation accuracy per epoch (solid) and training accuracy (dotted) for each plan, all from the same "
        "starting weights on the same images in the same order.",
        "방법마다 에포크별 검증 정확도(실선)와 학습 정확도(점선)입니다. 모두 같은 시작 가중치로 같은 이미지를 "
        "같은 순서로 학습했습니다.",
    ),
    "lab.freeze.col_val_acc": ("Final validation accuracy", "최종 검증 정확도"),
    "lab.freeze.col_seconds": ("Seconds per epoch (after the first)", "에포크당 초 (첫 에포크 제외)"),
    "lab.freeze.col_first": ("First epoch (s)", "첫 에포크 (초)"),
    "lab.freeze.explain_seconds": (
        "Measured while training on this server. The first epoch also builds the training graph, so it takes "
        "longer; fewer trainable layers mean a shorter backward pass. With one epoch only the first is known.",
        "이 서버에서 학습하며 잰 시간입니다. 첫 에포크는 학습 그래프를 만드는 시간까지 들어 있어 더 깁니다. "
        "학습되는 층이 적을수록 역전파가 짧아집니다. 에포크가 하나뿐이면 첫 에포크 시간만 있습니다.",
    ),
    "lab.freeze.random_note": (
        "Offline: the ImageNet weights could not be downloaded, so this comparison used random weights. "
        "Freezing a random base keeps random features fixed, so the frozen runs learn only the head and will "
        "do worse; with ImageNet weights the frozen base gives useful features.",
        "오프라인: ImageNet 가중치를 내려받지 못해 이 비교는 무작위 가중치로 했습니다. 무작위 기반을 동결하면 "
        "무작위 특성이 그대로 고정되므로, 동결한 실행은 분류기만 배우고 성능이 더 나쁩니다. ImageNet 가중치라면 "
        "동결된 기반이 쓸모 있는 특성을 줍니다.",
    ),
    "lab.freeze.imagenet_note": (
        "The base started from VGG16's ImageNet weights.",
        "기반은 VGG16의 ImageNet 가중치에서 시작했습니다.",
    ),
    "error.lab_init_outputs": (
        "The model '{name}' has several outputs; the initialiser lab measures models with one.",
        "'{name}' 모델은 출력이 여러 개입니다. 초기화 실험은 출력이 하나인 모델만 측정합니다.",
    ),
    "error.lab_init_layers": (
        "The model '{name}' has no Conv2D or Dense layer to measure.",
        "'{name}' 모델에는 측정할 Conv2D 층이나 Dense 층이 없습니다.",
    ),
    "error.lab_init_model": (
        "The model '{name}' has no classifier to train. Choose one of: {choices}.",
        "'{name}' 모델에는 학습시킬 분류기가 없습니다. 다음 중에서 고르세요: {choices}.",
    ),
    "error.lab_epochs": (
        "The lab trains for 1 to {most} epochs, not {value}.",
        "이 실험은 1에서 {most} 에포크까지만 학습합니다({value}은(는) 안 됩니다).",
    ),
    "error.lab_no_plans": ("Choose at least one plan to train.", "학습할 방법을 하나 이상 고르세요."),
    "error.lab_no_vgg": (
        "The model '{name}' has no VGG16 base to freeze.",
        "'{name}' 모델에는 동결할 VGG16 기반이 없습니다.",
    ),
    "error.lab_freeze_blocks": (
        "VGG16's base has {most} blocks: freeze 0 to {most}, not {value}.",
        "VGG16 기반에는 블록이 {most}개 있습니다. 0에서 {most}개까지 동결할 수 있습니다({value}개는 안 됩니다).",
    ),
    # home
    "home.what": (
        "cnnviz is an interactive explorer for convolutional neural networks (CNNs). Pick a classic model — "
        "a small Fashion-MNIST CNN, LeNet-5, AlexNet, VGG16 transfer learning, GoogLeNet's Inception modules or "
        "ResNet's residual modules — and see its architecture, train it live, and look at what every layer "
        "learns and computes.",
        "cnnviz는 합성곱 신경망(CNN)을 직접 만져 보며 이해하는 도구입니다. 작은 Fashion-MNIST CNN, LeNet-5, "
        "AlexNet, VGG16 전이 학습, GoogLeNet의 Inception 모듈, ResNet의 잔차 모듈 같은 고전 모델을 골라 "
        "구조를 보고, 실시간으로 학습시키고, 각 층이 무엇을 배우고 계산하는지 살펴보세요.",
    ),
    "home.tour": ("A 30-second tour", "30초 둘러보기"),
    "home.tour.architecture": (
        "How big is each layer, and where do the parameters live?",
        "각 층의 크기는 얼마이고, 파라미터는 어디에 몰려 있을까?",
    ),
    "home.tour.train": ("How does the network learn, epoch by epoch?", "신경망은 에포크마다 어떻게 배워 갈까?"),
    "home.tour.weights": ("How do the weights change with training?", "학습하면서 가중치는 어떻게 변할까?"),
    "home.tour.kernels": ("What patterns do the filters look for?", "필터는 어떤 무늬를 찾을까?"),
    "home.tour.feature_maps": (
        "What does each layer make of my image?",
        "각 층은 내 이미지를 어떻게 바꿔 놓을까?",
    ),
    "home.tour.explain": (
        "Why did it predict that, and can the explanation be trusted?",
        "왜 그렇게 예측했을까? 그 설명은 믿을 만할까?",
    ),
    "home.tour.evaluate": ("Where does the model go wrong?", "모델은 어디서 틀릴까?"),
    "home.tour.computation": (
        "What does one convolution step compute, with real numbers? How big is the patch one unit sees?",
        "합성곱 한 번은 실제 숫자로 무엇을 계산할까? 유닛 하나는 이미지의 얼마만큼을 볼까?",
    ),
    "home.tour.labs": (
        "What do Inception branches, residual skips, initialisers and freezing change? Turn the knob and see.",
        "Inception의 갈래, 스킵 연결, 초기화, 동결은 무엇을 바꿀까? 직접 바꿔 보며 확인해 보세요.",
    ),
    "home.tour.compare": (
        "Which run learned better, and on which classes?",
        "어느 실행이 더 잘 배웠고, 어떤 클래스에서 달랐을까?",
    ),
    "home.tour.embedding": (
        "How does the network arrange the images, compared with their raw pixels?",
        "신경망은 이미지를 어떻게 배치할까? 원래 픽셀과 비교하면?",
    ),
    "home.tour.filters": (
        "Which real image patches make each filter fire? Which units never fire?",
        "어떤 실제 이미지 조각이 각 필터를 가장 강하게 켤까? 한 번도 켜지지 않는 유닛은?",
    ),
    "home.zoo": ("The model zoo", "모델 저장소"),
    "home.zoo_caption": (
        "Parameter counts at each model's classic input size; every page adapts the model to your dataset.",
        "파라미터 수는 각 모델의 고전적인 입력 크기 기준입니다. 각 페이지는 모델을 선택한 데이터셋에 맞춥니다.",
    ),
    "home.checkpoints": ("Ready-trained checkpoints", "미리 학습된 체크포인트"),
    "home.no_checkpoints": (
        "No checkpoints yet: train a model on the Train page.",
        "아직 체크포인트가 없습니다. 학습 페이지에서 모델을 학습시키세요.",
    ),
    "home.card": (
        "{model} trained on {dataset} for {epochs} epochs · {size} MB",
        "{model}, {dataset}로 {epochs} 에포크 학습 · {size} MB",
    ),
    "home.explore": ("Explore", "살펴보기"),
    "col.model": ("Model", "모델"),
    "col.name": ("Name", "이름"),
    "col.input": ("Input", "입력"),
    "col.params": ("Parameters", "파라미터 수"),
    "col.teaches": ("What it teaches", "배울 점"),
    "col.description": ("Architecture", "구조"),
    "col.accuracy": ("Test accuracy", "테스트 정확도"),
    "col.dataset": ("Dataset", "데이터셋"),
    # zoo: what each model is and teaches (no derived figures here: the Architecture page computes them)
    "zoo.fashion_cnn.description": (
        "Conv32 → Pool → Conv64 → Pool → Dense100 → Dropout → Dense10, the textbook first CNN.",
        "Conv32 → Pool → Conv64 → Pool → Dense100 → Dropout → Dense10. 교과서에 나오는 첫 CNN입니다.",
    ),
    "zoo.fashion_cnn.teaches": (
        "How stacked convolutions and pooling turn pixels into features, and where the parameters live "
        "(most are in the first Dense layer).",
        "합성곱과 풀링을 쌓으면 픽셀이 어떻게 특성으로 바뀌는지, 그리고 파라미터가 어디에 있는지(대부분 첫 Dense "
        "층)를 보여 줍니다.",
    ),
    "zoo.fashion_cnn_128.description": (
        "The same convolutions as fashion_cnn with a Dense128 head and no dropout.",
        "fashion_cnn과 같은 합성곱 층에 Dense128 머리를 달고 드롭아웃은 뺐습니다.",
    ),
    "zoo.fashion_cnn_128.teaches": (
        "Compare with fashion_cnn: a wider Dense layer means more parameters, and without dropout it overfits "
        "sooner.",
        "fashion_cnn과 비교해 보세요. Dense 층이 넓을수록 파라미터가 많아지고, 드롭아웃이 없으면 더 빨리 "
        "과대적합됩니다.",
    ),
    "zoo.lenet5.description": (
        "LeCun et al. (1998): Conv6 5×5 → AvgPool → Conv16 5×5 → AvgPool → 120 → 84 → 10, tanh.",
        "LeCun 외 (1998): Conv6 5×5 → AvgPool → Conv16 5×5 → AvgPool → 120 → 84 → 10, tanh 활성화.",
    ),
    "zoo.lenet5.teaches": (
        "The first successful CNN: local receptive fields, shared weights and subsampling.",
        "처음으로 성공한 CNN입니다. 국소 수용 영역, 가중치 공유, 서브샘플링을 배웁니다.",
    ),
    "zoo.alexnet.description": (
        "Krizhevsky et al. (2012): an 11×11 convolution with stride 4, then 5×5 and 3×3 convolutions with "
        "max-pooling, and Dense4096 layers before the classifier.",
        "Krizhevsky 외 (2012): 스트라이드 4의 11×11 합성곱, 이어서 최대 풀링을 낀 5×5와 3×3 합성곱, 그리고 "
        "분류기 앞의 Dense4096 층들.",
    ),
    "zoo.alexnet.teaches": (
        "Large first kernels with a large stride shrink the image fast; most of the parameters sit in the Dense "
        "layers (the Architecture page computes the share).",
        "큰 첫 커널과 큰 스트라이드가 이미지를 빠르게 줄입니다. 파라미터는 대부분 Dense 층에 있습니다(비율은 "
        "구조 페이지에서 계산해 보여 줍니다).",
    ),
    "zoo.vgg16_transfer.description": (
        "keras.applications.VGG16 without its top, frozen, plus Flatten → Dense(1, sigmoid).",
        "최상단을 뗀 keras.applications.VGG16을 고정하고 Flatten → Dense(1, sigmoid)를 붙였습니다.",
    ),
    "zoo.vgg16_transfer.teaches": (
        "Reusing ImageNet features: the convolutional base stays frozen and only the new head is trained.",
        "ImageNet 특성 재사용: 합성곱 기반은 고정하고 새로 붙인 머리만 학습합니다.",
    ),
    "zoo.inception_naive.description": (
        "GoogLeNet's 3a module (Szegedy et al., 2014) without the 1×1 reductions.",
        "1×1 축소 없이 만든 GoogLeNet의 3a 모듈 (Szegedy 외, 2014).",
    ),
    "zoo.inception_naive.teaches": (
        "Parallel 1×1/3×3/5×5/pool branches see the same input at several scales, but the 3×3 and 5×5 "
        "convolutions on all 192 input channels are expensive, and the pool branch passes all 192 on.",
        "1×1/3×3/5×5/풀링 가지가 같은 입력을 여러 크기로 보지만, 입력 채널 192개 전부에 대한 3×3과 5×5 합성곱은 "
        "비싸고, 풀링 가지는 192개 채널을 그대로 넘깁니다.",
    ),
    "zoo.inception_reduced.description": (
        "GoogLeNet's 3a module: 1×1 convolutions reduce the channels before the 3×3 and 5×5 and after the pool.",
        "GoogLeNet의 3a 모듈: 3×3과 5×5 앞, 그리고 풀링 뒤에서 1×1 합성곱이 채널을 줄입니다.",
    ),
    "zoo.inception_reduced.teaches": (
        "A 1×1 convolution mixes channels cheaply: the reductions cut the parameters by more than half, and the "
        "output is narrower too (the Architecture page compares both modules).",
        "1×1 합성곱은 채널을 싸게 섞습니다. 축소 덕분에 파라미터가 절반 넘게 줄고 출력 채널도 줄어듭니다(구조 "
        "페이지에서 두 모듈을 비교합니다).",
    ),
    "zoo.mini_googlenet.description": (
        "A small stem, a stack of reduced Inception modules, global average pooling and softmax; optional "
        "auxiliary classifiers.",
        "작은 줄기(stem), 축소형 Inception 모듈 여러 개, 전역 평균 풀링과 소프트맥스. 보조 분류기는 선택 사항입니다.",
    ),
    "zoo.mini_googlenet.teaches": (
        "Stacking Inception modules; global average pooling instead of big Dense layers; auxiliary heads "
        "(weighted {aux_weight} in the loss) that push gradient into the middle of a deep network.",
        "Inception 모듈 쌓기, 큰 Dense 층 대신 전역 평균 풀링, 그리고 깊은 신경망의 중간까지 기울기를 밀어 넣는 "
        "보조 분류기(손실 가중치 {aux_weight}).",
    ),
    "zoo.residual_block.description": (
        "One residual module with 64 filters and a 1×1 projection shortcut. As in the course notes, a ReLU "
        "follows the projection; the ResNet paper's projection is linear (see mini_resnet).",
        "필터 64개와 1×1 투영 지름길을 가진 잔차 모듈 하나. 강의 노트처럼 투영 뒤에 ReLU가 있습니다. ResNet "
        "논문의 투영은 선형입니다(mini_resnet 참고).",
    ),
    "zoo.residual_block.teaches": (
        "A skip connection adds the input back to the output, so the block learns a residual; a 1×1 projection "
        "makes the shapes match when the channel count changes.",
        "스킵 연결은 입력을 출력에 다시 더하므로 블록은 잔차만 배웁니다. 채널 수가 바뀌면 1×1 투영이 모양을 "
        "맞춥니다.",
    ),
    "zoo.mini_resnet.description": (
        "A stem convolution and stages of residual modules (32, 64, 128 filters) with pooling between, global "
        "average pooling and softmax. The 1×1 projections are linear, as in the ResNet paper (He et al., 2015).",
        "줄기 합성곱, 잔차 모듈 단계들(필터 32, 64, 128개)과 그 사이의 풀링, 전역 평균 풀링과 소프트맥스. 1×1 "
        "투영은 ResNet 논문(He 외, 2015)처럼 선형입니다.",
    ),
    "zoo.mini_resnet.teaches": (
        "Stacking residual modules: identity shortcuts where shapes match, linear 1×1 projections where the "
        "channels grow.",
        "잔차 모듈 쌓기: 모양이 같으면 항등 지름길, 채널이 늘어나면 선형 1×1 투영.",
    ),
    "sidebar.untrained": ("untrained", "미학습"),
    "sidebar.upload_model": ("Upload a .keras model…", ".keras 모델 올리기…"),
    "sidebar.upload_prompt": (
        "Upload a .keras model file in the sidebar. It is loaded in Keras safe mode: no code inside it runs.",
        "사이드바에서 .keras 모델 파일을 올리세요. Keras 안전 모드로 불러오므로 파일 안의 코드는 실행되지 않습니다.",
    ),
    "upload.kept": ("In use: {name} ({size} MB), kept while you move between pages.",
                    "사용 중: {name} ({size} MB). 페이지를 옮겨도 유지됩니다."),
    "upload.forget": ("Remove", "지우기"),
    "sidebar.dataset_upload": ("Your images (.zip, one folder per class)", "내 이미지 (.zip, 클래스마다 폴더 하나)"),
    "sidebar.dataset_upload_prompt": (
        "Upload a .zip in the sidebar with one folder per class (e.g. cloudy/, rain/, shine/, sunrise/).",
        "사이드바에서 클래스마다 폴더가 하나씩 든 .zip을 올리세요 (예: cloudy/, rain/, shine/, sunrise/).",
    ),
    "sidebar.loading_dataset": ("Loading the dataset…", "데이터셋을 불러오는 중…"),
    "url.unusable": (
        "This link's **{name}** value cannot be used here, so the default is shown instead.",
        "이 링크의 **{name}** 값은 여기서 쓸 수 없어 기본값을 대신 보여 줍니다.",
    ),
    # links that carry the view, and lessons (cnnviz.lessons, app_state/lessons.py)
    "link.title": ("Link to this view", "이 화면으로 오는 링크"),
    "link.help": (
        "Copy this link (the icon at its right): it opens this page with the same model, dataset, layer, "
        "sample and settings, in this language.",
        "이 링크를 복사하세요(오른쪽 아이콘). 같은 모델, 데이터셋, 층, 샘플, 설정과 이 언어로 이 페이지가 열립니다.",
    ),
    "link.upload_warning": (
        "This view uses an uploaded {what}, which a link cannot carry: whoever opens it sees the default instead.",
        "이 화면은 올린 {what}을(를) 쓰는데, 링크에는 담을 수 없습니다. 링크를 연 사람에게는 기본값이 보입니다.",
    ),
    "link.upload_model": ("model", "모델"),
    "link.upload_image": ("image", "이미지"),
    "link.upload_dataset": ("dataset", "데이터셋"),
    "link.upload_note": (
        "This link was made with an uploaded {what}, which a link cannot carry, so the default is shown.",
        "이 링크는 올린 {what}(으)로 만들어졌는데, 링크에는 담을 수 없어 기본값을 보여 줍니다.",
    ),
    "lesson.panel": ("Lesson", "수업"),
    "lesson.choose": ("Open a lesson", "수업 열기"),
    "lesson.none": ("— no lesson —", "— 수업 없음 —"),
    "lesson.step": ("Step {n} of {m}", "{m}단계 중 {n}단계"),
    "lesson.previous": ("◀ Previous", "◀ 이전"),
    "lesson.next": ("Next ▶", "다음 ▶"),
    "lesson.close": ("Close the lesson", "수업 닫기"),
    "lesson.builder": ("Build your own lesson", "나만의 수업 만들기"),
    "lesson.builder_help": (
        "Go to a view you want to show, then add it. Each step remembers the page and its choices; give it a "
        "note, reorder the steps, then share the lesson as a link or a JSON file.",
        "보여 주고 싶은 화면으로 가서 추가하세요. 각 단계는 페이지와 그 선택을 기억합니다. 단계마다 설명을 적고 순서를 "
        "바꾼 뒤, 수업을 링크나 JSON 파일로 공유하세요.",
    ),
    "lesson.title_input": ("Lesson title", "수업 제목"),
    "lesson.untitled": ("My lesson", "나의 수업"),
    "lesson.add": ("Add this view", "이 화면 추가"),
    "lesson.note": ("Note for step {n} ({page})", "{n}단계 설명 ({page})"),
    "lesson.up": ("Move up", "위로"),
    "lesson.down": ("Move down", "아래로"),
    "lesson.remove": ("Remove", "삭제"),
    "lesson.start": ("Start this lesson", "이 수업 시작"),
    "lesson.download": ("Download as JSON", "JSON으로 내려받기"),
    "lesson.upload": ("Load a lesson (.json)", "수업 불러오기 (.json)"),
    "lesson.loaded": ("Loaded “{title}”: {count} steps.", "“{title}” 수업을 불러왔습니다: {count}단계."),
    "lesson.link": ("Link to this lesson", "이 수업으로 오는 링크"),
    "lesson.error.unknown": (
        "This link's lesson is not one cnnviz knows and cannot be read, so no lesson is open.",
        "이 링크의 수업은 cnnviz가 알지 못하거나 읽을 수 없는 수업이라 수업을 열지 않았습니다.",
    ),
    "lesson.error.link_long": (
        "This lesson is too long for a link (over {limit} characters): share its JSON file instead.",
        "이 수업은 링크에 담기에 너무 깁니다({limit}자 초과). 대신 JSON 파일을 공유하세요.",
    ),
    "lesson.error.too_big": (
        "This lesson file is larger than {limit} KB; a lesson is a few KB of text.",
        "이 수업 파일은 {limit} KB보다 큽니다. 수업 파일은 보통 몇 KB의 텍스트입니다.",
    ),
    "lesson.error.not_json": (
        "This file is not JSON text, so it cannot be a cnnviz lesson.",
        "이 파일은 JSON 텍스트가 아니어서 cnnviz 수업일 수 없습니다.",
    ),
    "lesson.error.not_lesson": (
        "This JSON file is not a cnnviz lesson (it needs a title and a list of steps, each with a page).",
        "이 JSON 파일은 cnnviz 수업이 아닙니다(제목과 단계 목록이 있어야 하고, 단계마다 페이지가 있어야 합니다).",
    ),
    "lesson.error.too_many": ("A lesson has at most {limit} steps.", "수업은 최대 {limit}단계까지입니다."),
    "lesson.error.page": (
        "Step {step} names a page cnnviz does not have (choose one of: {pages}).",
        "{step}단계가 cnnviz에 없는 페이지를 가리킵니다(다음 중 하나여야 합니다: {pages}).",
    ),
    "lesson.error.key": (
        "Step {step} sets “{name}”, which no cnnviz view has.",
        "{step}단계가 cnnviz 화면에 없는 항목 “{name}”을(를) 지정합니다.",
    ),
    "lesson.error.value": (
        "Step {step}'s value for “{name}” is not one that setting can take.",
        "{step}단계의 “{name}” 값은 그 설정이 가질 수 없는 값입니다.",
    ),
    "lesson.error.title_long": (
        "A lesson's title may be at most {limit} characters long.",
        "수업 제목은 최대 {limit}자까지 쓸 수 있습니다.",
    ),
    "lesson.error.note_long": (
        "A step's note may be at most {limit} characters long.",
        "단계 설명은 최대 {limit}자까지 쓸 수 있습니다.",
    ),
    # the shipped lessons: every number is filled in from the models (cnnviz.lessons.lesson_values)
    "lesson.fashion.title": ("The Fashion-MNIST CNN, start to finish", "Fashion-MNIST CNN, 처음부터 끝까지"),
    "lesson.fashion.1": (
        "**Data and scaling.** The model learns from small grey pictures of clothing. Open “How the images are "
        "prepared” below: it lists the shape of each image, how pixel values are scaled to 0–1, and the split "
        "into training, validation and test images.",
        "**데이터와 스케일링.** 이 모델은 옷을 찍은 작은 흑백 사진으로 학습합니다. 아래의 “이미지 전처리 과정”을 "
        "펼쳐 보세요. 이미지의 모양, 픽셀 값을 0–1로 바꾸는 방법, 학습·검증·테스트용으로 나눈 방식이 나옵니다.",
    ),
    "lesson.fashion.2": (
        "**Architecture.** Parameters layer by layer: conv1 {conv1_formula}, conv2 {conv2_formula}, the Dense "
        "layer {dense} and the output layer {predictions}; {total} in all. The Dense layer holds most of them: "
        "compare the bars below.",
        "**구조.** 층별 파라미터 수: conv1은 {conv1_formula}, conv2는 {conv2_formula}, Dense 층은 {dense}개, "
        "출력층은 {predictions}개로 모두 {total}개입니다. 대부분이 Dense 층에 있다는 것을 아래 막대그래프에서 "
        "확인해 보세요.",
    ),
    "lesson.fashion.3": (
        "**Training with early stopping.** This model trained for {epochs} epochs with patience {patience}: "
        "the validation loss was lowest at epoch {best}, {patience} more epochs brought no improvement, so "
        "training stopped and the weights of epoch {best} were kept. This page scores them on the test images.",
        "**조기 종료로 학습하기.** 이 모델은 patience {patience}로 {epochs} 에포크 동안 학습했습니다. 검증 손실은 "
        "{best} 에포크에서 가장 낮았고, 그 뒤 {patience} 에포크 동안 나아지지 않아 학습을 멈추고 {best} 에포크의 "
        "가중치를 남겼습니다. 이 페이지는 그 가중치를 테스트 이미지로 평가합니다.",
    ),
    "lesson.fashion.4": (
        "**Weights before and after training.** conv1's weights as initialised beside the trained ones: compare "
        "the two histograms, their mean and their spread.",
        "**학습 전과 후의 가중치.** 처음 초기화된 conv1의 가중치와 학습된 가중치를 나란히 봅니다. 두 히스토그램과 "
        "평균, 퍼짐 정도를 비교해 보세요.",
    ),
    "lesson.fashion.5": (
        "**Kernels.** conv1's {conv1_maps} kernels, each {conv1_kernel} pixels: trained on the left, freshly "
        "initialised on the right. Trained kernels show edge and blob detectors.",
        "**커널.** conv1의 커널 {conv1_maps}개, 각각 {conv1_kernel} 픽셀입니다. 왼쪽은 학습된 커널, 오른쪽은 "
        "새로 초기화한 커널입니다. 학습된 커널에서 가장자리와 얼룩을 찾는 모양이 보입니다.",
    ),
    "lesson.fashion.6": (
        "**Feature maps, conv1.** An ankle boot from the test images passes through conv1: each of its "
        "{conv1_maps} maps ({conv1_size}) shows where one kernel responds.",
        "**특성 맵, conv1.** 테스트 이미지의 앵클 부츠가 conv1을 지납니다. {conv1_maps}개의 맵({conv1_size}) "
        "하나하나가 커널 하나가 반응하는 곳을 보여 줍니다.",
    ),
    "lesson.fashion.7": (
        "**Feature maps, conv2.** conv2 combines conv1's maps, after pooling, into {conv2_maps} smaller maps "
        "({conv2_size}): less like the picture, more like its parts.",
        "**특성 맵, conv2.** conv2는 풀링을 거친 conv1의 맵을 조합해 더 작은 맵 {conv2_maps}개({conv2_size})를 "
        "만듭니다. 사진 그대로라기보다 사진의 부분을 닮아 갑니다.",
    ),
    "lesson.alexnet.title": ("AlexNet: sizes, parameters, initialisers", "AlexNet: 크기, 파라미터, 초기화"),
    "lesson.alexnet.1": (
        "**The layer table.** AlexNet at its classic {input} input. The output size of a convolution is "
        "⌊(n − k + 2p)/s⌋ + 1 (rounded down); for conv1: {conv1_formula}. "
        "Its parameters: {conv1_param_formula}. The table below "
        "gives every layer's size and formula.",
        "**층 표.** 고전적인 {input} 입력에서의 AlexNet입니다. 합성곱의 출력 크기는 ⌊(n − k + 2p)/s⌋ + 1(내림)이고, "
        "conv1은 {conv1_formula}입니다. 파라미터는 {conv1_param_formula}입니다. 아래 표에서 모든 층의 크기와 "
        "공식을 볼 수 있습니다.",
    ),
    "lesson.alexnet.2": (
        "**Pooling uses the same formula.** pool1: {pool1_formula}. AlexNet's pooling windows overlap: each "
        "window is wider than its stride.",
        "**풀링도 같은 공식을 씁니다.** pool1: {pool1_formula}. AlexNet의 풀링 창은 겹칩니다. 창의 크기가 "
        "스트라이드보다 큽니다.",
    ),
    "lesson.alexnet.3": (
        "**Weight initialisers.** These conv1 kernels are untrained, drawn by the {initializer} initialiser "
        "(a spread scaled to each layer's inputs, suited to ReLU). The Train page offers others ({initializers}) "
        "to compare.",
        "**가중치 초기화.** 이 conv1 커널은 아직 학습되지 않았고 {initializer} 초기화로 뽑았습니다(층의 입력 "
        "수에 맞춰 퍼짐을 정해 ReLU에 알맞습니다). 학습 페이지에서 다른 초기화({initializers})를 골라 비교해 "
        "보세요.",
    ),
    "lesson.vgg16.title": ("VGG16 transfer learning", "VGG16 전이 학습"),
    "lesson.vgg16.1": (
        "**What is trainable.** VGG16's convolutional base is frozen: of {total} parameters only {trainable} "
        "({share}), the classifier on top, are trained; the base's {frozen} keep their ImageNet values.",
        "**무엇을 학습하나.** VGG16의 합성곱 기반은 동결되어 있습니다. 파라미터 {total}개 중 맨 위 분류기의 "
        "{trainable}개({share})만 학습하고, 기반의 {frozen}개는 ImageNet에서 배운 값을 그대로 씁니다.",
    ),
    "lesson.vgg16.2": (
        "**What it costs.** Each image still passes through the whole base, {flops} FLOPs at {input}, but "
        "no gradient is computed for the frozen base: training updates the head alone.",
        "**비용.** 이미지마다 여전히 기반 전체를 지나가므로 {input} 입력에서 {flops} FLOPs가 들지만, 동결된 기반의 "
        "기울기는 계산하지 않습니다. 학습은 맨 위 분류기만 바꿉니다.",
    ),
    "lesson.modules.title": (
        "Inception's 1×1 reductions and ResNet's skip",
        "Inception의 1×1 축소와 ResNet의 스킵 연결",
    ),
    "lesson.modules.1": (
        "**A naive Inception module.** 1×1, 3×3 and 5×5 convolutions and pooling side by side on {channels} "
        "input channels: {naive} parameters.",
        "**단순한 Inception 모듈.** 입력 채널 {channels}개에 1×1, 3×3, 5×5 합성곱과 풀링을 나란히 놓았습니다. "
        "파라미터는 {naive}개입니다.",
    ),
    "lesson.modules.2": (
        "**1×1 reductions.** A 1×1 convolution first shrinks the channels ({r3} before the 3×3, {r5} before the "
        "5×5): the module needs {reduced} parameters, {ratio} of the naive one's.",
        "**1×1 축소.** 먼저 1×1 합성곱으로 채널을 줄입니다(3×3 앞에서 {r3}개, 5×5 앞에서 {r5}개). 그러면 "
        "모듈의 파라미터는 {reduced}개로, 단순한 모듈의 {ratio}입니다.",
    ),
    "lesson.modules.3": (
        "**ResNet's skip connection.** The block's input is added to its output, so the layers learn a "
        "correction and gradients flow straight back. Here the channels change ({shape} in, {filters} out), "
        "so the shortcut is a 1×1 projection: {projection}.",
        "**ResNet의 스킵 연결.** 블록의 입력을 출력에 더하므로, 층들은 보정값만 배우고 기울기는 곧장 뒤로 "
        "흐릅니다. 여기서는 채널 수가 바뀌므로({shape} 입력, 출력 채널 {filters}개) 지름길이 1×1 투영입니다: "
        "{projection}.",
    ),
    "data.zip_clash": (
        "This zip holds both a file and a folder named “{name}”, which no folder on disk can hold. Rename one "
        "of them and zip the class folders again.",
        "이 zip에는 “{name}”이라는 같은 이름의 파일과 폴더가 함께 들어 있어 디스크에 풀 수 없습니다. 둘 중 하나의 "
        "이름을 바꾼 뒤 클래스 폴더를 다시 압축하세요.",
    ),
    "data.zip_long_name": (
        "The name “{name}” in this zip is {length} bytes long; a file or folder name can have at most {limit}. "
        "Shorten it and zip the class folders again.",
        "이 zip 안의 이름 “{name}”은(는) {length}바이트로, 파일이나 폴더 이름에 쓸 수 있는 {limit}바이트보다 깁니다. "
        "이름을 줄인 뒤 클래스 폴더를 다시 압축하세요.",
    ),
    "data.zip_write_failed": (
        "cnnviz could not unpack “{name}” from this zip ({reason}). Zip the class folders again with an "
        "ordinary zip tool.",
        "이 zip에서 “{name}”을(를) 풀지 못했습니다 ({reason}). 일반적인 압축 프로그램으로 클래스 폴더를 다시 "
        "압축하세요.",
    ),
    "data.zip_pixels": (
        "The images in this zip hold more than {limit} megapixels together, more than cnnviz decodes for one "
        "upload (each is shrunk to {size} pixels anyway). Upload fewer images, or smaller ones.",
        "이 zip의 이미지는 모두 합쳐 {limit}메가픽셀이 넘어, cnnviz가 한 번에 디코딩하는 양을 넘습니다 (어차피 "
        "이미지마다 {size} 픽셀로 줄어듭니다). 이미지 수를 줄이거나 더 작은 이미지를 올리세요.",
    ),
    "data.zip_unreadable": (
        "This file is not a readable zip archive (it may be damaged, cut short, or another kind of file). Zip the "
        "class folders again and upload that.",
        "읽을 수 있는 zip 압축 파일이 아닙니다(손상되었거나, 중간에 잘렸거나, 다른 종류의 파일일 수 있습니다). "
        "클래스 폴더를 다시 압축해서 올리세요.",
    ),
    "data.zip_password": (
        "This zip is password-protected; upload one without a password.",
        "암호가 걸린 zip입니다. 암호 없는 zip을 올리세요.",
    ),
    "data.download_failed": (
        "Could not download {title} (about {size} MB); check the internet connection. "
        "The built-in datasets work offline.",
        "{title}(약 {size}MB)을(를) 내려받지 못했습니다. 인터넷 연결을 확인하세요. "
        "내장 데이터셋은 인터넷 없이도 쓸 수 있습니다.",
    ),
    "data.sample_missing": (
        "The built-in Fashion-MNIST sample is missing or damaged; reinstall cnnviz.",
        "내장된 Fashion-MNIST 샘플 파일이 없거나 손상되었습니다. cnnviz를 다시 설치하세요.",
    ),
    # datasets: catalogue, descriptions, preprocessing notes, refusals (cnnviz/data)
    "data.title.fashion_mnist_sample": ("Fashion-MNIST sample (built in)", "Fashion-MNIST 샘플 (내장)"),
    "data.title.digits": ("Handwritten digits (built in)", "손글씨 숫자 (내장)"),
    "data.title.shapes": ("Simple shapes (built in)", "간단한 도형 (내장)"),
    # class names of the built-in datasets (cnnviz.data.catalogue.class_names_in); Fashion-MNIST's as the
    # course notes write them
    "class.fashion.0": ("T-shirt/top", "티셔츠"),
    "class.fashion.1": ("Trouser", "바지"),
    "class.fashion.2": ("Pullover", "스웨터"),
    "class.fashion.3": ("Dress", "드레스"),
    "class.fashion.4": ("Coat", "코트"),
    "class.fashion.5": ("Sandal", "샌달"),
    "class.fashion.6": ("Shirt", "셔츠"),
    "class.fashion.7": ("Sneaker", "스니커즈"),
    "class.fashion.8": ("Bag", "가방"),
    "class.fashion.9": ("Ankle boot", "앵클 부츠"),
    "class.shapes.0": ("circle", "원"),
    "class.shapes.1": ("square", "정사각형"),
    "class.shapes.2": ("triangle", "삼각형"),
    "class.shapes.3": ("horizontal line", "가로선"),
    "class.shapes.4": ("vertical line", "세로선"),
    "class.shapes.5": ("diagonal line", "대각선"),
    "class.cifar10.0": ("airplane", "비행기"),
    "class.cifar10.1": ("automobile", "자동차"),
    "class.cifar10.2": ("bird", "새"),
    "class.cifar10.3": ("cat", "고양이"),
    "class.cifar10.4": ("deer", "사슴"),
    "class.cifar10.5": ("dog", "개"),
    "class.cifar10.6": ("frog", "개구리"),
    "class.cifar10.7": ("horse", "말"),
    "class.cifar10.8": ("ship", "배"),
    "class.cifar10.9": ("truck", "트럭"),
    "data.title.folder": ("Your own images", "내 이미지"),
    "data.about.fashion_mnist_sample": (
        "900 real Fashion-MNIST photos of clothing, 90 per class, from Zalando Research (MIT license). "
        "Works offline.",
        "Zalando Research가 공개한 실제 Fashion-MNIST 옷 사진 900장, 클래스마다 90장 (MIT 라이선스). "
        "오프라인에서도 동작합니다.",
    ),
    "data.about.digits": (
        "1,797 real handwritten digits from scikit-learn, enlarged to 28×28. Works offline.",
        "scikit-learn의 실제 손글씨 숫자 1,797개를 28×28로 키웠습니다. 오프라인에서도 동작합니다.",
    ),
    "data.about.shapes": (
        "Generated 28×28 circles, squares, triangles and lines. Works offline.",
        "프로그램으로 그린 28×28 원, 사각형, 삼각형, 선. 오프라인에서도 동작합니다.",
    ),
    "data.about.fashion_mnist": (
        "70,000 grayscale 28×28 photos of clothing in 10 classes, from Zalando.",
        "Zalando의 28×28 흑백 옷 사진 70,000장, 10개 클래스.",
    ),
    "data.about.mnist": (
        "70,000 grayscale 28×28 handwritten digits, the classic first CNN dataset.",
        "28×28 흑백 손글씨 숫자 70,000개. CNN을 처음 배울 때 쓰는 고전 데이터셋입니다.",
    ),
    "data.about.cifar10": (
        "60,000 colour 32×32 photos in 10 classes (airplanes, cats, ships, …).",
        "10개 클래스(비행기, 고양이, 배 등)의 32×32 컬러 사진 60,000장.",
    ),
    "data.about.folder": (
        "A zip file or folder with one subfolder of images per class (e.g. cloudy/, rain/, shine/, sunrise/).",
        "클래스마다 이미지 하위 폴더가 하나씩 있는 zip 파일이나 폴더 (예: cloudy/, rain/, shine/, sunrise/).",
    ),
    "data.downloaded_once": ("Downloaded once (about {size} MB).", "처음 한 번 내려받습니다 (약 {size} MB)."),
    "data.desc.digits": (
        "1,797 real handwritten digits (0–9) from scikit-learn, scanned at 8×8 and enlarged to 28×28 grayscale.",
        "scikit-learn의 실제 손글씨 숫자(0–9) 1,797개. 8×8로 스캔한 것을 28×28 흑백으로 키웠습니다.",
    ),
    "data.desc.fashion_mnist_sample": (
        "{count:,} real Fashion-MNIST photos of clothing ({per_class} per class), 28×28 grayscale, light garment "
        "on black, from the sample sprite Zalando Research publishes under the MIT license.",
        "실제 Fashion-MNIST 옷 사진 {count:,}장(클래스마다 {per_class}장). 검은 바탕에 밝은 옷이 찍힌 28×28 흑백 "
        "이미지로, Zalando Research가 MIT 라이선스로 공개한 샘플 스프라이트에서 가져왔습니다.",
    ),
    "data.desc.shapes": (
        "{count:,} generated 28×28 grayscale drawings of {classes} shapes with random size, position, thickness "
        "and noise.",
        "크기, 위치, 두께, 잡음을 무작위로 정해 그린 도형 {classes}종류의 28×28 흑백 그림 {count:,}장.",
    ),
    "data.desc.folder": (
        "{total} images in {classes} classes from “{name}”.",
        "“{name}”에서 가져온 {classes}개 클래스의 이미지 {total}장.",
    ),
    "data.desc.folder_split": (
        "{total} images in {classes} classes from “{name}”, with the folder's own test split.",
        "“{name}”에서 가져온 {classes}개 클래스의 이미지 {total}장 (폴더에 있던 테스트 분할을 그대로 씀).",
    ),
    "data.desc.skipped": (
        "Skipped {count} file(s) that are not readable images: {files}.",
        "읽을 수 있는 이미지가 아닌 파일 {count}개를 건너뛰었습니다: {files}.",
    ),
    "data.prep.digits": (
        "The 8×8 scans were enlarged to 28×28 with bilinear interpolation, so models built for MNIST-sized "
        "inputs fit them.",
        "8×8 스캔을 쌍선형 보간으로 28×28로 키워, MNIST 크기 입력에 맞춘 모델에 그대로 넣을 수 있습니다.",
    ),
    "data.prep.fashion_mnist_sample": (
        "These are 900 of Fashion-MNIST's 70,000 images, cut from the 30×30 sprite Zalando Research publishes "
        "with the dataset; the pixels are the original 8-bit greys.",
        "Fashion-MNIST 이미지 70,000장 가운데 900장으로, Zalando Research가 데이터셋과 함께 공개한 30×30 "
        "스프라이트에서 잘라 냈습니다. 픽셀은 원본 그대로의 8비트 회색값입니다.",
    ),
    "data.prep.shapes": (
        "The shapes were drawn at 56×56 and shrunk to 28×28 for smooth edges, then light random noise was added "
        "so the task is not trivially easy.",
        "가장자리가 매끄럽도록 도형을 56×56으로 그린 뒤 28×28로 줄였고, 문제가 너무 쉽지 않도록 약한 무작위 잡음을 "
        "더했습니다.",
    ),
    "data.prep.folder_grey": (
        "Each file was decoded with Pillow, turned upright using its EXIF tag, converted to grayscale and resized "
        "to {h}×{w}, so every input has the same shape.",
        "파일마다 Pillow로 읽고, EXIF 태그에 따라 바로 세운 뒤, 흑백으로 바꾸고 {h}×{w}로 크기를 맞춰 모든 입력의 "
        "모양을 같게 했습니다.",
    ),
    "data.prep.folder_rgb": (
        "Each file was decoded with Pillow, turned upright using its EXIF tag, converted to RGB colour and "
        "resized to {h}×{w}, so every input has the same shape.",
        "파일마다 Pillow로 읽고, EXIF 태그에 따라 바로 세운 뒤, RGB 컬러로 바꾸고 {h}×{w}로 크기를 맞춰 모든 입력의 "
        "모양을 같게 했습니다.",
    ),
    "data.prep.scale_255": (
        "Pixel values were divided by 255, scaling 0–255 (8-bit images) to 0–1.",
        "픽셀 값을 255로 나눠 0–255(8비트 이미지)를 0–1로 바꿨습니다.",
    ),
    "data.prep.scale_1": (
        "Pixel values were generated between 0 and 1, the range the models expect.",
        "픽셀 값은 처음부터 모델이 기대하는 범위인 0과 1 사이로 만들었습니다.",
    ),
    "data.prep.scale_other": (
        "Pixel values were divided by {max:g}, scaling 0–{max:g} to 0–1.",
        "픽셀 값을 {max:g}(으)로 나눠 0–{max:g}를 0–1로 바꿨습니다.",
    ),
    "data.prep.scale_why": (
        "Inputs of similar, small size keep the first layer's outputs and gradients in a comfortable range, so "
        "training is stable with ordinary learning rates.",
        "입력값이 고르게 작으면 첫 층의 출력과 기울기가 알맞은 범위에 머물러, 보통의 학습률로도 학습이 안정적입니다.",
    ),
    "data.prep.grey": ("1 channel: grayscale", "채널 1개: 흑백"),
    "data.prep.rgb": ("{c} channels: red, green, blue", "채널 {c}개: 빨강, 초록, 파랑"),
    "data.prep.shape": (
        "Each image is an array of shape (H, W, C) = ({h}, {w}, {c}): height, width and channels ({colour}). "
        "Grayscale images keep a channel axis of size 1 so every convolution sees the same layout.",
        "이미지 하나는 모양이 (H, W, C) = ({h}, {w}, {c})인 배열입니다. 높이, 너비, 채널({colour}) 순서이며, "
        "흑백 이미지도 크기 1인 채널 축을 남겨 두어 모든 합성곱이 같은 형태의 입력을 받습니다.",
    ),
    "data.prep.channels_last": (
        "Channels come last (channels_last), Keras's default: a batch of N images has shape (N, {h}, {w}, {c}).",
        "채널 축은 맨 뒤에 옵니다(channels_last, Keras 기본값). 이미지 N장의 배치는 모양이 (N, {h}, {w}, {c})입니다.",
    ),
    "data.prep.labels": (
        "Labels are class numbers 0–{last} ({names}), not one-hot vectors, which is what sparse categorical "
        "cross-entropy expects.",
        "레이블은 원-핫 벡터가 아니라 클래스 번호 0–{last}({names})입니다. 희소 범주형 교차 엔트로피"
        "(sparse_categorical_crossentropy)가 바로 이 형식을 기대합니다.",
    ),
    "data.prep.split": (
        "Split: {train} training, {val} validation and {test} test images. The model learns only from the "
        "training images; validation guides choices, and the test images give the final, honest score.",
        "분할: 학습 {train}장, 검증 {val}장, 테스트 {test}장. 모델은 학습 이미지로만 배우고, 검증 이미지는 설정을 "
        "고르는 데 쓰며, 테스트 이미지가 마지막에 공정한 점수를 매깁니다.",
    ),
    "data.fraction_validation": (
        "The validation fraction must be between 0 and 1 (got {value}).",
        "검증 비율은 0 이상 1 미만이어야 합니다 (입력값 {value}).",
    ),
    "data.fraction_test": (
        "The test fraction must be between 0 and 1 (got {value}).",
        "테스트 비율은 0 이상 1 미만이어야 합니다 (입력값 {value}).",
    ),
    "data.fractions_sum": (
        "Validation and test together must leave some images for training.",
        "검증과 테스트 비율을 합쳐도 학습에 쓸 이미지가 남아야 합니다.",
    ),
    "data.limit": (
        "The image limit must be at least 1 (got {limit}).",
        "이미지 수 제한은 1 이상이어야 합니다 (입력값 {limit}).",
    ),
    "data.aug_amount": (
        "The {name} amount must be between 0 and {top:g} (got {value:g}).",
        "{name} 값은 0에서 {top:g} 사이여야 합니다 (입력값 {value:g}).",
    ),
    "data.batch_size": (
        "The batch size must be at least 1 (got {batch_size}).",
        "배치 크기는 1 이상이어야 합니다 (입력값 {batch_size}).",
    ),
    "data.train_empty": (
        "The training split is empty; use a larger dataset or a smaller limit.",
        "학습 분할이 비어 있습니다. 더 큰 데이터셋을 쓰거나 이미지 수 제한을 줄이세요.",
    ),
    "data.folder_needs_upload": (
        "Your own images are loaded from a zip file or folder: upload one.",
        "내 이미지는 zip 파일이나 폴더에서 불러옵니다. 하나를 올려 주세요.",
    ),
    "data.unknown": (
        "There is no dataset called “{name}”. Choose one of: {known}.",
        "“{name}”(이)라는 데이터셋은 없습니다. 다음 중에서 고르세요: {known}.",
    ),
    "data.download_missing": (
        "The {title} download finished but its files are not in {folder}. Delete that folder and try again.",
        "{title} 내려받기는 끝났지만 파일이 {folder}에 없습니다. 그 폴더를 지우고 다시 시도하세요.",
    ),
    "data.download_damaged": (
        "The saved {title} files in {folder} are damaged ({reason}). Delete them and load the dataset again to "
        "download fresh copies.",
        "{folder}에 저장된 {title} 파일이 손상되었습니다 ({reason}). 파일을 지우고 데이터셋을 다시 불러오면 새로 "
        "내려받습니다.",
    ),
    "data.no_class_folders": (
        "No class folders found in “{name}”. Put the images in one subfolder per class, for example cloudy/, "
        "rain/, shine/ and sunrise/.",
        "“{name}”에서 클래스 폴더를 찾지 못했습니다. 클래스마다 하위 폴더를 하나씩 만들어 이미지를 넣으세요 "
        "(예: cloudy/, rain/, shine/, sunrise/).",
    ),
    "data.one_class_folder": (
        "Only one class folder (“{name}”) was found. A classifier needs at least two classes: add another "
        "subfolder of images.",
        "클래스 폴더가 하나(“{name}”)뿐입니다. 분류기에는 클래스가 두 개 이상 필요하니 이미지 하위 폴더를 하나 더 "
        "추가하세요.",
    ),
    "data.unreadable_files": (
        "{count} file(s) could not be read as images, e.g. {files} (Pillow reads PNG, JPEG, GIF, BMP, TIFF and "
        "WebP; a renamed text file is not an image).",
        "파일 {count}개를 이미지로 읽지 못했습니다. 예: {files} (Pillow는 PNG, JPEG, GIF, BMP, TIFF, WebP를 읽습니다. "
        "이름만 바꾼 텍스트 파일은 이미지가 아닙니다).",
    ),
    "data.no_usable_images": ("No usable images were found.", "쓸 수 있는 이미지를 찾지 못했습니다."),
    "data.one_usable_class": (
        "Only the class “{name}” has usable images; a classifier needs images in at least two classes.",
        "쓸 수 있는 이미지가 “{name}” 클래스에만 있습니다. 분류기에는 두 클래스 이상의 이미지가 필요합니다.",
    ),
    "data.not_a_folder": ("“{path}” is not a folder.", "“{path}”은(는) 폴더가 아닙니다."),
    "data.folder_channels": (
        "Images can have 1 channel (grayscale) or 3 (RGB), not {channels}.",
        "이미지 채널은 1(흑백) 또는 3(RGB)이어야 합니다. {channels}은(는) 쓸 수 없습니다.",
    ),
    "data.test_extra_classes": (
        "The test folder has classes the train folder lacks: {names}.",
        "테스트 폴더에 학습 폴더에는 없는 클래스가 있습니다: {names}.",
    ),
    "data.zip_absolute": (
        "This zip is unsafe: the entry “{name}” has an absolute path. Zip the class folders again with an "
        "ordinary zip tool.",
        "안전하지 않은 zip입니다. 항목 “{name}”이(가) 절대 경로를 씁니다. 일반 압축 프로그램으로 클래스 폴더를 다시 "
        "압축하세요.",
    ),
    "data.zip_dotdot": (
        "This zip is unsafe: the entry “{name}” points outside the archive with “..”. Zip the class folders again "
        "with an ordinary zip tool.",
        "안전하지 않은 zip입니다. 항목 “{name}”이(가) “..”로 압축 파일 바깥을 가리킵니다. 일반 압축 프로그램으로 "
        "클래스 폴더를 다시 압축하세요.",
    ),
    "data.zip_symlink": (
        "This zip is unsafe: the entry “{name}” is a symbolic link. Zip the class folders again with an ordinary "
        "zip tool.",
        "안전하지 않은 zip입니다. 항목 “{name}”은(는) 심볼릭 링크입니다. 일반 압축 프로그램으로 클래스 폴더를 다시 "
        "압축하세요.",
    ),
    "data.zip_too_many": (
        "This zip holds {count:,} entries, more than the limit of {limit:,}. It may be a zip bomb; upload a smaller "
        "set of images.",
        "이 zip에는 항목이 {count:,}개 있어 한도 {limit:,}개를 넘습니다. 압축 폭탄일 수 있으니 더 적은 이미지를 "
        "올리세요.",
    ),
    "data.zip_too_big": (
        "This zip would unpack to {size:,.1f} MB, more than the limit of {limit:,.1f} MB. It may be a zip bomb; "
        "upload fewer or smaller images.",
        "이 zip을 풀면 {size:,.1f} MB가 되어 한도 {limit:,.1f} MB를 넘습니다. 압축 폭탄일 수 있으니 더 적거나 작은 "
        "이미지를 올리세요.",
    ),
    "data.zip_outside": (
        "This zip is unsafe: “{name}” would be written outside its folder.",
        "안전하지 않은 zip입니다. “{name}”이(가) 압축을 푸는 폴더 바깥에 쓰입니다.",
    ),
    "data.zip_grows": (
        "This zip unpacks to more than its listed size. It may be a zip bomb; upload a smaller set of images.",
        "이 zip은 적힌 크기보다 더 크게 풀립니다. 압축 폭탄일 수 있으니 더 적은 이미지를 올리세요.",
    ),
    "data.no_such_file": ("The file “{path}” does not exist.", "파일 “{path}”이(가) 없습니다."),
    # augmentation warnings (cnnviz/data/augment.py)
    "aug.digit_flip": (
        "Flipping digits changes their meaning: a mirrored 2, 3 or 7 is not a digit anyone writes, and an "
        "upside-down 6 looks like a 9.",
        "숫자를 뒤집으면 뜻이 바뀝니다. 좌우로 뒤집은 2, 3, 7은 아무도 쓰지 않는 모양이고, 위아래로 뒤집은 6은 9처럼 "
        "보입니다.",
    ),
    "aug.digit_rotation": (
        "Rotating digits by up to ±{degrees:.0f}° can change their class: a 6 turned half-way round is a 9, and a "
        "tilted 1 looks like a 7. Keep it under about 15°.",
        "숫자를 최대 ±{degrees:.0f}°까지 돌리면 클래스가 바뀔 수 있습니다. 반 바퀴 돈 6은 9가 되고, 기울어진 1은 "
        "7처럼 보입니다. 15° 정도 아래로 두세요.",
    ),
    "aug.shapes_rotation": (
        "Rotating by up to ±{degrees:.0f}° turns horizontal and vertical lines into diagonal ones, so their "
        "labels become wrong.",
        "최대 ±{degrees:.0f}°까지 돌리면 가로선과 세로선이 대각선이 되어 레이블이 틀리게 됩니다.",
    ),
    "aug.vflip_cifar10": (
        "Vertical flips create upside-down ships, trucks and horses, which never appear in the test photos; "
        "horizontal flips are the safe choice here.",
        "위아래로 뒤집으면 테스트 사진에는 절대 나오지 않는 거꾸로 된 배, 트럭, 말이 생깁니다. 여기서는 좌우 뒤집기가 "
        "안전합니다.",
    ),
    "aug.vflip_fashion": (
        "Vertical flips create upside-down shoes and shirts, which never appear in the test photos; horizontal "
        "flips are the safe choice here.",
        "위아래로 뒤집으면 테스트 사진에는 절대 나오지 않는 거꾸로 된 신발과 셔츠가 생깁니다. 여기서는 좌우 뒤집기가 "
        "안전합니다.",
    ),
    "aug.upright": (
        "These photos are always upright; rotations up to ±{degrees:.0f}° show the model views it will never be "
        "tested on.",
        "이 사진들은 언제나 똑바로 서 있습니다. 최대 ±{degrees:.0f}°까지 돌리면 모델이 테스트에서 한 번도 보지 않을 "
        "모습을 배우게 됩니다.",
    ),
    "aug.lighting": (
        "Strong brightness or contrast changes can erase what separates classes that differ by light or colour "
        "(day and night, sunrise and shine, red and green traffic lights).",
        "밝기나 대비를 크게 바꾸면 빛이나 색으로 구별되는 클래스의 차이가 지워질 수 있습니다(낮과 밤, 일출과 맑음, "
        "빨간불과 초록불).",
    ),
    "aug.zoom": (
        "Zooming in by more than 30% can cut off the part of the object that identifies it.",
        "30% 넘게 확대하면 물체를 알아보게 해 주는 부분이 잘려 나갈 수 있습니다.",
    ),
    # what an unreadable image upload is (cnnviz/sniff.py)
    "sniff.damaged": (
        "This {name} file is truncated or damaged: Pillow cannot even read its header. It was probably cut short "
        "while downloading or copying; save or download it again.",
        "이 {name} 파일은 잘렸거나 손상되어 Pillow가 헤더조차 읽지 못합니다. 내려받거나 복사하다가 끊긴 것 같습니다. "
        "다시 저장하거나 내려받으세요.",
    ),
    "sniff.webp": (
        "This WebP file is truncated or damaged. Save or download it again, or export it as PNG.",
        "이 WebP 파일은 잘렸거나 손상되었습니다. 다시 저장하거나 내려받거나, PNG로 내보내세요.",
    ),
    "sniff.heic": (
        "This is a HEIC/HEIF photo (the iPhone's default format), which cnnviz cannot read. Export or share it "
        "as JPEG (on an iPhone: Settings → Camera → Formats → Most Compatible).",
        "HEIC/HEIF 사진(아이폰의 기본 형식)이라 cnnviz가 읽을 수 없습니다. JPEG로 내보내거나 공유하세요 "
        "(아이폰: 설정 → 카메라 → 포맷 → 높은 호환성).",
    ),
    "sniff.avif": (
        "This is an AVIF picture, which cnnviz does not accept. Save it as {accepted}.",
        "AVIF 그림은 cnnviz가 받지 않습니다. {accepted} 형식으로 저장하세요.",
    ),
    "sniff.video": (
        "This looks like a video or MP4/MOV file, not a picture. Take a still frame and save it as PNG.",
        "그림이 아니라 동영상(MP4/MOV) 파일로 보입니다. 정지 화면 하나를 PNG로 저장하세요.",
    ),
    "sniff.svg": (
        "This is an SVG file. SVG is a vector format (shapes, not pixels), which cnnviz cannot read: export it "
        "as PNG (most drawing programs and browsers can) and upload that.",
        "SVG 파일입니다. SVG는 픽셀이 아니라 도형으로 된 벡터 형식이라 cnnviz가 읽을 수 없습니다. PNG로 내보내서"
        "(대부분의 그리기 프로그램과 브라우저가 할 수 있습니다) 그 파일을 올리세요.",
    ),
    "sniff.html": (
        "This file is not an image: it looks like a web page (HTML). The download probably saved the page instead "
        "of the picture; open the picture itself and use 'Save image as…'.",
        "이미지가 아니라 웹 페이지(HTML)로 보입니다. 그림 대신 페이지를 저장한 것 같습니다. 그림 자체를 열고 "
        "'다른 이름으로 이미지 저장…'을 쓰세요.",
    ),
    "sniff.pdf": (
        "This file is a PDF document, not an image. Export the page as PNG or JPEG (or take a screenshot of it) "
        "and upload that.",
        "이미지가 아니라 PDF 문서입니다. 페이지를 PNG나 JPEG로 내보내거나 화면을 캡처해서 그 파일을 올리세요.",
    ),
    "sniff.h5": (
        "This is an HDF5 (.h5) file, probably a saved Keras model, not an image. Load models from the sidebar's "
        "model picker; here, upload a picture.",
        "이미지가 아니라 HDF5(.h5) 파일로, 아마 저장된 Keras 모델입니다. 모델은 사이드바의 모델 선택에서 불러오고, "
        "여기에는 그림을 올리세요.",
    ),
    "sniff.gzip": (
        "This is a gzip-compressed file, not an image. Decompress it and upload the picture inside.",
        "이미지가 아니라 gzip으로 압축된 파일입니다. 압축을 풀고 안에 든 그림을 올리세요.",
    ),
    "sniff.postscript": (
        "This is a PostScript/EPS file, which cnnviz does not read. Export it as {accepted}.",
        "PostScript/EPS 파일은 cnnviz가 읽지 않습니다. {accepted} 형식으로 내보내세요.",
    ),
    "sniff.json": (
        "This file is not an image: it looks like JSON text. Upload a picture ({accepted}).",
        "이미지가 아니라 JSON 텍스트로 보입니다. 그림({accepted})을 올리세요.",
    ),
    "sniff.text": (
        "This file is not an image: it looks like plain text. Upload a picture ({accepted}).",
        "이미지가 아니라 일반 텍스트로 보입니다. 그림({accepted})을 올리세요.",
    ),
    "sniff.unknown": (
        "This file is not an image cnnviz can read (it accepts {accepted}). If it is a picture, open it in an "
        "image editor and save it as PNG or JPEG.",
        "cnnviz가 읽을 수 있는 이미지가 아닙니다({accepted}만 받습니다). 그림이라면 이미지 편집기에서 열어 PNG나 "
        "JPEG로 저장하세요.",
    ),
    "sniff.keras": (
        "This is a Keras model file (.keras), not an image. Load models from the sidebar's model picker; here, "
        "upload a picture.",
        "이미지가 아니라 Keras 모델 파일(.keras)입니다. 모델은 사이드바의 모델 선택에서 불러오고, 여기에는 그림을 "
        "올리세요.",
    ),
    "sniff.zip": (
        "This file is not an image: it is a zip archive (Word and other Office files are zips too). If the "
        "picture is inside, unzip it and upload the picture itself.",
        "이미지가 아니라 zip 압축 파일입니다(Word 같은 오피스 파일도 zip입니다). 그림이 안에 있다면 압축을 풀고 그림 "
        "자체를 올리세요.",
    ),
    # what a model file that cannot be opened is (cnnviz/vetting.py)
    "vet.empty": (
        "'{label}' is empty (0 bytes). The save or upload was probably interrupted.",
        "'{label}'은(는) 비어 있습니다(0바이트). 저장이나 올리기가 중간에 끊긴 것 같습니다.",
    ),
    "vet.h5": (
        "'{label}' is an HDF5 (.h5) file in the legacy Keras 2 / tf.keras format. cnnviz only opens Keras 3 "
        "'.keras' files: load it in Keras and re-save it with model.save('name.keras').",
        "'{label}'은(는) 예전 Keras 2 / tf.keras 형식의 HDF5(.h5) 파일입니다. cnnviz는 Keras 3 '.keras' 파일만 "
        "엽니다. Keras에서 불러온 뒤 model.save('name.keras')로 다시 저장하세요.",
    ),
    "vet.bad_zip": (
        "'{label}' is a damaged zip archive: it was probably cut short (truncated) while saving or copying.",
        "'{label}'은(는) 손상된 zip 압축 파일입니다. 저장하거나 복사하다가 잘린 것 같습니다.",
    ),
    "vet.html": (
        "'{label}' looks like a web page (HTML), not a model. The download probably saved a page instead of the "
        "file.",
        "'{label}'은(는) 모델이 아니라 웹 페이지(HTML)로 보입니다. 파일 대신 페이지를 내려받은 것 같습니다.",
    ),
    "vet.json": (
        "'{label}' looks like a JSON text file, not a model. A checkpoint's model is the '.keras' file.",
        "'{label}'은(는) 모델이 아니라 JSON 텍스트 파일로 보입니다. 체크포인트의 모델은 '.keras' 파일입니다.",
    ),
    "vet.not_zip": (
        "'{label}' is not a Keras model file: a '.keras' file is a zip archive, and this one is not.",
        "'{label}'은(는) Keras 모델 파일이 아닙니다. '.keras' 파일은 zip 압축 파일인데 이 파일은 그렇지 않습니다.",
    ),
    "vet.save_lambda_layer": (
        "This model contains a Lambda layer (custom Python code). cnnviz never runs such code when loading, so it "
        "could not open this checkpoint again; it was not saved.",
        "이 모델에는 Lambda 층(사용자 정의 Python 코드)이 있습니다. cnnviz는 불러올 때 이런 코드를 절대 실행하지 "
        "않아 이 체크포인트를 다시 열 수 없으므로 저장하지 않았습니다.",
    ),
    "vet.save_lambda_function": (
        "This model contains a Python lambda function (custom Python code). cnnviz never runs such code when "
        "loading, so it could not open this checkpoint again; it was not saved.",
        "이 모델에는 Python lambda 함수(사용자 정의 Python 코드)가 있습니다. cnnviz는 불러올 때 이런 코드를 절대 "
        "실행하지 않아 이 체크포인트를 다시 열 수 없으므로 저장하지 않았습니다.",
    ),
    "vet.lambda_layer": (
        "'{label}' contains a Lambda layer, i.e. custom Python code stored inside the model. For safety cnnviz "
        "never runs code from a model file, so it cannot open this one.",
        "'{label}'에는 Lambda 층, 곧 모델 안에 저장된 사용자 정의 Python 코드가 있습니다. 안전을 위해 cnnviz는 모델 "
        "파일의 코드를 절대 실행하지 않으므로 이 파일을 열 수 없습니다.",
    ),
    "vet.lambda_function": (
        "'{label}' contains a Python lambda function, i.e. custom Python code stored inside the model. For safety "
        "cnnviz never runs code from a model file, so it cannot open this one.",
        "'{label}'에는 Python lambda 함수, 곧 모델 안에 저장된 사용자 정의 Python 코드가 있습니다. 안전을 위해 "
        "cnnviz는 모델 파일의 코드를 절대 실행하지 않으므로 이 파일을 열 수 없습니다.",
    ),
    "vet.custom_object": (
        "'{label}' uses a custom layer or function '{name}' that is not part of Keras. cnnviz only opens models "
        "built from standard Keras layers and never runs custom code.",
        "'{label}'은(는) Keras에 없는 사용자 정의 층이나 함수 '{name}'을(를) 씁니다. cnnviz는 표준 Keras 층으로 만든 "
        "모델만 열고, 사용자 정의 코드는 절대 실행하지 않습니다.",
    ),
    "vet.custom_code": (
        "'{label}' contains custom Python code (a Lambda). For safety cnnviz never runs code from a model file, "
        "so it cannot open this one.",
        "'{label}'에는 사용자 정의 Python 코드(Lambda)가 있습니다. 안전을 위해 cnnviz는 모델 파일의 코드를 절대 "
        "실행하지 않으므로 이 파일을 열 수 없습니다.",
    ),
    "vet.weights_mismatch": (
        "'{label}' is damaged or was edited: its saved weights do not fit the model it describes.",
        "'{label}'은(는) 손상되었거나 수정되었습니다. 저장된 가중치가 파일이 설명하는 모델과 맞지 않습니다.",
    ),
    "vet.bomb": (
        "'{label}' declares far more data than it contains; refusing to unpack it.",
        "'{label}'은(는) 실제로 든 것보다 훨씬 많은 데이터가 있다고 적혀 있어 풀지 않습니다.",
    ),
    "vet.unreadable": (
        "'{label}' is damaged: part of it cannot be read (it may be truncated or corrupted).",
        "'{label}'은(는) 손상되어 일부를 읽을 수 없습니다(잘렸거나 망가졌을 수 있습니다).",
    ),
    "vet.keras_failed": (
        "Keras could not rebuild the model in '{label}': {reason}",
        "Keras가 '{label}'의 모델을 다시 만들지 못했습니다: {reason}",
    ),
    # saving and loading checkpoints (cnnviz/checkpoints.py)
    "ckpt.meta_not_json": (
        "The checkpoint's metadata file is not valid JSON.",
        "체크포인트의 메타데이터 파일이 올바른 JSON이 아닙니다.",
    ),
    "ckpt.meta_not_object": (
        "The checkpoint's metadata file does not hold a JSON object.",
        "체크포인트의 메타데이터 파일에 JSON 객체가 들어 있지 않습니다.",
    ),
    "ckpt.name_empty": ("Please give the checkpoint a name.", "체크포인트 이름을 적어 주세요."),
    "ckpt.name_long": (
        "The checkpoint name is too long (at most {limit} characters).",
        "체크포인트 이름이 너무 깁니다(최대 {limit}자).",
    ),
    "ckpt.name_chars": (
        "'{name}' cannot be used as a checkpoint name. Use only letters A-Z, digits, '-', '_' and '.', without "
        "'/' or '..', and do not start with a dot.",
        "'{name}'은(는) 체크포인트 이름으로 쓸 수 없습니다. 영문자 A-Z, 숫자, '-', '_', '.'만 쓰고, '/'나 '..'는 "
        "넣지 말며, 점으로 시작하지 마세요.",
    ),
    "ckpt.name_outside": (
        "The checkpoint name '{name}' would point outside the checkpoint folder.",
        "체크포인트 이름 '{name}'은(는) 체크포인트 폴더 바깥을 가리킵니다.",
    ),
    "ckpt.mkdir_failed": (
        "Cannot create the checkpoint folder {folder}: {reason}.",
        "체크포인트 폴더 {folder}을(를) 만들 수 없습니다: {reason}.",
    ),
    "ckpt.write_failed": (
        "Could not write the checkpoint '{name}' ({reason}). Is the disk full or the folder read-only? The "
        "previous checkpoint, if any, is unchanged.",
        "체크포인트 '{name}'을(를) 쓰지 못했습니다({reason}). 디스크가 가득 찼거나 폴더가 읽기 전용인지 확인하세요. "
        "이전 체크포인트가 있었다면 그대로 남아 있습니다.",
    ),
    "ckpt.keras_save_failed": (
        "Keras could not save this model as '{name}': {reason}. The previous checkpoint, if any, is unchanged.",
        "Keras가 이 모델을 '{name}'(으)로 저장하지 못했습니다: {reason}. 이전 체크포인트가 있었다면 그대로 남아 "
        "있습니다.",
    ),
    "ckpt.meta_field": (
        "The checkpoint metadata field '{field}' holds a {type}, which cannot be written to JSON. Store numbers, "
        "text, lists or dicts.",
        "체크포인트 메타데이터 항목 '{field}'에 JSON으로 쓸 수 없는 {type} 값이 있습니다. 숫자, 텍스트, 리스트, "
        "딕셔너리만 저장하세요.",
    ),
    "ckpt.note_no_meta": (
        "No metadata file was found next to this checkpoint.",
        "이 체크포인트 옆에서 메타데이터 파일을 찾지 못했습니다.",
    ),
    "ckpt.note_meta_unreadable": (
        "The metadata file could not be read ({reason}).",
        "메타데이터 파일을 읽지 못했습니다({reason}).",
    ),
    "ckpt.note_no_details": ("Training details are not available.", "학습 정보를 볼 수 없습니다."),
    "ckpt.note_uploaded": ("Uploaded file: {label}", "올린 파일: {label}"),
    "ckpt.missing": (
        "There is no checkpoint file '{label}' (looked for {path}).",
        "체크포인트 파일 '{label}'이(가) 없습니다({path}에서 찾았습니다).",
    ),
    "ckpt.is_folder": (
        "'{label}' is a folder, not a checkpoint file.",
        "'{label}'은(는) 체크포인트 파일이 아니라 폴더입니다.",
    ),
    # the epoch replay inside a checkpoint (cnnviz/replay.py)
    "ckpt.replay_none": (
        "This checkpoint keeps no epoch replay.",
        "이 체크포인트에는 에포크별 가중치(에포크 다시 보기)가 저장되어 있지 않습니다.",
    ),
    "ckpt.replay_no_epoch": (
        "This checkpoint's replay has no epoch {epoch}; it keeps epochs {kept}.",
        "이 체크포인트의 다시 보기에는 {epoch} 에포크가 없습니다. 저장된 에포크: {kept}.",
    ),
    "ckpt.replay_damaged": (
        "This checkpoint's epoch replay is damaged, so that epoch cannot be shown. The model itself is fine.",
        "이 체크포인트의 에포크 다시 보기 데이터가 손상되어 해당 에포크를 보여 줄 수 없습니다. "
        "모델 자체는 문제없습니다.",
    ),
    "ckpt.suffix": (
        "'{label}' looks like a Keras model, but its name does not end in '.keras'. Rename it and try again.",
        "'{label}'은(는) Keras 모델로 보이지만 이름이 '.keras'로 끝나지 않습니다. 이름을 바꾸고 다시 시도하세요.",
    ),
    "ckpt.no_config": (
        "'{label}' is a zip archive but not a Keras model: it has no config.json inside.",
        "'{label}'은(는) zip 압축 파일이지만 Keras 모델은 아닙니다. 안에 config.json이 없습니다.",
    ),
    "ckpt.config_huge": (
        "'{label}' has an implausibly large model description; refusing to read it.",
        "'{label}'의 모델 설명은 믿기 어려울 만큼 커서 읽지 않습니다.",
    ),
    "ckpt.config_unpack": (
        "'{label}' is damaged: its model description cannot be unpacked.",
        "'{label}'은(는) 손상되어 모델 설명을 풀 수 없습니다.",
    ),
    "ckpt.unreadable": ("'{label}' cannot be read ({reason}).", "'{label}'을(를) 읽을 수 없습니다({reason})."),
    "ckpt.config_json": (
        "'{label}' is damaged: the model description inside it (config.json) is not valid JSON.",
        "'{label}'은(는) 손상되었습니다. 안에 든 모델 설명(config.json)이 올바른 JSON이 아닙니다.",
    ),
    "error.not_keras_zip": (
        "This file is not a Keras model: a '.keras' file is a zip archive, and this one is not.",
        "Keras 모델 파일이 아닙니다. '.keras' 파일은 zip 압축 파일인데, 이 파일은 그렇지 않습니다.",
    ),
    "error.class_name_count": (
        "You typed {given} class names, but the model has {expected} outputs: give one name per output, "
        "separated by commas.",
        "클래스 이름을 {given}개 입력했지만 모델의 출력은 {expected}개입니다. 출력마다 이름 하나씩, 쉼표로 구분해 "
        "입력하세요.",
    ),
    "error.class_name_repeated": ("Each class name must be different.", "클래스 이름은 서로 달라야 합니다."),
    "error.class_name_long": (
        "A class name is too long (at most {limit} characters).",
        "클래스 이름이 너무 깁니다(최대 {limit}자).",
    ),
    "error.one_run_each": (
        "You already have a training run going or waiting (perhaps in another tab). Wait for it to end or stop "
        "it, then start this one: one run each keeps the server fair for everyone.",
        "이미 학습 중이거나 대기 중인 실행이 있습니다(다른 탭일 "
        "수도 있습니다). 끝나기를 기다리거나 멈춘 뒤 시작하세요. "
        "한 사람에 하나씩 실행해야 모두가 공평하게 서버를 씁니다.",
    ),
    "error.queue_full": (
        "{count} training runs are already waiting on this server. Try again in a few minutes.",
        "이 서버에서 이미 학습 {count}개가 기다리고 있습니다. 몇 분 뒤에 다시 시도하세요.",
    ),
    "error.queue_unreachable": (
        "The training queue ({where}) cannot be reached, so the run cannot start. Ask whoever runs this server "
        "to start Redis and the training workers.",
        "학습 대기열({where})에 연결할 수 없어 학습을 시작할 수 없습니다. 서버 관리자에게 Redis와 학습 워커를 "
        "켜 달라고 요청하세요.",
    ),
    "error.queue_worker_lost": (
        "The worker training this run stopped answering during epoch {epoch} (it was stopped, or its machine "
        "went down). Nothing was saved; start the run again.",
        "이 학습을 맡은 워커가 {epoch}번째 에포크 도중 응답을 멈췄습니다(워커가 꺼졌거나 그 컴퓨터가 멈췄습니다). "
        "저장된 것은 없으니 학습을 다시 시작하세요.",
    ),
    "error.queue_job_failed": (
        "The training worker could not finish this run: {reason}",
        "학습 워커가 이 학습을 끝내지 못했습니다: {reason}",
    ),
    "error.queue_job_gone": (
        "The training queue no longer knows this run (its Redis server was restarted). Start the run again.",
        "학습 대기열이 이 학습을 더 이상 알지 못합니다(Redis 서버가 다시 시작되었습니다). 학습을 다시 시작하세요.",
    ),
    "error.queue_gave_up": (
        "The training queue ({where}) has been out of reach for {minutes} minutes, so this page stopped following "
        "the run. If its worker was still training it, its checkpoint appears in the runs list once saved.",
        "학습 대기열({where})에 {minutes}분 동안 연결할 수 없어 이 페이지는 학습을 더 이상 따라가지 않습니다. 워커가 "
        "계속 학습하고 있었다면 저장되는 대로 체크포인트가 학습 기록 목록에 나타납니다.",
    ),
    "train.queue_unreachable": (
        "The training queue ({where}) cannot be reached right now. Your run may still be training on its worker: "
        "this page follows it again as soon as the queue is back, and shows its checkpoint once it is saved.",
        "지금은 학습 대기열({where})에 연결할 수 없습니다. 학습은 워커에서 계속되고 있을 수 있습니다. 대기열이 "
        "돌아오면 이 페이지가 다시 따라가며, 체크포인트가 저장되면 바로 보여 줍니다.",
    ),
    "train.queue_out_of_memory": (
        "The training queue's Redis is out of memory, so the curves may pause. Your run keeps training, and its "
        "checkpoint is saved to the runs folder.",
        "학습 대기열의 Redis 메모리가 가득 차서 곡선이 잠시 멈출 수 있습니다. 학습은 계속되며 체크포인트는 학습 "
        "기록 폴더에 저장됩니다.",
    ),
    "train.queue_saved_offline": (
        "The training queue could not report how this run ended, but its worker saved the checkpoint: this page "
        "read it from the shared runs folder.",
        "학습 대기열이 이 학습의 끝을 알려 주지 못했지만 워커가 체크포인트를 저장했습니다. 이 페이지는 그것을 "
        "공유된 학습 기록 폴더에서 읽었습니다.",
    ),
    "error.queue_not_shared": (
        "The worker saved '{name}', but this web server cannot see it: the runs folder "
        "(CNNVIZ_RUNS_DIR) must be shared between the web servers and the workers.",
        "워커가 '{name}'을(를) 저장했지만 이 웹 서버에서는 보이지 않습니다. 학습 기록 폴더(CNNVIZ_RUNS_DIR)를 "
        "웹 서버와 워커가 함께 쓰도록 설정해야 합니다.",
    ),
    "error.queue_dataset": (
        "On this server trainings run on separate worker machines, which only have the built-in datasets: "
        "'{name}' was uploaded to the web server. Choose a built-in dataset in the sidebar to train.",
        "이 서버에서는 학습이 별도의 워커 컴퓨터에서 실행되는데, 워커에는 기본 데이터셋만 있습니다. "
        "'{name}'은(는) 웹 서버에 올린 데이터입니다. 학습하려면 사이드바에서 기본 데이터셋을 고르세요.",
    ),
    "error.queue_finetune": (
        "On this server trainings run on separate worker machines, which cannot see a model uploaded to the "
        "web server, so fine-tuning an uploaded model is off. Choose a zoo model in the sidebar to train.",
        "이 서버에서는 학습이 별도의 워커 컴퓨터에서 실행되어 웹 서버에 올린 모델을 볼 수 없으므로, 올린 모델의 "
        "미세 조정은 쓸 수 없습니다. 학습하려면 사이드바에서 모델 모음(zoo)의 모델을 고르세요.",
    ),
    "error.title_empty": ("Please type a name for the run.", "학습 기록의 이름을 입력하세요."),
    "error.title_long": (
        "That name is too long: at most {limit} characters.",
        "이름이 너무 깁니다. 최대 {limit}자까지 쓸 수 있습니다.",
    ),
    "error.title_chars": (
        "The name contains control characters (such as a line break); use plain text.",
        "이름에 줄바꿈 같은 제어 문자가 들어 있습니다. 일반 글자만 쓰세요.",
    ),
    "error.delete_failed": (
        "The run '{name}' could not be deleted (the folder may be read-only).",
        "학습 기록 '{name}'을(를) 지우지 못했습니다(폴더가 읽기 전용일 수 있습니다).",
    ),
    "error.write_failed": (
        "Could not write '{name}' (is the disk full or the folder read-only?). The previous version is unchanged.",
        "'{name}'을(를) 저장하지 못했습니다(디스크가 가득 찼거나 폴더가 읽기 전용인가요?). 이전 버전은 그대로입니다.",
    ),
    # building, reading and training models (cnnviz/zoo.py, activations.py, weights.py, training.py)
    "error.zoo_unknown": (
        "There is no model called '{name}' in the zoo. Choose one of: {choices}.",
        "모델 저장소에 '{name}'(이)라는 모델이 없습니다. 다음 중에서 고르세요: {choices}.",
    ),
    "error.zoo_input_shape": (
        "The input shape must be (height, width, channels); got {shape}.",
        "입력 모양은 (높이, 너비, 채널)이어야 합니다. 받은 값: {shape}.",
    ),
    "error.zoo_classes": ("A classifier needs at least 2 classes.", "분류기에는 클래스가 2개 이상 필요합니다."),
    "error.zoo_option": (
        "{title} has no option {unknown}. Its options: {options}.",
        "{title}에는 {unknown} 옵션이 없습니다. 쓸 수 있는 옵션: {options}.",
    ),
    "error.zoo_initializer": (
        "Unknown initializer '{name}'. Choose one of: {choices}.",
        "알 수 없는 초기화 방법 '{name}'입니다. 다음 중에서 고르세요: {choices}.",
    ),
    "error.zoo_channels": (
        "{title} needs 1 or 3 input channels; this input has {channels}.",
        "{title}의 입력 채널은 1개나 3개여야 하는데, 이 입력은 {channels}개입니다.",
    ),
    "warn.offline_weights": (
        "Could not download the ImageNet weights for VGG16 (are you offline?). The model was built with random "
        "weights instead: the architecture and parameter counts are the same, but transfer learning needs the "
        "real weights. ({error})",
        "VGG16의 ImageNet 가중치를 내려받지 못했습니다(오프라인인가요?). 대신 무작위 가중치로 모델을 만들었습니다. "
        "구조와 파라미터 수는 같지만, 전이 학습에는 진짜 가중치가 필요합니다. ({error})",
    ),
    # ImageNet weights not on this computer: said before a run (Train, the freezing lab) and in its story
    "warn.no_imagenet": (
        "**VGG16's ImageNet weights are not on this computer** (Keras's cache folder `{folder}`). If this server "
        "cannot download them (about {size} MB) when the run starts, the base starts from random weights and "
        "no transfer learning happens: a frozen random base hands the head random features, so the model "
        "learns little and its accuracy stays near always guessing the most common class. To get the real "
        "weights, run once with internet access (Keras keeps them), or copy the file `{file}` into that folder. "
        "Or train a small model from scratch instead, such as {small}.",
        "**이 컴퓨터에 VGG16의 ImageNet 가중치가 없습니다**(Keras 캐시 폴더 `{folder}`). 학습을 시작할 때 서버가 "
        "이 가중치(약 {size} MB)를 내려받지 못하면 기반이 무작위 가중치에서 시작하므로 전이 학습이 일어나지 "
        "않습니다. 동결된 무작위 기반은 분류기에 무작위 특성만 넘겨 주므로, 모델은 거의 배우지 못하고 정확도는 "
        "가장 흔한 클래스만 고를 때와 비슷하게 머뭅니다. 진짜 가중치를 쓰려면 인터넷에 연결된 상태로 한 번 "
        "실행하거나(Keras가 보관합니다), `{file}` 파일을 그 폴더에 넣으세요. 아니면 {small} 같은 작은 모델을 "
        "처음부터 학습시키세요.",
    ),
    "story.random_base": (
        "The VGG16 base started from random weights (the ImageNet weights could not be had), so this was not "
        "transfer learning.",
        "VGG16 기반이 무작위 가중치에서 시작했으므로(ImageNet 가중치를 구하지 못함) 전이 학습이 아니었습니다.",
    ),
    "error.no_spatial": (
        "These layers have no spatial output to show: {names}.",
        "다음 층에는 보여 줄 공간 출력이 없습니다: {names}.",
    ),
    "error.any_size": (
        "This model takes any image size: give the image's (height, width, channels).",
        "이 모델은 어떤 크기의 이미지든 받습니다. 이미지의 (높이, 너비, 채널)을 알려 주세요.",
    ),
    "error.image_shape": (
        "The image has shape {shape}, but the model expects {expected}.",
        "이미지 모양은 {shape}인데 모델은 {expected}을(를) 기대합니다.",
    ),
    "error.no_layer": ("The model has no layer called '{name}'.", "모델에 '{name}'(이)라는 층이 없습니다."),
    "error.optimizer": (
        "Unknown optimizer '{name}'. Choose one of: {choices}.",
        "알 수 없는 옵티마이저 '{name}'입니다. 다음 중에서 고르세요: {choices}.",
    ),
    "error.learning_rate": (
        "The learning rate must be positive (got {value}).",
        "학습률은 0보다 커야 합니다(입력값 {value}).",
    ),
    "error.epochs": ("Train for at least 1 epoch (got {value}).", "에포크는 1 이상이어야 합니다(입력값 {value})."),
    "error.patience": (
        "The patience cannot be negative (got {value}).",
        "인내(patience) 값은 음수일 수 없습니다(입력값 {value}).",
    ),
    "error.tensorboard": (
        "TensorBoard logs need the 'tensorboard' package, which is not installed. Install it (pip install "
        "tensorboard) or train without TensorBoard logs.",
        "TensorBoard 기록에는 'tensorboard' 패키지가 필요한데 설치되어 있지 않습니다. 설치하거나"
        "(pip install tensorboard) TensorBoard 기록 없이 학습하세요.",
    ),
    "error.val_empty": (
        "The validation split is empty; use more images (a larger limit).",
        "검증 분할이 비어 있습니다. 이미지를 더 쓰세요(이미지 수 제한을 늘리세요).",
    ),
    "error.training_failed": ("Training failed: {reason}", "학습 실패: {reason}"),
    "error.no_checkpoint": (
        "The checkpoint '{name}' is no longer there.",
        "체크포인트 '{name}'을(를) 찾을 수 없습니다.",
    ),
    "error.no_conv": (
        "This model has no convolution layer, so there are no kernels or feature maps to show. "
        "Pick a CNN in the sidebar.",
        "이 모델에는 합성곱 층이 없어서 보여 줄 커널이나 특성 맵이 없습니다. 사이드바에서 CNN을 고르세요.",
    ),
    "error.no_weights": (
        "This model has no layer with weights to show.", "이 모델에는 보여 줄 가중치가 있는 층이 없습니다."
    ),
    "error.no_kernel": (
        "The layer '{name}' ({type}) has no kernel to show.", "'{name}' 층({type})에는 보여 줄 커널이 없습니다."
    ),
    "error.channels": (
        "These images have {have} channels but the model expects {want}. cnnviz converts only between grey (1), "
        "grey with transparency (2), RGB (3) and RGBA (4); transparent areas are painted white.",
        "이미지의 채널은 {have}개인데 모델은 {want}개를 받습니다. cnnviz는 회색조(1), 투명도가 있는 회색조(2), "
        "RGB(3), RGBA(4) 사이만 변환하며, 투명한 부분은 흰색으로 칠합니다.",
    ),
    # work budgets (issue 22): explanations, filters and embedding maps refused or capped from shapes
    "error.explain_memory": (
        "Explaining a {size} picture with this model would need about {need} of memory at once (one pass "
        "through the model and back, and the maps kept beside it), more than the {limit} one explanation may "
        "hold. Use a smaller picture or, for the class-activation maps, a later layer.",
        "이 모델로 {size} 그림을 설명하려면 한 번에 메모리가 약 {need} 필요합니다(모델을 한 번 지나갔다 "
        "돌아오는 계산과 그 곁에 두는 맵). 설명 하나에 허용되는 {limit}을(를) 넘습니다. 더 작은 그림을 "
        "쓰거나, 클래스 활성화 맵이라면 더 뒤쪽 층을 고르세요.",
    ),
    "error.explain_slow_pass": (
        "One pass through this model and back for a {size} picture would take about {seconds} s here, more "
        "than the {limit} s one explanation may take. Use a smaller picture.",
        "이 모델에서는 {size} 그림 하나가 모델을 한 번 지나갔다 돌아오는 데만 여기서 약 {seconds}초가 "
        "걸려, 설명 하나에 허용되는 {limit}초를 넘습니다. 더 작은 그림을 쓰세요.",
    ),
    "error.explain_slow_score_cam": (
        "Score-CAM runs the model once per channel it scores: {passes} passes for {scored} of the {channels} "
        "channels of '{layer}', about {seconds} s here, more than the {limit} s one explanation may take. "
        "Grad-CAM shows the same layer in one pass; or pick a layer with fewer channels, or a smaller picture.",
        "Score-CAM은 점수를 매기는 채널마다 모델을 한 번씩 실행합니다. '{layer}' 층의 채널 {channels}개 중 "
        "{scored}개에 {passes}번, 여기서 약 {seconds}초가 걸려 설명 하나에 허용되는 {limit}초를 넘습니다. "
        "Grad-CAM은 같은 층을 한 번에 보여 줍니다. 아니면 채널이 더 적은 층이나 더 작은 그림을 고르세요.",
    ),
    "error.explain_slow_smoothgrad": (
        "SmoothGrad averages {samples} noisy copies of the picture, each through the model and back: about "
        "{seconds} s here for a {size} picture, more than the {limit} s one explanation may take. Saliency "
        "(one copy) takes a fraction of that.",
        "SmoothGrad는 잡음을 섞은 그림 {samples}장을 각각 모델에 지나갔다 돌아오게 한 뒤 평균을 냅니다. "
        "{size} 그림이면 여기서 약 {seconds}초가 걸려 설명 하나에 허용되는 {limit}초를 넘습니다. 기울기 "
        "크기(Saliency)는 한 장만 쓰므로 훨씬 빠릅니다.",
    ),
    "error.explain_slow_ig": (
        "Integrated gradients takes {steps} steps from the baseline to the picture ({passes} passes, each "
        "through the model and back): about {seconds} s here for a {size} picture, more than the {limit} s "
        "one explanation may take. Use fewer steps, or Saliency.",
        "적분 그래디언트는 기준 이미지에서 그림까지 {steps}단계를 나아갑니다(모델을 지나갔다 돌아오는 "
        "계산 {passes}번). {size} 그림이면 여기서 약 {seconds}초가 걸려 설명 하나에 허용되는 {limit}초를 "
        "넘습니다. 단계 수를 줄이거나 기울기 크기(Saliency)를 쓰세요.",
    ),
    "error.explain_slow_occlusion": (
        "Occlusion runs the model once per patch position: {passes} passes for a {patch}-pixel patch moving "
        "{stride} pixels over a {size} picture, about {seconds} s here, more than the {limit} s one "
        "explanation may take. Use a larger patch or stride.",
        "가리기(Occlusion)는 조각을 놓는 자리마다 모델을 한 번씩 실행합니다. {size} 그림에서 {patch}픽셀 "
        "조각을 {stride}픽셀씩 옮기면 {passes}번, 여기서 약 {seconds}초가 걸려 설명 하나에 허용되는 "
        "{limit}초를 넘습니다. 조각이나 이동 간격을 더 크게 하세요.",
    ),
    "explain.score_cam_sampled": (
        "Score-CAM scored the {scored} channels of '{layer}' with the highest mean activation on this "
        "picture, not all {channels} (each costs one pass through the model); the other {rest} weigh 0.",
        "Score-CAM은 '{layer}' 층의 채널 {channels}개를 모두 쓰지 않고, 이 그림에서 평균 활성화가 가장 큰 "
        "{scored}개만 점수를 매겼습니다(채널마다 모델을 한 번씩 실행합니다). 나머지 {rest}개의 가중치는 "
        "0입니다.",
    ),
    "error.filters_memory": (
        "One {size} picture through this model, with the maps looked at, needs about {need} of memory, more "
        "than the {limit} one click may hold: this model's input is too big to search here.",
        "{size} 그림 한 장을 이 모델에 통과시키며 살펴볼 맵까지 두려면 메모리가 약 {need} 필요해서, 한 번의 "
        "클릭에 허용되는 {limit}을(를) 넘습니다. 이 모델은 입력이 너무 커서 여기서 찾아볼 수 없습니다.",
    ),
    "error.filters_slow": (
        "Running {count} images of {size} through this model up to '{layer}' would take about {seconds} s "
        "here ({each} s each), more than the {limit} s one click may take. Use fewer images.",
        "{size} 이미지 {count}장을 이 모델의 '{layer}' 층까지 통과시키려면 여기서 약 {seconds}초(장마다 "
        "{each}초)가 걸려, 한 번의 클릭에 허용되는 {limit}초를 넘습니다. 이미지 수를 줄이세요.",
    ),
    "error.filters_slow_maximize": (
        "Optimising {count} pictures for {steps} steps runs them through this model up to '{layer}' and back "
        "at every step: about {seconds} s here for a {size} picture ({each} s a step each), more than the "
        "{limit} s one click may take. Use fewer steps.",
        "그림 {count}장을 {steps}단계 동안 최적화하려면 단계마다 그림을 이 모델의 '{layer}' 층까지 "
        "통과시켰다 돌아와야 합니다. {size} 그림이면 여기서 약 {seconds}초(한 장 한 단계에 {each}초)가 "
        "걸려, 한 번의 클릭에 허용되는 {limit}초를 넘습니다. 단계 수를 줄이세요.",
    ),
    "filters.capped": (
        "Searching the first {count} of {wanted} images: on this model one search may take about {limit} s "
        "and {memory} of memory (estimated from its shapes).",
        "이미지 {wanted}장 중 앞의 {count}장만 찾아봅니다. 이 모델에서는 한 번의 찾기에 약 {limit}초와 "
        "메모리 {memory}까지 쓸 수 있습니다(모델의 모양으로 추정).",
    ),
    "error.emb_too_big": (
        "{count} rows of {size} numbers would need about {need} of memory, more than the {limit} one map may "
        "hold. Use fewer images, or a layer with fewer numbers.",
        "숫자 {size}개짜리 줄 {count}개에는 메모리가 약 {need} 필요해서, 지도 하나에 허용되는 {limit}을(를) "
        "넘습니다. 이미지 수를 줄이거나 숫자가 더 적은 층을 고르세요.",
    ),
    "error.emb_slow": (
        "Running {count} images of {picture} through this model up to '{layer}' would take about {seconds} s "
        "here, more than the {limit} s one map may take. Use fewer images.",
        "{picture} 이미지 {count}장을 이 모델의 '{layer}' 층까지 통과시키려면 여기서 약 {seconds}초가 걸려, "
        "지도 하나에 허용되는 {limit}초를 넘습니다. 이미지 수를 줄이세요.",
    ),
    "error.emb_slow_pca": (
        "PCA of {count} points of {size} numbers each would take about {seconds} s here, more than the "
        "{limit} s one map may take. Use fewer images.",
        "숫자 {size}개짜리 점 {count}개의 PCA는 여기서 약 {seconds}초가 걸려, 지도 하나에 허용되는 "
        "{limit}초를 넘습니다. 이미지 수를 줄이세요.",
    ),
    "error.emb_slow_tsne": (
        "t-SNE of {count} points of {size} numbers each would take about {seconds} s here (it compares the "
        "points pair by pair, so the time grows faster than their number), more than the {limit} s one map "
        "may take. Use fewer images, or PCA.",
        "숫자 {size}개짜리 점 {count}개의 t-SNE는 여기서 약 {seconds}초가 걸려(점을 두 개씩 모두 비교하므로 "
        "시간이 점의 수보다 빠르게 늘어납니다), 지도 하나에 허용되는 {limit}초를 넘습니다. 이미지 수를 "
        "줄이거나 PCA를 쓰세요.",
    ),
    "emb.capped": (
        "At most {most} images fit one map of this model here: a map may take about {limit} s and {memory} "
        "of memory (estimated from the model's shapes).",
        "이 모델의 지도 하나에는 이미지를 최대 {most}장까지 쓸 수 있습니다. 지도 하나에 약 {limit}초와 "
        "메모리 {memory}까지 쓸 수 있기 때문입니다(모델의 모양으로 추정).",
    ),
    "error.layer_too_big": (
        "The maps of the layer '{layer}' alone need about {need} of memory for one picture, more than the "
        "{budget} cnnviz allows per picture. Pick another layer (later layers are usually smaller).",
        "'{layer}' 층의 특성 맵만으로도 그림 한 장에 메모리가 약 {need} 필요해서, cnnviz가 그림 한 장에 허용하는 "
        "{budget}을(를) 넘습니다. 다른 층을 고르세요(뒤쪽 층이 보통 더 작습니다).",
    ),
    "error.input_too_small": (
        "This model cannot look at a {size} picture: its layers shrink it to nothing before the end. It needs "
        "at least {side}×{side} pixels; use a larger or less elongated picture.",
        "이 모델은 {size} 그림을 처리할 수 없습니다. 층을 지나는 동안 그림이 줄어들다가 크기가 0이 되기 "
        "때문입니다. 적어도 {side}×{side} 픽셀이 필요하니, 더 크거나 덜 길쭉한 그림을 쓰세요.",
    ),
    "error.input_unusable": (
        "This model cannot look at a {size} picture (Keras says: {detail}).",
        "이 모델은 {size} 그림을 처리할 수 없습니다(Keras 메시지: {detail}).",
    ),
    "error.forward_failed": (
        "The model failed on this {size} picture, so there is nothing to show. Its message: {detail}. "
        "A picture of another size may work; if not, the model itself needs checking in Keras.",
        "모델이 이 {size} 그림을 처리하다가 실패해서 보여 줄 것이 없습니다. 오류 메시지: {detail}. "
        "다른 크기의 그림은 될 수도 있습니다. 그래도 안 되면 Keras에서 모델 자체를 확인해 보세요.",
    ),
    # cnnviz.explain and cnnviz.sanity (library messages; the Explain page has its own keys)
    "error.explain_inputs": (
        "Explanations need a model with one image input; this one has {count} inputs.",
        "설명을 만들려면 이미지 입력이 하나인 모델이어야 합니다. 이 모델의 입력은 {count}개입니다.",
    ),
    "error.explain_not_classifier": (
        "Explanations need a model whose main output is a list of class scores; this one outputs shape {shape}.",
        "설명을 만들려면 주 출력이 클래스별 점수 목록인 모델이어야 합니다. 이 모델의 출력 모양은 {shape}입니다.",
    ),
    "error.explain_image": (
        "The image has shape {shape}, but the model expects one image of shape {expected}.",
        "이미지의 모양은 {shape}인데, 모델은 모양이 {expected}인 이미지 한 장을 기대합니다.",
    ),
    "error.explain_not_finite": (
        "The image contains values that are not numbers (NaN or infinity), so nothing can be explained.",
        "이미지에 숫자가 아닌 값(NaN 또는 무한대)이 들어 있어서 설명을 만들 수 없습니다.",
    ),
    "error.explain_class": (
        "There is no class {index}: this model scores {count} classes, numbered 0 to {last}.",
        "{index}번 클래스는 없습니다. 이 모델은 클래스 {count}개를 0번부터 {last}번까지 채점합니다.",
    ),
    "error.explain_no_layer": (
        "This model has no layer whose output is a map (height × width), so class-activation maps such as "
        "Grad-CAM cannot be made. Saliency, integrated gradients and occlusion still work.",
        "이 모델에는 출력이 맵(높이 × 너비)인 층이 없어서 Grad-CAM 같은 클래스 활성화 맵을 만들 수 없습니다. "
        "기울기 크기(Saliency), 적분 그래디언트, 가리기(Occlusion)는 쓸 수 있습니다.",
    ),
    "error.explain_layer": (
        "The layer '{layer}' has no map (height × width) to explain with. Layers that do, the last ones "
        "first to try: {choices}.",
        "'{layer}' 층에는 설명에 쓸 맵(높이 × 너비)이 없습니다. 맵이 있는 층은 다음과 같습니다(마지막 층부터 "
        "시도해 보세요): {choices}.",
    ),
    "error.explain_count": (
        "{name} must be a whole number from 1 to 10,000; got {value}.",
        "{name} 값은 1부터 10,000까지의 정수여야 합니다. 받은 값: {value}.",
    ),
    "error.explain_noise": (
        "The noise level must be a number of at least 0 (a fraction of the image's value range); got {value}.",
        "잡음 크기는 0 이상인 수(이미지 값 범위에 대한 비율)여야 합니다. 받은 값: {value}.",
    ),
    "error.explain_baseline": (
        "Unknown baseline '{name}'. Choose one of: {choices}.",
        "'{name}'(이)라는 기준 이미지는 없습니다. 다음 중에서 고르세요: {choices}.",
    ),
    "error.explain_baseline_shape": (
        "The baseline has shape {shape}, but the image has shape {expected}; they must match.",
        "기준 이미지의 모양은 {shape}이고 이미지의 모양은 {expected}입니다. 두 모양이 같아야 합니다.",
    ),
    "error.explain_patch": (
        "The occlusion patch must be a whole number of pixels from 1 to {side} and the stride from 1 to the "
        "patch; got patch {patch}, stride {stride}.",
        "가리기 조각의 크기는 1부터 {side}까지의 픽셀 수(정수)여야 하고, 이동 간격은 1부터 조각 크기까지여야 "
        "합니다. 받은 값: 조각 {patch}, 간격 {stride}.",
    ),
    "error.explain_attribution": (
        "The attribution map has shape {shape}; it must be (height, width) or (height, width, channels) of the "
        "image, {expected}.",
        "기여도 맵의 모양이 {shape}입니다. 이미지의 (높이, 너비) 또는 (높이, 너비, 채널)인 {expected}와(과) "
        "같아야 합니다.",
    ),
    "error.randomize_layer": (
        "The layer '{layer}' has no weights to re-initialise. Layers with weights, from the top: {choices}.",
        "'{layer}' 층에는 다시 초기화할 가중치가 없습니다. 가중치가 있는 층(위에서부터): {choices}.",
    ),
    "explain.layer_reason": (
        "'{layer}' ({type}, a {size} map) is the model's last layer that still keeps where things are in the "
        "picture: later layers pool or flatten it away, earlier ones see smaller parts.",
        "'{layer}'({type}, {size} 맵)은(는) 그림 속 위치 정보가 남아 있는 마지막 층입니다. 뒤의 층들은 풀링하거나 "
        "펼쳐서 위치를 없애고, 앞의 층들은 더 작은 부분만 봅니다.",
    ),
    "explain.layer_chosen": (
        "'{layer}' ({type}, a {size} map): the heat map has this layer's resolution, stretched to the picture.",
        "'{layer}'({type}, {size} 맵): 히트맵은 이 층의 해상도로 만들어져 그림 크기로 늘어납니다.",
    ),
    "explain.baseline_black": (
        "Black: every pixel 0, i.e. 'no signal'. Simple, but a black object gets no credit (it equals the "
        "baseline).",
        "검은색: 모든 픽셀이 0인 '신호 없음' 상태입니다. 간단하지만, 검은 물체는 기준과 같아서 기여도를 받지 "
        "못합니다.",
    ),
    "explain.baseline_blurred": (
        "Blurred: the same picture, blurred. Colours and brightness stay; only the shapes and edges are "
        "removed, so the credit goes to the details.",
        "흐리게: 같은 그림을 흐리게 만든 것입니다. 색과 밝기는 그대로이고 모양과 가장자리만 사라지므로, "
        "기여도는 세부 형태에 돌아갑니다.",
    ),
    "explain.baseline_noise": (
        "Noise: random values in the picture's range (seed 0). No colour is special, but the result depends "
        "a little on the random draw.",
        "잡음: 그림의 값 범위 안의 무작위 값입니다(시드 0). 특별한 색이 없지만, 결과가 무작위 값에 따라 "
        "조금 달라집니다.",
    ),
    "explain.score_logit": (
        "Gradient methods explain the class's score before softmax or sigmoid (the logit), as Grad-CAM does.",
        "기울기 방법은 Grad-CAM처럼 소프트맥스나 시그모이드를 거치기 전의 클래스 점수(로짓)를 설명합니다.",
    ),
    "explain.score_probability": (
        "Gradient methods explain the class's probability (this model's logits cannot be reached).",
        "기울기 방법은 클래스의 확률을 설명합니다(이 모델에서는 로짓에 접근할 수 없습니다).",
    ),
    "error.explain_method": (
        "There is no explanation method called '{name}'. Methods: {choices}.",
        "'{name}'(이)라는 설명 방법은 없습니다. 쓸 수 있는 방법: {choices}.",
    ),
    "error.overlay_opacity": (
        "The opacity must be a number from 0 (only the picture) to 1 (only the map); got {value}.",
        "불투명도는 0(그림만)부터 1(맵만)까지의 숫자여야 합니다. 받은 값: {value}.",
    ),
    "error.sanity_similarity": (
        "A rank correlation is a number from −1 to 1; got {value}.",
        "순위 상관계수는 −1부터 1까지의 숫자여야 합니다. 받은 값: {value}.",
    ),
    "sanity.verdict_same": (
        "ρ = {rho}: this map hardly changes when the weights are random: it shows edges of the image, not the "
        "model's reasons.",
        "ρ = {rho}: 가중치를 무작위로 바꿔도 이 맵은 거의 그대로입니다. 모델이 판단한 이유가 아니라 그림의 "
        "윤곽을 보여 주는 것입니다.",
    ),
    "sanity.verdict_partly": (
        "ρ = {rho}: part of this map stays when the weights are random: some of it is the image's edges rather "
        "than the model's reasons, so read it with care.",
        "ρ = {rho}: 가중치를 무작위로 바꿔도 이 맵의 일부는 남습니다. 그중 일부는 모델의 이유가 아니라 그림의 "
        "윤곽이니 조심해서 읽으세요.",
    ),
    "sanity.verdict_different": (
        "ρ = {rho}: this map changes completely when the weights are random: it depends on what the model "
        "learned.",
        "ρ = {rho}: 가중치를 무작위로 바꾸면 이 맵이 완전히 달라집니다. 모델이 배운 것에 따라 달라지는 맵입니다.",
    ),
    "explain.method.grad_cam": ("Grad-CAM", "Grad-CAM"),
    "explain.method.grad_cam_plus_plus": ("Grad-CAM++", "Grad-CAM++"),
    "explain.method.layer_cam": ("Layer-CAM", "Layer-CAM"),
    "explain.method.score_cam": ("Score-CAM", "Score-CAM"),
    "explain.method.saliency": ("Saliency", "기울기 크기(Saliency)"),
    "explain.method.smoothgrad": ("SmoothGrad", "SmoothGrad"),
    "explain.method.integrated_gradients": ("Integrated gradients", "적분 그래디언트"),
    "explain.method.occlusion": ("Occlusion", "가리기(Occlusion)"),
    # explain page
    "ex.intro": (
        "Which parts of the picture does the model's score for a class rest on? Each method answers in its own "
        "way; the sanity check below tests whether a map depends on the model at all.",
        "모델이 어떤 클래스에 준 점수는 그림의 어느 부분에 기대고 있을까요? 방법마다 답하는 방식이 다릅니다. "
        "아래의 점검에서는 맵이 정말 모델에 따라 달라지는지 확인합니다.",
    ),
    "ex.untrained": (
        "This zoo model is untrained: its maps explain random weights. Choose a checkpoint to see what a "
        "trained model looks at.",
        "이 모델은 학습되지 않았습니다. 맵은 무작위 가중치를 설명할 뿐입니다. 학습된 모델이 무엇을 보는지 "
        "보려면 체크포인트를 고르세요.",
    ),
    "ex.methods": ("Methods", "방법"),
    "ex.methods_help": (
        "Each map is drawn side by side for the same picture and class.",
        "같은 그림, 같은 클래스에 대한 맵을 나란히 보여 줍니다.",
    ),
    "ex.no_methods": ("Choose at least one method.", "방법을 하나 이상 고르세요."),
    "ex.target": ("Class to explain", "설명할 클래스"),
    "ex.target_predicted": ("Predicted", "예측한 클래스"),
    "ex.target_true": ("True label", "정답 레이블"),
    "ex.target_top3": ("Top 3", "상위 3개"),
    "ex.target_any": ("Any class", "클래스 직접 고르기"),
    "ex.class": ("Class", "클래스"),
    "ex.layer": ("Layer the class-activation maps look at", "클래스 활성화 맵이 볼 층"),
    "ex.layer_help": (
        "Grad-CAM, Grad-CAM++, Layer-CAM and Score-CAM weigh this layer's maps; the other methods look at the "
        "pixels directly.",
        "Grad-CAM, Grad-CAM++, Layer-CAM, Score-CAM은 이 층의 맵에 가중치를 매깁니다. 나머지 방법은 픽셀을 "
        "직접 봅니다.",
    ),
    "ex.opacity": ("Map opacity", "맵 불투명도"),
    "ex.opacity_help": ("0: only the picture; 1: only the map.", "0이면 그림만, 1이면 맵만 보입니다."),
    "ex.baseline": ("Integrated gradients: start from", "적분 그래디언트의 기준 그림"),
    "ex.baseline_black": ("Black", "검은색"),
    "ex.baseline_blurred": ("Blurred", "흐리게"),
    "ex.baseline_noise": ("Noise", "잡음"),
    "ex.baseline_help": (
        "Integrated gradients add up the gradients on the straight path from this picture to yours.",
        "적분 그래디언트는 이 기준 그림에서 내 그림까지 직선 경로를 따라 기울기를 더합니다.",
    ),
    "ex.heading": ("Explaining **{label}** ({p})", "**{label}** 설명 ({p})"),
    "ex.caption_unit": (
        "{method}: bright yellow = most important, dark = not used (scaled to its own maximum).",
        "{method}: 밝은 노랑 = 가장 중요, 어두운 곳 = 쓰이지 않음 (맵마다 최댓값에 맞춤).",
    ),
    "ex.caption_occlusion": (
        "{method}: bright yellow = covering this part lowers the probability most (by {high} points).",
        "{method}: 밝은 노랑 = 이 부분을 가리면 확률이 가장 많이 떨어짐 ({high}%p).",
    ),
    "ex.caption_occlusion_raises": (
        "Blue = covering it raises the probability (by up to {low} points).",
        "파랑 = 가리면 오히려 확률이 올라감 (최대 {low}%p).",
    ),
    "ex.caption_ig": (
        "{method}: red pushes the score up, blue pulls it down. Together they add up to {total}; the score "
        "goes from {start} on the baseline to {end} on the picture, a change of {change}.",
        "{method}: 빨강은 점수를 올리고 파랑은 내립니다. 모두 더하면 {total}이고, 점수는 기준 그림의 {start}에서 "
        "이 그림의 {end}(으)로 {change}만큼 바뀝니다.",
    ),
    "ex.explain_methods": (
        "Grad-CAM weighs the chosen layer's maps by how much the score grows with each; saliency shows how "
        "sensitive the score is to every pixel; occlusion covers one patch at a time and measures how much "
        "the probability drops.",
        "Grad-CAM은 고른 층의 맵마다 점수가 얼마나 커지는지에 따라 가중치를 줍니다. 기울기 크기(Saliency)는 "
        "점수가 픽셀 하나하나에 얼마나 민감한지 보여 주고, 가리기(Occlusion)는 한 조각씩 가려 보며 확률이 "
        "얼마나 떨어지는지 잽니다.",
    ),
    "ex.sanity": ("Sanity check: does the map depend on the model?", "점검: 맵이 모델에 따라 달라질까?"),
    "ex.sanity_intro": (
        "The same method on a copy of the model whose weights are all drawn again at random (Adebayo et al. "
        "2018), and the deletion curve (Petsiuk et al. 2018): the pixels the map ranks highest are blacked out "
        "first.",
        "모든 가중치를 무작위로 다시 뽑은 모델 사본에 같은 방법을 적용하고(Adebayo 외, 2018), 삭제 곡선을 "
        "그립니다(Petsiuk 외, 2018). 삭제 곡선은 맵이 중요하다고 한 픽셀부터 검게 지워 나갑니다.",
    ),
    "ex.sanity_method": ("Method to check", "점검할 방법"),
    "ex.sanity_run": ("Run the sanity check", "점검 실행"),
    "ex.sanity_running": ("Randomising a copy of the model…", "모델 사본의 가중치를 무작위로 바꾸는 중…"),
    "ex.sanity_real": ("The trained model", "학습된 모델"),
    "ex.sanity_random": ("The same model, weights random", "같은 모델, 무작위 가중치"),
    "ex.similarity": ("Rank correlation (Spearman ρ)", "순위 상관계수 (스피어만 ρ)"),
    "ex.similarity_help": (
        "1: the two maps rank the pixels the same way; 0: no relation; −1: opposite ways.",
        "1이면 두 맵이 픽셀의 순위를 똑같이 매기고, 0이면 관계가 없으며, −1이면 정반대입니다.",
    ),
    "ex.deletion": ("Deletion curve", "삭제 곡선"),
    "ex.deletion_x": ("pixels blacked out, most important first", "검게 지운 픽셀 (중요한 것부터)"),
    "ex.deletion_y": ("probability of {label}", "{label}의 확률"),
    "ex.curve_real": ("trained model's map (AUC {auc})", "학습된 모델의 맵 (AUC {auc})"),
    "ex.curve_random": ("random model's map (AUC {auc})", "무작위 모델의 맵 (AUC {auc})"),
    "ex.explain_deletion": (
        "A map that finds what matters makes the probability fall fast: the smaller the area under the curve "
        "(AUC), the better the map.",
        "중요한 곳을 잘 찾은 맵일수록 확률이 빨리 떨어집니다. 곡선 아래 넓이(AUC)가 작을수록 좋은 맵입니다.",
    ),
    "img.too_thin": (
        "This picture is {w}×{h} pixels, too long and thin for a model that takes any size: with its longer side "
        "at {max} pixels (the most cnnviz uses), the shorter side would be {short} pixels, and a CNN needs at "
        "least {min}. Crop it to at most {ratio}:1 and upload it again.",
        "이 그림은 {w}×{h} 픽셀로, 크기를 가리지 않는 모델에 넣기에는 너무 가늘고 깁니다. 긴 쪽을 cnnviz가 "
        "쓰는 최대 크기인 {max} 픽셀로 맞추면 짧은 쪽이 {short} 픽셀이 되는데, CNN에는 적어도 {min} 픽셀이 "
        "필요합니다. 가로세로 비가 {ratio}:1 이하가 되도록 잘라서 다시 올리세요.",
    ),
    "error.not_a_classifier": (
        "This model's main output is not a list of class scores (its shape is {shape}), so it cannot be "
        "scored against labels.",
        "이 모델의 주 출력은 클래스별 점수 목록이 아니라서(모양 {shape}) 정답 레이블과 비교해 채점할 수 없습니다.",
    ),
    "error.labels_beyond_outputs": (
        "Some labels are not among the model's {classes} classes, so accuracy and loss cannot be computed.",
        "일부 정답 레이블이 모델의 클래스 {classes}개 범위를 벗어나서 정확도와 손실을 계산할 수 없습니다.",
    ),
    # uploaded .keras files checked before Keras builds them (cnnviz/vetting.py)
    "error.upload_directory": (
        "'{name}' lists far more parts than a Keras model has; refusing to open it.",
        "'{name}'에는 Keras 모델보다 훨씬 많은 파일이 들어 있어 열지 않습니다.",
    ),
    "error.upload_npz": (
        "'{name}' stores its weights as .npz; cnnviz opens only the model.weights.h5 that Keras 3 writes. "
        "Load it in Keras and save it again with model.save('name.keras').",
        "'{name}'은(는) 가중치를 .npz로 저장했습니다. cnnviz는 Keras 3가 쓰는 model.weights.h5만 엽니다. "
        "Keras에서 불러와 model.save('name.keras')로 다시 저장하세요.",
    ),
    "error.upload_member_big": (
        "'{name}': the part '{member}' unpacks to {size}, more than cnnviz accepts ({limit}).",
        "'{name}': 안의 '{member}'은(는) 풀면 {size}로, cnnviz가 받는 한도({limit})보다 큽니다.",
    ),
    "error.upload_zip_bomb": (
        "'{name}': the part '{member}' would unpack from {packed} to {size} ({ratio} times smaller when "
        "compressed; real weights compress at most about {limit} times). This looks like a 'zip bomb', so it "
        "was not unpacked.",
        "'{name}': 안의 '{member}'은(는) {packed}에서 {size}로 풀립니다(압축하면 {ratio}배 작아짐. 실제 가중치는 "
        "많아야 약 {limit}배). '압축 폭탄'으로 보여 풀지 않았습니다.",
    ),
    "error.upload_member_damaged": (
        "'{name}' is damaged or was tampered with: its part '{member}' does not hold the data its header declares.",
        "'{name}'이(가) 손상되었거나 변조되었습니다. 안의 '{member}'에 머리글이 밝힌 것과 다른 데이터가 들어 있습니다.",
    ),
    "error.upload_json_big": (
        "'{name}': the model description (config.json) holds {count} values; cnnviz reads at most {limit}.",
        "'{name}': 모델 설명(config.json)에 값이 {count}개 있습니다. cnnviz는 최대 {limit}개까지 읽습니다.",
    ),
    "error.upload_json_deep": (
        "'{name}': the model description (config.json) is nested {depth} levels deep; real models need far "
        "fewer, and cnnviz reads at most {limit}.",
        "'{name}': 모델 설명(config.json)이 {depth}단계나 겹쳐 있습니다. 실제 모델은 훨씬 적으며, cnnviz는 "
        "{limit}단계까지만 읽습니다.",
    ),
    "error.upload_layers": (
        "'{name}' has {count} layers; cnnviz opens models with at most {limit} layers. Nothing was built.",
        "'{name}'에는 층이 {count}개 있습니다. cnnviz는 층이 {limit}개 이하인 모델만 엽니다. 아무것도 만들지 "
        "않았습니다.",
    ),
    "error.upload_params": (
        "'{name}' would have {count} parameters (about {size} of memory); cnnviz opens models with at most "
        "{limit} parameters. It was refused before anything was built.",
        "'{name}'은(는) 파라미터가 {count}개(메모리 약 {size})인 모델입니다. cnnviz는 파라미터가 {limit}개 "
        "이하인 모델만 엽니다. 모델을 만들기 전에 거절했습니다.",
    ),
    "error.upload_activations": (
        "'{name}' would need about {size} of memory for the layer outputs for one input image; cnnviz allows "
        "{limit}. Is its input size right?",
        "'{name}'은(는) 입력 이미지 한 장의 층 출력에만 메모리가 약 {size} 필요합니다. cnnviz의 한도는 "
        "{limit}입니다. 입력 크기가 맞나요?",
    ),
    "error.upload_unknown_layers": (
        "'{name}' uses layer types cnnviz cannot size before building them ({types}). A file could make such a "
        "layer ask for any amount of memory, so cnnviz opens only models built from the layers it can check "
        "(convolutions, pooling, Dense, normalisation, merges, reshapes, recurrent layers…).",
        "'{name}'에는 cnnviz가 만들기 전에 크기를 잴 수 없는 층 종류가 있습니다({types}). 파일이 이런 층으로 "
        "얼마든지 많은 메모리를 요구할 수 있어서, cnnviz는 확인할 수 있는 층(합성곱, 풀링, Dense, 정규화, 병합, "
        "모양 바꾸기, 순환 층 등)으로만 만든 모델을 엽니다.",
    ),
    "error.upload_unsized": (
        "'{name}': cnnviz cannot tell how many weights the layer '{layer}' ({type}) has before building it "
        "(the file does not record its input size), so it does not open this file.",
        "'{name}': '{layer}' 층({type})의 가중치 수를 만들기 전에 알 수 없어서(파일에 입력 크기가 기록되어 "
        "있지 않음) 이 파일을 열지 않습니다.",
    ),
    "error.upload_weight_arrays": (
        "'{name}': the weights file holds {count} arrays; cnnviz reads at most {limit}.",
        "'{name}': 가중치 파일에 배열이 {count}개 있습니다. cnnviz는 최대 {limit}개까지 읽습니다.",
    ),
    "error.upload_weights_big": (
        "'{name}': the weights file declares {size} of arrays; cnnviz reads at most {limit}.",
        "'{name}': 가중치 파일이 밝힌 배열 크기는 {size}입니다. cnnviz는 최대 {limit}까지 읽습니다.",
    ),
    "error.upload_tfsm": (
        "'{name}' contains a TFSMLayer, which loads a TensorFlow SavedModel from a folder on the computer "
        "that opens it. cnnviz never loads outside files from a model, so it cannot open this one.",
        "'{name}'에는 TFSMLayer가 들어 있습니다. 이 층은 파일을 여는 컴퓨터의 폴더에서 TensorFlow SavedModel을 "
        "불러옵니다. cnnviz는 모델이 가리키는 바깥 파일을 절대 불러오지 않으므로 이 파일을 열 수 없습니다.",
    ),
    "error.save_tfsm": (
        "This model contains a TFSMLayer (a TensorFlow SavedModel loaded from a folder). cnnviz could not "
        "open it again, so it was not saved.",
        "이 모델에는 TFSMLayer(폴더에서 불러오는 TensorFlow SavedModel)가 들어 있습니다. cnnviz가 다시 열 수 "
        "없으므로 저장하지 않았습니다.",
    ),
    "error.upload_vocabulary_file": (
        "'{name}' contains a {type} layer that reads its vocabulary from a file on the computer that opens "
        "it ('{path}'). cnnviz never reads outside files for a model, so it cannot open this one.",
        "'{name}'에는 파일을 여는 컴퓨터의 파일('{path}')에서 어휘를 읽는 {type} 층이 들어 있습니다. cnnviz는 "
        "모델을 위해 바깥 파일을 절대 읽지 않으므로 이 파일을 열 수 없습니다.",
    ),
    "error.save_vocabulary_file": (
        "This model contains a {type} layer whose vocabulary is a file ('{path}') rather than a list. cnnviz "
        "could not open it again, so it was not saved.",
        "이 모델에는 어휘가 목록이 아닌 파일('{path}')인 {type} 층이 들어 있습니다. cnnviz가 다시 열 수 "
        "없으므로 저장하지 않았습니다.",
    ),
    "diagram.params": ("{count} params", "파라미터 {count}개"),
    "diagram.caption": (
        "One box per layer: type, output shape (height×width×channels) and parameters. Colour shows the layer "
        "type; the selected layer is outlined in orange.",
        "층마다 상자 하나: 종류, 출력 크기(높이×너비×채널), 파라미터 수. 색은 층의 종류를 나타내고, "
        "선택한 층은 주황색 테두리로 표시됩니다.",
    ),
    "download.png": ("Download PNG", "PNG 내려받기"),
    "download.csv": ("Download CSV", "CSV 내려받기"),
    "download.dot": ("Download diagram (DOT)", "구조도 내려받기 (DOT)"),
    # presenter mode (app_state/present.py)
    "present.toggle": ("Presenter mode", "발표 모드"),
    "present.toggle_help": (
        "Large, high-contrast text and figures for a projector; the settings fold away. The link keeps it "
        "(present=1); add hide=sidebar,controls,code to hand out a simpler view.",
        "프로젝터용으로 글자와 그림을 크고 선명하게 보여 주고, 설정은 접어 둡니다. 링크에 그대로 남으며"
        "(present=1), hide=sidebar,controls,code를 덧붙이면 더 단순한 화면을 나눠 줄 수 있습니다.",
    ),
    "present.settings": ("Settings", "설정"),
    # architecture
    "arch.classic": ("Classic input size", "고전적인 입력 크기"),
    "arch.classic_help": (
        "Show the model at the input size and class count of the paper (e.g. AlexNet on 227×227×3, 1000 classes) "
        "instead of fitted to the chosen dataset.",
        "선택한 데이터셋에 맞춘 모델 대신 논문의 입력 크기와 클래스 수(예: "
        "AlexNet 227×227×3, 1000 클래스)로 보여 줍니다.",
    ),
    "arch.intro": ("Architecture of **{label}**.", "구조: **{label}**"),
    "arch.total": ("Parameters", "파라미터"),
    "arch.trainable": ("Trainable", "학습 가능"),
    "arch.non_trainable": ("Non-trainable", "학습 불가"),
    "arch.flops": ("FLOPs per image", "이미지당 FLOPs"),
    "arch.flops_convention": (
        "FLOPs = 2 × MACs (one multiply and one add each) of the convolution and Dense weights; biases, pooling, "
        "activations and batch normalisation are not counted.",
        "FLOPs = 2 × MAC(곱셈 한 번과 덧셈 한 번)이며 합성곱과 Dense 층의 가중치만 셉니다. 편향, 풀링, 활성화 "
        "함수, 배치 정규화는 세지 않습니다.",
    ),
    "arch.macs_uncounted": (
        "cnnviz does not count the MACs of {layers}, so the FLOPs above leave them out.",
        "cnnviz는 {layers}의 MAC을 세지 않으므로 위의 FLOPs에는 빠져 있습니다.",
    ),
    "arch.layer": ("Layer", "층"),
    "arch.layer_detail": (
        "**{name}** · {type} · output {shape} · {params} parameters",
        "**{name}** · {type} · 출력 {shape} · 파라미터 {params}개",
    ),
    "arch.size_formula": ("Output size:", "출력 크기:"),
    "arch.param_formula": ("Parameters:", "파라미터:"),
    "arch.receptive": (
        "Receptive field: each output value sees a {rf} patch of the input image.",
        "수용 영역: 출력값 하나가 입력 이미지의 {rf} 영역을 봅니다.",
    ),
    "arch.receptive_larger": (
        "Receptive field: each output value sees a {rf} patch — larger than the {image} image; the rest is "
        "padding.",
        "수용 영역: 출력값 하나가 {rf} 영역을 봅니다. {image} 이미지보다 크므로 나머지는 패딩입니다.",
    ),
    "arch.explain_formula": (
        "Output size = ⌊(n − k + 2p)/s⌋ + 1 for input size n, kernel k, padding p and stride s; ⌊ ⌋ rounds down, "
        "because a window that would run past the edge is dropped. With dilation d the kernel spans "
        "k + (k − 1)(d − 1) pixels; with 'same' padding Keras pads so the size is ⌈n/s⌉. A convolution has "
        "k×k×(input channels)×(filters) weights plus one bias per filter; pooling has none.",
        "출력 크기 = ⌊(n − k + 2p)/s⌋ + 1 (입력 크기 n, 커널 k, 패딩 p, 스트라이드 s). ⌊ ⌋는 내림입니다. "
        "가장자리를 넘어가는 창은 버리기 때문입니다. 팽창(dilation)이 d이면 커널은 k + (k − 1)(d − 1)칸에 걸치고, "
        "'same' 패딩이면 Keras가 출력 크기가 ⌈n/s⌉이 되도록 채웁니다. 합성곱 층의 가중치는 "
        "k×k×(입력 채널)×(필터 수)개에 필터마다 편향 하나가 더해지고, 풀링 층에는 가중치가 없습니다.",
    ),
    "arch.table": ("Layer table", "층 표"),
    "arch.breakdown": ("Where the parameters are", "파라미터는 어디에 있을까"),
    "arch.explain_breakdown": (
        "Left: parameters per layer (hover for the formula). Right: share per layer type. In small CNNs the first "
        "Dense layer after Flatten usually holds most of them.",
        "왼쪽: 층별 파라미터 수(마우스를 올리면 계산식). 오른쪽: 층 종류별 비율. 작은 CNN에서는 보통 Flatten 다음의 "
        "첫 Dense 층이 대부분을 차지합니다.",
    ),
    "arch.dense_share": (
        "Here the Dense layers hold {share} of the parameters ({dense} of {total}).",
        "이 모델에서는 Dense 층이 파라미터의 {share}를 차지합니다 ({total}개 중 {dense}개).",
    ),
    "arch.lessons": ("Why is it built this way?", "왜 이렇게 만들까?"),
    "arch.lesson_3x3": ("Two 3×3 convolutions instead of one 5×5", "5×5 하나 대신 3×3 두 개"),
    "arch.lesson_3x3_body": (
        "Stacked, two 3×3 convolutions see a {rf}×{rf} patch — the same receptive field as one 5×5 — but need "
        "{two} weights per channel pair instead of {one}, and put one more non-linearity (ReLU) in between, so "
        "the network can express more with fewer parameters. VGG16 is built entirely from 3×3 convolutions.",
        "3×3 합성곱 두 개를 쌓으면 {rf}×{rf} 영역을 봅니다. 5×5 하나와 수용 영역은 같지만 채널 쌍마다 가중치가 "
        "{one}개가 아니라 {two}개이고, 사이에 비선형 함수(ReLU)가 하나 더 들어가 더 적은 파라미터로 더 많은 것을 "
        "표현합니다. VGG16은 모두 3×3 합성곱으로 이루어져 있습니다.",
    ),
    "arch.lesson_1x1": (
        "How a 1×1 convolution makes Inception affordable",
        "1×1 합성곱이 Inception을 가볍게 만드는 방법",
    ),
    "arch.lesson_1x1_body": (
        "A 1×1 convolution mixes channels at each pixel. Put before the 3×3 and 5×5 branches, it shrinks the "
        "{channels} input channels to {r3} or {r5} first; put after the pool, it projects the pool's {channels} "
        "channels to {fp}. The reduced module needs only {ratio} of the naive module's parameters ({reduced} "
        "against {naive}), and its output is narrower too: {out_reduced} channels against {out_naive}, because "
        "the pool branch no longer passes all {channels} on.",
        "1×1 합성곱은 각 픽셀에서 채널을 섞습니다. 3×3과 5×5 가지 앞에 두면 입력 채널 {channels}개를 먼저 {r3}개나 "
        "{r5}개로 줄이고, 풀링 뒤에 두면 풀링의 {channels}개 채널을 {fp}개로 투영합니다. 축소한 모듈은 단순한 "
        "모듈 파라미터의 {ratio}만 필요하고({naive}개 대신 {reduced}개), 출력도 더 좁습니다. 풀링 가지가 "
        "{channels}개 채널을 그대로 넘기지 않으므로 출력 채널이 {out_naive}개가 아니라 {out_reduced}개입니다.",
    ),
    "arch.lesson_skip": ("What a skip connection adds", "스킵 연결이 더하는 것"),
    "arch.lesson_skip_body": (
        "A residual module adds its input back to its output (Add), so it only has to learn the difference. When "
        "the channel count changes ({cin} → {filters} here) a 1×1 projection reshapes the shortcut so the shapes "
        "match. The whole module on {shape} with {filters} filters has {params} parameters; the projection costs "
        "just {formula}. This module follows the course notes and puts a ReLU after the projection; in the "
        "ResNet paper the projection is linear, as in mini_resnet.",
        "잔차 모듈은 입력을 출력에 다시 더하므로(Add) 차이만 배우면 됩니다. 채널 수가 바뀌면(여기서는 {cin} → "
        "{filters}) 1×1 투영이 지름길의 모양을 맞춰 줍니다. {shape} 입력, 필터 {filters}개인 모듈 전체의 "
        "파라미터는 {params}개이고, 투영은 {formula}개뿐입니다. 이 모듈은 강의 노트를 따라 투영 뒤에 ReLU를 "
        "두지만, ResNet 논문의 투영은 mini_resnet처럼 선형입니다.",
    ),
    "col.type": ("Type", "종류"),
    "col.output": ("Output", "출력"),
    "col.kernel": ("Kernel", "커널"),
    "col.stride": ("Stride", "스트라이드"),
    "col.padding": ("Padding", "패딩"),
    "col.activation": ("Activation", "활성화 함수"),
    "col.maps": ("Feature maps", "특성 맵 수"),
    "col.size_formula": ("Output size formula", "출력 크기 계산"),
    "col.param_formula": ("Parameter formula", "파라미터 계산"),
    "col.macs": ("MACs", "곱셈-누산(MAC)"),
    "col.rf": ("Receptive field", "수용 영역"),
    # feature maps
    "fm.source": ("Image", "이미지"),
    "fm.source_sample": ("A test image from the dataset", "데이터셋의 테스트 이미지"),
    "fm.source_upload": ("Upload my own", "내 이미지 올리기"),
    "fm.upload": ("Image (PNG, JPEG, BMP, WebP, GIF, TIFF)", "이미지 (PNG, JPEG, BMP, WebP, GIF, TIFF)"),
    "fm.upload_prompt": (
        "Upload an image to see what each layer makes of it.",
        "이미지를 올리면 각 층이 그것을 어떻게 바꾸는지 볼 수 있습니다.",
    ),
    "fm.sample": ("Test image number", "테스트 이미지 번호"),
    "fm.downscaled": (
        "(Drawn at every {step}th pixel: the whole layer is too large to draw; the numbers are unchanged.)",
        "(층 전체를 그리기에는 너무 커서 {step}픽셀마다 하나씩 그렸습니다. 값 자체는 그대로입니다.)",
    ),
    "fm.sample_converted": (
        "The dataset's {given} images were converted to this model's {target} input (resized, grey ↔ colour).",
        "데이터셋의 {given} 이미지를 이 모델의 입력 {target}에 맞게 바꿨습니다(크기 조정, 회색조 ↔ 컬러).",
    ),
    "fm.sample_note": (
        "Test image {index} of {count} from {dataset}.",
        "{dataset}의 테스트 이미지 {count}개 중 {index}번.",
    ),
    "fm.input_caption": ("What the model sees (converted input)", "모델이 보는 입력(변환 후)"),
    "fm.prediction": ("Prediction: **{label}** ({p})", "예측: **{label}** ({p})"),
    "fm.truth": ("true label: **{label}**", "정답: **{label}**"),
    "current.class_names_from_dataset": (
        "Class names taken from the dataset {dataset}: {names}. Type your own in the sidebar to change them.",
        "클래스 이름은 데이터셋 {dataset}에서 가져왔습니다: {names}. 사이드바에 직접 입력하면 바꿀 수 있습니다.",
    ),
    "fm.no_samples": (
        "There are no test images to choose from until a dataset is loaded (see the sidebar). Your choice is "
        "kept: the test image comes back with the dataset. To look at a picture of your own, choose "
        "“Upload my own”.",
        "데이터셋을 불러오기 전에는 고를 테스트 이미지가 없습니다(사이드바를 보세요). 고른 방식은 그대로 두었으니 "
        "데이터셋이 돌아오면 테스트 이미지도 다시 나옵니다. 내 사진을 보려면 “내 이미지 올리기”를 고르세요.",
    ),
    "train.run_elsewhere": (
        "This session's run trains **{name}**, not the model chosen now; its result is shown with that model.",
        "이 세션의 학습은 지금 고른 모델이 아니라 **{name}**을(를) 학습합니다. 결과는 그 모델을 고르면 보입니다.",
    ),
    "fm.no_prediction": (
        "This model does not end in a classifier, so there are no class probabilities to show — only its maps.",
        "이 모델은 분류기로 끝나지 않아서 클래스 확률은 없고 특성 맵만 보여 줍니다.",
    ),
    "fm.partial": (
        "This model's maps would take {total} for one picture (a pass keeping them all needs about {peak}), "
        "more than the {budget} cnnviz allows per picture, so only the chosen layer is computed. Pick another "
        "layer to see its maps; the 'Every layer' tab shows the chosen layer only.",
        "이 모델의 특성 맵은 그림 한 장에 {total}을(를) 차지합니다(모두 담아 한 번에 계산하려면 약 {peak} 필요). "
        "cnnviz가 그림 한 장에 허용하는 {budget}보다 많아서 고른 층만 계산합니다. 다른 층의 맵은 그 층을 "
        "고르면 볼 수 있고, '모든 층' 탭에도 고른 층만 나옵니다.",
    ),
    "fm.no_prediction_budget": (
        "The prediction is not shown: a pass through the whole model needs about {need} for one picture, "
        "more than the {budget} allowed.",
        "예측은 보여 주지 않습니다. 모델 전체를 한 번 지나는 계산에 그림 한 장당 약 {need}이(가) 필요해서 "
        "허용치 {budget}을(를) 넘기 때문입니다.",
    ),
    "fm.explain_probabilities": (
        "The softmax output: one probability per class, summing to 100%.",
        "소프트맥스 출력: 클래스마다 확률 하나, 합은 100%입니다.",
    ),
    "fm.all_layers": ("Include every spatial layer", "모든 공간 층 포함"),
    "fm.all_layers_help": (
        "Also list batch-norm, activation and resizing layers, not only convolutions, pooling and merges.",
        "합성곱, 풀링, 병합 층뿐 아니라 배치 정규화, 활성화, 크기 조정 층도 보여 줍니다.",
    ),
    "fm.one_layer": ("One layer", "층 하나"),
    "fm.every_layer": ("Every layer", "모든 층"),
    "fm.layer": ("Layer", "층"),
    "fm.sort": ("Sort maps by mean activation", "평균 활성값 순으로 정렬"),
    "fm.grid_caption": (
        "{layer}: {count} feature maps ({rows}×{cols} grid), each {h}×{w}",
        "{layer}: 특성 맵 {count}개 ({rows}×{cols} 격자), 각 {h}×{w}",
    ),
    "fm.explain_maps": (
        "Each tile is one channel of the layer's output: bright where the filter found its pattern. Early layers "
        "respond to edges and strokes; deeper, smaller maps respond to larger parts.",
        "타일 하나가 층 출력의 채널 하나입니다. 필터가 자기 무늬를 찾은 곳이 밝게 보입니다. 앞쪽 층은 가장자리와 "
        "획에 반응하고, 더 깊고 작은 맵은 더 큰 부분에 반응합니다.",
    ),
    "fm.enlarge": ("Enlarge one map (channel)", "맵 하나 크게 보기 (채널)"),
    "fm.map_caption": ("Channel {channel}, mean activation {mean}", "채널 {channel}, 평균 활성값 {mean}"),
    "fm.scale": ("Colour scale", "색 기준"),
    "fm.scale_map": ("Each map its own", "맵마다 따로"),
    "fm.scale_layer": ("One for the layer", "층 전체에 하나"),
    "fm.scale_all": ("One for all layers", "모든 층에 하나"),
    "fm.scale_help": (
        "Each map its own: every tile spreads its own lowest to highest value over all the colours, which "
        "shows each map's pattern but hides how strong it is. One for the layer (or for all layers): the same "
        "value has the same colour in every tile, so a dim tile really is weaker.",
        "맵마다 따로: 타일마다 자기 최솟값부터 최댓값까지를 모든 색에 펼쳐서, 맵의 무늬는 잘 보이지만 얼마나 강한지는 "
        "알 수 없습니다. 층 전체(또는 모든 층)에 하나: 같은 값은 어느 타일에서나 같은 색이므로 어두운 타일은 정말로 "
        "약하게 반응한 것입니다.",
    ),
    "fm.scale_caption_map": (
        "Colours: each map on its own scale, from its own lowest value (dark purple) to its own highest "
        "(yellow). Brightness cannot be compared between tiles.",
        "색: 맵마다 따로, 그 맵의 가장 작은 값(짙은 보라)부터 가장 큰 값(노랑)까지입니다. 타일끼리 밝기를 비교할 수 "
        "없습니다.",
    ),
    "fm.scale_caption_layer": (
        "Colours: one scale for the whole layer, from {low} (dark purple) to {high} (yellow). A dimmer tile "
        "really is less active.",
        "색: 층 전체에 한 기준, {low}(짙은 보라)부터 {high}(노랑)까지입니다. 더 어두운 타일은 실제로 덜 활성화된 "
        "것입니다.",
    ),
    "fm.scale_caption_all": (
        "Colours: one scale for all {count} listed layers, from {low} (dark purple) to {high} (yellow), so "
        "layers can be compared too.",
        "색: 목록의 층 {count}개 모두에 한 기준, {low}(짙은 보라)부터 {high}(노랑)까지입니다. 층끼리도 비교할 수 "
        "있습니다.",
    ),
    "fm.explain_padding": (
        'This layer uses padding="same": Keras adds a frame of zeros around its input so the output keeps '
        "the input's size. The outermost rows and columns of each map are computed partly from those zeros, "
        "so a bright or dark line along the edge of a map comes from the padding, not from something the "
        "filter learned to find.",
        '이 층은 padding="same"을 씁니다. 출력 크기가 입력과 같도록 Keras가 입력 둘레에 0으로 된 테두리를 '
        "덧붙입니다. 그래서 각 맵의 가장 바깥 행과 열은 일부가 이 0들로 계산되고, 맵 가장자리를 따라 생기는 밝거나 "
        "어두운 줄은 필터가 배운 무늬가 아니라 패딩 때문에 생긴 것입니다.",
    ),
    "fm.fit": ("Fit the picture to the model's shape", "그림을 모델 입력 모양에 맞추는 방법"),
    "fm.fit_crop": ("Cut out the middle (no distortion)", "가운데 잘라 내기 (찌그러짐 없음)"),
    "fm.fit_stretch": ("Stretch the whole picture", "그림 전체를 늘려 맞추기"),
    "fm.fit_help": (
        "Cutting out the middle, in the model's proportions, keeps shapes as they are but drops what lies "
        "outside; stretching keeps everything but squeezes a wide or tall picture.",
        "모델 입력과 같은 비율로 가운데를 잘라 내면 모양은 그대로지만 바깥 부분이 빠집니다. 늘려 맞추면 전부 "
        "남지만 넓거나 긴 그림이 찌그러집니다.",
    ),
    "fm.invert": ("Invert brightness (light figure on a dark background)", "밝기 뒤집기 (어두운 배경에 밝은 그림)"),
    "fm.invert_help": (
        "This model learned from light figures on a dark background. Turn this off to see what it makes of "
        "your picture as it is.",
        "이 모델은 어두운 배경에 밝은 그림으로 학습했습니다. 끄면 올린 그림을 그대로 넣었을 때 모델이 어떻게 "
        "보는지 알 수 있습니다.",
    ),
    "fm.inverted_note": (
        "Your picture has a light background (its border averages {border} on a 0–1 scale), but this model "
        "was trained on light figures on a dark background, like a white digit on black. Its brightness was "
        "inverted so the model sees the kind of picture it was trained on.",
        "올린 그림은 배경이 밝습니다(테두리 평균 밝기 {border}, 0–1 기준). 그런데 이 모델은 검은 바탕에 흰 "
        "숫자처럼 어두운 배경에 밝은 그림으로 학습했습니다. 그래서 모델이 학습한 모습이 되도록 밝기를 "
        "뒤집었습니다.",
    ),
    "fm.not_inverted_note": (
        "Inversion is off: the model sees your light background (border {border}) although it was trained on "
        "dark ones, so expect a poor prediction.",
        "뒤집기를 껐습니다. 모델은 어두운 배경으로 학습했지만 지금은 밝은 배경(테두리 {border})을 그대로 "
        "봅니다. 예측이 틀리기 쉽습니다.",
    ),
    "fm.unfamiliar": ("The model may not know this kind of picture.", "모델이 이런 종류의 그림을 모를 수 있습니다."),
    "fm.unfamiliar_confidence": (
        "Its top probability is only {p} (below {threshold}).",
        "가장 높은 확률이 {p}밖에 되지 않습니다({threshold} 미만).",
    ),
    "fm.unfamiliar_statistics": (
        "The picture's brightness is {mean} and its contrast (standard deviation) {std}; the training images "
        "average {train_mean} ± {train_mean_spread} and {train_std} ± {train_std_spread}, so it lies {z} "
        "standard deviations away (more than {limit}).",
        "그림의 평균 밝기는 {mean}, 대비(표준편차)는 {std}입니다. 학습 이미지는 평균 밝기 {train_mean} ± "
        "{train_mean_spread}, 대비 {train_std} ± {train_std_spread}이므로 표준편차의 {z}배만큼 떨어져 있습니다"
        "({limit}배 초과).",
    ),
    # what filters look for (app_pages/filters.py, cnnviz/featureviz.py)
    "filters.intro": (
        "For one convolution layer: the patches of real images that make each filter fire hardest, beside "
        "an image optimised to excite it; below, how many units of every layer never fire at all.",
        "합성곱 층 하나를 골라, 각 필터를 가장 강하게 반응시키는 실제 이미지 조각과 그 필터를 자극하도록 "
        "최적화한 이미지를 나란히 봅니다. 아래에서는 층마다 한 번도 켜지지 않는 유닛이 얼마나 되는지 봅니다.",
    ),
    "filters.no_dataset": (
        "This page searches a dataset's images: choose a dataset in the sidebar.",
        "이 페이지는 데이터셋의 이미지를 살펴봅니다. 사이드바에서 데이터셋을 고르세요.",
    ),
    "filters.layer": ("Convolution layer", "합성곱 층"),
    "filters.split": ("Images searched", "살펴볼 이미지"),
    "filters.split_test": ("Test split ({count} images)", "테스트 데이터 ({count}장)"),
    "filters.split_train": ("Training split", "학습 데이터"),
    "filters.train_count": ("Training images searched", "살펴볼 학습 이미지 수"),
    "filters.train_count_help": (
        "The first images of the training split, up to {limit}. More images find stronger patches but take "
        "longer.",
        "학습 데이터 앞쪽부터 최대 {limit}장까지 고릅니다. 이미지가 많을수록 더 강한 조각을 찾지만 "
        "시간이 더 걸립니다.",
    ),
    "filters.k": ("Patches per filter", "필터마다 보여 줄 조각 수"),
    "filters.page": ("Filters shown", "보여 줄 필터"),
    "filters.page_option": ("Filters {first}–{last} of {count}", "필터 {first}–{last} (전체 {count}개)"),
    "filters.steps": ("Optimisation steps", "최적화 단계 수"),
    "filters.steps_help": (
        "Gradient-ascent steps for the optimised image. Each step rolls the image by up to {jitter} pixels, "
        "climbs the gradient of the filter's mean activation, smooths it (total-variation penalty) and keeps "
        "it in 0–1.",
        "최적화 이미지를 만들 때 경사 상승을 몇 번 할지 정합니다. 단계마다 이미지를 최대 {jitter}픽셀 밀고, "
        "필터의 평균 활성값이 커지는 방향으로 조금 바꾸고, 총변동 벌점으로 매끄럽게 다듬고, 값을 0–1 "
        "안에 둡니다.",
    ),
    "filters.seed": ("Seed", "시드"),
    "filters.seed_help": (
        "The random start and the jitter come from this number: the same seed always gives the same image.",
        "무작위 시작 이미지와 이미지 밀기가 이 숫자로 정해집니다. 시드가 같으면 언제나 같은 이미지가 나옵니다.",
    ),
    "filters.searching": (
        "Searching {count} images for the patches that excite each filter most…",
        "이미지 {count}장에서 각 필터를 가장 강하게 자극하는 조각을 찾는 중…",
    ),
    "filters.optimising": (
        "Optimising an image for each of filters {first}–{last} ({steps} steps)…",
        "필터 {first}–{last}마다 이미지를 최적화하는 중({steps}단계)…",
    ),
    "filters.measuring": ("Measuring every layer over {count} images…", "이미지 {count}장으로 모든 층을 재는 중…"),
    "filters.heading": ("Filter {channel}", "필터 {channel}"),
    "filters.patches_caption": (
        "Filter {channel}: the {k} strongest patches, one per image, strongest first (activation, image): "
        "{values}",
        "필터 {channel}: 가장 강한 조각 {k}개, 이미지마다 하나씩, 강한 순서(활성값, 이미지 번호): {values}",
    ),
    "filters.patch_value": ("{value} (#{image})", "{value} (#{image})"),
    "filters.max_caption": (
        "Filter {channel}, optimised image: mean activation {start} on the start image → {end}",
        "필터 {channel}의 최적화 이미지: 평균 활성값이 시작 이미지의 {start}에서 {end}(으)로",
    ),
    "filters.dead": (
        "Filter {channel} is 0 at every position of all {count} images: a dead ReLU, so these patches are "
        "arbitrary.",
        "필터 {channel}은(는) 이미지 {count}장의 모든 위치에서 0입니다. 죽은 ReLU이므로 위 조각들에는 "
        "의미가 없습니다.",
    ),
    "filters.explain_patches": (
        "Each patch is the part of a real image this filter's strongest unit sees (its receptive box, "
        "{height}×{width} pixels here), taken from a different image each time. On a small greyscale model, "
        "an image optimised from noise often looks like noise: the patches show what the filter actually "
        "responds to in the data. Pink pixels lie outside the image (the box reaches past the border).",
        "각 조각은 이 필터에서 가장 강하게 반응한 유닛이 보는 실제 이미지 부분(수용 영역, 여기서는 "
        "{height}×{width}픽셀)이며, 매번 다른 이미지에서 가져옵니다. 작은 흑백 모델에서는 잡음에서 출발해 "
        "최적화한 이미지가 잡음처럼 보이기 쉬운데, 조각들은 필터가 데이터에서 실제로 무엇에 반응하는지 "
        "보여 줍니다. 분홍색 픽셀은 이미지 바깥입니다(영역이 가장자리를 넘어감).",
    ),
    "filters.explain_max": (
        "The optimised image starts from grey noise (seed {seed}) and is changed {steps} times to raise the "
        "filter's mean activation over the whole picture, with jitter and a smoothness penalty so that it "
        "shows a pattern rather than pixel noise. It shows what the filter prefers, not a picture it has seen.",
        "최적화 이미지는 회색 잡음(시드 {seed})에서 출발해, 필터의 그림 전체 평균 활성값이 커지도록 {steps}번 "
        "바뀝니다. 이미지 밀기와 매끄러움 벌점 덕분에 픽셀 잡음 대신 무늬가 드러납니다. 필터가 본 적 있는 "
        "그림이 아니라 필터가 좋아하는 모양을 보여 줍니다.",
    ),
    "filters.stats_title": ("Dead units in every layer", "층마다 죽은 유닛"),
    "filters.stats_caption": (
        "Over the same {count} images. A channel is dead when it is exactly 0 at every position of every "
        "image; sparsity is the share of all values that are 0. A layer is flagged when more than {limit} "
        "of its channels are dead.",
        "같은 이미지 {count}장으로 잽니다. 모든 이미지의 모든 위치에서 정확히 0인 채널을 죽은 채널이라 "
        "하고, 희소성은 전체 값 가운데 0의 비율입니다. 채널의 {limit}보다 많이 죽은 층에는 표시를 붙입니다.",
    ),
    "filters.col_layer": ("Layer", "층"),
    "filters.col_type": ("Type", "종류"),
    "filters.col_channels": ("Channels", "채널 수"),
    "filters.col_dead": ("Dead channels", "죽은 채널"),
    "filters.col_dead_fraction": ("Dead share", "죽은 비율"),
    "filters.col_sparsity": ("Sparsity (zeros)", "희소성(0의 비율)"),
    "filters.col_mean": ("Mean activation", "평균 활성값"),
    "filters.col_flag": ("Flag", "표시"),
    "filters.flag_dead": ("⚠️ mostly dead", "⚠️ 대부분 죽음"),
    "filters.flag_ok": ("✓", "✓"),
    "filters.flagged": (
        "More than {limit} of the channels never fire on these images in: {layers}. Those units pass nothing "
        "on; a lower learning rate, another initialisation or LeakyReLU usually helps.",
        "다음 층에서는 채널의 {limit}보다 많이 이 이미지들에 한 번도 반응하지 않습니다: {layers}. 이 "
        "유닛들은 아무것도 전달하지 못합니다. 학습률을 낮추거나, 초기화를 바꾸거나, LeakyReLU를 쓰면 대개 "
        "나아집니다.",
    ),
    "filters.explain_dead": (
        "A ReLU outputs max(0, z). When the weighted sum z is negative for every input (a large negative bias, "
        "say, after a too-large training step), the unit outputs 0 and its gradient is 0 too, so training can "
        "no longer revive it: a dead ReLU.",
        "ReLU는 max(0, z)를 출력합니다. 가중합 z가 모든 입력에서 음수이면(예를 들어 너무 큰 학습 단계 뒤에 "
        "편향이 크게 음수가 되면) 유닛은 늘 0을 내고 기울기도 0이 되어 학습으로도 되살릴 수 없습니다. "
        "이것이 죽은 ReLU입니다.",
    ),
    "filters.fig_dead": ("dead channels", "죽은 채널"),
    "filters.fig_sparsity": ("zeros (sparsity)", "0의 비율(희소성)"),
    "filters.fig_threshold": ("flag", "표시 기준"),
    "filters.fig_y": ("share", "비율"),
    "error.filters_images": (
        "The images have shape {shape}, but the model expects a batch of {expected} images.",
        "이미지 모양은 {shape}인데 모델은 {expected} 이미지 묶음을 기대합니다.",
    ),
    "error.filters_channel": (
        "Layer {layer} has {count} channels: there is no channel {channel}.",
        "{layer} 층의 채널은 {count}개라서 {channel}번 채널은 없습니다.",
    ),
    # picture upload refusals (cnnviz.images.decode_image, check_upload_size)
    # what a model's input needs (cnnviz/images.py)
    "img.no_input_shape": (
        "This model has no input shape yet, so cnnviz cannot tell what image size it expects. Build it with an "
        "input, e.g. keras.Input((28, 28, 1)), and try again.",
        "이 모델에는 아직 입력 모양이 없어 cnnviz가 어떤 크기의 이미지를 기대하는지 알 수 없습니다. "
        "keras.Input((28, 28, 1))처럼 입력을 주어 모델을 만든 뒤 다시 시도하세요.",
    ),
    "img.many_inputs": (
        "This model takes {count} inputs ({names}); cnnviz can only feed a picture to a model with a single image "
        "input.",
        "이 모델은 입력을 {count}개({names}) 받습니다. cnnviz는 이미지 입력이 하나뿐인 모델에만 그림을 넣을 수 "
        "있습니다.",
    ),
    "img.not_image_input": (
        "This model's input has shape {shape}, which is not an image: cnnviz needs an input of shape (batch, "
        "height, width, channels), as in a model that starts with keras.Input((28, 28, 1)) followed by a "
        "convolution. A model that starts with Flatten or Dense on a flat vector cannot be fed an image here.",
        "이 모델의 입력 모양은 {shape}(으)로 이미지가 아닙니다. cnnviz에는 keras.Input((28, 28, 1)) 다음에 합성곱이 "
        "오는 모델처럼 (배치, 높이, 너비, 채널) 모양의 입력이 필요합니다. 평평한 벡터를 받아 Flatten이나 Dense로 "
        "시작하는 모델에는 여기서 이미지를 넣을 수 없습니다.",
    ),
    "img.channels_unknown": (
        "This model's input does not say how many colour channels it expects (its shape ends in None). Rebuild "
        "it with a fixed number of channels: 1 for greyscale or 3 for RGB.",
        "이 모델의 입력에는 색 채널 수가 정해져 있지 않습니다(모양이 None으로 끝납니다). 채널 수를 고정해 다시 "
        "만드세요. 흑백은 1, RGB는 3입니다.",
    ),
    "img.channels_model": (
        "This model expects images with {channels} channels; cnnviz can feed greyscale (1 channel) or RGB (3 "
        "channels) pictures.",
        "이 모델은 채널이 {channels}개인 이미지를 기대합니다. cnnviz는 흑백(채널 1개)이나 RGB(채널 3개) 그림만 넣을 "
        "수 있습니다.",
    ),
    "img.channels_first": (
        "Its input looks channels-first (channels before height and width); cnnviz needs channels-last.",
        "입력이 채널 우선(channels_first, 높이와 너비 앞에 채널)으로 보입니다. cnnviz에는 채널 마지막"
        "(channels_last) 입력이 필요합니다.",
    ),
    "img.to_array_channels": (
        "cnnviz can convert pictures to 1 (greyscale) or 3 (RGB) channels, not {channels}.",
        "cnnviz는 그림을 채널 1개(흑백)나 3개(RGB)로만 바꿀 수 있습니다. {channels}개로는 바꿀 수 없습니다.",
    ),
    "img.convert_failed": (
        "cnnviz cannot convert a {source} image to {target}. Save the picture as an ordinary RGB PNG or JPEG and "
        "upload that.",
        "cnnviz가 {source} 이미지를 {target}(으)로 바꾸지 못합니다. 그림을 일반 RGB PNG나 JPEG로 저장해서 올리세요.",
    ),
    "img.empty": (
        "The file is empty (0 bytes). The upload or download was probably interrupted: try again.",
        "파일이 비어 있습니다(0바이트). 올리거나 내려받는 도중에 끊긴 것 같으니 다시 시도해 주세요.",
    ),
    "img.too_big": (
        "The file is {size}; cnnviz accepts images up to {limit}. Save a smaller version (for example as JPEG, "
        "or at a lower resolution) and upload that.",
        "파일 크기가 {size}입니다. cnnviz는 {limit}까지의 이미지만 받습니다. JPEG로 저장하거나 해상도를 낮춰 "
        "더 작게 만든 뒤 올려 주세요.",
    ),
    "img.too_big_bytes": (
        "The file is {size} bytes, more than the {limit} bytes cnnviz accepts. Save a smaller version (for "
        "example as JPEG, or at a lower resolution) and upload that.",
        "파일 크기가 {size}바이트로, cnnviz가 받는 {limit}바이트를 넘습니다. JPEG로 저장하거나 해상도를 낮춰 "
        "더 작게 만든 뒤 올려 주세요.",
    ),
    "img.too_many_pixels": (
        "The image is {w}×{h} = {pixels} pixels; cnnviz accepts at most {cap} pixels ({megapixels} megapixels). "
        "Resize it (a model only sees a few hundred pixels a side anyway) and upload it again.",
        "이미지가 {w}×{h} = {pixels}픽셀입니다. cnnviz는 최대 {cap}픽셀({megapixels}메가픽셀)까지 받습니다. "
        "크기를 줄여서 다시 올려 주세요(모델은 어차피 한 변에 수백 픽셀 정도만 봅니다).",
    ),
    "img.bomb": (
        "This image declares a size more than twice the {megapixels} megapixels cnnviz accepts. Files like this "
        "can be 'decompression bombs' that exhaust the server's memory, so it was not opened. If it is a real "
        "picture, resize it and upload it again.",
        "이 이미지는 cnnviz가 받는 {megapixels}메가픽셀의 두 배가 넘는 크기를 내세웁니다. 이런 파일은 서버 "
        "메모리를 바닥내는 '압축 폭탄'일 수 있어 열지 않았습니다. 실제 사진이라면 크기를 줄여 다시 올려 주세요.",
    ),
    "img.truncated": (
        "This {kind} file is truncated or damaged: Pillow could not read all of its pixels ({detail}). It was "
        "probably cut short while downloading or copying; save or download it again.",
        "이 {kind} 파일은 잘렸거나 손상되어 Pillow가 픽셀을 모두 읽지 못했습니다({detail}). 내려받거나 "
        "복사하는 도중에 끊긴 것 같으니 다시 저장하거나 내려받아 주세요.",
    ),
    "img.metadata_too_large": (
        "This PNG carries a colour profile (iCCP) or text chunks (tEXt/zTXt/iTXt) larger than Pillow agrees to "
        "unpack, a known way to exhaust a server's memory, so it was not opened. The pixels may be fine: save "
        "the picture again without metadata (or take a screenshot of it) and upload that.",
        "이 PNG에는 Pillow가 풀어 주는 한도보다 큰 색 프로필(iCCP)이나 텍스트 청크(tEXt/zTXt/iTXt)가 들어 "
        "있습니다. 서버 메모리를 바닥내는 데 쓰이는 수법이라 열지 않았습니다. 픽셀 자체는 멀쩡할 수 있으니 "
        "메타데이터 없이 다시 저장하거나 화면을 캡처해서 올려 주세요.",
    ),
    # picture conversion (cnnviz.images.describe_conversion)
    "img.converted": (
        "Your {source} was converted to {target}: {steps}.",
        "올린 이미지({source})를 모델 입력({target})으로 바꿨습니다: {steps}.",
    ),
    "img.first_frame": (
        "(animated or multi-page: only its first frame is used)",
        "(애니메이션이나 여러 페이지로 된 파일: 첫 프레임만 사용)",
    ),
    "img.step_exif": ("turned upright as its EXIF orientation says", "EXIF 방향 정보에 따라 바로 세움"),
    "img.step_transparent": ("transparent areas filled with white", "투명한 부분은 흰색으로 채움"),
    "img.step_to_grey": (
        "colours mixed to grey (0.299 R + 0.587 G + 0.114 B)", "색을 회색으로 섞음 (0.299 R + 0.587 G + 0.114 B)"
    ),
    "img.step_to_rgb": ("the grey value copied into R, G and B", "회색 값을 R, G, B에 똑같이 복사"),
    "img.step_crop": (
        "its middle {w}×{h} cut out, in the model's proportions (the rest is not used)",
        "모델 입력과 같은 비율로 가운데 {w}×{h}만 잘라 냄 (나머지는 쓰지 않음)",
    ),
    "img.step_same_size": ("kept at its size", "크기는 그대로 둠"),
    "img.step_resize": ("resized from {src} to {dst} (bilinear)", "{src}에서 {dst}로 크기 조정 (쌍선형 보간)"),
    "img.step_stretch": (
        "resized from {src} to {dst} (bilinear, stretched: the aspect ratio is not kept)",
        "{src}에서 {dst}로 크기 조정 (쌍선형 보간, 늘려 맞춤: 가로세로 비율이 바뀜)",
    ),
    "img.step_invert": (
        "brightness inverted (1 − value), so the background is dark like the training images'",
        "밝기를 뒤집음 (1 − 값): 학습 이미지처럼 배경이 어두워짐",
    ),
    "img.scale_255": ("values divided by 255 to lie in 0–1", "값을 255로 나눠 0–1 범위로 맞춤"),
    "img.scale_bits": (
        "{bits}-bit values divided by {scale} to lie in 0–1", "{bits}비트 값을 {scale}로 나눠 0–1 범위로 맞춤"
    ),
    "img.scale_float": ("its floating-point values were already in 0–1", "부동소수점 값이 이미 0–1 범위였음"),
    "img.scale_stretch": (
        "its values, from {low} to {high}, stretched to 0–1", "{low}부터 {high}까지의 값을 0–1로 늘림"
    ),
    "img.mode_bw": ("black-and-white (1-bit)", "1비트 흑백"),
    "img.mode_grey": ("greyscale", "회색조"),
    "img.mode_grey_alpha": ("greyscale with transparency", "투명도가 있는 회색조"),
    "img.mode_palette": ("palette", "팔레트"),
    "img.mode_palette_alpha": ("palette with transparency", "투명도가 있는 팔레트"),
    "img.mode_float_grey": ("floating-point greyscale", "부동소수점 회색조"),
    "img.mode_bits_grey": ("{bits}-bit greyscale", "{bits}비트 회색조"),
    "img.mode_int_grey": ("integer greyscale", "정수 회색조"),
    # kernels
    "kern.layer": ("Convolution layer", "합성곱 층"),
    "kern.mode": ("Show", "표시 방법"),
    "kern.mode_rgb": ("In colour (RGB input)", "컬러로 (RGB 입력)"),
    "kern.mode_mean": ("Averaged over input channels", "입력 채널 평균"),
    "kern.mode_channel": ("One input channel", "입력 채널 하나"),
    "kern.channel": ("Input channel", "입력 채널"),
    "kern.trained": ("Trained", "학습 후"),
    "kern.current": ("This model (untrained)", "현재 모델 (미학습)"),
    "kern.fresh": ("Freshly initialised", "새로 초기화"),
    "kern.caption": (
        "{filters} filters of {kh}×{kw} on {channels} input channel(s). Blue is negative, red positive, white zero; "
        "both grids share one scale (±{limit}).",
        "입력 채널 {channels}개에 대한 {kh}×{kw} 필터 {filters}개. 파랑은 음수, 빨강은 양수, 흰색은 0이며 두 격자는 "
        "같은 눈금(±{limit})을 씁니다.",
    ),
    "kern.mode_matrix": ("As a matrix (rows: input channels, columns: filters)", "행렬로 (행: 입력 채널, 열: 필터)"),
    "kern.mode_depthwise": ("One tile per input channel", "입력 채널마다 한 칸"),
    "kern.part_kernel": ("Kernel", "커널"),
    "kern.part_depthwise": (
        "Depthwise part: one filter per input channel", "깊이별(depthwise) 부분: 입력 채널마다 필터 하나"
    ),
    "kern.part_pointwise": (
        "Pointwise part: a 1×1 convolution that mixes the channels", "점별(pointwise) 부분: 채널을 섞는 1×1 합성곱"
    ),
    "kern.caption_depthwise": (
        "{count} depthwise filters of {kh}×{kw}, {multiplier} for each of the {channels} input channel(s); each "
        "sees only its own channel. Blue is negative, red positive, white zero; both grids share one scale "
        "(±{limit}).",
        "{kh}×{kw} 깊이별 필터 {count}개. 입력 채널 {channels}개마다 {multiplier}개씩이며, 각 필터는 자기 채널만 "
        "봅니다. 파랑은 음수, 빨강은 양수, 흰색은 0이며 두 격자는 같은 눈금(±{limit})을 씁니다.",
    ),
    "kern.caption_matrix": (
        "A 1×1 convolution as a {channels}×{filters} matrix: row i, column j is the weight with which input "
        "channel i feeds filter j. Blue is negative, red positive, white zero; both share one scale (±{limit}).",
        "1×1 합성곱을 {channels}×{filters} 행렬로 나타냈습니다. i행 j열은 입력 채널 i가 필터 j로 들어가는 "
        "가중치입니다. 파랑은 음수, 빨강은 양수, 흰색은 0이며 두 그림은 같은 눈금(±{limit})을 씁니다.",
    ),
    "kern.explain": (
        "Training turns random noise into structured filters: edge and stroke detectors appear in the first layer.",
        "학습은 무작위 잡음을 구조가 있는 필터로 바꿉니다. 첫 층에는 가장자리와 획을 찾는 필터가 나타납니다.",
    ),
    "kern.untrained_note": (
        "This zoo model is untrained, so both grids look like noise. Pick a checkpoint (📦) in the sidebar to compare.",
        "이 모델은 학습 전이라 두 격자 모두 잡음처럼 보입니다. 비교하려면 사이드바에서 체크포인트(📦)를 고르세요.",
    ),
    # the epoch replay (app_state/replay.py)
    "replay.toggle": ("Replay training epoch by epoch", "학습 과정을 에포크별로 다시 보기"),
    "replay.toggle_help": (
        "This checkpoint kept its weights at {count} moments, from epoch 0 (before training) to epoch {last}. "
        "Turn on to show this page with the weights of any of them.",
        "이 체크포인트는 에포크 0(학습 전)부터 에포크 {last}까지 {count}개 시점의 가중치를 저장했습니다. "
        "켜면 그중 어느 시점의 가중치로든 이 페이지를 볼 수 있습니다.",
    ),
    "replay.slider": ("Epoch", "에포크"),
    "replay.slider_help": (
        "0 is the model before training; k is the weights at the end of epoch k.",
        "0은 학습 전의 모델이고, k는 k번째 에포크가 끝났을 때의 가중치입니다.",
    ),
    "replay.play": ("▶ Play", "▶ 재생"),
    "replay.pause": ("⏸ Pause", "⏸ 일시 정지"),
    "replay.loading": ("Loading the weights of epoch {epoch}…", "에포크 {epoch}의 가중치를 불러오는 중…"),
    "replay.at_epoch": ("Epoch {epoch}", "에포크 {epoch}"),
    "replay.caption_start": (
        "Epoch 0 of {last}: the random weights the model started from, before any training.",
        "에포크 0 / {last}: 학습을 시작하기 전, 모델이 출발한 무작위 가중치입니다.",
    ),
    "replay.caption": ("Epoch {epoch} of {last}.", "에포크 {epoch} / {last}."),
    "replay.caption_accuracy": (
        "Validation accuracy at the end of this epoch: {accuracy}.",
        "이 에포크가 끝났을 때의 검증 정확도: {accuracy}.",
    ),
    "replay.saved_best": (
        "The saved model holds epoch {best}'s weights (the lowest validation loss), not the last epoch's.",
        "저장된 모델은 마지막 에포크가 아니라 검증 손실이 가장 낮았던 에포크 {best}의 가중치입니다.",
    ),
    "replay.saved_last": (
        "The saved model holds the weights of the last epoch, {best}.",
        "저장된 모델은 마지막 에포크({best})의 가중치입니다.",
    ),
    "replay.thinned": (
        "To keep the file small, {count} of the {total} epochs were kept: all the early ones, then fewer.",
        "파일을 작게 유지하려고 전체 {total}개 에포크 가운데 {count}개만 저장했습니다. 초반 에포크는 모두, "
        "그 뒤로는 듬성듬성 저장했습니다.",
    ),
    "replay.too_big": (
        "No epoch replay: this model's weights take {size} per epoch, over the {budget} kept for each epoch.",
        "에포크 다시 보기가 없습니다. 이 모델의 가중치는 에포크마다 {size}로, 에포크당 저장 한도 {budget}를 "
        "넘습니다.",
    ),
    "replay.none": (
        "This checkpoint keeps no weights per epoch (it was saved without an epoch replay), so only its final "
        "weights can be shown.",
        "이 체크포인트에는 에포크별 가중치가 저장되어 있지 않아 최종 가중치만 볼 수 있습니다.",
    ),
    "replay.explain_kernels": (
        "Move the epoch slider or press Play: the first layer's filters start as random noise (epoch 0) and "
        "take shape as edges and strokes over the first epochs, then change less and less.",
        "에포크 슬라이더를 움직이거나 재생을 눌러 보세요. 첫 층의 필터는 무작위 잡음(에포크 0)에서 출발해 처음 몇 "
        "에포크 동안 가장자리와 획 모양을 갖추고, 그 뒤로는 점점 덜 바뀝니다.",
    ),
    "replay.explain_weights": (
        "Across the epochs the histogram spreads out from its starting shape: training pushes some weights "
        "further from zero while most stay small.",
        "에포크가 지날수록 히스토그램이 처음 모양에서 넓게 퍼집니다. 학습은 일부 가중치를 0에서 멀리 밀어내고, "
        "대부분은 작은 값으로 남겨 둡니다.",
    ),
    "replay.explain_maps": (
        "Replaying the epochs shows the prediction for this picture settling: early on the model is unsure, "
        "later the probabilities concentrate on one class.",
        "에포크를 다시 보면 이 그림에 대한 예측이 자리 잡는 과정이 보입니다. 초반에는 모델이 확신하지 못하다가, "
        "나중에는 확률이 한 클래스에 모입니다.",
    ),
    # weights
    "w.layer": ("Layer", "층"),
    "w.trained": ("Trained", "학습 후"),
    "w.current": ("This model (untrained)", "현재 모델 (미학습)"),
    "w.fresh": ("Freshly initialised", "새로 초기화"),
    "w.value": ("weight value", "가중치 값"),
    "w.count": ("count", "개수"),
    "w.epoch": ("epoch", "에포크"),
    "w.stats": (
        "**{label}** — mean {mean}, standard deviation {std}, range [{min}, {max}], {count} weights",
        "**{label}** — 평균 {mean}, 표준편차 {std}, 범위 [{min}, {max}], 가중치 {count}개",
    ),
    "w.explain": (
        "The initializer sets the starting spread (e.g. he_normal: σ = √(2/fan-in)); training widens or reshapes it "
        "as filters specialise.",
        "초기화 방법이 처음 분포를 정합니다(예: he_normal은 σ = √(2/fan-in)). 학습하면서 필터가 특화되면 분포가 "
        "넓어지거나 모양이 바뀝니다.",
    ),
    "w.evolution": ("How the histogram changed during training", "학습 중 히스토그램의 변화"),
    "w.no_snapshots": (
        "This model has no per-epoch snapshots. Models trained in cnnviz record them.",
        "이 모델에는 에포크별 기록이 없습니다. cnnviz에서 학습한 모델에는 기록이 남습니다.",
    ),
    "w.explain_evolution": (
        "One row per epoch (0 = before training); colour shows how many weights have that value.",
        "에포크마다 한 줄(0 = 학습 전). 색은 그 값을 가진 가중치의 개수입니다.",
    ),
    # evaluate
    "eval.untrained_note": (
        "This zoo model is untrained: expect chance-level accuracy. Pick a checkpoint (📦) in the sidebar.",
        "이 모델은 학습 전이라 정확도가 우연 수준일 것입니다. 사이드바에서 체크포인트(📦)를 고르세요.",
    ),
    "eval.running": ("Predicting {count} test images…", "테스트 이미지 {count}개를 예측하는 중…"),
    "eval.class_mismatch": (
        "This model scores {model} classes but the dataset **{dataset}** has {data}, so its answers cannot be "
        "compared with these labels: an accuracy or a confusion matrix would mean nothing.",
        "이 모델은 클래스 {model}개에 점수를 매기는데 데이터셋 **{dataset}**의 클래스는 {data}개라서, 모델의 답을 "
        "이 정답 레이블과 비교할 수 없습니다. 정확도나 혼동 행렬을 계산해도 의미가 없습니다.",
    ),
    "eval.class_mismatch_how": (
        "To evaluate it, choose the dataset it was trained on in the sidebar, or test it on your own images: "
        "sidebar → Dataset → Your own images, then upload a .zip with one folder per class ({model} folders; "
        "folders are taken in alphabetical order, which must be the order of the model's outputs).",
        "이 모델을 평가하려면 사이드바에서 학습에 쓴 데이터셋을 "
        "고르거나, 내 이미지로 시험하세요. 사이드바 → 데이터셋 → "
        "내 이미지를 고른 다음, 클래스마다 폴더 하나씩 담은 .zip을 올리면 됩니다(폴더 {model}개. 폴더는 이름의 알파벳 "
        "순서로 읽으므로, 그 순서가 모델 출력의 순서와 같아야 합니다).",
    ),
    "eval.not_a_classifier": (
        "This model's main output is not a list of class scores (its shape is {shape}): there is nothing to "
        "evaluate against labels. Pick a classifier in the sidebar.",
        "이 모델의 주 출력은 클래스별 점수 목록이 아니라서(모양 {shape}) 정답과 비교해 평가할 것이 없습니다. "
        "사이드바에서 분류 모델을 고르세요.",
    ),
    "eval.logits_note": (
        "This model's last layer has no softmax, so it outputs logits (raw scores). cnnviz applies the softmax "
        "itself (a sigmoid for a single unit) before computing probabilities, accuracy and cross-entropy.",
        "이 모델의 마지막 층에는 소프트맥스가 없어서 로짓(가공하지 않은 점수)을 출력합니다. cnnviz가 직접 "
        "소프트맥스(출력이 하나면 시그모이드)를 적용한 뒤 확률, 정확도, 교차 엔트로피를 계산합니다.",
    ),
    "eval.accuracy": ("Test accuracy", "테스트 정확도"),
    "eval.loss": ("Test loss (cross-entropy)", "테스트 손실 (교차 엔트로피)"),
    "eval.main_loss": ("Main-head cross-entropy", "주 출력의 교차 엔트로피"),
    "eval.total_loss": ("Total loss (main + {weight} × aux)", "전체 손실 (주 출력 + {weight} × 보조 출력)"),
    "eval.explain_aux_loss": (
        "This model has auxiliary heads. Accuracy and the main-head cross-entropy are about the final "
        "classifier; the total loss is what training minimised: the main head's cross-entropy plus {weight} × "
        "each auxiliary head's, all on the test images.",
        "이 모델에는 보조 출력이 있습니다. 정확도와 주 출력의 교차 엔트로피는 마지막 분류기의 성적이고, 전체 손실은 "
        "학습이 줄이려던 값으로 주 출력의 교차 엔트로피에 각 보조 출력의 교차 엔트로피 × {weight}를 더한 것입니다"
        "(모두 테스트 이미지 기준).",
    ),
    "eval.mistakes": ("Mistakes", "오답"),
    "eval.how_trained": ("How this model trained", "이 모델의 학습 과정"),
    "eval.how_trained_caption": (
        "💡 Loss and accuracy after each of the {epochs} epochs, on the training and the validation images. "
        "The dashed line marks epoch {best}: its weights are the ones scored on this page.",
        "💡 {epochs}번의 에포크마다 학습 이미지와 검증 이미지에서 잰 손실과 정확도입니다. 점선은 에포크 {best}를 "
        "표시합니다. 이 페이지가 평가하는 가중치가 그 에포크의 가중치입니다.",
    ),
    "eval.confusion": ("Confusion matrix", "혼동 행렬"),
    "eval.predicted": ("predicted", "예측"),
    "eval.true": ("true", "정답"),
    "eval.explain_confusion": (
        "Row = true class, column = predicted class. The diagonal counts correct answers; any other cell shows "
        "which classes get confused.",
        "행은 정답, 열은 예측입니다. 대각선은 맞힌 개수이고, 나머지 칸은 어떤 클래스끼리 헷갈리는지 보여 줍니다.",
    ),
    "eval.per_class": ("Accuracy per class", "클래스별 정확도"),
    "eval.explain_per_class": (
        "The share of each class's test images the model gets right.",
        "각 클래스의 테스트 이미지 중 모델이 맞힌 비율입니다.",
    ),
    "eval.grid": ("Predictions", "예측 결과"),
    "eval.grid_caption": (
        "The first {count} test images: true -> predicted. A blue frame with a tick (✓): correct; an orange "
        "frame with a cross (×): a mistake.",
        "처음 {count}개 테스트 이미지: 정답 -> 예측. 체크 표시(✓)가 있는 파란 테두리는 정답, × 표시가 있는 주황 "
        "테두리는 오답입니다.",
    ),
    "eval.confident_mistakes": ("The most confident mistakes", "가장 확신한 오답"),
    "eval.mistakes_caption": (
        "Wrong predictions the model was surest about (true -> predicted, confidence).",
        "모델이 가장 확신했던 오답들 (정답 -> 예측, 확신도).",
    ),
    "eval.no_mistakes": ("No mistakes on the test set.", "테스트 세트에서 틀린 것이 없습니다."),
    "eval.mistake_pick": ("One of these mistakes", "이 오답 중 하나"),
    "eval.mistake_option": (
        "#{index}: {true} taken for {predicted} ({p})",
        "#{index}: {true}을(를) {predicted}(으)로 예측 ({p})",
    ),
    "eval.explain_mistake": ("🔍 Explain this mistake", "🔍 이 오답 설명 보기"),
    # compare runs (app_pages/compare.py, cnnviz/compare.py)
    "compare.intro": (
        "Put two or more trained checkpoints side by side: how they learned, how they were set up, and — for "
        "runs tested on the same test set — where their answers differ.",
        "학습된 체크포인트 두 개 이상을 나란히 놓고 봅니다. 어떻게 배웠는지, 어떤 설정이었는지, 그리고 같은 "
        "테스트 세트로 평가한 실행끼리는 답이 어디서 달라지는지 비교합니다.",
    ),
    "compare.need_two": (
        "Comparing needs at least two checkpoints, and this server has {count}. Train a model on the Train page "
        "(every run is saved as a checkpoint), for example the same model with another learning rate, then come "
        "back here.",
        "비교하려면 체크포인트가 두 개 이상 있어야 하는데, 이 서버에는 {count}개뿐입니다. 학습 페이지에서 모델을 "
        "학습시키세요(학습할 때마다 체크포인트로 저장됩니다). 예를 들어 같은 모델을 학습률만 바꿔 학습한 뒤 "
        "이곳으로 돌아오면 됩니다.",
    ),
    "compare.runs": ("Checkpoints to compare", "비교할 체크포인트"),
    "compare.runs_help": (
        "The shipped checkpoints, the runs you trained in this browser and runs others shared. Train more on the "
        "Train page.",
        "기본 제공 체크포인트, 이 브라우저에서 학습한 기록, 다른 사람이 공유한 기록입니다. 더 필요하면 학습 "
        "페이지에서 학습하세요.",
    ),
    "compare.choose_two": (
        "Choose at least two checkpoints above to compare them.",
        "위에서 체크포인트를 두 개 이상 고르면 비교해 드립니다.",
    ),
    "compare.metric": ("Curves of", "곡선으로 볼 값"),
    "compare.metric_loss": ("Loss", "손실"),
    "compare.metric_accuracy": ("Accuracy", "정확도"),
    "compare.curves": ("Learning curves", "학습 곡선"),
    "compare.train": ("training", "학습"),
    "compare.val": ("validation", "검증"),
    "compare.best_epoch": ("kept epoch", "남긴 에포크"),
    "compare.epoch": ("Epoch", "에포크"),
    "compare.no_history": (
        "No learning curves were saved with: {runs}.",
        "다음 체크포인트에는 학습 곡선이 저장되어 있지 않습니다: {runs}.",
    ),
    "compare.explain_curves": (
        "One colour and one marker shape per run: solid lines are measured on the training images, dashed lines "
        "on the validation images; a star marks the epoch whose weights were kept. A dashed line that turns up "
        "while the solid one keeps going down is overfitting. Runs on different datasets share the chart, but "
        "their numbers measure different tasks.",
        "실행마다 색과 점 모양이 하나씩입니다. 실선은 학습 이미지, 점선은 검증 이미지로 잰 값이고, 별표는 가중치를 "
        "남긴 에포크입니다. 실선은 계속 내려가는데 점선이 다시 올라가면 과대적합입니다. 데이터셋이 다른 실행도 "
        "같은 차트에 그리지만, 그 값들은 서로 다른 과제를 잰 것입니다.",
    ),
    "compare.settings": ("Settings and results", "설정과 결과"),
    "compare.differ": (
        "Differs between the runs (highlighted): {columns}.",
        "실행마다 다른 항목(강조 표시): {columns}.",
    ),
    "compare.differ_none": (
        "Every setting is the same in these runs.",
        "이 실행들은 모든 설정이 같습니다.",
    ),
    "compare.explain_table": (
        "Read from each checkpoint's saved record, as it was when training ended: the test accuracy and loss "
        "were measured then, on the test images it had (a run trained on fewer images per split was tested on "
        "fewer). — means the setting was not used or not recorded.",
        "각 체크포인트에 저장된 기록을 학습이 끝났을 때 그대로 읽은 값입니다. 테스트 정확도와 손실도 그때 가진 "
        "테스트 이미지로 잰 것입니다(분할당 이미지 수를 줄여 학습했다면 더 적은 이미지로 잰 값). —는 쓰지 않았거나 "
        "기록되지 않은 설정입니다.",
    ),
    "compare.yes": ("yes", "예"),
    "compare.no": ("no", "아니요"),
    "compare.none": ("none", "없음"),
    "compare.col.run": ("Run", "실행"),
    "compare.col.model": ("Model", "모델"),
    "compare.col.dataset": ("Dataset", "데이터셋"),
    "compare.col.optimizer": ("Optimizer", "옵티마이저"),
    "compare.col.learning_rate": ("Learning rate", "학습률"),
    "compare.col.batch_size": ("Batch size", "배치 크기"),
    "compare.col.epochs": ("Epochs asked", "설정한 에포크"),
    "compare.col.epochs_trained": ("Epochs trained", "학습한 에포크"),
    "compare.col.early_stopping": ("Early stopping", "조기 종료"),
    "compare.col.patience": ("Patience", "참을성"),
    "compare.col.augmentation": ("Augmentation", "데이터 증강"),
    "compare.col.seed": ("Seed", "시드"),
    "compare.col.limit": ("Images per split", "분할당 이미지 수"),
    "compare.col.best_epoch": ("Kept epoch", "남긴 에포크"),
    "compare.col.test_accuracy": ("Test accuracy", "테스트 정확도"),
    "compare.col.test_loss": ("Test loss", "테스트 손실"),
    "compare.no_shared_test_set": (
        "No two of these runs were tested on the same test set (same dataset and classes), so their per-class "
        "accuracy, confusion matrices and answers to one picture cannot be compared. Add a run on the same dataset "
        "as another.",
        "고른 실행 중 같은 테스트 세트(같은 데이터셋과 클래스)로 평가한 것이 둘 이상 없어서 클래스별 정확도, "
        "혼동 행렬, 같은 그림에 대한 답은 비교할 수 없습니다. 다른 실행과 같은 데이터셋으로 학습한 실행을 "
        "추가하세요.",
    ),
    "compare.group": ("Compare answers on the test set of", "답을 비교할 테스트 세트"),
    "compare.group_option": ("{dataset} ({count} runs)", "{dataset} (실행 {count}개)"),
    "compare.left_out": (
        "Below, only the runs tested on '{dataset}' are compared; left out (another test set or other classes): "
        "{runs}.",
        "아래에서는 '{dataset}'(으)로 평가한 실행만 비교합니다. 테스트 세트나 클래스가 달라서 빠진 실행: {runs}.",
    ),
    "compare.dataset_unknown": (
        "These runs were trained on '{dataset}', which is not one of this server's datasets (your own images "
        "from an upload), so they cannot be evaluated here.",
        "이 실행들은 '{dataset}'(으)로 학습했는데, 이 서버의 데이터셋이 아니라서(직접 올린 내 이미지) 여기서는 "
        "평가할 수 없습니다.",
    ),
    "compare.evaluating": (
        "Evaluating {run} on {count} test images ({done} of {total})…",
        "{run}을(를) 테스트 이미지 {count}개로 평가하는 중… ({total}개 중 {done}번째)",
    ),
    "compare.class_mismatch": (
        "{run} has {model} outputs but the dataset has {data} classes: left out.",
        "{run}은(는) 출력이 {model}개인데 데이터셋의 클래스는 {data}개라서 비교에서 뺐습니다.",
    ),
    "compare.too_few_evaluated": (
        "Fewer than two of these runs could be evaluated, so there is nothing to compare below.",
        "평가할 수 있는 실행이 두 개보다 적어서 아래에서 비교할 것이 없습니다.",
    ),
    "compare.per_class": ("Accuracy per class", "클래스별 정확도"),
    "compare.accuracy_help": (
        "Measured now on all {count} test images of {dataset}.",
        "지금 {dataset}의 테스트 이미지 {count}개 전부로 잰 값입니다.",
    ),
    "compare.explain_per_class": (
        "Each bar is the share of a class's test images the run labels correctly, in the run's colour. Two runs "
        "with the same total accuracy can be good at different classes.",
        "막대마다 한 클래스의 테스트 이미지 중 그 실행이 맞힌 비율이며, 색은 실행의 색입니다. 전체 정확도가 같은 두 "
        "실행도 잘 맞히는 클래스는 다를 수 있습니다.",
    ),
    "compare.difference": ("Where the answers differ (confusion matrix B − A)", "답이 달라지는 곳 (혼동 행렬 B − A)"),
    "compare.run_a": ("Run A", "실행 A"),
    "compare.run_b": ("Run B", "실행 B"),
    "compare.same_pair": ("Choose two different runs for A and B.", "A와 B에 서로 다른 실행을 고르세요."),
    "compare.fixed": ("Right in B, wrong in A", "B는 맞히고 A는 틀림"),
    "compare.fixed_help": (
        "Test images A labels wrongly and B correctly.", "A는 틀리고 B는 맞힌 테스트 이미지 수입니다."
    ),
    "compare.broken": ("Right in A, wrong in B", "A는 맞히고 B는 틀림"),
    "compare.broken_help": (
        "Test images A labels correctly and B wrongly.", "A는 맞히고 B는 틀린 테스트 이미지 수입니다."
    ),
    "compare.net": ("Accuracy B − A (points)", "정확도 B − A (%p)"),
    "compare.net_help": (
        "B's accuracy minus A's, in percentage points, on the same {count} test images: (right in B, wrong in "
        "A − right in A, wrong in B) ÷ {count} × 100.",
        "같은 테스트 이미지 {count}개에서 B의 정확도에서 A의 정확도를 뺀 값(%p)입니다: (B만 맞힌 수 − A만 맞힌 "
        "수) ÷ {count} × 100.",
    ),
    "compare.colour_title": ("B − A", "B − A"),
    "compare.explain_difference": (
        "Each cell is B's count minus A's for that true class (row) and prediction (column). On the diagonal, red "
        "means B gets more of that class right; off the diagonal, red means B makes that mistake more often and "
        "blue less often. White cells did not change.",
        "칸마다 그 정답 클래스(행)와 예측(열)에 대해 B의 개수에서 A의 개수를 뺀 값입니다. 대각선에서 빨강은 B가 그 "
        "클래스를 더 많이 맞혔다는 뜻이고, 대각선 밖에서 빨강은 B가 그 실수를 더 자주, 파랑은 덜 한다는 뜻입니다. "
        "흰 칸은 달라지지 않은 곳입니다.",
    ),
    "compare.picture": ("One picture through every model", "같은 그림을 모든 모델에"),
    "compare.cam_caption": (
        "Grad-CAM of {label} at layer {layer}",
        "{layer} 층에서 본 {label}의 Grad-CAM",
    ),
    "compare.explain_picture": (
        "Each model gets the same picture (converted to its own input). The overlay is Grad-CAM for the class "
        "that model predicts: bright yellow where its last convolutional maps gave most evidence, dark where "
        "they gave none. Models that agree on the answer can still look at different parts.",
        "모든 모델에 같은 그림을 넣습니다(각 모델의 입력에 맞게 변환). 겹쳐 그린 것은 그 모델이 예측한 클래스의 "
        "Grad-CAM입니다. 마지막 합성곱 맵이 가장 강한 근거를 준 곳이 밝은 노랑, 근거가 없던 곳이 어두운 색입니다. "
        "답이 같은 모델도 그림의 다른 부분을 볼 수 있습니다.",
    ),
    "error.compare_labels": (
        "{labels} names were given for {runs} runs; give one name per run.",
        "실행은 {runs}개인데 이름은 {labels}개입니다. 실행마다 이름을 하나씩 주세요.",
    ),
    "error.compare_not_square": (
        "A confusion matrix has as many rows as columns (one per class); got {a} and {b}.",
        "혼동 행렬은 행과 열의 수가 같아야 합니다(클래스마다 하나). 받은 크기: {a}, {b}.",
    ),
    "error.compare_shape": (
        "These confusion matrices count different numbers of classes ({a} and {b}), so they cannot be subtracted.",
        "두 혼동 행렬의 클래스 수가 달라서({a}개, {b}개) 뺄 수 없습니다.",
    ),
    "error.compare_classes": (
        "These runs have different classes ({a} / {b}), so their confusion matrices cannot be compared.",
        "두 실행의 클래스가 달라서({a} / {b}) 혼동 행렬을 비교할 수 없습니다.",
    ),
    "error.compare_test_set": (
        "These results were not made on the same test images (the number of images per class differs), so they "
        "cannot be compared image by image.",
        "두 결과는 같은 테스트 이미지로 만든 것이 아니라서(클래스별 이미지 수가 다름) 이미지별로 비교할 수 없습니다.",
    ),
    # train
    "train.intro": (
        "Training on **{dataset}**: {n} training, {val} validation and {test} test images.",
        "**{dataset}**로 학습: 학습 이미지 {n}개, 검증 이미지 {val}개, 테스트 이미지 {test}개.",
    ),
    "train.preprocessing": ("How the images are prepared", "이미지 전처리 과정"),
    "train.model": ("Model", "모델"),
    "train.optimizer": ("Optimizer", "옵티마이저"),
    "train.lr": ("Learning rate", "학습률"),
    "train.batch": ("Batch size", "배치 크기"),
    "train.epochs": ("Epochs", "에포크"),
    "train.limit": ("Images per split (0 = all)", "분할당 이미지 수 (0 = 전부)"),
    "train.limit_help": (
        "Use fewer images for a quick classroom demo.", "수업 중 빠른 시연을 위해 이미지를 줄여 쓰세요."
    ),
    "train.init": ("Kernel initializer", "가중치 초기화"),
    "train.init_default": ("the model's usual one", "모델 기본값"),
    "train.dropout": ("Dropout", "드롭아웃"),
    "train.batch_norm": ("Batch normalisation", "배치 정규화"),
    "train.early": ("Early stopping", "조기 종료"),
    "train.early_help": (
        "Stop when the validation loss has not improved for `patience` epochs and keep the best epoch's weights.",
        "검증 손실이 patience 에포크 동안 나아지지 않으면 멈추고, 가장 좋았던 에포크의 가중치를 남깁니다.",
    ),
    "train.patience": ("Patience (epochs)", "참을성 (에포크)"),
    "train.augmentation": ("Data augmentation (training images only)", "데이터 증강 (학습 이미지에만)"),
    "train.augmentation_help": (
        "Random changes to the training images each epoch, so the model cannot memorise them. Validation and test "
        "images are never changed.",
        "에포크마다 학습 이미지를 무작위로 바꿔서 모델이 외우지 못하게 합니다. 검증·테스트 이미지는 바꾸지 않습니다.",
    ),
    "train.flip_h": ("Flip left–right", "좌우 뒤집기"),
    "train.flip_v": ("Flip up–down", "상하 뒤집기"),
    "train.rotation": ("Rotation (fraction of a turn)", "회전 (한 바퀴 대비 비율)"),
    "train.zoom": ("Zoom", "확대/축소"),
    "train.brightness": ("Brightness", "밝기"),
    "train.contrast": ("Contrast", "대비"),
    "train.start": ("Start training", "학습 시작"),
    "train.stop": ("Stop", "멈추기"),
    "train.status_queued": ("Waiting to start…", "시작을 기다리는 중…"),
    "train.status_starting": (
        "Starting: building the model and preparing the data…", "시작하는 중: 모델을 만들고 데이터를 준비합니다…"
    ),
    "train.status_running": (
        "Epoch {epoch}/{epochs}, batch {batch}/{batches}", "에포크 {epoch}/{epochs}, 배치 {batch}/{batches}"
    ),
    "train.status_stopping": ("Stopping after this batch…", "이번 배치가 끝나면 멈춥니다…"),
    "train.status_finished": ("Finished ({epoch} epochs)", "완료 ({epoch} 에포크)"),
    "train.status_stopped": (
        "Stopped in epoch {epoch}, after batch {batch} of {batches}",
        "에포크 {epoch}의 배치 {batches}개 중 {batch}번째를 마치고 멈춤",
    ),
    "train.status_failed": ("Training failed", "학습 실패"),
    "train.curve_train": ("training", "학습"),
    "train.curve_val": ("validation", "검증"),
    "train.curve_batch": ("per batch", "배치별"),
    "train.curve_empty": ("The curves appear after the first batches…", "첫 배치가 끝나면 곡선이 나타납니다…"),
    "train.curve_partial": (
        "epoch {epoch} cut short: {batch} of {batches} batches",
        "도중에 멈춘 에포크 {epoch}: 배치 {batches}개 중 {batch}개",
    ),
    "train.best_epoch": ("best epoch", "최적 에포크"),
    "train.loss": ("loss", "손실"),
    "train.accuracy": ("accuracy", "정확도"),
    "train.explain_curves": (
        "Lines with dots are per-epoch values; the faint line is every batch. When validation loss rises while "
        "training loss keeps falling, the model is starting to overfit; the dashed line marks the epoch kept.",
        "점이 있는 선은 에포크별 값, 옅은 선은 배치별 값입니다. 학습 손실은 계속 내려가는데 검증 손실이 올라가면 "
        "과대적합이 시작된 것입니다. 점선은 남겨 둔 에포크를 표시합니다.",
    ),
    "train.saved": (
        "Saved checkpoint **{name}**: test accuracy {accuracy} (weights of epoch {best}).",
        "체크포인트 **{name}** 저장: 테스트 정확도 {accuracy} (에포크 {best}의 가중치).",
    ),
    "train.nothing_saved": (
        "The run was stopped before training began, so there was nothing to save.",
        "학습이 시작되기 전에 멈춰서 저장할 것이 없습니다.",
    ),
    # the story of a run, stored in its checkpoint: how it ended, then which weights it kept
    "current.layers_renamed": (
        "TensorFlow cannot run layers with these names, so this model runs here with {count} of them renamed "
        "(the file is unchanged): {pairs}.",
        "TensorFlow는 이런 이름의 층을 실행할 수 없어서, 여기서는 층 {count}개의 이름을 바꿔 실행합니다(파일은 그대로"
        "입니다): {pairs}.",
    ),
    "current.stand_in": (
        "This model learnt from the full {title}, which is not downloaded here: this page uses the {test} test "
        "images of the built-in sample (the same classes). The full test set needs a one-time download: "
        "choose {title} as the dataset in the sidebar while online.",
        "이 모델은 {title} 전체로 학습했지만 여기에는 전체 데이터가 내려받아져 있지 않아, 이 페이지는 내장 샘플의 "
        "테스트 이미지 {test}장(같은 클래스)을 씁니다. 전체 테스트 세트는 한 번 내려받아야 합니다. 온라인 상태에서 "
        "사이드바의 데이터셋으로 {title}을(를) 고르세요.",
    ),
    "story.data": (
        "Trained on {train:,} images ({val:,} more held out for validation), then tested on {test:,}.",
        "이미지 {train:,}장으로 학습하고(검증용으로 {val:,}장을 따로 둠) {test:,}장으로 테스트했습니다.",
    ),
    # issue 22, crashes lose nothing: layer names TensorFlow refuses, runs a dead server cut off (cnnviz.interrupted)
    "error.scope_name": (
        "TensorFlow cannot train a model with a layer named '{name}': while training, names may use only the "
        "letters A-Z, digits, '_', '.' and '-'. Give the layer such a name in Keras (name=...) and upload the "
        "model again.",
        "층 이름이 '{name}'인 모델은 TensorFlow로 학습할 수 없습니다. 학습할 때 이름에는 영문자 A-Z, 숫자, '_', "
        "'.', '-'만 쓸 수 있습니다. Keras에서 그 층에 이런 이름(name=...)을 붙인 뒤 모델을 다시 올리세요.",
    ),
    "story.layers_renamed": (
        "{count} layer names TensorFlow cannot train under (spaces, letters outside A-Z) were replaced with plain "
        "ones; the saved model uses the new names.",
        "TensorFlow가 학습할 수 없는 층 이름 {count}개(공백, A-Z 밖의 글자)를 단순한 이름으로 바꿨습니다. 저장된 "
        "모델은 새 이름을 씁니다.",
    ),
    "story.interrupted": (
        "Cut off during epoch {epoch} of {epochs} (the server or the process training it stopped); kept the "
        "weights it had after epoch {kept}, untested.",
        "{epochs}에포크 중 {epoch}번째 에포크 도중에 서버나 학습하던 프로세스가 멈춰 학습이 끊겼고, {kept}번째 "
        "에포크를 마친 가중치를 테스트하지 않은 채 남겼습니다.",
    ),
    "interrupted.during": (
        "Your run ({model} on {dataset}) was cut off: the server restarted during epoch {epoch} of {epochs}.",
        "학습({model}, {dataset})이 끊겼습니다. {epochs}에포크 중 {epoch}번째 에포크 도중에 서버가 다시 "
        "시작되었습니다.",
    ),
    "interrupted.lost": (
        "Your run ({model} on {dataset}) was cut off: the process training it stopped during epoch {epoch} of "
        "{epochs} (it may have run out of memory).",
        "학습({model}, {dataset})이 끊겼습니다. {epochs}에포크 중 {epoch}번째 에포크 도중에 학습하던 프로세스가 "
        "멈췄습니다(메모리가 모자랐을 수 있습니다).",
    ),
    "interrupted.before_saving": (
        "Your run ({model} on {dataset}) was cut off after its last epoch ({epochs} of {epochs}), before it was "
        "saved: the server or the process training it stopped.",
        "학습({model}, {dataset})이 마지막 에포크({epochs}/{epochs})를 마친 뒤 저장되기 전에 끊겼습니다. 서버나 "
        "학습하던 프로세스가 멈췄습니다.",
    ),
    "interrupted.kept": (
        "The weights after epoch {epoch} were kept: they are in the model list as one of your runs, whose story "
        "says where it was cut off.",
        "{epoch}번째 에포크를 마친 가중치는 남겨 두었습니다. 모델 목록에 내 학습 기록으로 있으며, 그 설명에 "
        "어디서 끊겼는지 적혀 있습니다.",
    ),
    "interrupted.nothing": (
        "Nothing was saved: start the run again to train the model.",
        "저장된 것은 없습니다. 모델을 학습시키려면 학습을 다시 시작하세요.",
    ),
    "interrupted.dismiss": ("Dismiss", "닫기"),
    "story.stopped_during": (
        "Stopped by the user during epoch {epoch} of {epochs} ({batch} of {batches} batches).",
        "사용자가 {epochs}에포크 중 {epoch}번째 에포크 도중에 멈췄습니다(배치 {batches}개 중 {batch}개 완료).",
    ),
    "story.stopped_after": (
        "Stopped by the user after epoch {epoch} of {epochs}.",
        "사용자가 {epochs}에포크 중 {epoch}번째 에포크를 마치고 멈췄습니다.",
    ),
    "story.early_stopping": (
        "Early stopping ended training after epoch {epoch} of {epochs}.",
        "조기 종료로 {epochs}에포크 중 {epoch}번째 에포크를 마치고 학습이 끝났습니다.",
    ),
    "story.trained": (
        "Trained to the end (epoch {epochs} of {epochs}).", "계획한 {epochs}에포크를 끝까지 모두 학습했습니다.",
    ),
    "story.kept_best": (
        "Kept the weights from epoch {best} (lowest validation loss).",
        "검증 손실이 가장 낮았던 {best}번째 에포크의 가중치를 남겼습니다.",
    ),
    "story.kept_best_partial": (
        "Kept the weights from epoch {best} as they were after {batch} of its {batches} batches "
        "(lowest validation loss).",
        "검증 손실이 가장 낮았던, {best}번째 에포크의 배치 {batches}개 중 {batch}개를 마친 시점의 가중치를 남겼습니다.",
    ),
    "story.kept_last": (
        "Kept the weights as they were when training ended.",
        "학습이 끝난 시점의 가중치를 그대로 남겼습니다.",
    ),
    # quotas no browser can dodge (issue 22): per address, the whole queue, the runs folder's disk
    "error.address_busy": (
        "{limit} training runs from your network are already going or waiting on this server. Wait for one of "
        "them to end, then start yours.",
        "같은 네트워크에서 시작한 학습 {limit}개가 이미 이 서버에서 진행 중이거나 기다리고 있습니다. 그중 하나가 "
        "끝나면 시작하세요.",
    ),
    "error.runs_full": (
        "The server's space for trained runs is full ({used} MB of {limit} MB), and what is left is shared or "
        "in use. Delete one of your runs, or ask your teacher to make room.",
        "서버에 학습 기록을 둘 공간이 가득 찼고({limit} MB 중 {used} MB), 남은 기록은 공유되었거나 사용 "
        "중입니다. 내 학습 기록을 하나 지우거나 선생님께 공간을 만들어 달라고 하세요.",
    ),
    "error.training_lost": (
        "The training process ended unexpectedly (exit code {code}), perhaps because the server ran out of "
        "memory. Try a smaller model, batch size or image limit.",
        "학습 프로세스가 갑자기 끝났습니다(종료 코드 {code}). 서버의 메모리가 모자랐을 수 있습니다. 더 작은 "
        "모델, 배치 크기나 이미지 수로 다시 해 보세요.",
    ),
    "train.keep_partial": ("Keep it if stopped in the first epoch", "첫 에포크 도중에 멈춰도 보관하기"),
    "train.keep_partial_help": (
        "A run stopped (or whose tab was closed) before its first epoch ended is not saved, unless you tick "
        "this: it has barely learnt anything, and the server's disk is shared.",
        "첫 에포크가 끝나기 전에 멈춘(또는 탭을 닫은) 학습은 저장하지 않습니다. 이것을 고르면 저장합니다. "
        "아직 거의 배우지 않았고, 서버의 디스크는 모두가 함께 씁니다.",
    ),
    "train.not_kept": (
        "The run was stopped during its first epoch, so its checkpoint was not kept (tick \"Keep it if stopped "
        "in the first epoch\" to keep such runs).",
        "첫 에포크 도중에 멈춰서 체크포인트를 보관하지 않았습니다(이런 학습도 보관하려면 \"첫 에포크 도중에 "
        "멈춰도 보관하기\"를 고르세요).",
    ),
    "train.checkpoint_gone": (
        "This run's checkpoint is no longer on the server.",
        "이 학습의 체크포인트는 이제 서버에 없습니다.",
    ),
    "runs.evicted": (
        "To keep the server's disk within its limit, your oldest runs were removed: {names}.",
        "서버 디스크를 한도 안에 두려고 가장 오래된 내 학습 기록을 지웠습니다: {names}.",
    ),
    "train.download": ("Download checkpoint (.keras)", "체크포인트 내려받기 (.keras)"),
    "finetune.classes": (
        "This model has {units} outputs, but '{dataset}' has {classes} classes, so it cannot be trained on it. "
        "Choose a dataset with {units} classes, or upload your own images as a .zip with one folder per class "
        "(sidebar → Dataset → Your own images).",
        "이 모델의 출력은 {units}개인데 '{dataset}'의 클래스는 {classes}개라서 이 데이터로 학습할 수 없습니다. "
        "클래스가 {units}개인 데이터셋을 고르거나, 클래스마다 폴더 하나씩 담은 .zip으로 내 이미지를 올리세요"
        "(사이드바 → 데이터셋 → 내 이미지).",
    ),
    "finetune.channels": (
        "This model expects images with {model} channels and the dataset has {data}; cnnviz converts only between "
        "grey (1), RGB (3) and RGBA (4 → 3 or 1).",
        "이 모델은 채널 {model}개짜리 이미지를 받는데 데이터셋은 {data}개입니다. cnnviz는 회색조(1), RGB(3), "
        "RGBA(4 → 3 또는 1) 사이만 변환합니다.",
    ),
    "finetune.too_big": (
        "Converted to this model's input ({h}×{w}×{c}), the {count:,} images would take {gb} GB, more than the "
        "{limit} GB cnnviz allows. Set a smaller image limit.",
        "이 모델의 입력({h}×{w}×{c})으로 바꾸면 이미지 {count:,}장이 {gb} GB를 차지해 cnnviz가 허용하는 {limit} GB를 "
        "넘습니다. 이미지 수 제한을 더 작게 정하세요.",
    ),
    "train.explain_val_above": (
        "Validation accuracy above training accuracy? Dropout switches off part of the network while it trains, "
        "so the training figure is measured on a handicapped network (and averaged over an epoch that started "
        "worse); validation runs the whole network at the epoch's end. It is not a bug.",
        "검증 정확도가 학습 정확도보다 높나요? 드롭아웃은 학습하는 동안 신경망의 일부를 끄므로 학습 정확도는 약해진 "
        "신경망으로, 그것도 더 못했던 에포크 초반까지 평균 내어 잰 값입니다. 검증은 에포크가 끝난 뒤 신경망 전체로 "
        "잽니다. 버그가 아닙니다.",
    ),
    "train.seed": ("Random seed", "난수 시드"),
    "train.seed_help": (
        "The same seed, data and settings give the same run: initial weights, shuffling and augmentation. It "
        "travels in the page's link.",
        "시드와 데이터, 설정이 같으면 같은 학습이 됩니다(초기 가중치, 섞기, 증강). 이 값은 페이지 링크에 담깁니다.",
    ),
    "train.queued": (
        "Waiting for a free slot: you are number {place} in the queue ({running} runs are training now). Your run "
        "starts by itself; Stop leaves the queue.",
        "빈자리를 기다리는 중입니다. 대기 순서는 {place}번째입니다(지금 {running}개가 학습 중). 차례가 되면 저절로 "
        "시작하며, 멈춤을 누르면 대기열에서 빠집니다.",
    ),
    "train.remote_note": (
        "This run trains on a worker ({workers} connected to the queue), not on this web server; its curves "
        "arrive about once a second.",
        "이 학습은 이 웹 서버가 아니라 워커(대기열에 연결된 워커 {workers}개)에서 실행됩니다. 곡선은 약 1초마다 "
        "갱신됩니다.",
    ),
    "train.remote_no_worker": (
        "No training worker is connected to the queue yet: your run starts as soon as one is.",
        "대기열에 연결된 학습 워커가 아직 없습니다. 워커가 연결되면 바로 학습이 시작됩니다.",
    ),
    "train.finetune": (
        "Fine-tuning your uploaded model **{name}** on '{dataset}': training continues from its own weights, on a "
        "copy (the upload itself is not changed). The result is saved as a new checkpoint with the dataset's class "
        "names.",
        "올린 모델 **{name}**을(를) '{dataset}'로 미세 조정합니다. 모델이 가진 가중치에서 학습을 이어 가며, 복사본으로 "
        "학습하므로 올린 모델은 바뀌지 않습니다. 결과는 데이터셋의 클래스 이름과 함께 새 체크포인트로 저장됩니다.",
    ),
    "train.finetune_no": (
        "Your uploaded model **{name}** cannot be fine-tuned on this dataset.",
        "올린 모델 **{name}**은(는) 이 데이터셋으로 미세 조정할 수 없습니다.",
    ),
    "runs.title": ("Your runs ({count})", "내 학습 기록 ({count}개)"),
    "runs.help": (
        "Runs you trained in this browser. Only you see them unless you share them; a new name shows in the model "
        "list; Delete removes the checkpoint from this server. You keep at most {limit} runs (the oldest go first).",
        "이 브라우저에서 학습한 기록입니다. 공유하지 않으면 나만 봅니다. 새 이름은 모델 목록에 나타나고, 삭제하면 "
        "이 서버에서 체크포인트가 지워집니다. 최대 {limit}개까지 보관합니다(오래된 것부터 지워집니다).",
    ),
    "runs.share": ("Share", "공유"),
    "runs.share_help": (
        "Shared runs appear in everyone's model list on this server (for a class: train once, everyone explores "
        "it). Unshared runs are yours alone and are removed after a day.",
        "공유한 학습 기록은 이 서버의 모든 사람의 모델 목록에 나타납니다(수업이라면 한 번 학습시키고 모두가 살펴볼 "
        "수 있습니다). 공유하지 않은 기록은 나만 보며, 하루가 지나면 지워집니다.",
    ),
    "runs.made_room": (
        "You keep at most {limit} runs: the oldest {count} ({names}) were removed to make room.",
        "학습 기록은 최대 {limit}개까지 보관합니다. 자리를 만들려고 가장 오래된 {count}개({names})를 지웠습니다.",
    ),
    "runs.name": ("Name", "이름"),
    "runs.rename": ("Rename", "이름 바꾸기"),
    "runs.delete": ("Delete", "삭제"),
    "train.use": ("Explore this model", "이 모델 살펴보기"),
    # notebooks of any page's view (cnnviz/teach/notebooks.py; the sidebar's download in app_state/lessons.py)
    "notebook.download": ("Download as notebook", "노트북으로 내려받기"),
    "notebook.download_help": (
        "A Jupyter notebook (.ipynb) that loads this model and dataset and computes this page's numbers and "
        "pictures with the same cnnviz calls and settings. Its texts are in this language.",
        "이 모델과 데이터셋을 불러와 이 페이지의 숫자와 그림을 같은 cnnviz 함수와 같은 설정으로 계산하는 "
        "Jupyter 노트북(.ipynb)입니다. 설명은 이 언어로 적혀 있습니다.",
    ),
    "notebook.error.page": (
        "There is no page called {page} to write a notebook for (pages: {pages}).",
        "{page}라는 페이지가 없어 노트북을 만들 수 없습니다(페이지: {pages}).",
    ),
    "notebook.title": ("{page}: this view in a notebook", "{page}: 이 화면을 노트북으로"),
    "notebook.view": ("The view it reproduces (the page's link): {values}.",
                      "이 노트북이 재현하는 화면(페이지 링크의 값): {values}."),
    "notebook.same": (
        "Every number below comes from the same cnnviz calls with the same settings as the page, so it equals "
        "what the page shows. Change a value in the settings cell and run the notebook again to look elsewhere.",
        "아래 숫자는 모두 페이지와 같은 설정으로 같은 cnnviz 함수를 불러 계산하므로 페이지에 보이는 값과 같습니다. "
        "설정 셀의 값을 바꾸고 노트북을 다시 실행하면 다른 곳을 살펴볼 수 있습니다.",
    ),
    "notebook.setup": ("## Setup\nInstall cnnviz once, then import the modules this page uses.",
                       "## 준비\ncnnviz를 한 번 설치한 다음, 이 페이지가 쓰는 모듈을 가져옵니다."),
    "notebook.install": (
        "How to install: write the path of your cnnviz folder (the one holding pyproject.toml) in the next "
        "line, remove its #, and run this cell once",
        "설치 방법: 다음 줄에 cnnviz 폴더(pyproject.toml이 있는 폴더)의 경로를 적고, 앞의 #을 지운 뒤 이 셀을 한 번 "
        "실행하세요",
    ),
    "notebook.show": ("draws an image array (height × width × colour, 0–255) under the cell",
                      "이미지 배열(높이 × 너비 × 색, 0–255)을 셀 아래에 그립니다"),
    "notebook.settings": (
        "## The page's settings\nThe values the page was showing. `None` means the page's own default, chosen "
        "below the same way the page chooses it.",
        "## 페이지 설정\n페이지가 보여 주던 값입니다. `None`이면 아래에서 페이지와 같은 방식으로 기본값을 고릅니다.",
    ),
    "notebook.load": ("## The dataset and the model", "## 데이터셋과 모델"),
    "notebook.stand_in": (
        "a dataset Keras has not downloaded yet is replaced by its built-in stand-in, as on the page (the full "
        "Fashion-MNIST: the sample of the same classes)",
        "Keras가 아직 내려받지 않은 데이터셋은 페이지에서처럼 내장된 대체 데이터로 바꿉니다(Fashion-MNIST 전체 대신 "
        "같은 클래스의 샘플)",
    ),
    "notebook.trained_on": (
        "the dataset the checkpoint was trained on, as the page uses it: its class names label the predictions",
        "페이지처럼 체크포인트를 학습시킨 데이터셋을 씁니다. 그 클래스 이름으로 예측에 이름을 붙입니다",
    ),
    "notebook.folder": (
        "your own images: put the zip you chose in the sidebar (one folder per class) next to this notebook, "
        "named {file}",
        "내 이미지: 사이드바에서 고른 zip 파일(클래스마다 폴더 하나)을 이 노트북 옆에 {file}이라는 이름으로 두세요",
    ),
    "notebook.ckpt": (
        "the checkpoint {file} from the checkpoints/ folder of the cnnviz repository: run this notebook from "
        "the repository's root folder, or change the path",
        "cnnviz 저장소의 checkpoints/ 폴더에 있는 체크포인트 {file}: 저장소 최상위 폴더에서 이 노트북을 "
        "실행하거나 경로를 바꾸세요",
    ),
    "notebook.ckpt_run": (
        "{file} is a run trained in the app: download it on the Train page and put it at this path",
        "{file}은 앱에서 학습한 기록입니다. 학습 페이지에서 내려받아 이 경로에 두세요",
    ),
    "notebook.upload_model": (
        "your uploaded model: put your .keras file next to this notebook, named {file}",
        "올린 모델: 내 .keras 파일을 이 노트북 옆에 {file}이라는 이름으로 두세요",
    ),
    "notebook.zoo": (
        "the zoo model {name}, untrained (random weights), built for the dataset's image shape and classes",
        "모델 저장소의 {name} 모델(미학습, 무작위 가중치)을 데이터셋의 이미지 크기와 클래스 수에 맞게 만듭니다",
    ),
    "notebook.zoo_classic": ("the zoo model {name} at its classic input shape",
                             "원래 입력 크기로 만든 모델 저장소의 {name} 모델"),
    "notebook.epoch": ("the epoch the page replays (0: before training)",
                       "페이지가 재생하는 에포크(0은 학습 전)"),
    "notebook.picture": ("your picture: put it next to this notebook, named {file}",
                         "내 그림: 이 노트북 옆에 {file}이라는 이름으로 두세요"),
    "notebook.train_call": (
        "training takes minutes, so it is left out: remove the # in front of the next lines to train",
        "학습은 몇 분 걸리므로 빼 두었습니다. 학습하려면 다음 줄 앞의 #을 지우세요",
    ),
    "notebook.step_at": ("conv_at for a convolution, pool_at for pooling",
                         "합성곱이면 conv_at, 풀링이면 pool_at"),
    "notebook.intro.home": ("The home page: the model zoo and the shipped checkpoints.",
                            "홈 페이지: 모델 저장소와 함께 제공되는 체크포인트."),
    "notebook.intro.architecture": (
        "The layer table: each layer's output shape, parameters with their formula, MACs and receptive field, "
        "and the model's totals.",
        "층 표: 층마다 출력 크기, 파라미터와 그 계산식, MAC, 수용 영역, 그리고 모델 전체의 합계.",
    ),
    "notebook.intro.train": ("The training recipe: the dataset, its preprocessing and the settings a run uses.",
                             "학습 설정: 데이터셋과 전처리, 학습에 쓰는 설정."),
    "notebook.intro.weights": (
        "One layer's weights: their histogram, mean and spread, trained beside freshly initialised.",
        "한 층의 가중치: 히스토그램과 평균, 퍼짐을 학습된 가중치와 새로 초기화한 가중치로 나란히 봅니다.",
    ),
    "notebook.intro.kernels": ("One convolution layer's kernels as pictures, trained beside freshly initialised.",
                               "합성곱 층 하나의 커널을 그림으로: 학습된 커널과 새로 초기화한 커널을 나란히 봅니다."),
    "notebook.intro.feature_maps": (
        "What one layer makes of one picture (its feature maps), next to the model's prediction.",
        "그림 한 장이 한 층을 지나며 어떻게 바뀌는지(특성 맵)와 모델의 예측.",
    ),
    "notebook.intro.evaluate": (
        "Test accuracy and loss, the confusion matrix, per-class accuracy and the predictions.",
        "테스트 정확도와 손실, 혼동 행렬, 클래스별 정확도와 예측.",
    ),
    "notebook.intro.explain": (
        "What a class's score rests on: each chosen method's map over the picture, with its sum as a checksum.",
        "클래스 점수가 무엇에 기대는지: 고른 방법마다 그림 위에 그린 지도와, 검산용 합계.",
    ),
    "notebook.intro.computation": (
        "One output unit of a layer worked out on real numbers, the hyperparameter sandbox, or a unit's "
        "receptive field.",
        "층의 출력 하나를 실제 숫자로 계산하기, 하이퍼파라미터 실험, 또는 출력 하나가 보는 수용 영역.",
    ),
    "notebook.intro.labs": (
        "The course's ideas as experiments: Inception's 1×1 reductions, skip connections, initialisers, freezing.",
        "수업의 아이디어를 실험으로: Inception의 1×1 축소, 스킵 연결, 초기화 방법, 층 고정.",
    ),
    "notebook.intro.compare": ("Runs side by side: their settings and final test figures.",
                               "학습 기록을 나란히: 설정과 최종 테스트 결과."),
    "notebook.intro.embedding": (
        "Test images placed in 2-D by the network's features, beside the same map of raw pixels.",
        "신경망의 특성으로 테스트 이미지를 2차원에 배치한 지도와, 원래 픽셀값으로 만든 같은 지도.",
    ),
    "notebook.intro.filters": (
        "What filters look for: the dataset patches that excite each filter most, optimised pictures, dead units.",
        "필터가 찾는 것: 각 필터를 가장 강하게 반응시키는 데이터셋 조각, 최적화한 그림, 죽은 유닛.",
    ),
    "notebook.step.picture": (
        "## The picture\nThe image the page looks at, converted to the model's input.",
        "## 그림\n페이지가 보는 이미지를 모델 입력에 맞게 바꾼 것입니다.",
    ),
    "notebook.step.zoo": ("## The model zoo and the checkpoints", "## 모델 저장소와 체크포인트"),
    "notebook.step.table": (
        "## The layer table\n`arch.layer_table` gives one row per layer (the page's table and its CSV), "
        "`arch.totals` the totals above it.",
        "## 층 표\n`arch.layer_table`은 층마다 한 줄(페이지의 표와 그 CSV)을, `arch.totals`는 표 위의 합계를 줍니다.",
    ),
    "notebook.step.layer": (
        "## The chosen layer\nIts output size and parameter formulas, and its receptive field.",
        "## 고른 층\n출력 크기와 파라미터 계산식, 그리고 수용 영역.",
    ),
    "notebook.step.recipe": (
        "## The recipe\nThe data, its preprocessing, and the `TrainConfig` the Train page starts a run with.",
        "## 학습 설정\n데이터와 전처리, 그리고 학습 페이지가 학습을 시작할 때 쓰는 `TrainConfig`.",
    ),
    "notebook.step.histogram": (
        "## Weights\n`weights.kernels` (trained) beside `weights.fresh_kernels` (freshly initialised): their "
        "statistics and histograms over one shared range.",
        "## 가중치\n`weights.kernels`(학습된 가중치)와 `weights.fresh_kernels`(새로 초기화한 가중치)의 통계와, "
        "같은 범위로 그린 히스토그램.",
    ),
    "notebook.step.kernels": (
        "## Kernels\n`render.kernel_grid` draws each kernel, trained and fresh on one colour scale.",
        "## 커널\n`render.kernel_grid`로 커널을 그립니다. 학습된 커널과 새 커널은 같은 색 범위를 씁니다.",
    ),
    "notebook.step.maps": (
        "## Feature maps and the prediction\n`activations.maps_within_budget` computes the maps and the class "
        "probabilities in one forward pass.",
        "## 특성 맵과 예측\n`activations.maps_within_budget`이 한 번의 순전파로 특성 맵과 클래스별 확률을 계산합니다.",
    ),
    "notebook.step.evaluate": (
        "## Evaluation on the test split\n`evaluation.evaluate`: accuracy, loss, the confusion matrix (rows: "
        "true class, columns: predicted) and per-class accuracy.",
        "## 테스트 데이터로 평가\n`evaluation.evaluate`: 정확도, 손실, 혼동 행렬(행: 실제 클래스, 열: 예측), "
        "클래스별 정확도.",
    ),
    "notebook.step.explain": (
        "## Explanations\nThe prediction, then `explain.attribution` for each chosen method and class; each "
        "map's sum is printed as a checksum.",
        "## 설명\n예측을 구한 다음, 고른 방법과 클래스마다 `explain.attribution`을 계산합니다. 지도마다 합계를 "
        "검산용으로 출력합니다.",
    ),
    "notebook.step.numbers": (
        "## One unit worked out\n`arithmetic.step_at`: the window times the kernel, summed, plus the bias, "
        "activated, and the same unit in Keras's own feature map beside it.",
        "## 출력 하나를 직접 계산하기\n`arithmetic.step_at`: 창과 커널을 곱해 더하고, 편향을 더하고, 활성화 함수를 "
        "적용한 값과, Keras가 계산한 특성 맵의 같은 값.",
    ),
    "notebook.step.sandbox": (
        "## The sandbox\n`arithmetic.sandbox`: where the window lands and the output size for n, k, s, p and d.",
        "## 실험 상자\n`arithmetic.sandbox`: n, k, s, p, d에 따라 창이 놓이는 자리와 출력 크기.",
    ),
    "notebook.step.receptive": (
        "## Receptive field\n`receptive.unit_box`: the input box one unit sees; `receptive.effective_field`: how "
        "much each input pixel moves it (its gradient).",
        "## 수용 영역\n`receptive.unit_box`: 출력 하나가 보는 입력 상자, `receptive.effective_field`: 입력 픽셀마다 "
        "그 출력을 얼마나 움직이는지(기울기).",
    ),
    "notebook.step.inception": (
        "## Inception: 1×1 reductions\nBoth Inception 3a modules built at 28×28×192 and measured.",
        "## Inception: 1×1 축소\n두 가지 Inception 3a 모듈을 28×28×192 입력으로 만들어 잰 값.",
    ),
    "notebook.step.residual": (
        "## Skip connections\nGradient norms through the depth of mini_resnet, with and without its skips, on "
        "one batch.",
        "## 스킵 연결\nmini_resnet의 깊이에 따른 기울기 크기를 스킵 연결이 있을 때와 없을 때 한 배치로 잽니다.",
    ),
    "notebook.step.initialisers": (
        "## Initialisers\nEach layer's activations and gradients on one batch, under each initialiser.",
        "## 초기화 방법\n초기화 방법마다 한 배치에서 잰 층별 활성화 값과 기울기.",
    ),
    "notebook.step.freezing": (
        "## Freezing VGG16's blocks\nTrainable and frozen parameters of each plan.",
        "## VGG16 블록 고정\n계획마다 학습하는 파라미터와 고정된 파라미터.",
    ),
    "notebook.step.compare": (
        "## Runs side by side\n`compare.runs`: the settings and final test figures of each checkpoint.",
        "## 학습 기록 나란히 보기\n`compare.runs`: 체크포인트마다 설정과 최종 테스트 결과.",
    ),
    "notebook.step.embedding": (
        "## The embedding map\n`embedding.features` at the layer, projected to 2-D by `embedding.project`; the "
        "silhouette score says how well the classes separate, by the network and by raw pixels.",
        "## 임베딩 지도\n층의 `embedding.features`를 `embedding.project`로 2차원에 투영합니다. 실루엣 점수는 "
        "신경망과 원래 픽셀이 클래스를 얼마나 잘 가르는지 보여 줍니다.",
    ),
    "notebook.step.filters": (
        "## What filters look for\n`featureviz.layer_patches`: each filter's top patches; "
        "`featureviz.maximize_many`: pictures optimised to excite them; `featureviz.layer_statistics`: dead "
        "units per layer.",
        "## 필터가 찾는 것\n`featureviz.layer_patches`: 필터마다 가장 강하게 반응한 조각, "
        "`featureviz.maximize_many`: 필터를 가장 강하게 반응시키도록 최적화한 그림, "
        "`featureviz.layer_statistics`: 층마다 죽은 유닛.",
    ),
}

# One word per idea: the term every string uses for each idea, in English and Korean (the Korean textbooks'
# usual word). tests/test_i18n.py fails when a Korean string uses a variant in FORBIDDEN_KO.
GLOSSARY: dict[str, tuple[str, str]] = {
    "epoch": ("epoch", "에포크"),
    "batch": ("batch", "배치"),
    "convolution": ("convolution", "합성곱"),
    "feature": ("feature", "특성"),
    "feature map": ("feature map", "특성 맵"),
    "validation": ("validation", "검증"),
    "weight": ("weight", "가중치"),
    "kernel": ("kernel", "커널"),
    "filter": ("filter", "필터"),
    "parameter": ("parameter", "파라미터"),
    "layer": ("layer", "층"),
    "training": ("training", "학습"),
    "learning rate": ("learning rate", "학습률"),
    "overfitting": ("overfitting", "과대적합"),
    "early stopping": ("early stopping", "조기 종료"),
    "gradient": ("gradient", "기울기"),
    "gradient descent": ("gradient descent", "경사 하강법"),
    "gradient ascent": ("gradient ascent", "경사 상승"),
    "stride": ("stride", "스트라이드"),
    "receptive field": ("receptive field", "수용 영역"),
    "skip connection": ("skip connection", "스킵 연결"),
    "Inception": ("Inception", "Inception"),
    "shortcut": ("shortcut", "지름길"),
    "projection": ("projection", "투영"),
    "transfer learning": ("transfer learning", "전이 학습"),
    "fine-tuning": ("fine-tuning", "미세 조정"),
    "preprocessing": ("preprocessing", "전처리"),
    "dataset": ("dataset", "데이터셋"),
    "upload": ("upload", "올리기"),
    "softmax": ("softmax", "소프트맥스"),
    "logit": ("logit", "로짓"),
    "saliency": ("Saliency", "기울기 크기"),
    "integrated gradients": ("Integrated gradients", "적분 그래디언트"),
    "occlusion": ("Occlusion", "가리기"),
}

# Korean words for a GLOSSARY idea that no Korean string may use (inside a glossary term they may stay, as
# 그래디언트 in 적분 그래디언트 or 경사 in 경사 상승): variant -> the idea, whose GLOSSARY term to use instead.
FORBIDDEN_KO: dict[str, str] = {
    "에폭": "epoch",
    "미니배치": "batch", "미니 배치": "batch",
    "컨볼루션": "convolution", "콘볼루션": "convolution", "컨벌루션": "convolution",
    "특징": "feature", "피처": "feature",
    "밸리데이션": "validation",
    "웨이트": "weight",
    "매개변수": "parameter",
    "레이어": "layer",
    "훈련": "training",
    "러닝 레이트": "learning rate",
    "과적합": "overfitting", "오버피팅": "overfitting",
    "얼리 스토핑": "early stopping", "조기 중단": "early stopping",
    "그래디언트": "gradient", "그레이디언트": "gradient", "경사": "gradient",
    "보폭": "stride",
    "수용장": "receptive field",
    "건너뛰기 연결": "skip connection", "지름길 연결": "skip connection", "잔차 연결": "skip connection",
    "사영": "projection",
    "인셉션": "Inception",
    "전이학습": "transfer learning",
    "파인튜닝": "fine-tuning", "파인 튜닝": "fine-tuning",
    "데이터 준비": "preprocessing",
    "데이터 세트": "dataset", "데이터세트": "dataset",
    "업로드": "upload",
    "돌출 맵": "saliency",
    "통합 그래디언트": "integrated gradients",
    "가림": "occlusion",
}


def t(key: str, lang: str = DEFAULT_LANGUAGE, **values: object) -> str:
    """The string for `key` in `lang` (English when the language is unknown), with {placeholders} filled."""
    english, korean = STRINGS[key]
    text = korean if lang == "ko" else english
    return text.format(**values) if values else text


def placeholders(text: str) -> set[str]:
    """The {names} a string expects, so tests can check both languages agree."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


class Phrase(str):
    """Text for the screen kept as message keys and values: the string itself is English, `text(lang)` any.

    Library data (a dataset's description, its preprocessing notes) holds these, so a notebook user reads
    English and a page shows the same sentences in its own language.
    """

    parts: tuple[tuple[str, dict[str, object]], ...]
    sep: str

    def __new__(cls, key: str, /, **values: object) -> Phrase:
        return cls.join([(key, values)])

    @classmethod
    def join(  # type: ignore[override]  # a constructor (classmethod) that shadows str.join; callers rely on the name
        cls, parts: Sequence[tuple[str, Mapping[str, object]]], sep: str = " ",
    ) -> Phrase:
        """Several keyed sentences shown as one text, separated by `sep`."""
        phrase = str.__new__(cls, sep.join(t(key, DEFAULT_LANGUAGE, **values) for key, values in parts))
        phrase.parts = tuple((key, dict(values)) for key, values in parts)
        phrase.sep = sep
        return phrase

    def text(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """The phrase in `lang`."""
        return self.sep.join(t(key, lang, **values) for key, values in self.parts)

    def __reduce__(self) -> tuple:
        return Phrase.join, (list(self.parts), self.sep)  # caches pickle datasets: keep the keys


def translate(text: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """`text` in `lang` when it is a `Phrase`, else as written (a user's own name, a file name)."""
    return text.text(lang) if isinstance(text, Phrase) else str(text)
