"""Benchmark, not a test: the IMAP stress load of tests/integration/imap_stress.py with
more clients for longer, against a fresh carteirod; prints the commands run and every
inconsistency found (exit status 1 if any).
    CARTEIRO_BUILD=/work/main/build-release python3 tests/bench/imap_stress/imap_stress_bench.py --clients 10 --seconds 25"""
import argparse
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "integration"))
import harness  # noqa: E402
import imap_stress  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=10)
    ap.add_argument("--seconds", type=float, default=25)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    address = "stress@example.test"
    with harness.Carteiro() as server:
        server.add_account(address, "secret")
        started = time.monotonic()
        errors, stats = imap_stress.run(server.port["imap"], address, "secret", args.clients, args.seconds,
                                        seed=args.seed)
        elapsed = time.monotonic() - started
    total = sum(stats.values())
    print(f"{args.clients} clients, {elapsed:.1f} s: {total} commands ({total / elapsed:.0f}/s)")
    for verb, n in sorted(stats.items()):
        print(f"  {verb:10} {n}")
    print(f"{len(errors)} errors")
    for e in errors:
        print("  " + e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
