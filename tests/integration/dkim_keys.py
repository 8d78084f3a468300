"""A DKIM key for tests: made with openssl, with the TXT record that publishes it, split
into character-strings the loopback DNS zone can hold."""
import base64
import os
import subprocess


def txt_strings(text, size=200):
    """TEXT as quoted character-strings of at most SIZE octets (RFC 1035 section 3.3)."""
    return " ".join(f'"{text[i:i + size]}"' for i in range(0, len(text), size))


def rsa_key(directory):
    """A new RSA-2048 key in DIRECTORY: (the private key as PEM bytes, its DKIM key record)."""
    key_file = os.path.join(directory, "key.pem")
    subprocess.run(["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048",
                    "-out", key_file], check=True, capture_output=True)
    public_der = subprocess.run(["openssl", "pkey", "-in", key_file, "-pubout", "-outform", "DER"],
                                check=True, capture_output=True).stdout
    with open(key_file, "rb") as f:
        key = f.read()
    return key, "v=DKIM1; k=rsa; p=" + base64.b64encode(public_der).decode()
