"""Thirty at once, measured at the server: N sessions speaking Streamlit's own websocket protocol, no browser.

Loopback only, bounded in time. Starts the app as `make run` does (`python -m scripts.serve` on 127.0.0.1,
TensorFlow imported and the default model warmed before it answers), then drives N concurrent sessions with
Streamlit's `BackMsg`/`ForwardMsg` protobufs, the messages a browser tab would send and receive:

1. Feature maps with `?sample=i` (sessions share samples in pairs, to exercise the caches across sessions);
2. the same page, another sample through the `sample` number input's widget state;
3. Explain on that picture;
and every `--upload-every`-th session instead picks the "upload" source, uploads a PNG through Streamlit's
upload flow (`file_urls_request` → HTTP PUT → the `fm_upload` widget state) and then opens Explain on it.

Each view is timed from the rerun request to `script_finished`; the media files it shows (the PNGs of
`st.image`) are then fetched as a browser would. An error is a timeout, a script that did not finish
successfully, an exception or `st.error` element, a page not found, a closed socket or a failed HTTP request.
Prints sessions served, views, errors, p50/p95/max per view kind and overall, the server's CPU seconds per
view and its peak resident memory.

    python benchmarks/ws_load.py [--sessions 30] [--ramp 0] [--deadline 300] [--upload-every 5]

`benchmarks/load_test.py` (Chromium pages and trainings on the same machine) stays for the trainings-in-a-
browser scenario; this one measures the server alone.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import math
import statistics
import sys
import threading
import time
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterable
from contextlib import nullcontext, suppress
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import psutil  # noqa: E402
import websockets  # noqa: E402
from streamlit.proto.Alert_pb2 import Alert  # noqa: E402
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402
from streamlit.proto.WidgetStates_pb2 import WidgetState  # noqa: E402

FINISHED = (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY)
XSRF_COOKIE = "_streamlit_xsrf"
TEST_SAMPLES = 180  # sessions pick among the test samples of the default dataset (fashion_mnist_sample: 180)
WARM_SESSION = 2 * TEST_SAMPLES - 2  # the warm-up visit's samples (179, 96): no measured session opens them


@dataclass
class View:
    """One request → script-finished round trip of one session."""

    session: int
    kind: str
    seconds: float | None = None
    errors: list[str] = field(default_factory=list)
    media: int = 0  # media files fetched after the script finished


@dataclass
class Rendered:
    """What one script run sent: widget ids by user key, radio options, media URLs, problems seen."""

    widgets: dict[str, str] = field(default_factory=dict)
    options: dict[str, list[str]] = field(default_factory=dict)
    media: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    status: int | None = None


def user_key(element_id: str) -> str | None:
    """The `key=` a widget was given, read back from its element id (`$$ID-<hash>-<key>`)."""
    parts = element_id.split("-", 2)
    return parts[2] if element_id.startswith("$$ID-") and len(parts) == 3 and parts[2] != "None" else None


def note_element(element, seen: Rendered) -> None:
    """Record the widget id, radio options, media URL or problem one delta element carries."""
    kind = element.WhichOneof("type")
    if kind is None:
        return
    body = getattr(element, kind)
    if kind == "exception":
        seen.problems.append(f"exception: {body.type}: {body.message[:160]}")
    elif kind == "alert" and body.format == Alert.ERROR:
        seen.problems.append(f"st.error: {body.body[:160]}")
    elif kind == "imgs":
        seen.media.extend(img.url for img in body.imgs if img.url.startswith("/media/"))
    key = user_key(getattr(body, "id", "") or "") if hasattr(body, "id") else None
    if key:
        seen.widgets[key] = body.id
        if kind == "radio":
            seen.options[key] = list(body.options)


class Session:
    """One browser tab's websocket conversation with the server, without the browser."""

    def __init__(self, url: str, cookie: str | None) -> None:
        self.url, self.cookie = url, cookie
        self.socket: websockets.ClientConnection | None = None
        self.session_id = ""
        self.states: dict[str, WidgetState] = {}  # the widget values this tab has set, sent with every rerun
        self.widgets: dict[str, str] = {}
        self.options: dict[str, list[str]] = {}
        self.page = ""

    async def connect(self, timeout: float) -> None:
        """Open the websocket as the frontend does (subprotocol "streamlit"; no Origin header, so no XSRF)."""
        ws_url = self.url.replace("http://", "ws://", 1) + "/_stcore/stream"
        self.socket = await asyncio.wait_for(
            websockets.connect(ws_url, subprotocols=["streamlit"], max_size=None, compression=None,
                               open_timeout=timeout, ping_interval=None), timeout)

    async def close(self) -> None:
        """Close the websocket."""
        if self.socket is not None:
            await self.socket.close()

    async def send(self, message: BackMsg) -> None:
        """One BackMsg to the server."""
        await self.socket.send(message.SerializeToString())

    async def receive(self) -> ForwardMsg:
        """The next ForwardMsg from the server."""
        message = ForwardMsg()
        message.ParseFromString(await self.socket.recv())
        return message

    async def rerun(self, page: str, query: str = "", timeout: float = 60) -> Rendered:
        """Ask for a run of `page` with this tab's widget states; collect what it sends until it finishes."""
        message = BackMsg()
        message.rerun_script.query_string = query
        message.rerun_script.page_name = page
        message.rerun_script.widget_states.widgets.extend(self.states.values())
        self.page = page
        await self.send(message)
        seen = Rendered()
        try:
            async with asyncio.timeout(timeout):
                while True:
                    reply = await self.receive()
                    kind = reply.WhichOneof("type")
                    if kind == "new_session":
                        self.session_id = reply.new_session.initialize.session_id or self.session_id
                    elif kind == "delta" and reply.delta.WhichOneof("type") == "new_element":
                        note_element(reply.delta.new_element, seen)
                    elif kind == "page_not_found":
                        seen.problems.append(f"page not found: {reply.page_not_found.page_name!r}")
                    elif kind == "script_finished":
                        seen.status = reply.script_finished
                        if reply.script_finished in FINISHED:
                            break
                        if reply.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                            seen.problems.append(f"script finished with status {reply.script_finished}")
                            break
        except TimeoutError:
            seen.problems.append(f"timeout after {timeout:g} s")
        except websockets.ConnectionClosed as err:
            seen.problems.append(f"socket closed: {err}")
        self.widgets.update(seen.widgets)
        self.options.update(seen.options)
        return seen

    def set_widget(self, key: str, **value: object) -> None:
        """Set the widget keyed `key` (as last rendered) to `value`, e.g. `int_value=3`."""
        state = WidgetState(id=self.widgets[key])
        if "file_uploader_state_value" in value:
            state.file_uploader_state_value.CopyFrom(value["file_uploader_state_value"])
        else:
            for name, v in value.items():
                setattr(state, name, v)
        self.states[key] = state

    async def upload(self, key: str, name: str, data: bytes, timeout: float = 30) -> None:
        """Upload `data` to the uploader keyed `key`: file URLs over the socket, then an HTTP PUT."""
        request = BackMsg()
        request.file_urls_request.request_id = uuid.uuid4().hex
        request.file_urls_request.file_names.append(name)
        request.file_urls_request.session_id = self.session_id
        await self.send(request)
        async with asyncio.timeout(timeout):
            while True:
                reply = await self.receive()
                if reply.WhichOneof("type") == "file_urls_response":
                    break
        if reply.file_urls_response.error_msg:
            raise RuntimeError(f"file URLs refused: {reply.file_urls_response.error_msg}")
        urls = reply.file_urls_response.file_urls[0]
        put = asyncio.to_thread(put_file, self.url + urls.upload_url, name, data, self.cookie)
        await asyncio.wait_for(put, timeout)
        state = WidgetState(id=self.widgets[key])
        info = state.file_uploader_state_value.uploaded_file_info.add()
        info.file_id, info.name, info.size = urls.file_id, name, len(data)
        info.file_urls.CopyFrom(urls)
        self.states[key] = state


