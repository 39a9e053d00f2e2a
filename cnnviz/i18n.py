"""Every string a user sees, in English and Korean side by side.

A translation is one edit in one file; a key missing from either language is
a test failure, not a blank label in class.
"""

from __future__ import annotations

import string

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
    "sidebar.dataset": ("Dataset", "데이터셋"),
    "sidebar.dataset_help": (
        "The Fashion-MNIST sample, Digits and Shapes are built in and work offline; "
        "the others download once.",
        "Fashion-MNIST 샘플, Digits, Shapes는 내장되어 오프라인에서도 동작합니다. "
        "나머지는 처음 한 번 내려받습니다.",
    ),
    "nav.home": ("Home", "홈"),
    "nav.architecture": ("Architecture", "구조"),
    "nav.train": ("Train", "학습"),
    "nav.weights": ("Weights", "가중치"),
    "nav.kernels": ("Kernels", "커널"),
    "nav.feature_maps": ("Feature maps", "특성 맵"),
    "nav.evaluate": ("Evaluate", "평가"),
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
    "home.tour.train": ("How does the network learn, epoch by epoch?", "신경망은 에폭마다 어떻게 배워 갈까?"),
    "home.tour.weights": ("How do the weights change with training?", "학습하면서 가중치는 어떻게 변할까?"),
    "home.tour.kernels": ("What patterns do the filters look for?", "필터는 어떤 무늬를 찾을까?"),
    "home.tour.feature_maps": (
        "What does each layer make of my image?",
        "각 층은 내 이미지를 어떻게 바꿔 놓을까?",
    ),
    "home.tour.evaluate": ("Where does the model go wrong?", "모델은 어디서 틀릴까?"),
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
        "{model}, {dataset}로 {epochs} 에폭 학습 · {size} MB",
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
    "sidebar.untrained": ("untrained", "미학습"),
    "sidebar.upload_model": ("Upload a .keras model…", ".keras 모델 올리기…"),
    "sidebar.upload_prompt": (
        "Upload a .keras model file in the sidebar. It is loaded in Keras safe mode: no code inside it runs.",
        "사이드바에서 .keras 모델 파일을 올리세요. Keras 안전 모드로 불러오므로 파일 안의 코드는 실행되지 않습니다.",
    ),
    "sidebar.dataset_upload": ("Your images (.zip, one folder per class)", "내 이미지 (.zip, 클래스마다 폴더 하나)"),
    "sidebar.dataset_upload_prompt": (
        "Upload a .zip in the sidebar with one folder per class (e.g. cloudy/, rain/, shine/, sunrise/).",
        "사이드바에서 클래스마다 폴더가 하나씩 든 .zip을 올리세요 (예: cloudy/, rain/, shine/, sunrise/).",
    ),
    "sidebar.loading_dataset": ("Loading the dataset…", "데이터셋을 불러오는 중…"),
    "data.download_failed": (
        "Could not download {title} (about {size} MB); check the internet connection. "
        "The built-in datasets work offline.",
        "{title}(약 {size}MB)을(를) 내려받지 못했습니다. 인터넷 연결을 확인하세요. "
        "내장 데이터셋은 인터넷 없이도 쓸 수 있습니다.",
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
    "error.no_checkpoint": ("The checkpoint '{name}' is no longer there.", "체크포인트 '{name}'을(를) 찾을 수 없습니다."),
    "error.no_conv": (
        "This model has no convolution layer, so there are no kernels or feature maps to show. "
        "Pick a CNN in the sidebar.",
        "이 모델에는 합성곱 층이 없어서 보여 줄 커널이나 특성 맵이 없습니다. 사이드바에서 CNN을 고르세요.",
    ),
    "error.no_weights": (
        "This model has no layer with weights to show.", "이 모델에는 보여 줄 가중치가 있는 층이 없습니다."
    ),
    "diagram.caption": (
        "One box per layer: type, output shape (height×width×channels) and parameters. Colour shows the layer "
        "type; the selected layer is outlined in orange.",
        "층마다 상자 하나: 종류, 출력 크기(높이×너비×채널), 파라미터 수. 색은 층의 종류를 나타내고, "
        "선택한 층은 주황색 테두리로 표시됩니다.",
    ),
    "download.png": ("Download PNG", "PNG 내려받기"),
    "download.csv": ("Download CSV", "CSV 내려받기"),
    "download.dot": ("Download diagram (DOT)", "구조도 내려받기 (DOT)"),
    # architecture
    "arch.classic": ("Classic input size", "고전적인 입력 크기"),
    "arch.classic_help": (
        "Show the model at the input size and class count of the paper (e.g. AlexNet on 227×227×3, 1000 classes) "
        "instead of fitted to the chosen dataset.",
        "선택한 데이터셋에 맞춘 모델 대신 논문의 입력 크기와 클래스 수(예: AlexNet 227×227×3, 1000 클래스)로 보여 줍니다.",
    ),
    "arch.intro": ("Architecture of **{label}**.", "**{label}**의 구조."),
    "arch.total": ("Parameters", "파라미터"),
    "arch.trainable": ("Trainable", "학습 가능"),
    "arch.non_trainable": ("Non-trainable", "학습 불가"),
    "arch.flops": ("FLOPs per image", "이미지당 FLOPs"),
    "arch.layer": ("Layer", "층"),
    "arch.layer_detail": (
        "**{name}** · {type} · output {shape} · {params} parameters",
        "**{name}** · {type} · 출력 {shape} · 파라미터 {params}개",
    ),
    "arch.size_formula": ("Output size:", "출력 크기:"),
    "arch.param_formula": ("Parameters:", "파라미터:"),
    "arch.receptive": (
        "Receptive field: each output value sees a {rf}×{rf} patch of the input image.",
        "수용 영역: 출력값 하나가 입력 이미지의 {rf}×{rf} 영역을 봅니다.",
    ),
    "arch.explain_formula": (
        "Output size = (n − k + 2p)/s + 1 for input size n, kernel k, padding p and stride s. A convolution has "
        "k×k×(input channels)×(filters) weights plus one bias per filter; pooling has none.",
        "출력 크기 = (n − k + 2p)/s + 1 (입력 크기 n, 커널 k, 패딩 p, 스트라이드 s). 합성곱 층의 가중치는 "
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
    "arch.lesson_1x1": ("How a 1×1 convolution makes Inception affordable", "1×1 합성곱이 Inception을 가볍게 만드는 방법"),
    "arch.lesson_1x1_body": (
        "A 1×1 convolution mixes channels at each pixel. Putting one before the 3×3 and 5×5 branches (and after "
        "the pool) shrinks 192 input channels to 96 or 16 first, so the module needs only {ratio} of the naive "
        "module's parameters for a similar output.",
        "1×1 합성곱은 각 픽셀에서 채널을 섞습니다. 3×3과 5×5 가지 앞(그리고 풀링 뒤)에 두면 192개 입력 채널을 먼저 "
        "96개나 16개로 줄여서, 비슷한 출력을 내면서도 단순한 모듈 파라미터의 {ratio}만 필요합니다.",
    ),
    "arch.lesson_skip": ("What a skip connection adds", "스킵 연결이 더하는 것"),
    "arch.lesson_skip_body": (
        "A residual module adds its input back to its output (Add), so it only has to learn the difference. When "
        "the channel count changes (3 → 64 here) a 1×1 projection reshapes the shortcut so the shapes match. "
        "The whole module on 256×256×3 with 64 filters has {params} parameters; the projection costs just 256.",
        "잔차 모듈은 입력을 출력에 다시 더하므로(Add) 차이만 배우면 됩니다. 채널 수가 바뀌면(여기서는 3 → 64) "
        "1×1 투영이 지름길의 모양을 맞춰 줍니다. 256×256×3 입력, 필터 64개인 모듈 전체의 파라미터는 {params}개이고, "
        "투영은 256개뿐입니다.",
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
    "fm.upload_prompt": ("Upload an image to see what each layer makes of it.", "이미지를 올리면 각 층이 그것을 어떻게 바꾸는지 볼 수 있습니다."),
    "fm.sample": ("Test image number", "테스트 이미지 번호"),
    "fm.sample_note": ("Test image {index} of {count} from {dataset}.", "{dataset}의 테스트 이미지 {count}개 중 {index}번."),
    "fm.input_caption": ("What the model sees (converted input)", "모델이 보는 입력(변환 후)"),
    "fm.prediction": ("Prediction: **{label}** ({p})", "예측: **{label}** ({p})"),
    "fm.truth": ("true label: **{label}**", "정답: **{label}**"),
    "fm.no_prediction": (
        "This model does not end in a classifier, so there are no class probabilities to show — only its maps.",
        "이 모델은 분류기로 끝나지 않아서 클래스 확률은 없고 특성 맵만 보여 줍니다.",
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
    "kern.explain": (
        "Training turns random noise into structured filters: edge and stroke detectors appear in the first layer.",
        "학습은 무작위 잡음을 구조가 있는 필터로 바꿉니다. 첫 층에는 가장자리와 획을 찾는 필터가 나타납니다.",
    ),
    "kern.untrained_note": (
        "This zoo model is untrained, so both grids look like noise. Pick a checkpoint (📦) in the sidebar to compare.",
        "이 모델은 학습 전이라 두 격자 모두 잡음처럼 보입니다. 비교하려면 사이드바에서 체크포인트(📦)를 고르세요.",
    ),
    # weights
    "w.layer": ("Layer", "층"),
    "w.trained": ("Trained", "학습 후"),
    "w.current": ("This model (untrained)", "현재 모델 (미학습)"),
    "w.fresh": ("Freshly initialised", "새로 초기화"),
    "w.value": ("weight value", "가중치 값"),
    "w.count": ("count", "개수"),
    "w.epoch": ("epoch", "에폭"),
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
        "이 모델에는 에폭별 기록이 없습니다. cnnviz에서 학습한 모델에는 기록이 남습니다.",
    ),
    "w.explain_evolution": (
        "One row per epoch (0 = before training); colour shows how many weights have that value.",
        "에폭마다 한 줄(0 = 학습 전). 색은 그 값을 가진 가중치의 개수입니다.",
    ),
    # evaluate
    "eval.untrained_note": (
        "This zoo model is untrained: expect chance-level accuracy. Pick a checkpoint (📦) in the sidebar.",
        "이 모델은 학습 전이라 정확도가 우연 수준일 것입니다. 사이드바에서 체크포인트(📦)를 고르세요.",
    ),
    "eval.running": ("Predicting {count} test images…", "테스트 이미지 {count}개를 예측하는 중…"),
    "eval.class_mismatch": (
        "The model has {model} outputs but the dataset has {data} classes; pick the dataset it was trained on.",
        "모델의 출력은 {model}개인데 데이터셋의 클래스는 {data}개입니다. 학습에 쓴 데이터셋을 고르세요.",
    ),
    "eval.accuracy": ("Test accuracy", "테스트 정확도"),
    "eval.loss": ("Test loss", "테스트 손실"),
    "eval.mistakes": ("Mistakes", "오답"),
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
        "The first {count} test images: true -> predicted. Green frame: correct; red: a mistake.",
        "처음 {count}개 테스트 이미지: 정답 -> 예측. 초록 테두리는 정답, 빨강은 오답입니다.",
    ),
    "eval.confident_mistakes": ("The most confident mistakes", "가장 확신한 오답"),
    "eval.mistakes_caption": (
        "Wrong predictions the model was surest about (true -> predicted, confidence).",
        "모델이 가장 확신했던 오답들 (정답 -> 예측, 확신도).",
    ),
    "eval.no_mistakes": ("No mistakes on the test set.", "테스트 세트에서 틀린 것이 없습니다."),
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
    "train.epochs": ("Epochs", "에폭"),
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
        "검증 손실이 patience 에폭 동안 나아지지 않으면 멈추고, 가장 좋았던 에폭의 가중치를 남깁니다.",
    ),
    "train.patience": ("Patience (epochs)", "참을성 (에폭)"),
    "train.augmentation": ("Data augmentation (training images only)", "데이터 증강 (학습 이미지에만)"),
    "train.augmentation_help": (
        "Random changes to the training images each epoch, so the model cannot memorise them. Validation and test "
        "images are never changed.",
        "에폭마다 학습 이미지를 무작위로 바꿔서 모델이 외우지 못하게 합니다. 검증·테스트 이미지는 바꾸지 않습니다.",
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
    "train.status_running": (
        "Epoch {epoch}/{epochs}, batch {batch}/{batches}", "에폭 {epoch}/{epochs}, 배치 {batch}/{batches}"
    ),
    "train.status_stopping": ("Stopping after this batch…", "이번 배치가 끝나면 멈춥니다…"),
    "train.status_finished": ("Finished ({epoch} epochs)", "완료 ({epoch} 에폭)"),
    "train.status_stopped": ("Stopped at epoch {epoch}", "에폭 {epoch}에서 멈춤"),
    "train.status_failed": ("Training failed", "학습 실패"),
    "train.curve_train": ("training", "학습"),
    "train.curve_val": ("validation", "검증"),
    "train.curve_batch": ("per batch", "배치별"),
    "train.best_epoch": ("best epoch", "최적 에폭"),
    "train.loss": ("loss", "손실"),
    "train.accuracy": ("accuracy", "정확도"),
    "train.explain_curves": (
        "Lines with dots are per-epoch values; the faint line is every batch. When validation loss rises while "
        "training loss keeps falling, the model is starting to overfit; the dashed line marks the epoch kept.",
        "점이 있는 선은 에폭별 값, 옅은 선은 배치별 값입니다. 학습 손실은 계속 내려가는데 검증 손실이 올라가면 "
        "과적합이 시작된 것입니다. 점선은 남겨 둔 에폭을 표시합니다.",
    ),
    "train.saved": (
        "Saved checkpoint **{name}**: test accuracy {accuracy} (weights of epoch {best}).",
        "체크포인트 **{name}** 저장: 테스트 정확도 {accuracy} (에폭 {best}의 가중치).",
    ),
    "train.nothing_saved": (
        "The run stopped before the first epoch finished, so there was nothing worth saving.",
        "첫 에폭이 끝나기 전에 멈춰서 저장할 것이 없습니다.",
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
    "runs.title": ("Your runs ({count})", "내 학습 기록 ({count}개)"),
    "runs.help": (
        "Runs you trained in this browser session. A new name shows in the model list; Delete removes the "
        "checkpoint from this server.",
        "이 브라우저 세션에서 학습한 기록입니다. 새 이름은 모델 목록에 나타나고, 삭제하면 이 서버에서 체크포인트가 "
        "지워집니다.",
    ),
    "runs.name": ("Name", "이름"),
    "runs.rename": ("Rename", "이름 바꾸기"),
    "runs.delete": ("Delete", "삭제"),
    "train.use": ("Explore this model", "이 모델 살펴보기"),
}


def t(key: str, lang: str = DEFAULT_LANGUAGE, **values: object) -> str:
    """The string for `key` in `lang` (English when the language is unknown), with {placeholders} filled."""
    english, korean = STRINGS[key]
    text = korean if lang == "ko" else english
    return text.format(**values) if values else text


def placeholders(text: str) -> set[str]:
    """The {names} a string expects, so tests can check both languages agree."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}
