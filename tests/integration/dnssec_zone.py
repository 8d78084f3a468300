"""A DNSSEC-signed test zone served on loopback, for the DANE tests: ldns-keygen and
ldns-signzone (Debian's ldnsutils) sign it, unbound serves it as an auth-zone on a free
port (loopback_dns.Unbound), and the zone's DS record is the trust anchor a resolver is
given (`[dns] trust_anchor_file`)."""
import glob
import os
import shutil
import subprocess
import tempfile

from loopback_dns import Unbound


class SignedZone(Unbound):
    """ZONE ("dane.test") with RECORDS (zone file lines, names relative to the zone),
    signed and served on 127.0.0.1:port; trust_anchor is the path of its DS record."""

    def __init__(self, zone, records):
        self.zone = zone.rstrip(".")
        directory = tempfile.mkdtemp(prefix="carteiro-dnssec-")
        unsigned = os.path.join(directory, "zone")
        with open(unsigned, "w") as f:
            f.write(f"$ORIGIN {self.zone}.\n$TTL 300\n"
                    f"@ SOA ns.{self.zone}. hostmaster.{self.zone}. 1 3600 600 86400 300\n"
                    f"@ NS ns.{self.zone}.\nns A 127.0.0.1\n" + "\n".join(records) + "\n")
        key = subprocess.run(["ldns-keygen", "-a", "ECDSAP256SHA256", "-k", self.zone + "."], cwd=directory,
                             check=True, capture_output=True, text=True, timeout=60).stdout.strip()
        subprocess.run(["ldns-signzone", "-n", unsigned, key], cwd=directory, check=True, capture_output=True,
                       timeout=60)
        self.trust_anchor = glob.glob(os.path.join(directory, key + ".ds"))[0]
        super().__init__([], auth_zone=(self.zone, unsigned + ".signed"), directory=directory)

    def __exit__(self, *exc):
        super().__exit__(*exc)
        shutil.rmtree(self.dir, ignore_errors=True)
        return False