def xsrf_cookie(url: str) -> str | None:
    """The `_streamlit_xsrf` cookie the health check sets, as the frontend gets it (uploads need it)."""
    with urllib.request.urlopen(url + "/_stcore/health", timeout=30) as response:
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            if name.strip() == XSRF_COOKIE:
                return rest.split(";", 1)[0]
    return None


def put_file(url: str, name: str, data: bytes, cookie: str | None) -> None:
    """The multipart HTTP PUT the frontend makes to Streamlit's upload URL."""
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
            f"Content-Type: image/png\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    if cookie:
        headers |= {"X-Xsrftoken": cookie, "Cookie": f"{XSRF_COOKIE}={cookie}"}
    request = urllib.request.Request(url, data=body, method="PUT", headers=headers)
    with urllib.request.urlopen(request, timeout=30) as response:
        if response.status not in (200, 204):
            raise RuntimeError(f"upload answered HTTP {response.status}")


def fetch(url: str) -> int:
    """GET one media file; its size in bytes."""
    with urllib.request.urlopen(url, timeout=30) as response:
        return len(response.read())


def sample_arrays():
    """The default dataset's test images (0..1 floats) and labels."""
    from cnnviz import data

    ds = data.load_dataset("fashion_mnist_sample")
    return ds.x_test, ds.y_test


