"""Every SMTP dialogue of the course material (shared/lab/smtp-*.txt), typed as a student
would, against the lab profile: each reply code as the dialogue shows it."""
import os
import unittest

import harness
import lab_replay
from smtp_store import StoreView


class SmtpLabDialogues(unittest.TestCase):
    def test_every_smtp_dialogue(self):
        files = lab_replay.lab_files("smtp-")
        self.assertTrue(files, "no smtp-*.txt in " + lab_replay.SHARED_LAB)
        for path in files:
            with self.subTest(dialogue=os.path.basename(path)):
                with harness.Carteiro(lab=True, transcript=True) as c:
                    lab_replay.replay(c, path)
                    self.assertGreater(StoreView(c.db_path()).messages(), 0)


if __name__ == "__main__":
    unittest.main()
