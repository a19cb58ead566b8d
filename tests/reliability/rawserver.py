"""A raw-socket HTTP/1.1 server on 127.0.0.1 that answers with exactly the bytes it is told.

aiohttp's own server refuses to send malformed headers and cannot drop a connection at a
chosen moment; this one can. A *handler* gets each parsed request (:class:`Seen`) and
returns the raw response bytes, or one of the actions :data:`DROP` (close without
answering), :data:`RESET` (TCP RST), :data:`HALF` (half a status line, then close) or
:data:`HANG` (never answer). Every request is recorded, with the connection it came on.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import struct
from collections.abc import Callable
from typing import Any

import attrs

DROP = "drop"
RESET = "reset"
HALF = "half"
HANG = "hang"
ACTIONS = (DROP, RESET, HALF)


@attrs.define
class Seen:
    """One request as it arrived."""

    method: str
    target: str  #: the raw request target, e.g. ``/wp-json/mainwp/v2/sites/3?x=1``
    headers: list[tuple[str, str]]
    body: bytes
    port: int
    connection: int  #: serial number of the TCP connection
    index: int  #: 0 for the first request on that connection

    @property
    def path(self) -> str:
        return self.target.split("?", 1)[0]

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)

    def text(self) -> str:
        """Everything the request carried, as text (for secret checks)."""
        head = "\r\n".join(f"{k}: {v}" for k, v in self.headers)
        return f"{self.method} {self.target}\r\n{head}\r\n\r\n" + self.body.decode(
            "utf-8", "replace"
        )


Handler = Callable[[Seen], Any]


def response(
    status: int = 200,
    body: bytes | str = b"{}",
    headers: list[tuple[str, str]] | None = None,
    *,
    reason: str = "X",
    keep_alive: bool = True,
    content_type: str | None = "application/json",
) -> bytes:
    """Raw bytes of one response with a correct Content-Length (unless headers give one)."""
    data = body.encode() if isinstance(body, str) else body
    lines = [f"HTTP/1.1 {status} {reason}"]
    names = {k.lower() for k, _ in headers or []}
    if content_type and "content-type" not in names:
        lines.append(f"Content-Type: {content_type}")
    if "content-length" not in names and "transfer-encoding" not in names:
        lines.append(f"Content-Length: {len(data)}")
    if not keep_alive:
        lines.append("Connection: close")
    lines += [f"{k}: {v}" for k, v in headers or []]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1", "replace") + data


class RawServer:
    """``async with RawServer(handler) as srv:`` -> ``srv.url``, ``srv.seen``."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.seen: list[Seen] = []
        self._server: asyncio.Server | None = None
        self._connections = 0
        self._writers: set[asyncio.StreamWriter] = set()
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def open_connections(self) -> int:
        return sum(1 for w in self._writers if not w.is_closing())

    async def __aenter__(self) -> RawServer:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.close()
        for writer in list(self._writers):
            writer.close()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self._server.wait_closed(), 2)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._connections += 1
        conn = self._connections
        self._writers.add(writer)
        index = 0
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
                    return
                request_line, *header_lines = head.decode("latin-1").split("\r\n")
                method, target, _ = ([*request_line.split(" ", 2), "", ""])[:3]
                headers = [
                    (k.strip(), v.strip())
                    for k, _, v in (h.partition(":") for h in header_lines if h)
                ]
                length = int(next((v for k, v in headers if k.lower() == "content-length"), 0))
                body = await reader.readexactly(length) if length else b""
                seen = Seen(method, target, headers, body, self.port, conn, index)
                self.seen.append(seen)
                index += 1
                reply = self.handler(seen)
                if asyncio.iscoroutine(reply):
                    reply = await reply
                if reply == HANG:
                    await asyncio.sleep(3600)
                if reply == DROP:
                    return
                if reply == RESET:
                    sock = writer.get_extra_info("socket")
                    if sock is not None:
                        sock.setsockopt(
                            socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                        )
                    return
                if reply == HALF:
                    writer.write(b"HTTP/1.1 20")
                    await writer.drain()
                    return
                writer.write(reply)
                await writer.drain()
                if b"connection: close" in reply.split(b"\r\n\r\n", 1)[0].lower():
                    return
        except (ConnectionError, asyncio.IncompleteReadError):
            return
        finally:
            self._writers.discard(writer)
            writer.close()
