#!/usr/bin/python3
"""Checks that pyspf (Debian python3-spf) gives the results written in
mailauth_spf_interop_cases.txt, on the DNS data written there: the other half of
mailauth_spf_interop_test.cpp. Run with the system Python: /usr/bin/python3 <this file>."""
import ipaddress
import pathlib
import sys

import spf

CASES = pathlib.Path(__file__).with_name("mailauth_spf_interop_cases.txt")


def load(path):
    records, timeouts, cases = {}, set(), []
    for line in path.read_text().splitlines():
        words = line.split()
        if not words or words[0].startswith("#"):
            continue
        kind = words[0]
        if kind == "txt":
            text = line.split(None, 2)[2]
            records.setdefault((words[1].lower(), "TXT"), []).append([text.encode()])
        elif kind == "a":
            qtype = "A" if ipaddress.ip_address(words[2]).version == 4 else "AAAA"
            records.setdefault((words[1].lower(), qtype), []).append(words[2])
        elif kind == "mx":
            records.setdefault((words[1].lower(), "MX"), []).append((10, words[2]))
        elif kind == "ptr":
            name = ipaddress.ip_address(words[1]).reverse_pointer
            records.setdefault((name, "PTR"), []).append(words[2])
        elif kind == "timeout":
            timeouts.add(words[1].lower())
        elif kind == "check":
            cases.append(words[1:5])
        else:
            raise SystemExit(f"unreadable line: {line}")
    return records, timeouts, cases


def main():
    records, timeouts, cases = load(CASES)

    def lookup(name, qtype, *args, **kwargs):
        name = name.lower().rstrip(".")
        if name in timeouts:
            raise spf.TempError(f"DNS timeout for {name}")
        return [((name, qtype), value) for value in records.get((name, qtype), [])]

    spf.DNSLookup = lookup
    failures = 0
    for ip, mail_from, helo, expected in cases:
        sender = "" if mail_from == "<>" else mail_from
        result, _explanation = spf.check2(i=ip, s=sender, h=helo)
        if result != expected:
            failures += 1
            print(f"{ip} {mail_from} {helo}: pyspf says {result}, the cases say {expected}")
    print(f"{len(cases) - failures} of {len(cases)} cases agree with pyspf")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
