"""The tests' fakes, in one place: a deterministic embedder and an OpenAI-compatible chat server (the fake web site is
tests/websites.py). Fixtures and launchers are in tests/conftest.py."""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np


class HashEmbedder:
    """A deterministic fake: bag of hashed word trigrams. Fast unit tests only, never the only test of a path."""

    name = "fake:hash"
    dim = 64

    def _vec(self, text: str) -> np.ndarray:
        v = np.zeros(self.dim, dtype=np.float32)
        for word in text.lower().split():
            for i in range(max(1, len(word) - 2)):
                v[int(hashlib.md5(word[i:i + 3].encode()).hexdigest(), 16) % self.dim] += 1
        return v / (np.linalg.norm(v) or 1.0)

    def passages(self, texts: list[str]) -> np.ndarray:
        return np.stack([self._vec(t) for t in texts]) if texts else np.zeros((0, self.dim), np.float32)

    def query(self, text: str) -> np.ndarray:
        return self._vec(text)


class ChatCompletions(BaseHTTPRequestHandler):
    """A tiny chat-completions server: streams a fixed reply word by word, or fails when told to."""

    reply = "Pôle i-Trans has 180 members [1]. It also runs on the moon [7]. An uncited remark here."
    fail = False
    requests: list = []

    def reply_for(self, body: dict) -> str:
        """The reply to one request (subclasses answer per question)."""
        return self.reply

    def before_streaming(self, body: dict) -> None:
        """A hook run before the first streamed word (subclasses hold requests here to make them overlap)."""

    def do_POST(self):  # noqa: N802 (http.server API)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).requests.append(body)
        if type(self).fail:
            self.send_response(500)
            self.end_headers()
            return
        base = {"id": "x", "object": "chat.completion.chunk", "created": 0, "model": body["model"]}
        reply = self.reply_for(body)
        if not body.get("stream"):
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            message = {"role": "assistant", "content": reply}
            self.wfile.write(json.dumps({**base, "object": "chat.completion", "choices": [
                {"index": 0, "message": message, "finish_reason": "stop"}]}).encode())
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        self.before_streaming(body)
        for word in reply.split(" "):
            chunk = {**base, "choices": [{"index": 0, "delta": {"content": word + " "}, "finish_reason": None}]}
            self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
            self.wfile.flush()
        self.wfile.write(b"data: [DONE]\n\n")

    def log_message(self, *args):
        pass


@contextmanager
def chat_server(handler: type[ChatCompletions] = ChatCompletions) -> Iterator[str]:
    """A real HTTP server on a free loopback port answering with `handler` (a ChatCompletions class, its `requests`
    emptied, failing only when a test says so); yields its base URL without /v1."""
    handler.requests = []
    handler.fail = False
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
