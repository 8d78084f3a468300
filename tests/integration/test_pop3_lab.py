"""The POP3 dialogues of the course material (../shared/lab/pop3-*.txt), typed as the
students type them, against the lab profile."""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import lab_replay  # noqa: E402


class Pop3LabTest(unittest.TestCase):
    def test_dialogues(self):
        files = lab_replay.lab_files("pop3-")
        self.assertGreaterEqual(len(files), 2, lab_replay.SHARED_LAB)
        for path in files:
            with self.subTest(dialogue=os.path.basename(path)):
                with harness.Carteiro(lab=True, transcript=True) as c:
                    lab_replay.replay(c, path)


if __name__ == "__main__":
    unittest.main()
