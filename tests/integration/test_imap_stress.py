"""A short IMAP stress load (imap_stress.py): six clients of one account for eight seconds
on shared mailboxes, every response checked; zero errors. The long variant is
tests/bench/imap_stress."""
import unittest

import harness
import imap_stress


class StressTest(harness.ServerTestCase):
    def test_six_clients_for_eight_seconds_see_a_consistent_mailbox(self):
        address = self.new_account("stress")
        errors, stats = imap_stress.run(self.server.port["imap"], address, "secret", clients=6, seconds=8)
        self.assertEqual(errors, [])
        for verb in ("SELECT", "FETCH", "STORE", "UID STORE", "EXPUNGE", "APPEND", "COPY"):
            self.assertGreater(stats.get(verb, 0), 0, (verb, stats))


if __name__ == "__main__":
    unittest.main()
