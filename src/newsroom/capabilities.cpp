// The roles' capabilities (see capabilities.h).
#include "newsroom/capabilities.h"

#include <algorithm>

namespace marquee::newsroom {

Role least_role_for(Capability capability) {
  switch (capability) {
    case Capability::write_stories:
      return Role::contributor;
    case Capability::submit_stories:
    case Capability::post_entries:
      return Role::writer;
    case Capability::edit_any_story:
    case Capability::publish:
    case Capability::manage_entities:
    case Capability::manage_media:
      return Role::editor;
    case Capability::manage_users:
    case Capability::read_audit:
      return Role::admin;
  }
  return Role::admin;
}

bool has_capability(Role role, Capability capability) {
  // Roles are ordered contributor < writer < editor < admin; each has what those below have.
  return static_cast<int>(role) >= static_cast<int>(least_role_for(capability));
}

bool is_author(const User& user, const Article& story) {
  return std::find(story.author_ids.begin(), story.author_ids.end(), user.id) !=
         story.author_ids.end();
}

bool may_view(const User& user, const Article& story) {
  return has_capability(user.role, Capability::edit_any_story) || is_author(user, story);
}

bool may_edit(const User& user, const Article& story) {
  if (has_capability(user.role, Capability::edit_any_story)) return true;
  if (!is_author(user, story)) return false;
  if (story.status == ArticleStatus::draft) return true;
  // A writer may keep working on a story waiting for review; once an editor has scheduled or
  // published it, it is the desk's.
  return story.status == ArticleStatus::review &&
         has_capability(user.role, Capability::submit_stories);
}

std::optional<std::string> refuse_delete(const User& user, const Article& story) {
  if (has_capability(user.role, Capability::publish)) return std::nullopt;
  if (!is_author(user, story)) return "Only editors can delete other people's stories.";
  if (!may_edit(user, story))
    return "Only editors can delete a story once it has gone to the desk.";
  return std::nullopt;
}

std::optional<std::string> refuse_entry_post(const User& user) {
  if (has_capability(user.role, Capability::post_entries)) return std::nullopt;
  return "Writers and editors post entries to live coverage.";
}

std::optional<std::string> refuse_entry_change(const User& user, const LiveEntry& entry) {
  if (has_capability(user.role, Capability::edit_any_story)) return std::nullopt;
  if (!has_capability(user.role, Capability::post_entries))
    return "Writers and editors post entries to live coverage.";
  if (entry.author_id != user.id) return "Only editors can change other people's entries.";
  return std::nullopt;
}

std::optional<std::string> refuse_end_live(const User& user) {
  if (has_capability(user.role, Capability::publish)) return std::nullopt;
  return "Only editors can end live coverage.";
}

}  // namespace marquee::newsroom
