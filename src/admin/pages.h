// Inside the newsroom: the state Admin's page handlers share, and helpers for forms and
// responses. Private to admin/; the rest of Marquee includes only admin.h.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "admin/admin.h"
#include "admin/templates.h"
#include "newsroom/capabilities.h"
#include "newsroom/story_rules.h"

namespace marquee::admin {

// Who may do what is the newsroom's (newsroom/capabilities.h); the pages only ask.
using newsroom::Capability;
using newsroom::has_capability;
using newsroom::is_author;
using newsroom::least_role_for;
using newsroom::may_edit;
using newsroom::may_view;
using newsroom::refuse_delete;

// A story's status as the newsroom's pages name it ("In review").
const char* status_label(ArticleStatus status);

using Form = std::multimap<std::string, std::string>;

// The first value of a form field, or "" when absent.
std::string field(const Form& form, const std::string& name);
std::vector<std::string> fields(const Form& form, const std::string& name);
std::optional<Id> to_id(std::string_view text);
// "#12": how a row that has gone missing (a deleted user or entity) is named.
std::string id_label(Id id);
// Whether an Origin (or, lacking one, a Referer) header names this server; true when neither is
// sent (old clients), since the CSRF token is checked as well.
bool same_origin(const web::Request& request);
// The site's security headers, with a same-origin Referrer-Policy and no caching anywhere.
void add_newsroom_headers(web::Response& response);
// The JSON answer to a newsroom script's fetch (link decisions, live entries), with those headers.
web::Response newsroom_json(int status, const nlohmann::json& body);

// An entity as the newsroom shows it wherever one is picked, so that look-alikes (two songs
// named "Cherry Bomb") can be told apart: kind, description, dates and how many stories link it
// (entities.cpp).
nlohmann::json entity_brief(const Entity& entity, int stories);
// The entities among `all` whose name or an alias reads as `name` (case and spacing aside),
// leaving out the one with id `except`.
// The <option>s of a media field (the newest 200 of the kind; photos without alt text said so),
// with `chosen` selected.
nlohmann::json media_options(Store& store, MediaKind kind, std::optional<Id> chosen);
std::vector<const Entity*> look_alikes(const std::vector<Entity>& all, std::string_view name,
                                       Id except = 0);

struct Mount {
  std::string prefix;
  Role least_role;
  Admin::PageHandler handler;
};

struct Admin::Impl {
  Impl(Admin& self, AdminOptions options, Store& store, newsroom::Knowledge& knowledge,
       site::Site& site, newsroom::Newsroom& newsroom);

  Admin& self;
  AdminOptions options;
  Store& store;
  newsroom::Knowledge& knowledge;
  site::Site& site;
  newsroom::Newsroom& newsroom;
  Auth auth;
  Templates templates;
  std::string asset_version;
  std::vector<Mount> mounts;

  Time now() const;
  web::Response dispatch(const web::Request& request);
  std::optional<web::Response> admit(const web::Request& request);
  web::Response route(const AdminRequest& request, const std::vector<std::string_view>& parts);

  // Sign-in pages (admin.cpp).
  web::Response login_form(const web::Request& request, const std::string& error, int status,
                           const std::string& email);
  web::Response login(const web::Request& request);
  web::Response logout(const web::Request& request, const std::string& token);
  std::string session_cookie(const web::Request& request, const std::string& token,
                             bool clear) const;

  // Common answers.
  web::Response message(const AdminRequest& request, int status, const std::string& title,
                        const std::string& text) const;
  web::Response forbidden(const AdminRequest& request) const;
  web::Response not_found(const AdminRequest& request) const;
  web::Response see_other(const std::string& location) const;
  nlohmann::json layout_view(const AdminRequest& request, const std::string& title,
                             const std::string& current) const;

