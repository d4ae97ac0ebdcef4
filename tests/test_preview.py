"""The live preview: a save shows on the open page without a reload, a bad edit shows its lines
over the last good pages, and the server answers nobody but the editor's browser."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.browser import CHROMIUM, FLAGS
from tests.conftest import copy_project, edit

ACTION = "sources/editions/2017/actions/sample-action.yaml"
FACTSHEET = "/document/office/factsheet-sample-action-en.pdf"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(project: Path, port: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline", "--project", str(project), "--port", str(port),
         "--kinds", "factsheet", "--languages", "en", "preview"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)})


def get(port: int, path: str, host: str | None = None) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.putrequest("GET", path, skip_host=True)
    connection.putheader("Host", host or f"127.0.0.1:{port}")
    connection.endheaders()
    response = connection.getresponse()
    body = response.read().decode(errors="replace")
    connection.close()
    return response.status, body


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    project = copy_project("minimal", tmp_path_factory.mktemp("preview"))
    port = free_port()
    process = start(project, port)
    assert process.stdout.readline().startswith(f"preview of edition 2017: http://127.0.0.1:{port}/")
    deadline = time.monotonic() + 120
    while "up to date" not in get(port, "/?part=1")[1]:
        assert time.monotonic() < deadline, "the first build did not finish"
        time.sleep(0.2)
    yield project, port, process
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)


def test_a_save_shows_on_the_open_page_and_a_bad_edit_shows_its_lines(preview):
    from playwright.sync_api import sync_playwright
    project, port, _ = preview
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(bypass_csp=True)  # the test's own probes are evaluated
        page.goto(f"http://127.0.0.1:{port}{FACTSHEET}")
        assert "The sample Action helps the tests." in page.locator(".page-text").text_content()
        page.evaluate("window.notReloaded = true")

        edit(project, ACTION, "en: The sample Action helps the tests.",
             "en: The sample Action now helps every editor.")
        page.wait_for_function("document.querySelector('.page-text')"
                               ".textContent.includes('now helps every editor')", timeout=60000)
        assert page.evaluate("window.notReloaded") is True  # updated in place, not reloaded

        edit(project, ACTION, "summary:\n", "summary: [\n")
        overlay = page.wait_for_selector("#problems", timeout=60000)
        assert f"{ACTION}:" in overlay.text_content()  # the file and its line
        assert page.locator(".page img").count() == 1  # the last good page stays under it

        edit(project, ACTION, "summary: [\n", "summary:\n")
        page.wait_for_selector("#problems", state="detached", timeout=60000)
        assert page.evaluate("window.notReloaded") is True
        browser.close()


def test_it_answers_only_its_own_host_and_serves_only_its_pages(preview):
    project, port, _ = preview
    assert get(port, "/")[0] == 200
    assert get(port, "/", host=f"localhost:{port}")[0] == 200
    assert get(port, "/", host=f"attacker.example:{port}")[0] == 421  # DNS rebinding
    assert get(port, "/", host="127.0.0.1")[0] == 421
    status, body = get(port, "/?part=1")
    image = body.split('src="', 1)[1].split('"', 1)[0]
    assert get(port, image)[0] == 200
    outside = project / "secret.png"
    outside.write_bytes(b"\x89PNG not for the browser")
    (project / "build/2017/preview/office/link.png").symlink_to(outside)
    for path in ("/image/office/link.png", "/image/../../secret.png",
                 "/image/..%2F..%2Fsecret.png", "/image/office/", "/image/office",
                 "/pdf/../state-2017.json", "/pdf/office/", "/sources/programme.yaml",
                 "/document/../../secret.png"):
        assert get(port, path)[0] == 404, path


def test_a_documents_web_page_is_linked_and_served_through_the_fence(preview):
    project, port, _ = preview
    assert "web page" not in get(port, FACTSHEET + "?part=1")[1]  # no web edition yet
    web = project / "build/2017/web"
    (web / "images").mkdir(parents=True)
    (web / "factsheet-sample-action-en.html").write_text("<!doctype html><h1>Sample</h1>")
    (web / "images/map.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (web / "notes.py").write_text("not served")
    outside = project / "secret.css"
    outside.write_text("body { color: red }")
    (web / "link.css").symlink_to(outside)
    assert '<a href="/web/factsheet-sample-action-en.html">web page</a>' in get(
        port, FACTSHEET + "?part=1")[1]
    assert get(port, "/web/factsheet-sample-action-en.html") == (
        200, "<!doctype html><h1>Sample</h1>")
    assert get(port, "/web/images/map.svg")[0] == 200
    for path in ("/web/link.css", "/web/notes.py", "/web/../../secret.css", "/web/images/",
                 "/web/..%2F..%2Fsecret.css"):
        assert get(port, path)[0] == 404, path


def test_a_second_preview_of_the_project_is_refused_in_one_line(preview):
    project, port, _ = preview
    second = start(project, free_port())
    out, err = second.communicate(timeout=60)
    assert second.returncode == 1
    assert err.splitlines() == [
        f"build/preview.lock: error: a preview of this project is already running "
        f"(http://127.0.0.1:{port}/); stop it (Ctrl-C) or use it [preview.running]"]


def test_ctrl_c_stops_it_cleanly_and_frees_the_project(tmp_path):
    project = copy_project("minimal", tmp_path)
    process = start(project, free_port())
    assert process.stdout.readline().startswith("preview of edition 2017")
    process.send_signal(signal.SIGINT)
    out, _ = process.communicate(timeout=60)
    assert process.returncode == 0 and "preview stopped" in out
    again = start(project, free_port())
    assert again.stdout.readline().startswith("preview of edition 2017")
    again.send_signal(signal.SIGINT)
    again.communicate(timeout=60)


def test_beside_each_factsheet_the_copyfit_model_says_what_is_left_or_over(sample, monkeypatch):
    """The characters left are designs.room's for the running text, in the design the
    languages share; a longer French text leaves fewer; a text over says how far."""
    import re  # noqa: PLC0415
    from pipeline import designs  # noqa: PLC0415
    from pipeline.config import Settings  # noqa: PLC0415
    from pipeline.preview_pages import copyfit_notes  # noqa: PLC0415

    settings = Settings(project=sample)
    notes = copyfit_notes(settings)
    assert set(notes) == {("sample-action", language) for language in ("en", "fr", "es")}
    left = re.fullmatch(r"(\d+) characters left · one-page design, A4",
                        notes["sample-action", "fr"])
    assert left and int(left[1]) > 100
    edit(sample, ACTION, "  fr: Elle a été écrite pour les tests.\n",
         "  fr: Elle a été écrite pour les tests." + " Elle a été relue." * 10 + "\n")
    fewer = re.match(r"(\d+) characters left", copyfit_notes(settings)["sample-action", "fr"])
    assert int(left[1]) - 230 < int(fewer[1]) < int(left[1]) - 130  # 170 characters more
    assert copyfit_notes(settings)["sample-action", "en"] == notes["sample-action", "en"]
    monkeypatch.setattr(designs, "estimate", lambda *args: designs.Estimate(
        12.0, "results", 4, 321))
    assert copyfit_notes(settings)["sample-action", "es"].startswith(
        "321 characters over (results) · two-page design, A4")


def test_the_preview_of_web_pages_is_refused_with_one_line(sample):
    from pipeline.config import Settings  # noqa: PLC0415
    from pipeline.preview import Preview  # noqa: PLC0415
    from pipeline.problems import PipelineError  # noqa: PLC0415
    with pytest.raises(PipelineError) as refused:
        Preview(Settings(project=sample, profiles=("office", "web")), free_port())
    assert [str(p) for p in refused.value.problems] == [
        "PROFILES: error: web: the preview shows PDFs; open build/<year>/web/index.html for "
        "the web edition [settings.profiles]"]
