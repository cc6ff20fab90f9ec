#!/usr/bin/env python3
"""Slow-client and request-limit checks against a running masscivic-server (loopback only).

  slowloris.py PORT [SLOW_CONNECTIONS=1000] [SECONDS=30] [MAX_LATENCY_S=3]

Phase 1: opens SLOW_CONNECTIONS connections; half stay idle, half send a request line and then
one more header line every 2 s and never finish. Meanwhile a normal client makes a fresh
request every 0.5 s: every one must be answered (200) within MAX_LATENCY_S.
Phase 2: limits (docs/API.md): request line over 8 KiB -> 414, body over 64 KiB -> 413, a header
line over 8 KiB and 1 MiB of headers -> rejected (4xx or connection closed, never 200).
Afterwards the server must still answer /healthz. Prints one line per check and PASS/FAIL.
"""
import http.client
import socket
import sys
import threading
import time

HOST = "127.0.0.1"
PORT = int(sys.argv[1])
SLOW = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
SECONDS = float(sys.argv[3]) if len(sys.argv) > 3 else 30.0
MAX_LATENCY = float(sys.argv[4]) if len(sys.argv) > 4 else 3.0

failures = []


def normal_request(path="/v1/lookup?town=Cambridge", timeout=MAX_LATENCY * 3):
    t0 = time.monotonic()
    try:
        c = http.client.HTTPConnection(HOST, PORT, timeout=timeout)
        c.request("GET", path)
        r = c.getresponse()
        r.read()
        c.close()
        return r.status, time.monotonic() - t0
    except (OSError, http.client.HTTPException) as e:
        return f"error {type(e).__name__}", time.monotonic() - t0


def phase_slow():
    socks = []
    connect_failed = 0
    t_open = time.monotonic()
    for i in range(SLOW):
        try:
            s = socket.create_connection((HOST, PORT), timeout=5)
            s.setblocking(False)
            if i % 2:
                s.send(b"GET /v1/lookup?town=Boston HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            socks.append((i, s))
        except OSError:
            connect_failed += 1
    open_s = time.monotonic() - t_open

    results = []
    stop = threading.Event()

    def probe():
        while not stop.is_set():
            results.append(normal_request())
            stop.wait(0.5)

    th = threading.Thread(target=probe)
    th.start()
    deadline = time.monotonic() + SECONDS
    n = 0
    closed_by_server = set()
    while time.monotonic() < deadline:
        n += 1
        for i, s in socks:
            if i % 2 == 0 or i in closed_by_server:
                continue
            try:
                s.send(f"X-Slow-{n}: {'x' * 8}\r\n".encode())
            except (BlockingIOError, InterruptedError):
                pass
            except OSError:
                closed_by_server.add(i)
        time.sleep(min(2.0, max(0.0, deadline - time.monotonic())))
    stop.set()
    th.join()
    # Which idle connections the server has closed by now (recv returns b"" or an error).
    idle_closed = 0
    for i, s in socks:
        if i % 2 == 0:
            try:
                if s.recv(1) == b"":
                    idle_closed += 1
            except BlockingIOError:
                pass
            except OSError:
                idle_closed += 1
    for _, s in socks:
        s.close()

    ok = [lat for st, lat in results if st == 200 and lat <= MAX_LATENCY]
    worst = max((lat for _, lat in results), default=0.0)
    bad = [(st, round(lat, 2)) for st, lat in results if not (st == 200 and lat <= MAX_LATENCY)]
    print(f"slow connections: {len(socks)} open (connect failures {connect_failed}, opened in "
          f"{open_s:.1f} s), held {SECONDS:.0f} s; server closed {len(closed_by_server)} of the "
          f"slow-header ones and {idle_closed} of the idle ones")
    print(f"normal client during the attack: {len(ok)}/{len(results)} answered 200 within "
          f"{MAX_LATENCY:.1f} s, slowest {worst:.2f} s" + (f"; failed: {bad[:5]}" if bad else ""))
    if not results or bad or connect_failed > SLOW // 10:
        failures.append("normal client starved by slow connections")


def raw_exchange(data, timeout=10.0):
    """Sends raw bytes, returns the status code or 'closed'."""
    try:
        s = socket.create_connection((HOST, PORT), timeout=timeout)
        try:
            s.sendall(data)
        except OSError:
            pass  # the server may close while we are still sending
        buf = b""
        while b"\r\n" not in buf:
            chunk = s.recv(4096)
            if not chunk:
                break
            buf += chunk
        s.close()
        if not buf.startswith(b"HTTP/1."):
            return "closed"
        return int(buf.split(b" ", 2)[1])
    except OSError as e:
        return f"closed ({type(e).__name__})"


def phase_limits():
    head = "Host: 127.0.0.1\r\nConnection: close\r\n"
    checks = [
        ("request line of 9 KiB", "GET /v1/lookup?q=" + "a" * 9000 + " HTTP/1.1\r\n" + head + "\r\n",
         {414}),
        ("body of 70 KiB", "POST /admin/reload HTTP/1.1\r\n" + head +
         "Content-Type: application/json\r\nContent-Length: 71680\r\n\r\n" + "x" * 71680, {413}),
        ("header line of 9 KiB", "GET /healthz HTTP/1.1\r\n" + head + "X-Big: " + "b" * 9000 +
         "\r\n\r\n", None),
        ("1 MiB of headers (256 x 4 KiB)", "GET /healthz HTTP/1.1\r\n" + head +
         "".join(f"X-H{i}: {'h' * 4096}\r\n" for i in range(256)) + "\r\n", None),
    ]
    for name, data, expect in checks:
        got = raw_exchange(data.encode())
        if expect is not None:
            ok = got in expect
            want = "/".join(map(str, sorted(expect)))
        else:
            ok = got != 200 and (not isinstance(got, int) or 400 <= got < 500)
            want = "4xx or closed"
        print(f"limit: {name}: got {got}, want {want}: {'ok' if ok else 'NOT ENFORCED'}")
        if not ok:
            failures.append(f"limit not enforced: {name} (got {got})")


phase_slow()
phase_limits()
st, lat = normal_request("/healthz")
print(f"server afterwards: /healthz {st} in {lat:.2f} s")
if st != 200:
    failures.append("server not healthy afterwards")
if failures:
    print("FAIL slowloris: " + "; ".join(failures))
    sys.exit(1)
print("PASS slowloris")
