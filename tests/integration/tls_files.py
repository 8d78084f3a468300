"""Certificates for the TLS tests, made with Debian's openssl command."""
import os
import ssl
import subprocess


def make_certificate(directory, name, common_name, days=365, rsa=False):
    """Writes NAME.pem and NAME.key (self-signed for COMMON_NAME) in DIRECTORY; returns
    (cert_path, key_path)."""
    cert = os.path.join(directory, name + ".pem")
    key = os.path.join(directory, name + ".key")
    algorithm = ["-newkey", "rsa:2048"] if rsa else ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"]
    subprocess.run(["openssl", "req", "-x509", *algorithm, "-nodes", "-keyout", key, "-out", cert,
                    "-days", str(days), "-subj", f"/CN={common_name}", "-addext", f"subjectAltName=DNS:{common_name}"],
                   check=True, capture_output=True, timeout=60)
    return cert, key


def der_of(cert_path):
    with open(cert_path) as f:
        return ssl.PEM_cert_to_DER_cert(f.read())
