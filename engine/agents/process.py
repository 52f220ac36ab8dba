"""An agent's process: started without a shell, read line by line against a deadline, and
never left behind.

The agent runs in its own process group (Ctrl-C reaches the engine, which ends it), is sent
SIGKILL by the kernel if the engine dies however it dies (Linux ``PR_SET_PDEATHSIG``; its
standard input closing says the same to any agent elsewhere), and is killed with its group
when the game ends or the interpreter exits. Its standard error goes to a temporary file, so
a chatty agent never blocks on a full pipe, and the last lines are quoted when it crashes.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import selectors
import shlex
import signal
import subprocess
import sys
import tempfile
import time
import weakref
from collections.abc import Callable
from typing import IO

from engine.agents.protocol import MAX_LINE_BYTES, AgentError, quote

#: Every process started and not yet closed, to be ended when the interpreter exits.
_LIVE: weakref.WeakSet[AgentProcess] = weakref.WeakSet()
#: From <linux/prctl.h>.
_PR_SET_PDEATHSIG = 1


def _prctl() -> Callable[..., int] | None:
    """libc's prctl, looked up once here: the child may only call it, never import or load
    anything, between fork and exec."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        return ctypes.CDLL(None).prctl  # type: ignore[no-any-return]
    except (OSError, AttributeError):
        return None


_PRCTL = _prctl()


def _die_with_parent() -> None:  # pragma: no cover - runs in the child, before exec
    """Ask the kernel to kill this child when the engine's process dies (Linux only)."""
    if _PRCTL is not None:
        _PRCTL(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


class AgentProcess:
    """A running agent: :meth:`send` a line, :meth:`receive` one within a deadline."""

    def __init__(self, command: str, who: str):
        self.command = command
        self.who = who
        try:
            argv = shlex.split(command)
        except ValueError as exc:
            raise AgentError(f"{who}: cannot read the command {quote(command)}: {exc}") from None
        if not argv:
            raise AgentError(f"{who}: the command is empty")
        # Kept open for the agent's life and closed in kill(): not a with-block's lifetime.
        self._stderr: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115
        try:
            self.proc = subprocess.Popen(
                argv,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._stderr,
                preexec_fn=_die_with_parent,
                start_new_session=True,  # its own group: Ctrl-C is the engine's to handle
                close_fds=True,
            )
        except OSError as exc:
            self._stderr.close()
            reason = exc.strerror or str(exc)
            raise AgentError(f"{who}: cannot start {quote(argv[0])}: {reason}") from None
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self._in = self.proc.stdin
        self._out = self.proc.stdout.fileno()
        os.set_blocking(self._out, False)
        self._buffer = b""
        self._selector = selectors.DefaultSelector()
        self._selector.register(self._out, selectors.EVENT_READ)
        _LIVE.add(self)

    def send(self, line: bytes) -> None:
        """Write one line to the agent; a closed pipe means it has ended."""
        try:
            self._in.write(line)
            self._in.flush()
        except (BrokenPipeError, OSError):
            raise AgentError(self._ended("before it could be sent a message")) from None

    def receive(self, deadline: float) -> bytes:
        """The agent's next line, waiting at most ``deadline`` seconds."""
        end = time.monotonic() + deadline
        while True:
            newline = self._buffer.find(b"\n")
            if newline >= 0:
                line, self._buffer = self._buffer[:newline], self._buffer[newline + 1 :]
                if line.strip():
                    return line
                continue  # blank lines are ignored
            if len(self._buffer) > MAX_LINE_BYTES:
                raise AgentError(
                    f"{self.who} sent a line longer than {MAX_LINE_BYTES:,} bytes "
                    f"(starting {quote(self._buffer[:60])})"
                )
            left = end - time.monotonic()
            if left <= 0:
                raise AgentError(
                    f"{self.who} did not answer within its deadline of {deadline:g} s"
                    + (f" (it had sent {quote(self._buffer)} so far)" if self._buffer else "")
                )
            if not self._selector.select(left):
                continue
            try:
                chunk = os.read(self._out, 65536)
            except BlockingIOError:
                continue
            if not chunk:
                raise AgentError(self._ended("without answering"))
            self._buffer += chunk

    def _ended(self, when: str) -> str:
        """Why the agent is gone: its exit status and the end of what it wrote to stderr."""
        try:
            code = self.proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            code = None
        status = (
            "closed its output"
            if code is None
            else f"was killed by signal {-code}"
            if code < 0
            else f"exited with status {code}"
        )
        tail = self._stderr_tail()
        return f"{self.who} {status} {when}" + (f"; its last words: {quote(tail)}" if tail else "")

    def _stderr_tail(self) -> str:
        try:
            self._stderr.seek(0, os.SEEK_END)
            size = self._stderr.tell()
            self._stderr.seek(max(0, size - 400))
            lines = self._stderr.read().decode("utf-8", errors="replace").strip().splitlines()
        except (OSError, ValueError):
            return ""
        return lines[-1] if lines else ""

    def close(self, goodbye: bytes | None = None, grace: float = 1.0) -> None:
        """Say goodbye (optional), close its input, give it ``grace`` seconds, then kill it."""
        if goodbye is not None and self.proc.poll() is None:
            try:
                self._in.write(goodbye)
                self._in.flush()
            except OSError:
                pass
        with contextlib.suppress(OSError):
            self._in.close()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=grace)
        self.kill()

    def kill(self) -> None:
        """End the agent and anything it started in its group, now."""
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except OSError:
                self.proc.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=5)
        self._selector.close()
        if self.proc.stdout is not None:
            self.proc.stdout.close()
        self._stderr.close()
        _LIVE.discard(self)


@atexit.register
def _end_all() -> None:
    for agent in list(_LIVE):
        agent.kill()


__all__ = ["AgentProcess"]
