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
    "sidebar.dataset": ("Dataset", "데이터셋"),
    "sidebar.dataset_help": (
        "Digits and Shapes are built in and work offline; the others download once.",
        "Digits와 Shapes는 내장되어 오프라인에서도 동작합니다. 나머지는 처음 한 번 내려받습니다.",
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
    "col.model": ("Model", "모델"),
    "col.name": ("Name", "이름"),
    "col.input": ("Input", "입력"),
    "col.params": ("Parameters", "파라미터 수"),
    "col.teaches": ("What it teaches", "배울 점"),
    "col.description": ("Architecture", "구조"),
    "col.accuracy": ("Test accuracy", "테스트 정확도"),
    "col.dataset": ("Dataset", "데이터셋"),
}


def t(key: str, lang: str = DEFAULT_LANGUAGE, **values: object) -> str:
    """The string for `key` in `lang` (English when the language is unknown), with {placeholders} filled."""
    english, korean = STRINGS[key]
    text = korean if lang == "ko" else english
    return text.format(**values) if values else text


def placeholders(text: str) -> set[str]:
    """The {names} a string expects, so tests can check both languages agree."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}