  // Stories (stories.cpp).
  web::Response story_list(const AdminRequest& request);
  web::Response story_bulk(const AdminRequest& request);  // story_list.cpp
  web::Response story_new(const AdminRequest& request);
  web::Response story_edit(const AdminRequest& request, Id id);
  web::Response story_save(const AdminRequest& request, std::optional<Id> id);
  web::Response story_link(const AdminRequest& request, Id id);
  web::Response story_add_name(const AdminRequest& request, Id id);
  web::Response story_revisions(const AdminRequest& request, Id id);
  web::Response story_compare(const AdminRequest& request, Id id);
  web::Response story_restore(const AdminRequest& request, Id id);
  // Live coverage (live_entries.cpp): the composer's posts, deletions and the end of the
  // coverage, through the newsroom; and the editor's view of the entries.
  web::Response entry_post(const AdminRequest& request, Id story_id);
  web::Response entry_delete(const AdminRequest& request, Id story_id, Id entry_id);
  // An entry's own form (its text, photo or clip, flags) and its save; `typed` and `problem`
  // when a save was refused, to show the form again as it was sent.
  web::Response entry_edit(const AdminRequest& request, Id story_id, Id entry_id,
                           const LiveEntry* typed = nullptr, const std::string& problem = "",
                           int status = 200);
  web::Response entry_save(const AdminRequest& request, Id story_id, Id entry_id);
  web::Response live_end(const AdminRequest& request, Id story_id);
  nlohmann::json live_editor_view(const AdminRequest& request, const Article& story);
  web::Response preview(const AdminRequest& request);
  web::Response editor_page(const AdminRequest& request, const Article& story,
                            const std::map<std::string, std::string>& errors, int status,
                            const std::string& notice, bool conflict);
  nlohmann::json enrichment_view(const Article& story, bool can_edit);
  // A gallery's photos on the editor (gallery_editor.cpp): one row per photo with its words,
  // its people and their states, and the form's rows read back (errors by field name).
  nlohmann::json gallery_rows_view(const Article& story,
                                   const std::map<std::string, std::string>& errors);
  std::vector<GalleryPhoto> gallery_from_form(const Form& form,
                                              std::map<std::string, std::string>& errors);

  // The editor's unsaved work (story_drafts.cpp): autosaved drafts and previews of the form.
  web::Response story_autosave(const AdminRequest& request, Id id);
  web::Response story_autosave_discard(const AdminRequest& request, Id id);
  web::Response story_preview(const AdminRequest& request, std::optional<Id> id);
  web::Response story_card(const AdminRequest& request, std::optional<Id> id);
  // The story the form describes, over what is stored (nothing is checked: only shown).
  static Article story_from_form(const Form& form, Article story);
  std::optional<Article> previewed_story(const AdminRequest& request, std::optional<Id> id);
  // The editor's addresses for previews and autosaves, and the person's draft when it is newer.
  void add_draft_view(nlohmann::json& view, const AdminRequest& request, const Article& story,
                      bool can_edit);

  // Knowledge graph (entities.cpp).
  web::Response entity_list(const AdminRequest& request);
  web::Response entity_edit(const AdminRequest& request, std::optional<Id> id,
                            const std::map<std::string, std::string>& errors = {},
                            const std::optional<Entity>& submitted = std::nullopt,
                            int status = 200);
  web::Response entity_save(const AdminRequest& request, std::optional<Id> id);
  web::Response relation_add(const AdminRequest& request, Id id);
  web::Response relation_remove(const AdminRequest& request, Id id, Id relation_id);
  web::Response entity_merge(const AdminRequest& request, Id id);

  // The knowledge graph's review queue (review_queue.cpp).
  web::Response review_queue(const AdminRequest& request);
  web::Response review_decide(const AdminRequest& request, std::string_view list, Id id,
                              std::string_view action);
  nlohmann::json queue_end(const SuggestionEnd& end);

  // Accounts and the audit log (users.cpp).
  web::Response user_list(const AdminRequest& request, const nlohmann::json& extra = {},
                          int status = 200);
  web::Response user_create(const AdminRequest& request);
  web::Response user_update(const AdminRequest& request, Id id);
  web::Response audit_log(const AdminRequest& request);
  // Old addresses of a site moved in (redirects.cpp).
  web::Response redirect_list(const AdminRequest& request);
  web::Response account(const AdminRequest& request, const std::string& error = {},
                        const std::string& notice = {}, int status = 200);
  web::Response account_password(const AdminRequest& request);
};

}  // namespace marquee::admin
