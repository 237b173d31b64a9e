"""Stopping the child processes the harness starts (the emulator, the database servers, the shared provider)."""

from __future__ import annotations

import signal
import subprocess


def stop(process: subprocess.Popen, signal_number: int = signal.SIGTERM, timeout_s: float = 10.0) -> None:
    """Send `signal_number` to a running `process`, and SIGKILL if it has not exited within `timeout_s`; reaped."""
    if process.poll() is None:
        process.send_signal(signal_number)
        try:
            process.wait(timeout_s)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
