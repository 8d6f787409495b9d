"""Opens many connections to a hub that each send half a request and then nothing, and
reports how the hub treats them (used by the suite's SlowClientTests).

    python3 scripts/half-open-connections.py HOST PORT COUNT TIMEOUT

Prints one JSON object: how many connected, whether /health/live answered while they were
open, how many the hub had closed when TIMEOUT seconds had passed, and how many were closed
at once (within 0.5 s of opening).
"""
import json
import resource
import selectors
import socket
import sys
import time
import urllib.request

host, port, count, timeout = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, count + 256)), hard))

selector = selectors.DefaultSelector()
sockets = []
opened = {}
for _ in range(count):
    connection = socket.create_connection((host, port))
    connection.sendall(b"GET /v1/items HTTP/1.1\r\nHost: hub\r\nAuthorization: Bearer x")
    connection.setblocking(False)
    selector.register(connection, selectors.EVENT_READ)
    sockets.append(connection)
    opened[connection] = time.monotonic()

closed = set()
closed_at_once = 0
health = None
started = time.monotonic()
while time.monotonic() - started < timeout and len(closed) < len(sockets):
    if health is None:
        try:
            with urllib.request.urlopen(f"http://{host}:{port}/health/live", timeout=5) as answer:
                health = answer.status
        except Exception as error:  # noqa: BLE001 - reported, not raised
            health = str(error)
    for key, _ in selector.select(timeout=0.1):
        try:
            data = key.fileobj.recv(4096)
        except (ConnectionResetError, BrokenPipeError):
            data = b""
        if not data:
            closed.add(key.fileobj)
            selector.unregister(key.fileobj)
            if time.monotonic() - opened[key.fileobj] < 0.5:
                closed_at_once += 1

print(json.dumps({"connected": len(sockets), "healthWhileOpen": health, "closed": len(closed),
                  "closedAtOnce": closed_at_once, "seconds": round(time.monotonic() - started, 2)}))
