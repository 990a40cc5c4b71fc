"""Lesson 9's members never outlive the notebook kernel that started them.

A kernel that JupyterLab shuts down or restarts is signalled with its whole process group, members included.
The hard case is a kernel JVM that dies on its own (killed by the OOM killer, a crash): nothing runs in it any
more, no shutdown hook, no close(). Each member watches the process that started it and halts when it ends
(ClusterMember --watch-parent); this test kills the real JJava kernel's JVM with SIGKILL, alone, and checks that
its members are gone within seconds.
"""
import os
import re
import signal
import time
from pathlib import Path

from jupyter_client.manager import start_new_kernel

ROOT = Path(__file__).resolve().parents[2]
KERNEL = "java"
CELL_TIMEOUT = 300  # %maven's first resolution, then member JVMs booting on a busy 2-core machine
GONE_WITHIN = 30    # seconds; a member polls its parent's state


def alive(pid):
    """True while the process exists and is not a zombie waiting for its parent."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def parent(pid):
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def run(client, code):
    """Runs one cell; returns (status, everything it printed or showed)."""
    shown = []

    def hook(msg):
        content = msg["content"]
        if msg["msg_type"] == "stream":
            shown.append(content["text"])
        elif msg["msg_type"] in ("execute_result", "display_data"):
            shown.append(content["data"].get("text/plain", ""))
        elif msg["msg_type"] == "error":
            shown.append(f"{content['ename']}: {content['evalue']}")

    reply = client.execute_interactive(code, timeout=CELL_TIMEOUT, output_hook=hook)
    return reply["content"]["status"], "".join(shown)


def test_members_halt_when_the_kernel_jvm_that_started_them_is_killed():
    manager, client = start_new_kernel(kernel_name=KERNEL, startup_timeout=120, cwd=str(ROOT / "notebooks"))
    members = []
    try:
        status, shown = run(client, "%maven io.github.futureskit:futures-kit-cluster:1.0.0")
        assert status == "ok", shown
        status, shown = run(client, "var cluster = futureskit.cluster.Cluster.shared(1);\n"
                                    "cluster.members().stream().map(m -> m.pid()).toList()")
        assert status == "ok", shown
        members = [int(pid) for pid in re.findall(r"\d+", shown[shown.rindex("["):])]
        assert len(members) == 1 and alive(members[0]), shown
        kernel_jvm = parent(members[0])

        os.kill(kernel_jvm, signal.SIGKILL)   # the kernel's JVM alone: its process group lives on
        deadline = time.monotonic() + GONE_WITHIN
        while any(alive(pid) for pid in members) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not any(alive(pid) for pid in members), f"members {members} outlived their kernel by {GONE_WITHIN} s"
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
        for pid in members:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
