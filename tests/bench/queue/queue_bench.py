#!/usr/bin/env python3
"""Outbound queue benchmark (not a test). COUNT messages are queued while the receiver is
down (every one tried once and deferred), then the receiver (smtp-sink) comes up, the queue
is flushed, and we time how long the queue takes to empty: messages/s delivered by the queue
alone. Carteiro relays through [relay] to the sink with up to 10 connections; Postfix sends
relay.test to the same sink with its defaults (destination concurrency 20). See run.sh."""
import os
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import benchlib  # noqa: E402
from benchlib import harness, wait_until  # noqa: E402

CONNECTIONS = 10
SINK_USER = "carteiro-ref"  # smtp-sink drops root privileges to this user (made by reference.sh)


def port_is_free(port):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def inject(port, count, size, recipient):
    """smtp-source: COUNT messages of SIZE bytes over 10 sessions, one transaction each."""
    return benchlib.smtp_source(port, count, size, CONNECTIONS, "bench@sender.test", recipient)


class Sink:
    def __init__(self, port):
        if not port_is_free(port):
            raise SystemExit(f"port {port} is busy: another sink or benchmark is running on the relay port")
        self.proc = subprocess.Popen(["smtp-sink", "-u", SINK_USER, f"127.0.0.1:{port}", "1000"])
        wait_until(lambda: not port_is_free(port), 10, "smtp-sink to listen")

    def close(self):
        self.proc.terminate()
        self.proc.wait()


def carteiro_queue_size(c, attempted_only=False):
    where = " WHERE attempts >= 1" if attempted_only else ""
    return benchlib.query_one(c, "SELECT COUNT(*) FROM queue" + where)


def bench_carteiro(count, size, relay_port):
    toml = (f'[relay]\nhost = "127.0.0.1"\nport = {relay_port}\nstarttls = false\n'
            f"[queue]\nretry_interval = 3600\nmax_per_host = {CONNECTIONS}\nmax_parallel = {CONNECTIONS}\n")
    with harness.Carteiro(hostname="mail.bench.test", extra_toml=toml) as c:
        c.add_domain("bench.test")
        c.cli("alias", "add", "queue@bench.test", "sink@relay.test")
        took = inject(c.port["smtp"], count, size, "queue@bench.test")
        print(f"carteiro: {count} messages accepted in {took:.1f}s; waiting for the first attempts")
        wait_until(lambda: carteiro_queue_size(c, attempted_only=True) >= count, 600, "every message tried once")
        sink = Sink(relay_port)
        try:
            t0 = time.perf_counter()
            c.cli("queue", "flush")
            wait_until(lambda: carteiro_queue_size(c) == 0, 1800, "Carteiro's queue to empty")
            return time.perf_counter() - t0
        finally:
            sink.close()


def postfix_queue_files(queue_dir):
    total = 0
    for sub in ("incoming", "active", "deferred", "maildrop", "hold"):
        for _, _, files in os.walk(os.path.join(queue_dir, sub)):
            total += len(files)
    return total


def bench_postfix(count, size, reference_dir, smtp_port, relay_port):
    queue_dir = os.path.join(reference_dir, "postfix-queue")
    conf = os.path.join(reference_dir, "postfix")
    if postfix_queue_files(queue_dir):
        raise SystemExit(f"the reference queue is not empty ({queue_dir}): run `postqueue -c {conf} -p`")
    took = inject(smtp_port, count, size, "sink@relay.test")
    print(f"postfix:  {count} messages accepted in {took:.1f}s; waiting for the first attempts")
    deferred = os.path.join(queue_dir, "deferred")
    wait_until(lambda: sum(len(f) for _, _, f in os.walk(deferred)) >= count, 600, "every message deferred once")
    sink = Sink(relay_port)
    try:
        t0 = time.perf_counter()
        subprocess.run(["postqueue", "-c", conf, "-f"], check=True)
        wait_until(lambda: postfix_queue_files(queue_dir) == 0, 1800, "Postfix's queue to empty")
        return time.perf_counter() - t0
    finally:
        sink.close()


def main():
    a = benchlib.arguments(__doc__, count=10000)
    ports = benchlib.reference_ports(a.reference_dir)

    carteiro = bench_carteiro(a.count, a.size, ports["RELAY_PORT"])
    postfix = bench_postfix(a.count, a.size, a.reference_dir, ports["SMTP_PORT"], ports["RELAY_PORT"])
    print(f"queue delivery of {a.count} queued messages ({a.size} bytes) to smtp-sink on loopback:")
    for name, seconds in (("carteiro", carteiro), ("postfix", postfix)):
        print(f"{name:<10} {seconds:>7.2f} s  {a.count / seconds:>7.0f} msg/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
