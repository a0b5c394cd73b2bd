// Accounts (admin only): list, create with a one-time password, change roles, reset passwords,
// sign out everywhere; the audit log; and each user's own password page.
#include <stdexcept>

#include "admin/pages.h"
#include "admin/passwords.h"

namespace marquee::admin {
namespace {

using nlohmann::json;

constexpr int kAuditPageSize = 100;
constexpr std::size_t kMinPasswordLength = 12;

const std::vector<Role>& all_roles() {
  static const std::vector<Role> roles = {Role::contributor, Role::writer, Role::editor,
                                          Role::admin};
  return roles;
}

json role_options(Role selected) {
  json options = json::array();
  for (Role r : all_roles()) {
    options.push_back(
        {{"value", to_string(r)}, {"label", to_string(r)}, {"selected", r == selected}});
  }
  return options;
}

}  // namespace

web::Response Admin::Impl::user_list(const AdminRequest& request, const json& extra, int status) {
  if (!has_capability(request.user.role, Capability::manage_users)) return forbidden(request);
  json rows = json::array();
  for (const auto& user : store.users().all()) {
    rows.push_back({{"id", user.id},
                    {"name", user.display_name},
                    {"email", user.email},
                    {"slug", user.slug},
                    {"role", to_string(user.role)},
                    {"roles", role_options(user.role)},
                    {"can_sign_in", !user.password_hash.empty()},
                    {"is_me", user.id == request.user.id},
                    {"action_url", "/admin/users/" + std::to_string(user.id)}});
  }
  json view = {{"title", "Users"},
               {"nav_current", "users"},
               {"users", rows},
               {"roles", role_options(Role::writer)},
               {"errors", json::object()}};
  for (const auto& [key, value] : extra.items()) view[key] = value;
  return self.page("users", view, request, status);
}

web::Response Admin::Impl::user_create(const AdminRequest& request) {
  if (!has_capability(request.user.role, Capability::manage_users)) return forbidden(request);
  auto form = request.http.form();
  auto role = parse_role(field(form, "role"));
  std::string email = field(form, "email");
  std::string name = field(form, "name");
  json extra = {{"new_email", email}, {"new_name", name}};
  if (!role) {
    extra["errors"] = {{"role", "Choose a role."}};
    return user_list(request, extra, 422);
  }
  try {
    auto account = create_account(store, email, *role, name);
    self.audit(request, "user.create", "user:" + std::to_string(account.user.id),
               account.user.email + " as " + to_string(*role));
    // The password is shown this once, on this page, and never again.
    return user_list(
        request, {{"created", {{"email", account.user.email}, {"password", account.password}}}});
  } catch (const std::invalid_argument& e) {
    extra["errors"] = {{"email", e.what()}};
  } catch (const ConstraintError&) {
    extra["errors"] = {{"email", "There is already an account with this email."}};
  }
  return user_list(request, extra, 422);
}

web::Response Admin::Impl::user_update(const AdminRequest& request, Id id) {
  if (!has_capability(request.user.role, Capability::manage_users)) return forbidden(request);
  auto user = store.users().find(id);
  if (!user) return not_found(request);
  auto form = request.http.form();
  std::string action = field(form, "action");
  const std::string subject = "user:" + std::to_string(id);
  if (action == "role") {
    auto role = parse_role(field(form, "role"));
    if (!role) return message(request, 400, "Bad form", "Choose a role.");
    // The last administrator cannot demote themselves and lock everyone out of this page.
    if (id == request.user.id && *role != Role::admin) {
      return message(request, 409, "Not done",
                     "Ask another administrator to change your own role.");
    }
    std::string before = to_string(user->role);
    user->role = *role;
    store.users().save(*user);
    store.sessions().remove_for_user(id);  // the new role applies from the next sign-in
    self.audit(request, "user.role", subject, before + " -> " + to_string(*role));
    return see_other("/admin/users?done=updated");
  }
  if (action == "reset") {
    std::string password = one_time_password();
    user->password_hash = hash_password(password);
    store.users().save(*user);
    store.sessions().remove_for_user(id);
    self.audit(request, "user.password_reset", subject, user->email);
    return user_list(request, {{"created", {{"email", user->email}, {"password", password}}}});
  }
  if (action == "signout") {
    store.sessions().remove_for_user(id);
    self.audit(request, "user.signout", subject, user->email);
    return see_other("/admin/users?done=signed-out");
  }
  return message(request, 400, "Bad form", "Unknown action.");
}

web::Response Admin::Impl::audit_log(const AdminRequest& request) {
  if (!has_capability(request.user.role, Capability::read_audit)) return forbidden(request);
  int page = 1;
  if (auto p = to_id(request.http.query("page").value_or("")))
    page = static_cast<int>(std::min<Id>(*p, 100000));
  auto entries = store.audit().list(kAuditPageSize + 1, (page - 1) * kAuditPageSize);
  bool more = entries.size() > static_cast<std::size_t>(kAuditPageSize);
  if (more) entries.pop_back();
  std::map<Id, std::string> names;
  for (const auto& user : store.users().all()) names[user.id] = user.display_name;
  json rows = json::array();
  for (const auto& entry : entries) {
    auto name = names.find(entry.user_id);
    rows.push_back({{"at", site.time().ap_datetime(entry.at)},
                    {"at_iso", site.time().iso_local(entry.at)},
                    {"user", entry.user_id == 0    ? ""
                             : name == names.end() ? id_label(entry.user_id)
                                                   : name->second},
                    {"action", entry.action},
                    {"subject", entry.subject},
                    {"detail", entry.detail},
                    {"address", entry.address}});
  }
  json view = {{"title", "Audit log"}, {"nav_current", "audit"}, {"entries", rows}, {"page", page}};
  if (page > 1) view["prev_url"] = "/admin/audit?page=" + std::to_string(page - 1);
  if (more) view["next_url"] = "/admin/audit?page=" + std::to_string(page + 1);
  return self.page("audit", view, request);
}

web::Response Admin::Impl::account(const AdminRequest& request, const std::string& error,
                                   const std::string& notice, int status) {
  json view = {
      {"title", "Your account"}, {"nav_current", "account"}, {"error", error}, {"notice", notice}};
  return self.page("account", view, request, status);
}

web::Response Admin::Impl::account_password(const AdminRequest& request) {
  auto form = request.http.form();
  std::string current = field(form, "current");
  std::string fresh = field(form, "new");
  if (!verify_password(current, request.user.password_hash)) {
    return account(request, "Your current password is not right.", {}, 422);
  }
  if (fresh.size() < kMinPasswordLength) {
    return account(request, "Use at least 12 characters.", {}, 422);
  }
  if (fresh != field(form, "confirm")) {
    return account(request, "The two new passwords differ.", {}, 422);
  }
  User user = request.user;
  user.password_hash = hash_password(fresh);
  store.users().save(user);
  // Every other session of this account ends; this one stays.
  store.sessions().remove_for_user(user.id);
  store.sessions().save(request.session);
  self.audit(request, "account.password", "user:" + std::to_string(user.id));
  return see_other("/admin/account?done=password");
}

}  // namespace marquee::admin
