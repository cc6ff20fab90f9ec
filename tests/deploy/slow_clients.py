#!/usr/bin/env python3
"""Slowloris through the front (loopback only).

  slow_clients.py PORT PATHS_FILE [SLOW_CONNECTIONS=1000] [SECONDS=30] [P99_MS=100]

The attacker, from 127.0.0.2 (an untrusted address for the front), keeps SLOW_CONNECTIONS
connections open for SECONDS: half idle, half sending one more header line every second and
never finishing; every connection the front closes is opened again at once. Meanwhile four
normal clients from 127.0.0.1 each make a request every 20 ms (a new connection every tenth
request, keep-alive otherwise) over the paths in PATHS_FILE. PASS when every normal request
was answered 200 and their p99 latency is below P99_MS. Prints the figures and PASS/FAIL.
"""
import http.client
import multiprocessing
import socket
import sys
import threading
import time

HOST, ATTACKER = "127.0.0.1", "127.0.0.2"
PORT = int(sys.argv[1])
PATHS = [p for p in open(sys.argv[2]).read().split() if p]
SLOW = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
SECONDS = float(sys.argv[4]) if len(sys.argv) > 4 else 30.0
P99_MS = float(sys.argv[5]) if len(sys.argv) > 5 else 100.0
CLIENTS = 4


def open_slow(i):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind((ATTACKER, 0))
    s.settimeout(5)
    s.connect((HOST, PORT))
    s.setblocking(False)
    if i % 2:
        s.send(b"GET /v1/lookup?town=Boston HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    return s


def closed_by_peer(s):
    try:
        return s.recv(4096) == b""  # a 408 or a bare close: either way the front gave up on it
    except (BlockingIOError, InterruptedError):
        return False
    except OSError:
        return True


def attacker(stop, result):
    stats = {"connect_failures": 0, "closed_by_front": 0, "opened": 0}
    socks = {}
    for i in range(SLOW):
        try:
            socks[i] = open_slow(i)
        except OSError:
            stats["connect_failures"] += 1
    stats["opened"] = len(socks)
    n = 0
    while not stop.is_set():
        n += 1
        for i in list(socks):
            s = socks[i]
            if closed_by_peer(s):
                s.close()
                stats["closed_by_front"] += 1
                try:
                    socks[i] = open_slow(i)
                except OSError:
                    stats["connect_failures"] += 1
                    del socks[i]
                continue
            if i % 2:
                try:
                    s.send(f"X-Slow-{n}: xxxxxxxx\r\n".encode())
                except (BlockingIOError, InterruptedError):
                    pass
                except OSError:
                    pass  # noticed as closed on the next round
        stats["open_min"] = min(stats.get("open_min", SLOW), len(socks))
        stop.wait(1.0)
    for s in socks.values():
        s.close()
    result.put(stats)


def normal_client(k, stop, latencies, errors):
    conn = None
    i = k
    while not stop.is_set():
        path = PATHS[i % len(PATHS)]
        i += CLIENTS
        t0 = time.monotonic()
        try:
            if conn is None or i % 10 == 0:
                if conn is not None:
                    conn.close()
                conn = http.client.HTTPConnection(HOST, PORT, timeout=5)
            conn.request("GET", path)
            r = conn.getresponse()
            r.read()
            if r.status != 200:
                errors.append(f"{path}: {r.status}")
            latencies.append((time.monotonic() - t0) * 1000)
        except (OSError, http.client.HTTPException) as e:
            errors.append(f"{path}: {type(e).__name__}")
            conn = None
        stop.wait(0.02)


def main():
    # The attacker runs in its own process, so that it does not hold this one's GIL while the
    # normal clients measure.
    stop_attack, result = multiprocessing.Event(), multiprocessing.Queue()
    stop_clients = threading.Event()
    t_attack = multiprocessing.Process(target=attacker, args=(stop_attack, result))
    t_attack.start()
    time.sleep(2)  # let the attacker open its connections first
    latencies, errors = [], []
    clients = [threading.Thread(target=normal_client, args=(k, stop_clients, latencies, errors))
               for k in range(CLIENTS)]
    for c in clients:
        c.start()
    time.sleep(SECONDS)
    stop_clients.set()
    for c in clients:
        c.join()
    stop_attack.set()
    stats = result.get(timeout=60)
    t_attack.join()

    latencies.sort()
    p = lambda q: latencies[min(len(latencies) - 1, int(len(latencies) * q))] if latencies else 0.0
    print(f"slow connections from {ATTACKER}: {stats['opened']} opened, at least "
          f"{stats.get('open_min', 0)} open at any time, {stats['closed_by_front']} closed by the "
          f"front (header timeout) and reopened, {stats['connect_failures']} connect failures; "
          f"held {SECONDS:.0f} s")
    print(f"normal clients ({CLIENTS} from {HOST}): {len(latencies)} answered, {len(errors)} errors, "
          f"p50 {p(0.5):.1f} ms, p99 {p(0.99):.1f} ms, max {p(1.0):.1f} ms (target p99 < {P99_MS:.0f} ms)"
          + (f"; errors: {errors[:5]}" if errors else ""))
    failures = []
    if errors or not latencies:
        failures.append("normal clients saw errors")
    if p(0.99) >= P99_MS:
        failures.append(f"p99 {p(0.99):.1f} ms >= {P99_MS:.0f} ms")
    if stats["opened"] < SLOW * 9 // 10:
        failures.append(f"only {stats['opened']} of {SLOW} slow connections opened")
    if failures:
        print("FAIL slowloris through the front: " + "; ".join(failures))
        sys.exit(1)
    print("PASS slowloris through the front")


main()
