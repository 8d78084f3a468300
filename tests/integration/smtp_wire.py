"""A raw SMTP client for tests that need to send what smtplib will not (bad input,
pipelined groups, bare LF), reading whole replies."""
import socket
import ssl


class SmtpWire:
    def __init__(self, port, timeout=30, host="127.0.0.1"):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.buf = b""

    def wrap_tls(self, context):
        self.sock = context.wrap_socket(self.sock, server_hostname="mail.example.test")
        self.buf = b""

    def send(self, data):
        """Sends DATA (str or bytes) as is: no line ending added."""
        if isinstance(data, str):
            data = data.encode("utf-8")
        self.sock.sendall(data)

    def cmd(self, line):
        """Sends LINE + CRLF and returns the reply's code."""
        self.send(line + "\r\n")
        return self.code()

    def ask(self, line):
        """Sends LINE + CRLF and returns the whole reply: (code, [texts])."""
        self.send(line + "\r\n")
        return self.reply()

    def line(self):
        while b"\n" not in self.buf:
            data = self.sock.recv(65536)
            if not data:
                raise ConnectionError("server closed the connection")
            self.buf += data
        line, self.buf = self.buf.split(b"\n", 1)
        return line.rstrip(b"\r").decode("utf-8", "replace")

    def reply(self):
        """One whole reply (multi-line included): (code, [texts])."""
        lines = [self.line()]
        while len(lines[-1]) >= 4 and lines[-1][3] == "-":
            lines.append(self.line())
        return int(lines[0][:3]), [l[4:] for l in lines]

    def code(self):
        return self.reply()[0]

    def closed(self, timeout=10):
        """True when the server closes the connection (EOF) within TIMEOUT."""
        self.sock.settimeout(timeout)
        try:
            while True:
                data = self.sock.recv(65536)
                if not data:
                    return True
                self.buf += data
        except (ConnectionResetError, ssl.SSLError):
            return True
        except socket.timeout:
            return False

    def close(self):
        self.sock.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False
