// The newsroom's front door: routing, sign-in and sign-out, the session and CSRF checks every
// request passes, and the helpers all pages share (see admin.h).
#include "admin/admin.h"

#include <spdlog/spdlog.h>

#include <charconv>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "admin/pages.h"
#include "admin/passwords.h"
#include "core/slug.h"
#include "web/multipart.h"

namespace marquee::admin {

namespace {

using nlohmann::json;

constexpr const char* kSessionCookie = "marquee_session";
constexpr const char* kLoginCookie = "marquee_login";

// Messages a redirect after a successful POST may ask for with ?done=<code>; anything else in
// the query is ignored, so no text from a URL reaches the page.
const std::map<std::string, std::string>& done_messages() {
  static const std::map<std::string, std::string> messages = {
      {"saved", "Saved."},
      {"created", "Created."},
      {"submitted", "Submitted for review."},
      {"scheduled", "Scheduled."},
      {"published", "Published."},
      {"archived", "Archived."},
      {"drafted", "Moved back to draft."},
      {"restored", "Restored as a new revision."},
      {"discarded", "The unsaved draft was discarded."},
      {"confirmed", "Link confirmed."},
      {"rejected", "Link rejected."},
      {"added", "Added to the knowledge graph."},
      {"merged", "Merged."},
      {"relation-added", "Relation added."},
      {"relation-removed", "Relation removed."},
      {"accepted", "Accepted: the entity is in the graph and its stories are linked again."},
      {"proposal-merged", "Merged: the name is now an alias and its stories are linked again."},
      {"dismissed", "Dismissed. It will not be proposed again."},
      {"relation-confirmed", "Relation confirmed: it is in the graph and on its topic pages."},
      {"password", "Password changed."},
      {"updated", "Updated."},
      {"signed-out", "Signed out everywhere."},
      {"posted", "Entry posted."},
      {"entry-edited", "Entry saved; readers' pages show the change."},
      {"entry-deleted", "Entry deleted."},
      {"ended", "The live coverage has ended."},
  };
  return messages;
}

std::optional<std::chrono::seconds> env_seconds(const char* name) {
  const char* value = std::getenv(name);
  if (!value || !*value) return std::nullopt;
  long long n = 0;
  std::string_view text(value);
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (error != std::errc() || end != text.data() + text.size() || n <= 0) return std::nullopt;
  return std::chrono::seconds(n);
}

std::string file_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace

// --- helpers shared by the pages

std::string field(const Form& form, const std::string& name) {
  auto it = form.find(name);
  return it == form.end() ? std::string() : it->second;
}

std::vector<std::string> fields(const Form& form, const std::string& name) {
  std::vector<std::string> values;
  auto [first, last] = form.equal_range(name);
  for (auto it = first; it != last; ++it) values.push_back(it->second);
  return values;
}

std::optional<Id> to_id(std::string_view text) {
  Id value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value <= 0) return std::nullopt;
  return value;
}

std::string id_label(Id id) {
  std::string label = "#";
  label += std::to_string(id);
  return label;
}

bool same_origin(const web::Request& request) {
  std::string host(request.header("host"));
  if (host.empty()) return false;
  auto matches = [&](std::string_view origin) {
    for (const char* scheme : {"http://", "https://"}) {
      std::string expected = std::string(scheme) + host;
      if (origin == expected) return true;
      // A Referer is a whole URL: the origin followed by a path.
      if (origin.size() > expected.size() && origin.substr(0, expected.size()) == expected &&
          origin[expected.size()] == '/') {
        return true;
      }
    }
    return false;
  };
  auto origin = request.header("origin");
  if (!origin.empty()) return matches(origin);
  auto referer = request.header("referer");
  if (!referer.empty()) return matches(referer);
  return true;
}

void add_newsroom_headers(web::Response& response) {
  web::add_security_headers(response, "same-origin");
  // Newsroom pages carry unpublished work and CSRF tokens: never kept by any cache.
  response.set_header("Cache-Control", "no-store");
}

web::Response newsroom_json(int status, const nlohmann::json& body) {
  auto response =
      web::Response::text(status, body.dump() + "\n", "application/json; charset=utf-8");
  add_newsroom_headers(response);
  return response;
}

AdminOptions AdminOptions::from_environment(const std::filesystem::path& theme_dir,
                                            const std::string& base_url) {
  AdminOptions options;
  options.templates_dir = theme_dir / "admin";
  options.static_dir = theme_dir / "static";
  options.secure_cookies = base_url.rfind("https://", 0) == 0;
  if (auto idle = env_seconds("MARQUEE_SESSION_IDLE")) options.auth.idle_timeout = *idle;
  if (auto max = env_seconds("MARQUEE_SESSION_MAX")) options.auth.max_age = *max;
  // Failures of one account from one address before it must wait.
  if (auto limit = env_seconds("MARQUEE_LOGIN_LIMIT")) {
    options.auth.pair.free_failures = std::max(0, static_cast<int>(limit->count()) - 1);
  }
  return options;
}

NewAccount create_account(Store& store, const std::string& email, Role role,
                          const std::string& display_name) {
  std::string address = normalise_email(email);
  auto at = address.find('@');
  if (at == std::string::npos || at == 0 || at + 1 >= address.size() ||
      address.find_first_of(" <>\"'") != std::string::npos) {
    throw std::invalid_argument("\"" + email + "\" is not an email address");
  }
  if (store.users().find_by_email(address))
    throw ConstraintError("an account for " + address + " exists");
  NewAccount account;
  account.password = one_time_password();
  User& user = account.user;
  user.email = address;
  user.display_name = display_name.empty() ? address.substr(0, at) : display_name;
  std::string base = slugify(user.display_name);
  if (base.empty()) base = "user";
  user.slug = base;
  for (int n = 2; store.users().find_by_slug(user.slug); ++n)
    user.slug = base + "-" + std::to_string(n);
  user.role = role;
  user.password_hash = hash_password(account.password);
  user = store.users().save(user);
  return account;
}

// --- Admin

Admin::Impl::Impl(Admin& self_, AdminOptions options_, Store& store_,
                  newsroom::Knowledge& knowledge_, site::Site& site_, newsroom::Newsroom& newsroom_)
    : self(self_),
      options(std::move(options_)),
      store(store_),
      knowledge(knowledge_),
      site(site_),
      newsroom(newsroom_),
      auth(store_, options.auth),
      templates(options.templates_dir) {
  // The layout links the stylesheet and script with ?v=<hash of both>: they are served as
  // immutable, so a changed file needs a new URL.
  asset_version = token_hash(file_text(options.static_dir / "admin.css") +
                             file_text(options.static_dir / "admin.js") +
                             file_text(options.static_dir / "lists.js") +
                             file_text(options.static_dir / "media_picker.js"))
                      .substr(0, 12);
}

Admin::Admin(AdminOptions options, Store& store, newsroom::Knowledge& knowledge, site::Site& site,
             newsroom::Newsroom& newsroom)
    : impl_(std::make_unique<Impl>(*this, std::move(options), store, knowledge, site, newsroom)) {}

Admin::~Admin() = default;

void Admin::mount(std::string prefix, Role least_role, PageHandler handler) {
  impl_->mounts.push_back({std::move(prefix), least_role, std::move(handler)});
}

Time Admin::Impl::now() const {
  return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

namespace {

// What the newsroom answers when a step fails: the reason goes to the log, never to the page.
template <typename Step>
auto newsroom_step(const web::Request& request, Step&& step) -> decltype(step()) {
  try {
    return step();
  } catch (const std::exception& e) {
    spdlog::error("{} {}: {}", request.method, request.target, e.what());
  } catch (...) {
    spdlog::error("{} {}: unknown failure", request.method, request.target);
  }
  auto response = web::Response::text(500, "The newsroom could not do that just now.\n");
  add_newsroom_headers(response);
  return response;
}

}  // namespace

web::Response Admin::handle(const web::Request& request) {
  return newsroom_step(request, [&] { return impl_->dispatch(request); });
}

std::optional<web::Response> Admin::admit(const web::Request& request) {
  return newsroom_step(request, [&] { return impl_->admit(request); });
}

namespace {

// Only /admin and the paths below it reach the newsroom, so its areas start after "admin".
std::vector<std::string_view> areas_of(std::string_view path) {
  auto parts = web::path_segments(path);
  if (!parts.empty()) parts.erase(parts.begin());
  return parts;
}

}  // namespace

std::optional<web::Response> Admin::Impl::admit(const web::Request& request) {
  if (request.method != "POST") return std::nullopt;  // dispatch() refuses it, body unseen
  const auto refuse = [&](int status, const std::string& text) {
    spdlog::warn("refused a newsroom POST to {} from {} before its body: {}", request.path,
                 request.remote_address, status);
    auto response = web::Response::text(status, text);
    add_newsroom_headers(response);
    return response;
  };
  const std::string_view type = request.header("content-type");
  const bool form = type.rfind("application/x-www-form-urlencoded", 0) == 0;
  const bool multipart = type.rfind("multipart/form-data", 0) == 0;
  const auto parts = areas_of(request.path);
  if (parts.size() == 1 && parts[0] == "login") {
    if (!form) return refuse(415, "Sign in with the newsroom's form.\n");
    return std::nullopt;
  }
  const std::string token = request.cookie(kSessionCookie).value_or("");
  const auto signed_in = token.empty() ? std::nullopt : auth.authenticate(token, now());
  if (!signed_in) return refuse(401, "Your session has ended. Please sign in again.\n");
  if (!same_origin(request)) return refuse(403, "This request did not come from the newsroom.\n");
  if (!form && !multipart) return refuse(415, "Send a form.\n");
  const std::string_view sent = request.header("x-csrf-token");
  if (!sent.empty() && !constant_time_equal(sent, signed_in->session.csrf_token)) {
    return refuse(403, "This form has expired. Reload the page and try again.\n");
  }
  for (const auto& mount : mounts) {
    if (request.path == mount.prefix || request.path.rfind(mount.prefix + "/", 0) == 0) {
      if (static_cast<int>(signed_in->user.role) < static_cast<int>(mount.least_role)) {
        return refuse(403, "Your role cannot do this.\n");
      }
    }
  }
  return std::nullopt;
}

std::string Admin::Impl::session_cookie(const web::Request& request, const std::string& token,
                                        bool clear) const {
  bool secure = options.secure_cookies || request.header("x-forwarded-proto") == "https";
  std::string cookie = std::string(kSessionCookie) + "=" + (clear ? "" : token) +
                       "; Path=/admin; HttpOnly; SameSite=Lax";
  if (secure) cookie += "; Secure";
  if (clear) cookie += "; Max-Age=0";
  return cookie;
}

web::Response Admin::Impl::see_other(const std::string& location) const {
  auto response = web::Response::redirect(303, location);
  add_newsroom_headers(response);
  return response;
}

web::Response Admin::Impl::dispatch(const web::Request& request) {
  const auto parts = areas_of(request.path);
  const bool is_post = request.method == "POST";
  if (!is_post && request.method != "GET" && request.method != "HEAD") {
    auto response = web::Response::text(405, "Method not allowed\n");
    response.set_header("Allow", "GET, HEAD, POST");
    add_newsroom_headers(response);
    return response;
  }
  if (parts.size() == 1 && parts[0] == "login") {
    if (is_post) return login(request);
    return login_form(request, {}, 200, {});
  }

  std::string token = request.cookie(kSessionCookie).value_or("");
  auto signed_in = token.empty() ? std::nullopt : auth.authenticate(token, now());
  if (!signed_in) {
    if (is_post || request.header("x-requested-with") == "fetch") {
      auto response = web::Response::text(401, "Your session has ended. Please sign in again.\n");
      add_newsroom_headers(response);
      return response;
    }
    return see_other("/admin/login?next=" + web::percent_encode(request.target));
  }
  AdminRequest admin_request{request, signed_in->user, signed_in->session};

  if (is_post) {
    // Every state-changing request carries the session's token: in the form, in a multipart
    // field (uploads), or in a header (scripts).
    std::string sent(request.header("x-csrf-token"));
    auto type = request.header("content-type");
    if (sent.empty() && type.rfind("application/x-www-form-urlencoded", 0) == 0) {
      sent = field(request.form(), "csrf");
    }
    if (sent.empty() && type.rfind("multipart/form-data", 0) == 0) {
      if (auto parts_of_body = web::parse_multipart(type, request.body_view())) {
        for (const auto& part : *parts_of_body) {
          if (part.name == "csrf" && !part.filename) sent = std::string(part.data);
        }
      }
    }
    if (!same_origin(request) || sent.empty() ||
        !constant_time_equal(sent, signed_in->session.csrf_token)) {
      spdlog::warn("refused a newsroom POST to {} from {}: bad CSRF token or origin", request.path,
                   request.remote_address);
      return message(admin_request, 403, "Request refused",
                     "This form has expired or did not come from the newsroom. Go back, reload "
                     "the page and try again.");
    }
    if (parts.size() == 1 && parts[0] == "logout") return logout(request, token);
  }

  for (const auto& mount : mounts) {
    if (request.path == mount.prefix || request.path.rfind(mount.prefix + "/", 0) == 0) {
      if (static_cast<int>(signed_in->user.role) < static_cast<int>(mount.least_role)) {
        return forbidden(admin_request);
      }
      return mount.handler(admin_request);
    }
  }
  return route(admin_request, parts);
}

web::Response Admin::Impl::route(const AdminRequest& request,
                                 const std::vector<std::string_view>& parts) {
  const bool is_post = request.http.method == "POST";
  const std::size_t n = parts.size();
  if (n == 0) return see_other("/admin/stories");
  const std::string_view area = parts[0];
  std::optional<Id> id = n >= 2 ? to_id(parts[1]) : std::nullopt;

  if (area == "stories") {
    if (n == 1) return is_post ? story_save(request, std::nullopt) : story_list(request);
    if (n == 2 && parts[1] == "new" && !is_post) return story_new(request);
    if (n == 3 && parts[1] == "new" && is_post && parts[2] == "preview")
      return story_preview(request, std::nullopt);
    if (n == 3 && parts[1] == "new" && is_post && parts[2] == "card")
      return story_card(request, std::nullopt);
    if (n == 2 && parts[1] == "bulk" && is_post) return story_bulk(request);
    if (!id) return not_found(request);
    if (n == 2) return is_post ? story_save(request, id) : story_edit(request, *id);
    if (n == 3 && parts[2] == "links" && is_post) return story_link(request, *id);
    if (n == 3 && parts[2] == "names" && is_post) return story_add_name(request, *id);
    if (n == 3 && parts[2] == "revisions" && !is_post) return story_revisions(request, *id);
    if (n == 3 && parts[2] == "compare" && !is_post) return story_compare(request, *id);
    if (n == 3 && parts[2] == "restore" && is_post) return story_restore(request, *id);
    if (n == 3 && parts[2] == "preview" && is_post) return story_preview(request, *id);
    if (n == 3 && parts[2] == "card" && is_post) return story_card(request, *id);
    if (n == 3 && parts[2] == "autosave" && is_post) return story_autosave(request, *id);
    if (n == 3 && parts[2] == "entries" && is_post) return entry_post(request, *id);
    if (n == 5 && parts[2] == "entries" && parts[4] == "delete" && is_post) {
      if (auto entry_id = to_id(parts[3])) return entry_delete(request, *id, *entry_id);
    }
    if (n == 5 && parts[2] == "entries" && parts[4] == "edit" && !is_post) {
      if (auto entry_id = to_id(parts[3])) return entry_edit(request, *id, *entry_id);
    }
    if (n == 4 && parts[2] == "entries" && is_post) {
      if (auto entry_id = to_id(parts[3])) return entry_save(request, *id, *entry_id);
    }
    if (n == 3 && parts[2] == "end-live" && is_post) return live_end(request, *id);
    if (n == 4 && parts[2] == "autosave" && parts[3] == "discard" && is_post)
      return story_autosave_discard(request, *id);
    return not_found(request);
  }
  if (area == "preview" && n == 1 && is_post) return preview(request);
  if (area == "entities") {
    if (n == 1) return is_post ? entity_save(request, std::nullopt) : entity_list(request);
    if (n == 2 && parts[1] == "new" && !is_post) return entity_edit(request, std::nullopt);
    if (!id) return not_found(request);
    if (n == 2) return is_post ? entity_save(request, id) : entity_edit(request, id);
    if (n == 3 && parts[2] == "relations" && is_post) return relation_add(request, *id);
    if (n == 5 && parts[2] == "relations" && parts[4] == "delete" && is_post) {
      if (auto relation_id = to_id(parts[3])) return relation_remove(request, *id, *relation_id);
    }
    if (n == 3 && parts[2] == "merge" && is_post) return entity_merge(request, *id);
    return not_found(request);
  }
  if (area == "queue") {
    if (n == 1 && !is_post) return review_queue(request);
    // /admin/queue/{proposals|relations}/<id>/<action>
    if (n == 4 && is_post && (parts[1] == "proposals" || parts[1] == "relations")) {
      if (auto item = to_id(parts[2])) return review_decide(request, parts[1], *item, parts[3]);
    }
    return not_found(request);
  }
  if (area == "users") {
    if (n == 1) return is_post ? user_create(request) : user_list(request);
    if (n == 2 && id && is_post) return user_update(request, *id);
    return not_found(request);
  }
  if (area == "audit" && n == 1 && !is_post) return audit_log(request);
  if (area == "redirects" && n == 1 && !is_post) return redirect_list(request);
  if (area == "account" && n == 1) return is_post ? account_password(request) : account(request);
  return not_found(request);
}

// --- sign-in

web::Response Admin::Impl::login_form(const web::Request& request, const std::string& error,
                                      int status, const std::string& email) {
  // Signing in has no session yet, so its form carries a token that must match a cookie set
  // with the form (a page elsewhere can neither read the cookie nor set it).
  std::string token = random_token(16);
  std::string next = request.query("next").value_or(field(request.form(), "next"));
  if (next.rfind("/admin", 0) != 0 || next.rfind("//", 0) == 0) next = "/admin/stories";
  json view = {{"title", "Sign in"},
               {"login_csrf", token},
               {"next", next},
               {"email", email},
               {"asset_version", asset_version},
               {"site_title", site.config().title}};
  // Mustache sections treat an empty string as present: set messages only when there are some.
  if (!error.empty()) view["error"] = error;
  web::Response response;
  response.status = status;
  response.body = templates.render_page("login", view);
  response.set_header("Content-Type", "text/html; charset=utf-8");
  bool secure = options.secure_cookies || request.header("x-forwarded-proto") == "https";
  response.set_header("Set-Cookie", std::string(kLoginCookie) + "=" + token +
                                        "; Path=/admin/login; HttpOnly; SameSite=Strict" +
                                        (secure ? "; Secure" : ""));
  add_newsroom_headers(response);
  return response;
}

web::Response Admin::Impl::login(const web::Request& request) {
  auto form = request.form();
  std::string email = field(form, "email");
  std::string cookie_token = request.cookie(kLoginCookie).value_or("");
  if (!same_origin(request) || cookie_token.empty() ||
      !constant_time_equal(cookie_token, field(form, "csrf"))) {
    return login_form(request, "This sign-in form has expired. Please try again.", 403, email);
  }
  auto result = auth.sign_in(email, field(form, "password"), request.remote_address, now());
  AuditEntry entry;
  entry.at = now();
  entry.address = request.remote_address;
  entry.subject = "email:" + normalise_email(email);
  if (result.outcome == SignInOutcome::throttled) {
    entry.action = "user.login_throttled";
    store.audit().append(entry);
    return login_form(request,
                      "Too many failed attempts. Sign-in is paused for a while for this account "
                      "from this address; try again later.",
                      429, email);
  }
  if (result.outcome == SignInOutcome::bad_credentials) {
    entry.action = "user.login_failed";
    store.audit().append(entry);
    return login_form(request, "That email and password do not match an account.", 401, email);
  }
  entry.action = "user.login";
  entry.user_id = result.signed_in->user.id;
  entry.subject = "user:" + std::to_string(entry.user_id);
  store.audit().append(entry);
  std::string next = field(form, "next");
  if (next.rfind("/admin", 0) != 0 || next.rfind("/admin/login", 0) == 0) next = "/admin/stories";
  auto response = see_other(next);
  response.set_header("Set-Cookie", session_cookie(request, result.token, false));
  return response;
}

web::Response Admin::Impl::logout(const web::Request& request, const std::string& token) {
  if (auto session = store.sessions().find(token_hash(token))) {
    AuditEntry entry;
    entry.at = now();
    entry.user_id = session->user_id;
    entry.action = "user.logout";
    entry.subject = "user:" + std::to_string(session->user_id);
    entry.address = request.remote_address;
    store.audit().append(entry);
  }
  auth.sign_out(token);
  auto response = see_other("/admin/login");
  response.set_header("Set-Cookie", session_cookie(request, token, true));
  return response;
}

// --- pages

json Admin::Impl::layout_view(const AdminRequest& request, const std::string& title,
                              const std::string& current) const {
  Role role = request.user.role;
  json nav = json::array();
  auto item = [&](const char* key, const char* label, const char* url) {
    nav.push_back({{"label", label}, {"url", url}, {"current", current == key}});
  };
  item("stories", "Stories", "/admin/stories");
  if (has_capability(role, Capability::manage_entities))
    item("entities", "Entities", "/admin/entities");
  if (has_capability(role, Capability::manage_entities))
    item("queue", "Review queue", "/admin/queue");
  if (has_capability(role, Capability::manage_media)) item("media", "Media", "/admin/media");
  if (has_capability(role, Capability::manage_users)) item("users", "Users", "/admin/users");
  if (has_capability(role, Capability::publish))
    item("redirects", "Old addresses", "/admin/redirects");
  if (has_capability(role, Capability::read_audit)) item("audit", "Audit log", "/admin/audit");
  item("account", "Account", "/admin/account");
  json view = {{"title", title},
               {"site_title", site.config().title},
               {"asset_version", asset_version},
               {"csrf", request.session.csrf_token},
               {"nav", nav},
               {"me",
                {{"id", request.user.id},
                 {"name", request.user.display_name},
                 {"email", request.user.email},
                 {"role", to_string(role)}}}};
  if (auto done = request.http.query("done")) {
    auto found = done_messages().find(*done);
    if (found != done_messages().end()) view["flash"] = found->second;
  }
  return view;
}

web::Response Admin::page(const std::string& name, json view, const AdminRequest& request,
                          int status) const {
  json full = impl_->layout_view(request, view.value("title", std::string("Newsroom")),
                                 view.value("nav_current", std::string()));
  for (auto& [key, value] : full.items()) {
    if (!view.contains(key)) view[key] = value;
  }
  web::Response response;
  response.status = status;
  response.body = impl_->templates.render_page(name, view);
  response.set_header("Content-Type", "text/html; charset=utf-8");
  add_newsroom_headers(response);
  return response;
}

void Admin::audit(const AdminRequest& request, const std::string& action,
                  const std::string& subject, const std::string& detail) const {
  AuditEntry entry;
  entry.at = impl_->now();
  entry.user_id = request.user.id;
  entry.action = action;
  entry.subject = subject;
  entry.detail = detail;
  entry.address = request.http.remote_address;
  impl_->store.audit().append(entry);
}

web::Response Admin::Impl::message(const AdminRequest& request, int status,
                                   const std::string& title, const std::string& text) const {
  return self.page("message", {{"title", title}, {"message", text}}, request, status);
}

web::Response Admin::Impl::forbidden(const AdminRequest& request) const {
  return message(request, 403, "Not allowed",
                 "Your role (" + std::string(to_string(request.user.role)) +
                     ") does not allow this. Ask an editor or an administrator.");
}

web::Response Admin::Impl::not_found(const AdminRequest& request) const {
  return message(request, 404, "Not found", "There is nothing at this address in the newsroom.");
}

}  // namespace marquee::admin
