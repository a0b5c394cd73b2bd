"""The newsroom's gates over real HTTP: sign-in, every role check, CSRF and origin checks,
sign-in throttling per account and per address, idle and absolute session expiry, sign-out."""
import re
import time
import unittest

from admin_client import Newsroom, add_user
from harness import Server

ROLES = ("contributor", "writer", "editor", "admin")


class Roles(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server()
        cls.clients = {}
        for role in ROLES:
            email = "%s@newsroom.test" % role
            client = Newsroom(cls.server)
            status, _, _ = client.login(email, add_user(cls.server, email, role))
            assert status == 303, (role, status)
            cls.clients[role] = client
        # A story by the demo desk, written by nobody who signs in here.
        _, _, page = cls.clients["editor"].get("/admin/stories?status=published")
        cls.demo_story = int(re.search(r'href="/admin/stories/(\d+)"', page).group(1))

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.server.cleanup()

    def new_story(self, role, headline, action="save"):
        client = self.clients[role]
        status, headers, page = client.post("/admin/stories", {
            "headline": headline, "section": "movies", "body": "A first paragraph.\n",
            "action": action, "version": "0"})
        return status, headers, page

    def expect(self, table, call):
        for role, wanted in zip(ROLES, table):
            with self.subTest(role=role):
                status = call(self.clients[role])
                self.assertEqual(status, wanted)

    def test_pages_by_role(self):
        # contributor, writer, editor, admin
        cases = [
            ("/admin/stories", (200, 200, 200, 200)),
            ("/admin/stories/new", (200, 200, 200, 200)),
            ("/admin/entities", (403, 403, 200, 200)),
            ("/admin/entities/new", (403, 403, 200, 200)),
            ("/admin/users", (403, 403, 403, 200)),
            ("/admin/audit", (403, 403, 403, 200)),
            ("/admin/account", (200, 200, 200, 200)),
            ("/admin/media", (403, 403, 200, 200)),
        ]
        for path, table in cases:
            with self.subTest(path=path):
                self.expect(table, lambda c: c.get(path)[0])

    def test_stories_of_others(self):
        path = "/admin/stories/%d" % self.demo_story
        self.expect((403, 403, 200, 200), lambda c: c.get(path)[0])
        self.expect((403, 403, 200, 200), lambda c: c.get(path + "/revisions")[0])
        form = self.clients["editor"].story_form(self.demo_story)
        form["action"] = "save"
        # Refused before anything is read: the version is current, so only the role stops it.
        for role in ("contributor", "writer"):
            with self.subTest(role=role):
                self.assertEqual(self.clients[role].post(path, form)[0], 403)
                self.assertEqual(self.clients[role].post(path + "/links",
                                 {"entity_id": "1", "decision": "reject"})[0], 403)
                self.assertEqual(self.clients[role].post(path + "/restore",
                                 {"revision": "1", "version": form["version"]})[0], 403)

    def test_writer_submits_but_cannot_publish_or_schedule(self):
        status, headers, _ = self.new_story("writer", "A writer's own story")
        self.assertEqual(status, 303)
        story_id = int(re.search(r"/admin/stories/(\d+)", headers["location"]).group(1))
        writer = self.clients["writer"]
        for action in ("publish", "schedule", "archive"):
            form = writer.story_form(story_id)
            form.update(action=action, publish_at="2031-01-01 10:00")
            with self.subTest(action=action):
                status, _, page = writer.post("/admin/stories/%d" % story_id, form)
                self.assertEqual(status, 403)
                self.assertIn("Only editors", page)
        # The editor shows the writer no publish button at all.
        _, _, page = writer.get("/admin/stories/%d" % story_id)
        self.assertNotIn('value="publish"', page)
        self.assertIn('value="submit"', page)
        form = writer.story_form(story_id)
        form["action"] = "submit"
        self.assertEqual(writer.post("/admin/stories/%d" % story_id, form)[0], 303)
        _, _, page = writer.get("/admin/stories/%d" % story_id)
        self.assertIn("In review", page)
        # Nothing reached the public site.
        _, _, home = self.server.get("/")
        self.assertNotIn("A writer&apos;s own story", home.decode())
        self.assertNotIn("A writer's own story", home.decode())

    def test_contributor_keeps_drafts(self):
        status, headers, _ = self.new_story("contributor", "Contributor draft")
        self.assertEqual(status, 303)
        story_id = int(re.search(r"/admin/stories/(\d+)", headers["location"]).group(1))
        contributor = self.clients["contributor"]
        form = contributor.story_form(story_id)
        form["action"] = "submit"
        self.assertEqual(contributor.post("/admin/stories/%d" % story_id, form)[0], 403)
        self.assertEqual(self.new_story("contributor", "Straight out", action="publish")[0], 403)

    def test_editor_publishes(self):
        status, headers, _ = self.new_story("editor", "Desk publishes this one", action="publish")
        self.assertEqual(status, 303)
        story_id = int(re.search(r"/admin/stories/(\d+)", headers["location"]).group(1))
        _, _, page = self.clients["editor"].get("/admin/stories/%d" % story_id)
        public = re.search(r'href="(/movies/\d{4}/\d\d/\d\d/desk-publishes-this-one)"', page).group(1)
        status, _, body = self.server.get(public)
        self.assertEqual(status, 200)
        self.assertIn("Desk publishes this one", body.decode())

    def test_entity_and_user_writes_by_role(self):
        counter = iter(range(100))

        def create_entity(client):
            return client.post("/admin/entities", {"name": "Person %d" % next(counter), "kind": "person"})[0]
        self.expect((403, 403, 303, 303), create_entity)

        def create_user(client):
            return client.post("/admin/users", {"email": "new%d@newsroom.test" % next(counter), "role": "writer"})[0]
        self.expect((403, 403, 403, 200), create_user)

    def test_signed_out_visitors(self):
        anonymous = Newsroom(self.server)
        status, headers, _ = anonymous.get("/admin/stories")
        self.assertEqual(status, 303)
        self.assertTrue(headers["location"].startswith("/admin/login"))
        status, _, _ = anonymous.post("/admin/stories", {"headline": "x", "csrf": "0" * 64})
        self.assertEqual(status, 401)

    def test_csrf_and_origin(self):
        editor = self.clients["editor"]
        form = {"name": "Forged Person", "kind": "person"}
        cases = [
            ("no token", dict(form), False, True),
            ("wrong token", dict(form, csrf="0" * 64), False, True),
            ("other origin", dict(form), True, "http://evil.example"),
        ]
        for label, fields, with_csrf, origin in cases:
            with self.subTest(label):
                headers_origin = origin if isinstance(origin, str) else None
                if headers_origin:
                    status, _, page = editor.request(
                        "POST", "/admin/entities", form=dict(fields, csrf=editor.csrf),
                        headers={"Origin": headers_origin})
                else:
                    status, _, page = editor.post("/admin/entities", fields, with_csrf=with_csrf)
                self.assertEqual(status, 403)
                self.assertIn("did not come from the newsroom", page)
        _, _, page = editor.get("/admin/entities?q=forged")
        self.assertIn("No entities match", page)
        # A sign-in form without its cookie's token is refused too.
        status, _, _ = Newsroom(self.server).request(
            "POST", "/admin/login", form={"email": "editor@newsroom.test", "password": "x", "csrf": "abc"})
        self.assertEqual(status, 403)

    def test_cookie_flags_and_headers(self):
        client = Newsroom(self.server)
        _, _, page = client.get("/admin/login")
        token = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)
        password = add_user(self.server, "cookie@newsroom.test", "writer")
        status, headers, _ = client.request(
            "POST", "/admin/login",
            form={"email": "cookie@newsroom.test", "password": password, "csrf": token})
        self.assertEqual(status, 303)
        cookie = headers["set-cookie"]
        for flag in ("HttpOnly", "SameSite=Lax", "Path=/admin"):
            self.assertIn(flag, cookie)
        self.assertNotIn("Secure", cookie)
        _, headers, _ = client.get("/admin/stories")
        self.assertEqual(headers["cache-control"], "no-store")
        self.assertIn("script-src 'self'", headers["content-security-policy"])

    def test_logout_ends_the_session(self):
        password = add_user(self.server, "leaving@newsroom.test", "writer")
        client = Newsroom(self.server)
        self.assertEqual(client.login("leaving@newsroom.test", password)[0], 303)
        old_cookies = dict(client.cookies)
        self.assertEqual(client.post("/admin/logout", {})[0], 303)
        client.cookies = old_cookies  # replaying the old cookie gets nowhere
        self.assertEqual(client.get("/admin/stories")[0], 303)

    def test_audit_log_records_sign_ins_and_writes(self):
        self.assertEqual(self.new_story("writer", "Audited story")[0], 303)
        _, _, page = self.clients["admin"].get("/admin/audit")
        for action in ("user.login", "story.create"):
            self.assertIn("<code>%s</code>" % action, page)
        self.assertIn("Audited story", page)

    def test_bad_password_and_unknown_account(self):
        client = Newsroom(self.server)
        for email in ("editor@newsroom.test", "nobody@newsroom.test"):
            with self.subTest(email=email):
                status, _, page = client.login(email, "not the password")
                self.assertEqual(status, 401)
                self.assertIn("do not match", page)


