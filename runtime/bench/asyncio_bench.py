#!/usr/bin/env python3
"""Python asyncio twin of rt_bench.cpp / asio_bench.cpp (run by run.sh).

Sizes are smaller than the C++ ones (Python is slower); every result is a
rate or a median, so the numbers stay comparable. Prints RESULT lines."""
import asyncio
import statistics
import sys
import threading
import time

POST_SELF_N = 1_000_000
POST_CROSS_N = 200_000
OFFLOAD_N = 5_000
TIMERS_N = 200_000
TIMER_SPREAD_S = 10e-6
ECHO_CONNS = 16
ECHO_ROUND_TRIPS = 500
ECHO_MSG = 1024


def report(name, value, unit, higher):
    print(f"RESULT {name} {value:.6g} {unit} {'higher' if higher else 'lower'}", flush=True)


def post_self():
    loop = asyncio.new_event_loop()
    count = 0

    def repost():
        nonlocal count
        count += 1
        if count < POST_SELF_N:
            loop.call_soon(repost)
        else:
            loop.stop()

    loop.call_soon(repost)
    t0 = time.perf_counter()
    loop.run_forever()
    report("post_self", count / (time.perf_counter() - t0), "ops/s", True)
    loop.close()


def post_cross():
    loop = asyncio.new_event_loop()
    count = 0

    def inc():
        nonlocal count
        count += 1

    def producer():
        for _ in range(POST_CROSS_N):
            loop.call_soon_threadsafe(inc)
        loop.call_soon_threadsafe(loop.stop)

    t0 = time.perf_counter()
    th = threading.Thread(target=producer)
    th.start()
    loop.run_forever()
    dt = time.perf_counter() - t0
    th.join()
    report("post_cross", count / dt, "ops/s", True)
    loop.close()


async def offload_body(samples):
    for i in range(200):
        await asyncio.to_thread(lambda: 1)
    for i in range(OFFLOAD_N):
        t0 = time.perf_counter()
        v = await asyncio.to_thread(lambda i=i: i)
        samples.append((time.perf_counter() - t0) * 1e6)
        assert v == i


def offload():
    samples = []
    asyncio.run(offload_body(samples))
    report("offload_rtt_default", statistics.median(samples), "us", False)


def timers():
    loop = asyncio.new_event_loop()
    fired = 0

    def fire():
        nonlocal fired
        fired += 1
        if fired == TIMERS_N:
            loop.stop()

    t0 = time.perf_counter()
    for i in range(TIMERS_N):
        loop.call_later((i % 1000) * TIMER_SPREAD_S, fire)
    loop.run_forever()
    report("timers_1e6", fired / (time.perf_counter() - t0), "timers/s", True)
    loop.close()


async def echo_main():
    async def session(reader, writer):
        while True:
            data = await reader.read(16384)
            if not data:
                break
            writer.write(data)
            await writer.drain()
        writer.close()

    server = await asyncio.start_server(session, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    total = 0

    async def client():
        nonlocal total
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        msg = b"x" * ECHO_MSG
        for _ in range(ECHO_ROUND_TRIPS):
            writer.write(msg)
            await writer.drain()
            # Await first: `total += len(await ...)` would read `total` before
            # suspending and lose the other clients' updates.
            data = await reader.readexactly(ECHO_MSG)
            total += len(data)
        writer.close()

    t0 = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(ECHO_CONNS)))
    dt = time.perf_counter() - t0
    server.close()
    report("tcp_echo", total / dt / 1e6, "MB/s", True)


def tcp_echo():
    asyncio.run(echo_main())


def main():
    wanted = set(sys.argv[1:]) or {"all"}
    for name, fn in [("post_self", post_self), ("post_cross", post_cross),
                     ("offload", offload), ("timers", timers), ("tcp_echo", tcp_echo)]:
        if "all" in wanted or name in wanted:
            fn()


if __name__ == "__main__":
    main()
