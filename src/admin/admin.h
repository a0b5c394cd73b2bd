// The newsroom at /admin: sign-in, the story list and editor with its workflow, revisions, the
// knowledge-graph manager, users and the audit log. Server-rendered HTML that works without
// JavaScript. Every route checks the signed-in user's role on the server, and every POST its
// session's CSRF token and the request's origin.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>

#include "admin/auth.h"
#include "core/types.h"
#include "newsroom/knowledge.h"
#include "newsroom/newsroom.h"
#include "site/site.h"
#include "store/store.h"
#include "web/http.h"

namespace marquee::admin {

struct AdminOptions {
  AuthOptions auth;
  std::filesystem::path templates_dir;  // themes/default/admin
  std::filesystem::path static_dir;     // themes/default/static (admin.css, admin.js)
  // Mark cookies Secure. Also done per request when it arrived over https (X-Forwarded-Proto).
  bool secure_cookies = false;

  // MARQUEE_SESSION_IDLE and MARQUEE_SESSION_MAX (seconds) and MARQUEE_LOGIN_LIMIT (failures per
  // account) override the defaults; bad values are ignored. Folders come from the theme folder.
  static AdminOptions from_environment(const std::filesystem::path& theme_dir,
                                       const std::string& base_url);
};

// What a newsroom page handler gets: the request and who is asking.
struct AdminRequest {
  const web::Request& http;
  const User& user;
  const Session& session;
};

class Admin {
 public:
  // Loads the templates; throws std::runtime_error when they are missing or broken.
  Admin(AdminOptions options, Store& store, newsroom::Knowledge& knowledge, site::Site& site,
        newsroom::Newsroom& newsroom);
  ~Admin();
  Admin(const Admin&) = delete;
  Admin& operator=(const Admin&) = delete;

  // Any request whose path is /admin or starts with /admin/. Never throws.
  web::Response handle(const web::Request& request);
  // For a request with a body, before the server reads it (web::Handlers::admit): the checks
  // the head alone can decide, so that no stranger makes the server take in an upload. A POST
  // needs a signed-in session (401), the newsroom's origin (403), a form or multipart body (415),
  // the area's role (403), and the session's CSRF token if sent in X-CSRF-Token (403; a plain
  // form's token is in its body and handle() checks it). nullopt: read the body. Never throws.
  std::optional<web::Response> admit(const web::Request& request);

  // More newsroom pages (photos and clips): requests under `prefix` from users with at least
  // `least_role` go to `handler`, after sign-in, CSRF and origin checks. Call before serving.
  using PageHandler = std::function<web::Response(const AdminRequest&)>;
  void mount(std::string prefix, Role least_role, PageHandler handler);

  // A newsroom page: templates/<name> inside the newsroom layout, with the signed-in user, the
  // CSRF token (`csrf`) and the navigation added to `view`.
  web::Response page(const std::string& name, nlohmann::json view, const AdminRequest& request,
                     int status = 200) const;
  // Appends to the audit log: who (the request's user and address) did `action` to `subject`.
  void audit(const AdminRequest& request, const std::string& action, const std::string& subject,
             const std::string& detail = {}) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

struct NewAccount {
  User user;
  std::string password;  // shown once, never stored
};

// Creates an account with a fresh one-time password. ConstraintError when the email is taken;
// std::invalid_argument when it does not look like an email address.
NewAccount create_account(Store& store, const std::string& email, Role role,
                          const std::string& display_name = {});

}  // namespace marquee::admin