class Throttling(unittest.TestCase):
    def setUp(self):
        self.server = Server(demo=False, env={"MARQUEE_LOGIN_LIMIT": "3"})

    def tearDown(self):
        self.server.stop()
        self.server.cleanup()

    def test_account_is_paused_after_failures_even_with_the_right_password(self):
        password = add_user(self.server, "target@newsroom.test", "editor")
        client = Newsroom(self.server)
        for _ in range(3):
            self.assertEqual(client.login("target@newsroom.test", "guess")[0], 401)
        status, _, page = client.login("target@newsroom.test", password)
        self.assertEqual(status, 429)
        self.assertIn("Too many failed attempts", page)
        # Another account from the same address is not locked by this one's failures.
        other = add_user(self.server, "other@newsroom.test", "writer")
        self.assertEqual(Newsroom(self.server).login("other@newsroom.test", other)[0], 303)

    def test_address_is_paused_after_failures_across_accounts(self):
        password = add_user(self.server, "victim@newsroom.test", "writer")
        client = Newsroom(self.server)
        for n in range(20):
            self.assertEqual(client.login("spray%d@newsroom.test" % n, "guess")[0], 401)
        self.assertEqual(client.login("victim@newsroom.test", password)[0], 429)


class Expiry(unittest.TestCase):
    def setUp(self):
        self.server = Server(demo=False, env={"MARQUEE_SESSION_IDLE": "2", "MARQUEE_SESSION_MAX": "5"})
        self.password = add_user(self.server, "clock@newsroom.test", "writer")

    def tearDown(self):
        self.server.stop()
        self.server.cleanup()

    def test_idle_session_ends(self):
        client = Newsroom(self.server)
        self.assertEqual(client.login("clock@newsroom.test", self.password)[0], 303)
        self.assertEqual(client.get("/admin/stories")[0], 200)
        time.sleep(3.2)
        status, headers, _ = client.get("/admin/stories")
        self.assertEqual(status, 303)
        self.assertIn("/admin/login", headers["location"])

    def test_busy_session_still_ends_at_its_absolute_limit(self):
        client = Newsroom(self.server)
        self.assertEqual(client.login("clock@newsroom.test", self.password)[0], 303)
        started = time.time()
        while time.time() - started < 4:
            self.assertEqual(client.get("/admin/stories")[0], 200)
            time.sleep(0.7)
        time.sleep(max(0, 5.5 - (time.time() - started)))
        self.assertEqual(client.get("/admin/stories")[0], 303)


if __name__ == "__main__":
    unittest.main()
