"""Starting, failing to start, stopping, and what a reader sees when the store breaks."""
import os
import signal
import sqlite3
import tempfile
import unittest

from harness import Server, run_cli


class StartAndStop(unittest.TestCase):
    def test_help_and_version(self):
        result = run_cli("--help")
        self.assertEqual(result.returncode, 0)
        self.assertIn("serve", result.stdout)
        self.assertEqual(run_cli("--version").returncode, 0)

    def test_unknown_command_or_flag_is_exit_2(self):
        self.assertEqual(run_cli("frobnicate").returncode, 2)
        self.assertEqual(run_cli("serve", "--no-such-flag").returncode, 2)
        self.assertEqual(run_cli("serve", "--threads", "0").returncode, 2)

    def test_bad_config_file_is_one_line_and_exit_2(self):
        with tempfile.TemporaryDirectory() as tmp:
            cases = {
                "syntax.toml": 'title = "unclosed\n',
                "unknown.toml": 'titel = "typo"\n',
                "zone.toml": 'timezone = "Mars/Olympus_Mons"\n',
                "listen.toml": 'listen = "nowhere"\n',
                "type.toml": "threads = \"many\"\n",
            }
            for name, text in cases.items():
                path = os.path.join(tmp, name)
                with open(path, "w") as f:
                    f.write(text)
                # The listen case must not be overridden by a --listen flag.
                listen = [] if name == "listen.toml" else ["--listen", "127.0.0.1:0"]
                result = run_cli("serve", "--config", path, "--data", os.path.join(tmp, "d"),
                                 *listen, timeout=20)
                self.assertEqual(result.returncode, 2, name + result.stderr)
                self.assertEqual(len(result.stderr.strip().splitlines()), 1, result.stderr)
                self.assertTrue(result.stderr.startswith("marquee: "), result.stderr)
            result = run_cli("serve", "--config", os.path.join(tmp, "missing.toml"))
            self.assertEqual(result.returncode, 2)

    def test_unusable_data_dir_is_exit_2(self):
        with tempfile.TemporaryDirectory() as tmp:
            a_file = os.path.join(tmp, "file")
            with open(a_file, "w") as f:
                f.write("not a folder")
            for data in (a_file, os.path.join(a_file, "below"), "/proc/marquee"):
                result = run_cli("serve", "--data", data, "--listen", "127.0.0.1:0")
                self.assertEqual(result.returncode, 2, data + result.stderr)
                self.assertEqual(len(result.stderr.strip().splitlines()), 1, result.stderr)
            # A data folder whose database file is not a database.
            data = os.path.join(tmp, "corrupt")
            os.makedirs(data)
            with open(os.path.join(data, "marquee.db"), "wb") as f:
                f.write(b"this is not sqlite" * 100)
            result = run_cli("serve", "--data", data, "--listen", "127.0.0.1:0")
            self.assertEqual(result.returncode, 2, result.stderr)
            with open(os.path.join(data, "marquee.db"), "rb") as f:
                self.assertEqual(f.read(), b"this is not sqlite" * 100, "a bad file is left as it was")

    def test_port_in_use_is_exit_2(self):
        server = Server(demo=False)
        try:
            result = run_cli("serve", "--listen", "127.0.0.1:%d" % server.port, "--data",
                             os.path.join(server.tmp, "other"))
            self.assertEqual(result.returncode, 2, result.stderr)
        finally:
            server.stop()
            server.cleanup()

    def test_sigterm_and_sigint_stop_cleanly(self):
        for sig in (signal.SIGTERM, signal.SIGINT):
            server = Server(demo=False)
            try:
                self.assertEqual(server.get("/")[0], 200)
                self.assertEqual(server.stop(sig), 0, server.logs())
            finally:
                server.cleanup()

    def test_restart_keeps_content_and_does_not_load_the_demo_twice(self):
        # The site's address is set, as on any real site: the two runs listen on other ports.
        site = {"MARQUEE_BASE_URL": "https://news.example.com"}
        server = Server(env=site)
        data = server.data_dir
        home = server.get("/")[2]
        self.assertIn(b'href="https://news.example.com/"', home)
        server.stop()
        again = Server(data_dir=data, env=site)
        try:
            self.assertEqual(again.get("/")[2], home)
        finally:
            again.stop()
            server.cleanup()
            again.cleanup()

    def test_migrate_reports_the_schema_version(self):
        with tempfile.TemporaryDirectory() as tmp:
            result = run_cli("migrate", "--data", tmp)
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertRegex(result.stdout, r"schema version (\d+) \(latest \1\)")


class StoreFailure(unittest.TestCase):
    def test_database_error_gives_the_themed_500_and_logs_the_cause(self):
        server = Server()
        try:
            # Break the store under the running server: its tables vanish.
            db = sqlite3.connect(os.path.join(server.data_dir, "marquee.db"))
            db.execute("PRAGMA foreign_keys=OFF")
            for table in ("article_authors", "article_tags"):
                db.execute("DROP TABLE IF EXISTS %s" % table)
            db.commit()
            db.close()
            status, headers, body = server.get("/music?page=1&cachebust=1")
            # Uncached pages now fail; the reader gets the themed page, no internals.
            status, headers, body = server.get("/authors/nobody-at-all")
            status, headers, body = server.get("/celebrity")
            html = body.decode()
            self.assertEqual(status, 500, html[:300])
            self.assertIn('class="error-page"', html)
            self.assertNotIn("article_authors", html)
            self.assertNotIn("sqlite", html.lower())
            self.assertIn("no such table", server.logs())
        finally:
            server.stop()
            server.cleanup()


if __name__ == "__main__":
    unittest.main()
