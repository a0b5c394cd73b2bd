"""One table of story rules (tests/data/rules/story_rules.json) through both doors, over real HTTP:
every role against every status move and every field, through the JSON API (with the rule's
code in the error) and through the newsroom's story form (HTTP form posts as each role), which
must refuse with the API's very words."""
import datetime
import html
import json
import os
import re
import unittest
import zoneinfo

from admin_client import Newsroom, add_user, editor_values
from harness import Server, run_cli

SOURCE = os.environ.get("MARQUEE_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
TABLE = os.path.join(SOURCE, "tests", "data", "rules", "story_rules.json")
DEMO_PHOTO = os.path.join(SOURCE, "demo", "stories", "images", "eclipse-premiere.jpg")
ROLES = ("contributor", "writer", "editor", "admin")
# The form answers a refusal of who may do what with 403, a problem with a field with 422.
FORM_STATUS = {"forbidden": 403, "invalid": 422}
API_STATUS = {"forbidden": 403, "invalid": 422}


def load_table():
    with open(TABLE) as f:
        return json.load(f)


def multipart(fields, filename, data):
    boundary = "----MarqueeRules"
    out = []
    for name, value in fields.items():
        out.append(('--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n'
                    % (boundary, name, value)).encode())
    out.append(('--%s\r\nContent-Disposition: form-data; name="file"; filename="%s"\r\n'
                'Content-Type: image/jpeg\r\n\r\n' % (boundary, filename)).encode() + data + b"\r\n")
    out.append(("--%s--\r\n" % boundary).encode())
    return "multipart/form-data; boundary=" + boundary, b"".join(out)


class StoryRules(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.table = load_table()
        cls.server = Server()
        cls.people = {}
        for who in ROLES + ("colleague",):
            role = "writer" if who == "colleague" else who
            email = "%s@rules.test" % who
            password = add_user(cls.server, email, role)
            client = Newsroom(cls.server)
            status, _, _ = client.login(email, password)
            assert status == 303, (who, status)
            token = run_cli("token", "create", "--data", cls.server.data_dir, "--user", email,
                            "--name", "rules " + who)
            assert token.returncode == 0, token.stderr
            cls.people[who] = {"client": client, "token": token.stdout.strip()}
        # Who is who: a draft each, through the API, names their id and slug.
        for who, person in cls.people.items():
            status, body = cls.api("POST", "/stories", {"headline": "Whoami " + who, "section": "movies"},
                                   person["token"])
            assert status == 201, (who, status, body)
            person["id"] = body["data"]["authors"][0]["id"]
            person["slug"] = body["data"]["authors"][0]["slug"]
        _, _, page = cls.people["admin"]["client"].get("/admin/stories/new")
        cls.zone = zoneinfo.ZoneInfo(re.search(r"Publish time \(([^)]+)\)", page).group(1))
        cls.photos = {"with alt": cls.upload({"alt": "Kristen Stewart at the premiere"}),
                      "without alt": cls.upload({})}
        cls.serial = 0

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.server.cleanup()

    @classmethod
    def api(cls, method, path, body, token):
        headers = {"Authorization": "Bearer " + token, "Content-Type": "application/json"}
        status, _, raw = cls.server.request(method, "/api/v1" + path, headers, json.dumps(body))
        return status, json.loads(raw) if raw else None

    @classmethod
    def upload(cls, fields):
        admin = cls.people["admin"]["client"]
        with open(DEMO_PHOTO, "rb") as f:
            data = f.read()
        content_type, body = multipart(dict(fields, csrf=admin.csrf), "photo.jpg", data)
        status, _, answer = admin.request("POST", "/admin/media", raw_body=body, headers={
            "Content-Type": content_type, "Accept": "application/json",
            "Origin": "http://127.0.0.1:%d" % cls.server.port})
        assert status in (200, 201), (status, answer)
        return json.loads(answer)["id"]

    # --- stories to work on

    def headline(self):
        StoryRules.serial += 1
        return "Rules case %d for Kristen Stewart" % StoryRules.serial

    def stored_story(self, role, key, authors=None):
        """A story in the state `key` names ("own draft", "other published"), made by the admin."""
        owner, status = key.split(" ")
        if authors is None:
            authors = [role if owner == "own" else "colleague"]
        now = datetime.datetime.now(datetime.timezone.utc)
        body = {"headline": self.headline(), "section": "movies", "status": status,
                "body": "Kristen Stewart and Dakota Fanning on the set.\n",
                "authors": [self.people[a]["slug"] for a in authors]}
        if status == "scheduled":
            body["publish_at"] = (now + datetime.timedelta(days=2)).isoformat(timespec="seconds")
        if status in ("published", "archived"):
            body["publish_at"] = (now - datetime.timedelta(days=1)).isoformat(timespec="seconds")
        status_code, answer = self.api("POST", "/stories", body, self.people["admin"]["token"])
        self.assertEqual(status_code, 201, answer)
        return answer["data"]

    def when(self, days):
        return datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=days)

    def local(self, days):
        return self.when(days).astimezone(self.zone).strftime("%Y-%m-%dT%H:%M")

    # --- a change through each door

    def transition_by_api(self, role, key, target):
        token = self.people[role]["token"]
        if key == "new":
            body = {"headline": self.headline(), "section": "movies", "status": target}
            if target == "scheduled":
                body["publish_at"] = self.when(1).isoformat(timespec="seconds")
            return self.api("POST", "/stories", body, token)
        story = self.stored_story(role, key)
        body = {"version": story["version"], "status": target}
        if target == "scheduled":
            body["publish_at"] = self.when(1).isoformat(timespec="seconds")
        elif target == "published" and story["status"] != "published":
            body["publish_at"] = None  # publish now
        return self.api("PATCH", "/stories/%d" % story["id"], body, token)

    def action_for(self, current, target):
        if current == target:
            return "save"
        return {"review": "submit", "scheduled": "schedule", "published": "publish",
                "archived": "archive", "draft": "draft"}[target]

    def form_of(self, role, story):
        """What the role's editor page would post back; for a story the role may not even open,
        the same fields as an editor's form would carry."""
        client = self.people[role]["client"]
        status, _, page = client.get("/admin/stories/%d" % story["id"])
        if status != 200:
            status, _, page = self.people["admin"]["client"].get("/admin/stories/%d" % story["id"])
            self.assertEqual(status, 200)
        values = editor_values(page)
        client.get("/admin/stories/new")  # the role's own CSRF token
        return values

    def transition_by_form(self, role, key, target):
        client = self.people[role]["client"]
        if key == "new":
            form = {"headline": self.headline(), "section": "movies", "body": "A paragraph.\n",
                    "version": "0", "action": self.action_for("draft", target) if target != "draft" else "save"}
            if target == "scheduled":
                form["publish_at"] = self.local(1)
            return client.post("/admin/stories", form)
        story = self.stored_story(role, key)
        form = self.form_of(role, story)
        form["action"] = self.action_for(story["status"], target)
        if target == "scheduled":
            form["publish_at"] = self.local(1)
        elif target == "published" and story["status"] != "published":
            form["publish_at"] = ""  # publish now
        return client.post("/admin/stories/%d" % story["id"], form)

    def field_story(self, role, change_name):
        authors = [role, "colleague"] if change_name == "drop_own_byline" else [role]
        return self.stored_story(role, "own draft", authors)

    def field_by_api(self, role, change_name):
        story = self.field_story(role, change_name)
        body = {"version": story["version"]}
        for name, value in self.table["fields"]["changes"][change_name].items():
            if name == "authors":
                body["authors"] = [self.people[role if a == "me" else "colleague"]["slug"] for a in value]
            elif name == "publish_at":
                body["publish_at"] = self.when(1 if value == "+1d" else -1).isoformat(timespec="seconds")
            elif name == "headline":
                body["headline"] = "" if value == "" else "x" * 301
            elif name == "lead_media":
                body["lead_media_id"] = self.photos[value]
            else:
                body[name] = value
        return self.api("PATCH", "/stories/%d" % story["id"], body, self.people[role]["token"])

    def field_by_form(self, role, change_name):
        story = self.field_story(role, change_name)
        form = self.form_of(role, story)
        form["action"] = "save"
        for name, value in self.table["fields"]["changes"][change_name].items():
            if name == "authors":
                form["authors"] = [str(self.people[role if a == "me" else "colleague"]["id"]) for a in value]
            elif name == "publish_at":
                form["publish_at"] = self.local(1 if value == "+1d" else -1)
            elif name == "headline":
                form["headline"] = "" if value == "" else "x" * 301
            elif name == "lead_media":
                form["lead_media"] = str(self.photos[value])
            elif name == "status":
                form["action"] = self.action_for("draft", value)
            elif name in ("featured", "exclusive"):
                form[name] = "1"
            else:
                form[name] = value
        return self.people[role]["client"].post("/admin/stories/%d" % story["id"], form)

    # --- the cases

    def cases(self):
        """(label, role, expected, by_api, by_form) for every row of the table."""
        out = []
        for role in ROLES:
            for key, targets in self.table["transitions"][role].items():
                for target, expected in targets.items():
                    out.append(("%s: %s -> %s" % (role, key, target), role, expected,
                                lambda r=role, k=key, t=target: self.transition_by_api(r, k, t),
                                lambda r=role, k=key, t=target: self.transition_by_form(r, k, t)))
            for change_name, expected in self.table["fields"][role].items():
                out.append(("%s: %s" % (role, change_name), role, expected,
                            lambda r=role, c=change_name: self.field_by_api(r, c),
                            lambda r=role, c=change_name: self.field_by_form(r, c)))
        return out

    def check_api(self, expected, status, body):
        if expected == "ok":
            self.assertIn(status, (200, 201), body)
            return
        kind = self.table["kinds"][expected]
        self.assertEqual(status, API_STATUS[kind], body)
        self.assertEqual(body["error"]["rule"], expected, body)
        self.assertTrue(body["error"]["message"])

    def test_the_api_follows_the_table(self):
        cases = self.cases()
        self.assertEqual(len(cases), 140 + 4 * len(self.table["fields"]["changes"]))
        for label, role, expected, by_api, _ in cases:
            with self.subTest(label):
                status, body = by_api()
                self.check_api(expected, status, body)

    def test_the_newsroom_form_follows_the_table_in_the_api_s_words(self):
        for label, role, expected, by_api, by_form in self.cases():
            with self.subTest(label):
                status, headers, page = by_form()
                if expected == "ok":
                    self.assertEqual(status, 303, re.findall(r'class="field-error"[^>]*>([^<]*)', page)
                                     or page[:400])
                    self.assertIn("?done=", headers["location"])
                    continue
                kind = self.table["kinds"][expected]
                self.assertEqual(status, FORM_STATUS[kind], page[:400])
                api_status, api_body = by_api()
                self.check_api(expected, api_status, api_body)
                # A story the role may not even open gets the newsroom's plain 403 page; every
                # other refusal is shown in the same words as the API's.
                if "does not allow this. Ask an editor" not in page:
                    self.assertIn(api_body["error"]["message"], html.unescape(page))


if __name__ == "__main__":
    unittest.main()
