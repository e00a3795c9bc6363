#!/usr/bin/env python3
"""Bursts of concurrent large Pub/Sub push envelopes against a function's built output (issue 15 item 6).

Starts DLL (e.g. functions/Aggregator/bin/Release/net10.0/Aggregator.dll) on a free loopback port with the embedded
backend, then sends BURSTS bursts of N concurrent envelopes of about ENVELOPE_MIB MiB each and prints, per burst, the
answers by status, the peak and the after-burst resident set size (/proc/PID/status VmRSS, sampled every 20 ms), and
at the end how many OutOfMemoryException lines the function logged.
PAYLOAD=batch (default): each envelope's data is a valid raw-tick trade batch of the current minute (about 90,000
trades; the Aggregator decodes, aggregates and stores it). PAYLOAD=junk: random bytes (dead-lettered).
HEAP_LIMIT=0x18000000 sets DOTNET_GCHeapHardLimit (384 MiB, .NET's default in a 512 MiB Cloud Run container);
EXTRA_ENV="Hosting__MaxConcurrentLargeBodies=2 ..." adds variables.
Usage: [HEAP_LIMIT=0x...] [PAYLOAD=junk] [N=40] [BURSTS=3] python3 measure-body-burst.py DLL
"""
import base64, collections, http.client, json, os, socket, subprocess, sys, tempfile, threading, time

dll = sys.argv[1]
limit = os.environ.get("HEAP_LIMIT")
n = int(os.environ.get("N", "40"))
bursts = int(os.environ.get("BURSTS", "3"))
envelope_bytes = int(os.environ.get("ENVELOPE_MIB", "8")) * 1024 * 1024
payload = os.environ.get("PAYLOAD", "batch")
extra = dict(kv.split("=", 1) for kv in os.environ.get("EXTRA_ENV", "").split() if kv)

s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
work = tempfile.mkdtemp(prefix="cst-burst-")
env = {k: v for k, v in os.environ.items() if k not in ("K_SERVICE", "GOOGLE_CLOUD_PROJECT", "FUNCTION_TARGET")}
env.update(PORT=str(port), CST_BACKEND="embedded", CST_SQLITE_PATH=os.path.join(work, "cst.db"), CST_LISTEN_ADDRESS="127.0.0.1")
if limit:
    env["DOTNET_GCHeapHardLimit"] = limit
env.update(extra)
log_path = os.path.join(work, "function.log")
log = open(log_path, "w")
p = subprocess.Popen(["dotnet", dll], env=env, stdout=log, stderr=subprocess.STDOUT)

def rss_mib():
    try:
        with open(f"/proc/{p.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) // 1024
    except FileNotFoundError:
        pass
    return -1

for _ in range(600):
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=2); c.request("GET", "/health")
        if c.getresponse().status == 200:
            break
    except OSError:
        pass
    time.sleep(0.1)
else:
    print("the function never answered /health; log in", log_path); p.kill(); sys.exit(2)

minute = int(time.time() // 60) * 60_000
data_bytes = (envelope_bytes - 400) * 3 // 4

def envelope(seq):
    if payload == "junk":
        data = os.urandom(data_bytes)
        message = {"data": base64.b64encode(data).decode(), "messageId": str(seq)}
    else:
        one = len(json.dumps([minute, "B", 65000.5, 0.001, "%032x" % 1])) + 1
        count = data_bytes // one
        data = json.dumps({"v": 1, "kind": "trades", "symbol": "BTCUSDT", "run": "burst", "minuteMs": minute,
                           "minute": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(minute / 1000)), "seq": seq,
                           "trades": [[minute + (i * 59_000 // count), "B", 65000.5, 0.001, "%032x" % (seq * 10_000_000 + i)] for i in range(count)]},
                          separators=(",", ":")).encode()
        message = {"data": base64.b64encode(data).decode(), "messageId": str(seq), "attributes": {"kind": "trades"},
                   "publishTime": "2026-12-07T00:00:00Z", "orderingKey": "BTCUSDT"}
    return json.dumps({"message": message, "subscription": "projects/p/subscriptions/s"}).encode()

bodies = [envelope(i + 1) for i in range(n)]
print(f"{os.path.basename(dll)} heap limit {limit or 'none'}, {n} x {len(bodies[0]):,}-byte {payload} envelopes, RSS at start {rss_mib()} MiB", flush=True)
for b in range(bursts):
    statuses = collections.Counter(); peak = [0]; stop = threading.Event()

    def sample():
        while not stop.is_set():
            peak[0] = max(peak[0], rss_mib()); time.sleep(0.02)

    def send(body):
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
            c.request("POST", "/", body=body, headers={"Content-Type": "application/json"})
            r = c.getresponse(); r.read(); statuses[r.status] += 1
        except Exception as e:  # a dropped connection counts as a failure
            statuses[type(e).__name__] += 1

    sampler = threading.Thread(target=sample); sampler.start()
    start = time.time()
    threads = [threading.Thread(target=send, args=(body,)) for body in bodies]
    for t in threads: t.start()
    for t in threads: t.join()
    stop.set(); sampler.join()
    time.sleep(1)
    print(f"burst {b + 1}: {dict(statuses)} in {time.time() - start:.1f} s, peak RSS {peak[0]} MiB, after {rss_mib()} MiB", flush=True)
p.terminate(); p.wait(30); log.close()
print("OutOfMemoryException lines in the function's log:", open(log_path).read().count("OutOfMemoryException"))
