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


def make_ca(directory, name="test-ca"):
    """Writes NAME.pem and NAME.key in DIRECTORY: a CA for tests that need certificates
    which verify (give NAME.pem as the CA file); returns (cert_path, key_path)."""
    cert = os.path.join(directory, name + ".pem")
    key = os.path.join(directory, name + ".key")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-keyout", key, "-out", cert, "-days", "30", "-subj", "/CN=Carteiro Test CA",
                    "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"],
                   check=True, capture_output=True, timeout=60)
    return cert, key


def make_signed_certificate(directory, name, ca, names):
    """Writes NAME.pem and NAME.key in DIRECTORY: a server certificate for the DNS NAMES
    (the first is also the CN) issued by CA ((cert, key) of make_ca); returns their paths."""
    cert = os.path.join(directory, name + ".pem")
    key = os.path.join(directory, name + ".key")
    request = os.path.join(directory, name + ".csr")
    extensions = os.path.join(directory, name + ".ext")
    with open(extensions, "w") as f:
        f.write("subjectAltName=" + ",".join("DNS:" + n for n in names) + "\n"
                "basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n")
    subprocess.run(["openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-keyout", key, "-out", request, "-subj", f"/CN={names[0]}"],
                   check=True, capture_output=True, timeout=60)
    subprocess.run(["openssl", "x509", "-req", "-in", request, "-CA", ca[0], "-CAkey", ca[1], "-CAcreateserial",
                    "-out", cert, "-days", "30", "-extfile", extensions],
                   check=True, capture_output=True, timeout=60)
    return cert, key
