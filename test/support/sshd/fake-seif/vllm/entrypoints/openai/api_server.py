"""Stand-in for `python -m vllm.entrypoints.openai.api_server`: answers /v1/models and chat completions."""
import argparse
import json
import os
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ap = argparse.ArgumentParser()
ap.add_argument("--port", type=int, default=8000)
ap.add_argument("--host", default="127.0.0.1")
ap.add_argument("--served-model-name", default="model")
ap.add_argument("--model", required=True)
ap.add_argument("--tensor-parallel-size", type=int, default=1)
ap.add_argument("--gpu-memory-utilization", type=float, default=0.9)
ap.add_argument("--dtype", default="auto")
ap.add_argument("--max-model-len", type=int, default=0)
a = ap.parse_args()
if not os.path.isdir(a.model) and "/" in a.model and not a.model.count("/") == 1:
    sys.exit("OSError: model path %s does not exist" % a.model)


class H(BaseHTTPRequestHandler):
    def _send(self, code, body):
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path == "/v1/models":
            return self._send(200, {"object": "list", "data": [{"id": a.served_model_name, "object": "model"}]})
        self._send(404, {"error": "not found"})

    def do_POST(self):
        n = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(n)
        self._send(200, {"choices": [{"message": {"role": "assistant", "content": "[[1]]"}}]})

    def log_message(self, *args):
        pass


srv = ThreadingHTTPServer((a.host, a.port), H)
print("INFO:     Uvicorn running on http://%s:%d (model %s on CUDA_VISIBLE_DEVICES=%s)" % (a.host, a.port, a.served_model_name, os.environ.get("CUDA_VISIBLE_DEVICES", "")), flush=True)
srv.serve_forever()
