"""No container engine runs on our machines, so this checks what can be checked: the
compose file parses and maps every standard port to the listener the config binds, the
health check probes SMTP, and the Dockerfile builds with the same commands as scripts/run.sh."""
import os
import re
import subprocess
import unittest

import yaml

import harness

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


def read(path):
    with open(os.path.join(ROOT, path)) as f:
        return f.read()


class ContainerFilesTest(unittest.TestCase):
    def test_compose_maps_standard_ports(self):
        compose = yaml.safe_load(read("docker/docker-compose.yml"))
        mail = compose["services"]["mail"]
        ports = {int(p.split(":")[0]): int(p.split(":")[1]) for p in mail["ports"]}
        self.assertEqual(ports, {25: 2025, 587: 2587, 465: 2465, 110: 2110, 995: 2995, 143: 2143, 993: 2993,
                                 4190: 6190})
        self.assertIn("2025", " ".join(mail["healthcheck"]["test"]))
        self.assertTrue(any(v.endswith(":/data") for v in mail["volumes"]))
        self.assertEqual(mail["build"]["dockerfile"], "docker/Dockerfile")

    def test_docker_config_binds_the_mapped_ports(self):
        r = subprocess.run([harness.CARTEIROD, "--config", os.path.join(ROOT, "conf", "docker.toml"),
                            "--check-config"], capture_output=True, text=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        conf = read("conf/docker.toml")
        for port in (2025, 2587, 2465, 2110, 2995, 2143, 2993, 6190):
            self.assertIn(f"0.0.0.0:{port}", conf)
        self.assertIn('data_dir = "/data"', conf)

    def test_dockerfile_builds_like_the_run_script(self):
        dockerfile = read("docker/Dockerfile")
        run = read("scripts/run.sh")
        cmake_configure = re.search(r"cmake -S \. -B build-release [^\n>]*", run).group(0).strip()
        self.assertIn(cmake_configure, dockerfile.replace("\\\n", " ").replace("  ", " "))
        self.assertIn("scripts/install-deps.sh", dockerfile)
        self.assertIn("USER carteiro", dockerfile)
        self.assertIn('VOLUME ["/data"]', dockerfile)
        self.assertIn("HEALTHCHECK", dockerfile)
        for path in re.findall(r"COPY (?:--from=\S+ )?(\S+) ", dockerfile):
            if not path.startswith("/") and path != ".":
                self.assertTrue(os.path.exists(os.path.join(ROOT, path)), path)


if __name__ == "__main__":
    unittest.main()
