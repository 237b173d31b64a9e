"""A bound on how long a statement may wait for the server, without Python's socket timeout mode.

A socket with a timeout polls before every read and write, which costs a quarter of a warm query's
time here. The kernel's receive and send timeouts (SO_RCVTIMEO/SO_SNDTIMEO) cannot replace it: on a
blocking TLS socket CPython's ssl module retries a timed-out read forever. So sockets stay in plain
blocking mode while a statement runs, and one sleeping thread per Database shuts down the socket of a
statement that has run past its deadline: the blocked read then ends at once and the driver raises.
Arming and disarming cost two attribute writes; the thread wakes a few times a second.
"""

from __future__ import annotations

import socket
import threading
import time


class Watchdog:
    def __init__(self, timeout: float):
        self.timeout = timeout
        self.fired = False
        self._interval = min(0.25, timeout / 4)
        self._armed: tuple[float, socket.socket] | None = None
        self._stop: threading.Event | None = None  # the running thread's own: a stopped thread never restarts

    def arm(self, sock: socket.socket) -> None:
        """Watch `sock` from now until disarm()."""
        if self._stop is None:
            self._stop = threading.Event()
            thread = threading.Thread(target=self._watch, args=(self._stop,), name="rds_connect-watchdog", daemon=True)
            thread.start()
        self.fired = False
        self._armed = (time.monotonic() + self.timeout, sock)

    def disarm(self) -> None:
        self._armed = None

    def stop(self) -> None:
        """End the thread; a later arm() starts a new one."""
        if self._stop is not None:
            self._stop.set()
            self._stop = None
        self._armed = None

    def _watch(self, stop: threading.Event) -> None:
        while not stop.wait(self._interval):
            armed = self._armed
            if armed is not None and time.monotonic() > armed[0] and self._armed is armed:
                self.fired = True
                try:
                    # The plain socket's shutdown, even for an SSLSocket: it acts on the file descriptor
                    # only, leaving the TLS state to the thread that is blocked reading it.
                    socket.socket.shutdown(armed[1], socket.SHUT_RDWR)
                except OSError:
                    pass  # already closed