async def timed(session: Session, view: View, page: str, query: str, timeout: float) -> Rendered:
    """One view: the rerun timed to script_finished, then its media fetched; problems become errors."""
    began = time.perf_counter()
    seen = await session.rerun(page, query, timeout)
    if not seen.problems:
        view.seconds = time.perf_counter() - began
    view.errors += [f"session {view.session} {view.kind}: {problem}" for problem in seen.problems]
    for url in seen.media:
        try:
            await asyncio.to_thread(fetch, session.url + url)
            view.media += 1
        except OSError as err:
            view.errors.append(f"session {view.session} {view.kind}: media {url}: {err}")
    return seen


async def run_session(url: str, cookie: str | None, index: int, upload: bytes | None,
                      timeout: float, bad: bool = False) -> list[View]:
    """One tab's visit: Feature maps, another sample or an upload, then Explain. Its views, timed."""
    session, views = Session(url, cookie), []

    def view(kind: str) -> View:
        views.append(View(index, kind))
        return views[-1]

    first, second = (index // 2) % TEST_SAMPLES, (index // 2 + 97) % TEST_SAMPLES  # pairs share pictures
    try:
        await session.connect(timeout)
        if bad:  # a page that does not exist: must count as an error
            await timed(session, view("missing page"), "no_such_page", "", timeout)
            return views
        await timed(session, view("feature maps"), "feature_maps", f"sample={first}", timeout)
        if upload is None:
            session.set_widget("sample", int_value=second)
            await timed(session, view("another sample"), "feature_maps", "", timeout)
        else:
            options = session.options.get("fm_source", [])
            session.set_widget("fm_source", string_value=options[-1] if options else "upload")
            await timed(session, view("upload source"), "feature_maps", "", timeout)
            await session.upload("fm_upload", f"picture{index}.png", upload, timeout)
            await timed(session, view("upload"), "feature_maps", "", timeout)
        await timed(session, view("explain"), "explain", "", timeout)
    except (OSError, RuntimeError, KeyError, TimeoutError, websockets.WebSocketException) as err:
        view("session").errors.append(f"session {index}: {type(err).__name__}: {str(err)[:160]}")
    finally:
        await session.close()
    return views


async def drive(url: str, sessions: int, ramp: float, deadline: float, upload_every: int,
                timeout: float, bad_sessions: Iterable[int] = (), first: int = 0,
                unique_uploads: bool = False) -> tuple[list[View], bool]:
    """All sessions at once (or spread over `ramp` seconds); their views, and whether the deadline held.

    Session numbers start at `first` (a session's pictures follow from its number); `unique_uploads` makes
    every upload a picture of its own (its session number stamped in), as a class's own photos are."""
    cookie = await asyncio.to_thread(xsrf_cookie, url)
    pictures = {}
    if upload_every:
        x, _ = sample_arrays()
        pictures = {i: png_to_bytes(x[((first + i) // 2) % len(x)], first + i if unique_uploads else None)
                    for i in range(sessions) if (first + i) % upload_every == 1}
    bad = set(bad_sessions)

    async def start(i: int) -> list[View]:
        await asyncio.sleep(ramp * i / max(sessions, 1))
        return await run_session(url, cookie, first + i, pictures.get(i), timeout, bad=i in bad)

    tasks = [asyncio.create_task(start(i)) for i in range(sessions)]
    done, pending = await asyncio.wait(tasks, timeout=deadline)
    for task in pending:
        task.cancel()
    views = [v for task in done for v in task.result()]
    views += [View(i, "session", errors=[f"session {i}: still running at the deadline ({deadline:g} s)"])
              for i, task in enumerate(tasks) if task in pending]
    return views, not pending


def png_to_bytes(image, stamp: int | None = None) -> bytes:
    """A 112×112 RGB PNG of one 0..1 greyscale image (a photo-like upload, bigger than the model's input);
    `stamp`'s bits, when given, drawn as 8-pixel squares along its top edge (each stamp a picture of its own)."""
    import numpy as np
    from PIL import Image

    picture = Image.fromarray((255 * image.squeeze()).astype("uint8")).convert("RGB").resize((112, 112))
    if stamp is not None:
        pixels = np.array(picture)
        for bit in range(14):
            pixels[:8, 8 * bit : 8 * bit + 8] = 255 if stamp >> bit & 1 else 0
        picture = Image.fromarray(pixels)
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    return buffer.getvalue()


class ServerMeter(threading.Thread):
    """The server process's CPU seconds between start and stop, and its peak resident memory (every 0.1 s)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.process = psutil.Process(pid)
        self.peak, self.running, self.cpu = 0, True, 0.0
        self.start_cpu = self.cpu_seconds()

    def cpu_seconds(self) -> float:
        """User + system CPU time of the server and its children."""
        total = 0.0
        for p in [self.process, *self.process.children(recursive=True)]:
            times = p.cpu_times()
            total += times.user + times.system
        return total

    def run(self) -> None:
        while self.running:
            with suppress(psutil.Error):
                self.peak = max(self.peak, self.process.memory_info().rss)
            time.sleep(0.1)

    def stop(self) -> None:
        """Stop sampling; keep the CPU seconds used since start."""
        self.running = False
        self.cpu = self.cpu_seconds() - self.start_cpu


def server_pid(url: str) -> int:
    """The process serving `url`: the one listening on its loopback port."""
    port = urllib.parse.urlparse(url).port
    for child in psutil.Process().children(recursive=True):  # started here: no need to list every socket
        try:
            if str(port) in child.cmdline():
                return child.pid
        except psutil.Error:
            continue
    for connection in psutil.net_connections(kind="tcp"):
        if connection.status == psutil.CONN_LISTEN and connection.laddr.port == port and connection.pid:
            return connection.pid
    raise RuntimeError(f"no server process for port {port}")


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (nearest rank) of `values`."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q / 100 * len(ordered)) - 1))]


def summary(views: list[View], sessions: int) -> dict:
    """Sessions served, views, errors and the time figures per view kind and overall."""
    errors = [error for v in views for error in v.errors]
    failed = {v.session for v in views if v.errors}
    kinds: dict[str, list[float]] = {}
    for v in views:
        if v.seconds is not None:
            kinds.setdefault(v.kind, []).append(v.seconds)
            kinds.setdefault("all", []).append(v.seconds)
    figures = {kind: (len(times), statistics.median(times), percentile(times, 95), max(times))
               for kind, times in kinds.items()}
    return {"sessions": sessions, "served": sessions - len(failed), "errors": errors, "figures": figures,
            "views": len(kinds.get("all", [])), "media": sum(v.media for v in views)}


def report(result: dict, cpu: float, peak: int, wall: float) -> None:
    """Print the figures."""
    views = max(result["views"], 1)
    print(f"sessions served: {result['served']}/{result['sessions']}  views: {result['views']}  "
          f"media files: {result['media']}  errors: {len(result['errors'])}  wall: {wall:.1f} s")
    for error in result["errors"][:30]:
        print(f"  error: {error}")
    print(f"{'view':<16}{'n':>5}{'p50 s':>9}{'p95 s':>9}{'max s':>9}")
    for kind, (n, p50, p95, top) in result["figures"].items():
        print(f"{kind:<16}{n:>5}{p50:>9.2f}{p95:>9.2f}{top:>9.2f}")
    print(f"server CPU: {cpu:.1f} s, {cpu / views:.3f} s/view;  server peak memory: {peak / 2**20:.0f} MiB;  "
          f"this generator's CPU: {result['client_cpu']:.1f} s;  load average after: "
          + " ".join(f"{v:.1f}" for v in psutil.getloadavg()))


def measure(url: str, sessions: int, ramp: float, deadline: float, upload_every: int,
            timeout: float) -> dict:
    """Drive the sessions against the server at `url`, metering it; the summary with CPU and memory."""
    meter = ServerMeter(server_pid(url))
    meter.start()
    began, client = time.perf_counter(), time.process_time()
    views, _ = asyncio.run(drive(url, sessions, ramp, deadline, upload_every, timeout))
    wall = time.perf_counter() - began
    meter.stop()
    result = summary(views, sessions) | {"cpu": meter.cpu, "peak": meter.peak, "wall": wall,
                                         "client_cpu": time.process_time() - client}
    report(result, meter.cpu, meter.peak, wall)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--ramp", type=float, default=0.0, help="seconds to start them over (0: at once)")
    parser.add_argument("--deadline", type=float, default=300.0, help="seconds for the whole load")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds one view may take")
    parser.add_argument("--upload-every", type=int, default=5, help="every n-th session uploads (0: none)")
    parser.add_argument("--warm", type=int, default=1, help="sessions run once before measuring")
    parser.add_argument("--url", help="a server already running on this machine (default: start one)")
    args = parser.parse_args()
    if args.url and urllib.parse.urlparse(args.url).hostname not in ("127.0.0.1", "localhost"):
        parser.error("loopback only: --url must be http://127.0.0.1:PORT or http://localhost:PORT")
    from e2e_server import streamlit_server

    served = nullcontext(args.url.rstrip("/")) if args.url else streamlit_server(serve=True, timeout=180)
    with served as url:
        if args.warm:  # the first visit after start-up (page modules imported), not part of the class
            asyncio.run(drive(url, args.warm, 0, args.deadline, 0, args.timeout, first=WARM_SESSION))
        print(f"{args.sessions} sessions, ramp {args.ramp:g} s, {psutil.cpu_count()} cores, server {url}")
        result = measure(url, args.sessions, args.ramp, args.deadline, args.upload_every, args.timeout)
    sys.exit(0 if not result["errors"] else 1)


if __name__ == "__main__":
    main()
