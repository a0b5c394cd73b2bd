"""A signed-in newsroom client over real HTTP: cookies, CSRF tokens and forms."""
import http.client
import re
import urllib.parse

from harness import run_cli

CSRF = re.compile(r'name="csrf" value="([0-9a-f]+)"')


def add_user(server, email, role):
    """Creates an account with `marquee user add` beside the running server; returns the password."""
    result = run_cli("user", "add", email, "--role", role, "--data", server.data_dir)
    if result.returncode != 0:
        raise RuntimeError(result.stderr)
    return result.stdout.strip()


class Newsroom:
    def __init__(self, server, address=None):
        self.server = server
        self.cookies = {}
        self.csrf = None

    def request(self, method, path, form=None, headers=None, raw_body=None):
        headers = dict(headers or {})
        headers.setdefault("Host", "127.0.0.1:%d" % self.server.port)
        if self.cookies:
            headers["Cookie"] = "; ".join("%s=%s" % kv for kv in self.cookies.items())
        body = raw_body
        if form is not None:
            body = urllib.parse.urlencode(form, doseq=True)
            headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read().decode("utf-8", "replace")
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    cookie = value.split(";")[0]
                    key, _, val = cookie.partition("=")
                    if "Max-Age=0" in value:
                        self.cookies.pop(key, None)
                    else:
                        self.cookies[key] = val
            found = CSRF.search(data)
            if found and path != "/admin/login":
                self.csrf = found.group(1)
            return response.status, {k.lower(): v for k, v in response.getheaders()}, data
        finally:
            conn.close()

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, form, with_csrf=True, origin=True):
        form = dict(form)
        if with_csrf and "csrf" not in form:
            form["csrf"] = self.csrf
        headers = {}
        if origin:
            headers["Origin"] = "http://127.0.0.1:%d" % self.server.port
        return self.request("POST", path, form=form, headers=headers)

    def login(self, email, password):
        status, _, page = self.get("/admin/login")
        token = CSRF.search(page).group(1)
        status, headers, page = self.request(
            "POST", "/admin/login",
            form={"email": email, "password": password, "csrf": token, "next": "/admin/stories"},
            headers={"Origin": "http://127.0.0.1:%d" % self.server.port})
        if status == 303:
            self.get("/admin/stories")  # picks up the session's CSRF token
        return status, headers, page

    def story_form(self, story_id):
        """The editor's current values as a dict ready to post back."""
        status, _, page = self.get("/admin/stories/%d" % story_id)
        assert status == 200, status
        return editor_values(page)


def _unescape(text):
    import html
    return html.unescape(text)


def editor_values(page):
    values = {}
    for name in ("headline", "slug", "tags", "seo_title", "publish_at"):
        found = re.search(r'name="%s"[^>]*value="([^"]*)"' % name, page)
        values[name] = _unescape(found.group(1)) if found else ""
    for name in ("dek", "body", "seo_description"):
        found = re.search(r'<textarea id="%s" name="%s"[^>]*>(.*?)</textarea>' % (name, name), page, re.S)
        values[name] = _unescape(found.group(1)) if found else ""
    values["version"] = re.search(r'name="version" value="(\d+)"', page).group(1)
    section = re.search(r'<select id="section".*?<option value="([^"]+)" selected', page, re.S)
    values["section"] = section.group(1) if section else ""
    authors = re.search(r'<select id="authors".*?</select>', page, re.S).group(0)
    values["authors"] = re.findall(r'<option value="(\d+)" selected', authors)
    for name in ("lead_media", "clip_media"):
        block = re.search(r'<select id="%s".*?</select>' % name, page, re.S)
        chosen = re.search(r'<option value="(\d+)" selected', block.group(0)) if block else None
        values[name] = chosen.group(1) if chosen else ""
    for name in ("exclusive", "featured"):
        if re.search(r'id="%s"[^>]*checked' % name, page):
            values[name] = "1"
    return values
