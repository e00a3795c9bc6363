#!/usr/bin/env python3
"""Start-up time of each function's published output beside a bare ASP.NET Core app, started the same way.

Publishes Ingestor, Aggregator and startup/BareApp (Release, linux-x64, framework-dependent, ReadyToRun as the
Dockerfile does), then starts each RUNS times, alternating, with PORT=<free port> and the embedded backend, and
times process start to the first 200 from GET /health. Prints min / median / max per app.
Usage: python3 tests/CryptoSignalTracker.Pipeline.Tests/startup/measure-startup.py [RUNS]
"""
import os, socket, statistics, subprocess, sys, tempfile, time, urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 15
APPS = {
    "Ingestor": "functions/Ingestor/Ingestor.csproj",
    "Aggregator": "functions/Aggregator/Aggregator.csproj",
    "BareApp": "tests/CryptoSignalTracker.Pipeline.Tests/startup/BareApp/BareApp.csproj",
}

def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close(); return port

def publish(name, project, out):
    subprocess.run(["dotnet", "publish", os.path.join(ROOT, project), "-c", "Release", "-r", "linux-x64", "--self-contained", "false",
                    "-p:PublishReadyToRun=true", "-o", out, "--nologo", "-v", "q"], check=True)
    return os.path.join(out, name)

def once(exe, tmp):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("K_SERVICE", "GOOGLE_CLOUD_PROJECT", "ASPNETCORE_URLS")}
    env.update(PORT=str(port), CST_BACKEND="embedded", CST_SQLITE_PATH=os.path.join(tmp, f"m{port}.db"), SYMBOLS="BTCUSDT",
               Bybit__Url=f"ws://127.0.0.1:{free_port()}/v5/public/linear")
    start = time.perf_counter()
    proc = subprocess.Popen([exe], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as r:
                    if r.status == 200:
                        return (time.perf_counter() - start) * 1000
            except OSError:
                if proc.poll() is not None:
                    raise RuntimeError(f"{exe} exited with {proc.returncode}")
                time.sleep(0.002)
    finally:
        proc.terminate(); proc.wait()

def main():
    with tempfile.TemporaryDirectory() as tmp:
        exes = {n: publish(n, p, os.path.join(tmp, n)) for n, p in APPS.items()}
        times = {n: [] for n in APPS}
        for _ in range(RUNS):
            for n, exe in exes.items():
                times[n].append(once(exe, tmp))
        print(f"process start -> first 200 from /health, {RUNS} runs each, alternating (ms)")
        print(f"{'app':<12}{'min':>8}{'median':>8}{'max':>8}")
        for n, t in times.items():
            print(f"{n:<12}{min(t):>8.0f}{statistics.median(t):>8.0f}{max(t):>8.0f}")

if __name__ == "__main__":
    main()
