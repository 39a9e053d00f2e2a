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
    # zoo: what each model is and teaches (no derived figures here: the Architecture page computes them)
    "zoo.fashion_cnn.description": (
        "Conv32 → Pool → Conv64 → Pool → Dense100 → Dropout → Dense10, the textbook first CNN.",
        "Conv32 → Pool → Conv64 → Pool → Dense100 → Dropout → Dense10. 교과서에 나오는 첫 CNN입니다.",
    ),
    "zoo.fashion_cnn.teaches": (
        "How stacked convolutions and pooling turn pixels into features, and where the parameters live "
        "(most are in the first Dense layer).",
        "합성곱과 풀링을 쌓으면 픽셀이 어떻게 특징으로 바뀌는지, 그리고 파라미터가 어디에 있는지(대부분 첫 Dense "
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
        "과적합됩니다.",
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
        "ImageNet 특징 재사용: 합성곱 기반은 고정하고 새로 붙인 머리만 학습합니다.",
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
        "작은 줄기(stem), 축소형 Inception 모듈 여러 개, 전역 평균 풀링과 softmax. 보조 분류기는 선택 사항입니다.",
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
        "줄기 합성곱, 잔차 모듈 단계들(필터 32, 64, 128개)과 그 사이의 풀링, 전역 평균 풀링과 softmax. 1×1 "
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
        "이미 학습 중이거나 대기 중인 실행이 있습니다(다른 탭일 수도 있습니다). 끝나기를 기다리거나 멈춘 뒤 시작하세요. "
        "한 사람에 하나씩 실행해야 모두가 공평하게 서버를 씁니다.",
    ),
    "error.queue_full": (
        "{count} training runs are already waiting on this server. Try again in a few minutes.",
        "이 서버에서 이미 학습 {count}개가 기다리고 있습니다. 몇 분 뒤에 다시 시도하세요.",
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
    "error.no_kernel": (
        "The layer '{name}' ({type}) has no kernel to show.", "'{name}' 층({type})에는 보여 줄 커널이 없습니다."
    ),
    "error.channels": (
        "These images have {have} channels but the model expects {want}. cnnviz converts only between grey (1), "
        "grey with transparency (2), RGB (3) and RGBA (4); transparent areas are painted white.",
        "이미지의 채널은 {have}개인데 모델은 {want}개를 받습니다. cnnviz는 회색조(1), 투명도가 있는 회색조(2), "
        "RGB(3), RGBA(4) 사이만 변환하며, 투명한 부분은 흰색으로 칠합니다.",
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
    "arch.lesson_1x1": ("How a 1×1 convolution makes Inception affordable", "1×1 합성곱이 Inception을 가볍게 만드는 방법"),
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
    "fm.upload_prompt": ("Upload an image to see what each layer makes of it.", "이미지를 올리면 각 층이 그것을 어떻게 바꾸는지 볼 수 있습니다."),
    "fm.sample": ("Test image number", "테스트 이미지 번호"),
    "fm.downscaled": (
        "(Drawn at every {step}th pixel: the whole layer is too large to draw; the numbers are unchanged.)",
        "(층 전체를 그리기에는 너무 커서 {step}픽셀마다 하나씩 그렸습니다. 값 자체는 그대로입니다.)",
    ),
    "fm.sample_converted": (
        "The dataset's {given} images were converted to this model's {target} input (resized, grey ↔ colour).",
        "데이터셋의 {given} 이미지를 이 모델의 입력 {target}에 맞게 바꿨습니다(크기 조정, 회색조 ↔ 컬러).",
    ),
    "fm.sample_note": ("Test image {index} of {count} from {dataset}.", "{dataset}의 테스트 이미지 {count}개 중 {index}번."),
    "fm.input_caption": ("What the model sees (converted input)", "모델이 보는 입력(변환 후)"),
    "fm.prediction": ("Prediction: **{label}** ({p})", "예측: **{label}** ({p})"),
    "fm.truth": ("true label: **{label}**", "정답: **{label}**"),
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
    # picture upload refusals (cnnviz.images.decode_image, check_upload_size)
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
        "This model scores {model} classes but the dataset **{dataset}** has {data}, so its answers cannot be "
        "compared with these labels: an accuracy or a confusion matrix would mean nothing.",
        "이 모델은 클래스 {model}개에 점수를 매기는데 데이터셋 **{dataset}**의 클래스는 {data}개라서, 모델의 답을 "
        "이 정답 레이블과 비교할 수 없습니다. 정확도나 혼동 행렬을 계산해도 의미가 없습니다.",
    ),
    "eval.class_mismatch_how": (
        "To evaluate it, choose the dataset it was trained on in the sidebar, or test it on your own images: "
        "sidebar → Dataset → Your own images, then upload a .zip with one folder per class ({model} folders; "
        "folders are taken in alphabetical order, which must be the order of the model's outputs).",
        "이 모델을 평가하려면 사이드바에서 학습에 쓴 데이터셋을 고르거나, 내 이미지로 시험하세요. 사이드바 → 데이터셋 → "
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
    "train.status_stopped": (
        "Stopped in epoch {epoch}, after batch {batch} of {batches}",
        "에폭 {epoch}의 배치 {batches}개 중 {batch}번째를 마치고 멈춤",
    ),
    "train.status_failed": ("Training failed", "학습 실패"),
    "train.curve_train": ("training", "학습"),
    "train.curve_val": ("validation", "검증"),
    "train.curve_batch": ("per batch", "배치별"),
    "train.curve_partial": (
        "epoch {epoch} cut short: {batch} of {batches} batches",
        "도중에 멈춘 에폭 {epoch}: 배치 {batches}개 중 {batch}개",
    ),
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
        "The run was stopped before training began, so there was nothing to save.",
        "학습이 시작되기 전에 멈춰서 저장할 것이 없습니다.",
    ),
    # the story of a run, stored in its checkpoint: how it ended, then which weights it kept
    "story.stopped_during": (
        "Stopped by the user during epoch {epoch} of {epochs} ({batch} of {batches} batches).",
        "사용자가 {epochs}에폭 중 {epoch}번째 에폭 도중에 멈췄습니다(배치 {batches}개 중 {batch}개 완료).",
    ),
    "story.stopped_after": (
        "Stopped by the user after epoch {epoch} of {epochs}.",
        "사용자가 {epochs}에폭 중 {epoch}번째 에폭을 마치고 멈췄습니다.",
    ),
    "story.early_stopping": (
        "Early stopping ended training after epoch {epoch} of {epochs}.",
        "조기 종료로 {epochs}에폭 중 {epoch}번째 에폭을 마치고 학습이 끝났습니다.",
    ),
    "story.trained": (
        "Trained to the end (epoch {epochs} of {epochs}).", "계획한 {epochs}에폭을 끝까지 모두 학습했습니다.",
    ),
    "story.kept_best": (
        "Kept the weights from epoch {best} (lowest validation loss).",
        "검증 손실이 가장 낮았던 {best}번째 에폭의 가중치를 남겼습니다.",
    ),
    "story.kept_best_partial": (
        "Kept the weights from epoch {best} as they were after {batch} of its {batches} batches "
        "(lowest validation loss).",
        "검증 손실이 가장 낮았던, {best}번째 에폭의 배치 {batches}개 중 {batch}개를 마친 시점의 가중치를 남겼습니다.",
    ),
    "story.kept_last": (
        "Kept the weights as they were when training ended.",
        "학습이 끝난 시점의 가중치를 그대로 남겼습니다.",
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
    "train.queued": (
        "Waiting for a free slot: you are number {place} in the queue ({running} runs are training now). Your run "
        "starts by itself; Stop leaves the queue.",
        "빈자리를 기다리는 중입니다. 대기 순서는 {place}번째입니다(지금 {running}개가 학습 중). 차례가 되면 저절로 "
        "시작하며, 멈춤을 누르면 대기열에서 빠집니다.",
    ),
    "train.finetune": (
        "Fine-tuning your uploaded model **{name}** on '{dataset}': training continues from its own weights, on a "
        "copy (the upload itself is not changed). The result is saved as a new checkpoint with the dataset's class "
        "names.",
        "업로드한 모델 **{name}**을(를) '{dataset}'로 미세 조정합니다. 모델이 가진 가중치에서 학습을 이어 가며, 복사본으로 "
        "학습하므로 업로드한 모델은 바뀌지 않습니다. 결과는 데이터셋의 클래스 이름과 함께 새 체크포인트로 저장됩니다.",
    ),
    "train.finetune_no": (
        "Your uploaded model **{name}** cannot be fine-tuned on this dataset.",
        "업로드한 모델 **{name}**은(는) 이 데이터셋으로 미세 조정할 수 없습니다.",
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
}


def t(key: str, lang: str = DEFAULT_LANGUAGE, **values: object) -> str:
    """The string for `key` in `lang` (English when the language is unknown), with {placeholders} filled."""
    english, korean = STRINGS[key]
    text = korean if lang == "ko" else english
    return text.format(**values) if values else text


def placeholders(text: str) -> set[str]:
    """The {names} a string expects, so tests can check both languages agree."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}
