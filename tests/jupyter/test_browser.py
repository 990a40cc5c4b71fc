"""How a learner meets the kit: JupyterLab in a browser, 00_start_here.ipynb, Run > Run All Cells.

JupyterLab (from .venv, as `./kit lab` starts it) serves a temporary copy of notebooks/ on 127.0.0.1 with a
known token; Debian's chromium, driven headless by Playwright, opens the notebook, runs every cell through
the menu and the test reads what the page shows. The copy is served without its committed outputs, so everything checked was made in
this session; nothing is saved into the repository. The screenshot goes to test-artifacts/00_start_here.png.
"""
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest
from playwright.sync_api import expect, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = "notebooks/00_start_here.ipynb"
ARTIFACTS = ROOT / "test-artifacts"
RUN_ALL_TIMEOUT_S = 240  # a cold kernel resolving %maven on a busy 2-core machine
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]

# JupyterLab settings for the test run only: no autosave (nothing written back), no news or update checks
# (no internet here, and their pop-ups would cover the notebook in the screenshot).
LAB_SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false",
                                                                       "checkForUpdates": False},
}


def chromium():
    for candidate in (os.environ.get("KIT_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if candidate and shutil.which(candidate):
            return shutil.which(candidate)
    pytest.fail("the browser test needs Chromium: sudo apt-get install chromium (./kit test installs it as root)",
                pytrace=False)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url, timeout=5):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.status, response.read()


@pytest.fixture
def lab(tmp_path):
    """A JupyterLab server on a copy of notebooks/ (fixtures/ linked beside it, as in the repository)."""
    root = tmp_path / "kit"
    shutil.copytree(ROOT / "notebooks", root / "notebooks",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "downloads"))
    (root / "fixtures").symlink_to(ROOT / "fixtures")
    # The committed notebook shows the outputs of an earlier run: serve it without them, so that every
    # output and execution count the test sees was made in this browser session.
    nb = nbformat.read(root / NOTEBOOK, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nbformat.write(nb, root / NOTEBOOK)
    config = tmp_path / "jupyter-config"
    for name, values in LAB_SETTINGS.items():
        path = config / "lab" / "user-settings" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    port, token = free_port(), secrets.token_hex(16)
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(config), JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"))
    log = open(tmp_path / "jupyterlab.log", "w")
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "jupyter"), "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
         "--port-retries=0", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
         f"--LabApp.workspaces_dir={tmp_path / 'workspaces'}", "--LabApp.extension_manager=readonly"]
        + (["--allow-root"] if os.geteuid() == 0 else []),
        env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if server.poll() is not None:
                pytest.fail("JupyterLab exited at start:\n" + (tmp_path / "jupyterlab.log").read_text(), pytrace=False)
            try:
                if get(f"{base}/api/status?token={token}")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("JupyterLab did not answer within 90 s:\n" + (tmp_path / "jupyterlab.log").read_text(),
                            pytrace=False)
            time.sleep(0.5)
        yield base, token, root
    finally:
        # The server shuts its kernels down on SIGTERM; the process group catches anything left over.
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        try:
            os.killpg(server.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        log.close()


PROMPTS_JS = """() => [...document.querySelectorAll(
    '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputArea-prompt')].map(p => p.textContent.trim())"""


def accept_kernel_dialog(page):
    """JupyterLab may ask which kernel to start; a learner accepts the proposed one, Java."""
    dialog = page.locator(".jp-Dialog")
    if dialog.count() and dialog.is_visible():
        assert "Java" in dialog.inner_text(), "the kernel proposed is not Java:\n" + dialog.inner_text()
        dialog.get_by_role("button", name="Select").click()


def test_run_all_in_jupyterlab(lab, tmp_path):
    base, token, root = lab
    code_cells = sum(c.cell_type == "code" for c in nbformat.read(root / NOTEBOOK, as_version=4).cells)
    served = (root / NOTEBOOK).read_bytes()
    ARTIFACTS.mkdir(exist_ok=True)
    screenshot = ARTIFACTS / "00_start_here.png"
    with sync_playwright() as p:
        browser = p.chromium.launch_persistent_context(
            str(tmp_path / "chromium-profile"), executable_path=chromium(), headless=True, args=CHROMIUM_FLAGS,
            viewport={"width": 1280, "height": 900})
        try:
            page = browser.new_page()
            page.goto(f"{base}/lab/tree/{NOTEBOOK}?token={token}")
            notebook = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
            expect(notebook.locator(".jp-CodeCell").first).to_be_visible(timeout=60_000)
            page.wait_for_function(f"() => ({PROMPTS_JS})().length === {code_cells}", timeout=60_000)
            assert page.evaluate(PROMPTS_JS) == ["[ ]:"] * code_cells, "the served copy should start without outputs"
            # Give JupyterLab a moment to start the kernel or ask which one, as a learner would see it.
            status = page.locator("#jp-main-statusbar")
            deadline = time.monotonic() + 30
            while re.search(r"Starting|Connecting|Initializing|No Kernel", status.inner_text()) \
                    and time.monotonic() < deadline:
                accept_kernel_dialog(page)
                page.wait_for_timeout(250)
            accept_kernel_dialog(page)

            page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
            page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()

            # Done when every code cell shows its execution count, like [7]: (not [*]: nor empty).
            deadline = time.monotonic() + RUN_ALL_TIMEOUT_S
            while True:
                prompts = page.evaluate(PROMPTS_JS)
                if len(prompts) == code_cells and all(re.fullmatch(r"\[\d+\]:", t) for t in prompts):
                    break
                assert time.monotonic() < deadline, f"Run All did not finish within {RUN_ALL_TIMEOUT_S} s: {prompts}"
                accept_kernel_dialog(page)
                page.wait_for_timeout(500)
            # One fresh kernel, cells run top to bottom once each.
            assert prompts == [f"[{i}]:" for i in range(1, code_cells + 1)], prompts

            image = notebook.locator(".jp-OutputArea-output img").first
            image.evaluate("img => img.scrollIntoView({block: 'center'})")
            page.wait_for_timeout(500)
            page.screenshot(path=str(screenshot))

            text = "\n".join(notebook.locator(".jp-OutputArea-output").all_text_contents())
            errors = notebook.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
            assert errors.count() == 0, "error output in the notebook:\n" + "\n".join(errors.all_text_contents())
            assert re.search(r"Java 25[.\d]*\S* from .*good", text), f"no Java 25 line in the outputs:\n{text}"
            assert "identical" in text, f"the downloaded flag was not reported identical to the fixture:\n{text}"
            assert re.search(r"\b1 requests? \(200: 1\)", text), f"unexpected server statistics:\n{text}"
            size = image.evaluate("img => [img.naturalWidth, img.naturalHeight]")
            assert size == [128, 88], f"the flag should be shown 8x (128x88 pixels), got {size}"
        finally:
            browser.close()
    assert screenshot.stat().st_size > 10_000
    # Autosave is off and nothing was saved: the served file is unchanged.
    assert (root / NOTEBOOK).read_bytes() == served
