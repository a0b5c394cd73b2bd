// The story rules: see story_rules.h.
#include "newsroom/story_rules.h"

#include <algorithm>

#include "core/slug.h"
#include "newsroom/capabilities.h"

namespace marquee::newsroom {
namespace {

using Kind = Refusal::Kind;

User as_user(const Actor& who) {
  User user;
  user.id = who.user_id;
  user.role = who.role;
  return user;
}

bool contains(const std::vector<Id>& ids, Id id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

Refusal forbidden(std::string rule, std::string field, std::string reason) {
  return {Kind::forbidden, std::move(rule), std::move(field), std::move(reason)};
}

Refusal invalid(std::string rule, std::string field, std::string reason) {
  return {Kind::invalid, std::move(rule), std::move(field), std::move(reason)};
}

bool goes_out(ArticleStatus status) {
  return status == ArticleStatus::published || status == ArticleStatus::scheduled;
}

// Who may do what: the fields only some roles may set, and the bylines.
void check_rights(const Actor& who, const std::optional<Article>& before, const Article& after,
                  std::vector<Refusal>& out) {
  const Article empty;
  const Article& was = before ? *before : empty;
  if (after.featured != was.featured && !may_set_flags(who.role)) {
    out.push_back(forbidden("set_flag", "featured", "Only editors can mark a story featured."));
  }
  if (after.exclusive != was.exclusive && !may_set_flags(who.role)) {
    out.push_back(forbidden("set_flag", "exclusive", "Only editors can mark a story exclusive."));
  }
  if (after.publish_at != was.publish_at && !may_set_publish_time(who.role)) {
    out.push_back(
        forbidden("set_publish_time", "publish_at", "Only editors set the time a story goes out."));
  }
  if (!who.is_system() && !has_capability(who.role, Capability::edit_any_story) &&
      !contains(after.author_ids, who.user_id)) {
    out.push_back(forbidden("set_byline", "authors", "You must stay among the story's authors."));
  }
  if (!may_sign_others(who.role)) {
    for (Id author : after.author_ids) {
      if (author != who.user_id && !contains(was.author_ids, author)) {
        out.push_back(forbidden("set_byline", "authors",
                                "Contributors sign only their own stories; an editor adds other "
                                "bylines."));
        break;
      }
    }
  }
}

// "photos.3.alt": the field of the third photo (numbered from 1, as its page is).
std::string photo_field(std::size_t index, const char* name) {
  return "photos." + std::to_string(index + 1) + "." + name;
}

// Only a gallery has photos; each is in it once, with words of a sensible length, and a
// gallery has at most kMaxGalleryPhotos.
void check_gallery_shape(const Article& after, std::vector<Refusal>& out) {
  if (after.kind != ArticleKind::gallery) {
    if (!after.photos.empty()) {
      out.push_back(invalid("photos", "photos",
                            "Only a gallery has photos; add a lead photo to a story instead."));
    }
    return;
  }
  if (after.photos.size() > kMaxGalleryPhotos) {
    out.push_back(invalid("gallery_size", "photos",
                          "A gallery holds at most " + std::to_string(kMaxGalleryPhotos) +
                              " photos; make a second gallery for the rest."));
  }
  for (std::size_t i = 0; i < after.photos.size(); ++i) {
    const GalleryPhoto& photo = after.photos[i];
    for (std::size_t j = 0; j < i; ++j) {
      if (after.photos[j].media_id != photo.media_id) continue;
      out.push_back(invalid("photo_repeated", photo_field(i, "media_id"),
                            "Photo " + std::to_string(i + 1) + " is already photo " +
                                std::to_string(j + 1) + " of this gallery."));
      break;
    }
    for (const auto& [name, text] :
         {std::pair<const char*, const std::string*>{"caption", &photo.caption},
          {"credit", &photo.credit},
          {"alt", &photo.alt}}) {
      if (text->size() <= kMaxPhotoText) continue;
      out.push_back(invalid("photo_text_length", photo_field(i, name),
                            "Keep each photo's " + std::string(name) + " under " +
                                std::to_string(kMaxPhotoText) + " characters."));
    }
  }
}

// What the story itself needs, whoever saves it.
void check_fields(const std::optional<Article>& before, const Article& after,
                  const ChangeContext& context, std::vector<Refusal>& out) {
  if (after.headline.empty()) {
    out.push_back(invalid("headline", "headline", "A story needs a headline."));
  } else if (after.headline.size() > kMaxHeadline && !context.imported) {
    out.push_back(
        invalid("headline_length", "headline", "Keep the headline under 300 characters."));
  }
  // A page's slug is its path ("about/team"), checked with the store (page_rules.h); it has
  // no section.
  if (after.kind != ArticleKind::page) {
    if (after.slug.empty() || !is_valid_slug(after.slug)) {
      out.push_back(
          invalid("slug", "slug",
                  "Use lower-case letters, digits and single hyphens, like kristen-stewart-clip."));
    }
    if (after.section.empty()) out.push_back(invalid("section", "section", "Choose a section."));
  }

  check_gallery_shape(after, out);

  // The publishing checks: what a story needs before readers see it. An import brings an
  // archive as it was (a WordPress post scheduled for a day now past goes out at once).
  if (context.imported) return;
  const bool status_moves = !before || before->status != after.status;
  const bool time_moves = !before || before->publish_at != after.publish_at;
  if (after.status == ArticleStatus::scheduled && (status_moves || time_moves)) {
    if (!after.publish_at) {
      out.push_back(
          invalid("schedule_time", "publish_at", "Pick the time the story should go live."));
    } else if (*after.publish_at <= context.now) {
      out.push_back(invalid("schedule_time", "publish_at",
                            "That time has passed: publish now instead, or pick a later time."));
    }
  }
  if (after.status == ArticleStatus::published && after.publish_at &&
      *after.publish_at > context.now && (status_moves || time_moves)) {
    out.push_back(
        invalid("publish_time", "publish_at", "That time is in the future: use Schedule."));
  }
  if (goes_out(after.status) && after.kind == ArticleKind::gallery) {
    if (after.photos.empty()) {
      out.push_back(invalid("gallery_photos", "photos",
                            "A gallery needs at least one photo before it can go out."));
    }
    for (std::size_t i = 0; i < after.photos.size(); ++i) {
      if (!after.photos[i].alt.empty()) continue;
      const std::string number = std::to_string(i + 1);
      out.push_back(invalid("photo_alt", photo_field(i, "alt"),
                            "Photo " + number +
                                " needs alt text before the gallery can go out: describe what it "
                                "shows for readers who cannot see it."));
    }
  }
  if (goes_out(after.status) && context.lead_photo && context.lead_photo->alt.empty()) {
    out.push_back(invalid("lead_photo_alt", "lead_media",
                          "The lead photo needs alt text before the story can go out."));
  }
}

}  // namespace

const char* to_string(Refusal::Kind kind) {
  switch (kind) {
    case Kind::forbidden:
      return "forbidden";
    case Kind::invalid:
      return "invalid";
    case Kind::not_found:
      return "not_found";
    case Kind::conflict:
      return "conflict";
  }
  return "invalid";
}

Refused::Refused(std::vector<Refusal> refusals)
    : std::runtime_error(refusals.empty() ? "refused" : refusals.front().reason),
      refusals_(std::move(refusals)) {
  if (refusals_.empty()) refusals_.push_back(invalid("refused", "", "That change is not allowed."));
}

bool may_set_flags(Role role) {
  return has_capability(role, Capability::publish);
}

bool may_set_publish_time(Role role) {
  return has_capability(role, Capability::publish);
}

bool may_sign_others(Role role) {
  // Writers share bylines with colleagues; a contributor's pieces go through an editor.
  return has_capability(role, Capability::submit_stories);
}

std::optional<Refusal> refuse_transition(const Actor& who, const std::optional<Article>& before,
                                         ArticleStatus to) {
  if (before && !may_edit(as_user(who), *before)) {
    return forbidden("edit_story", "", "You cannot edit this story in its present state.");
  }
  if (has_capability(who.role, Capability::publish)) return std::nullopt;
  switch (to) {
    case ArticleStatus::draft:
      return std::nullopt;
    case ArticleStatus::review:
      if (has_capability(who.role, Capability::submit_stories)) return std::nullopt;
      return forbidden("set_status", "status",
                       "Contributors save drafts; an editor moves them on.");
    case ArticleStatus::scheduled:
      return forbidden("set_status", "status", "Only editors can schedule stories.");
    case ArticleStatus::published:
      return forbidden("set_status", "status", "Only editors can publish stories.");
    case ArticleStatus::archived:
      return forbidden("set_status", "status", "Only editors can archive stories.");
  }
  return forbidden("set_status", "status", "That change is not allowed.");
}

std::optional<Refusal> refuse_link_decision(const Actor& who, const Article& story) {
  if (may_edit(as_user(who), story)) return std::nullopt;
  return forbidden("edit_story", "", "You cannot edit this story in its present state.");
}

std::vector<Refusal> check_change(const Actor& who, const std::optional<Article>& before,
                                  const Article& after, const ChangeContext& context) {
  std::vector<Refusal> out;
  if (auto refusal = refuse_transition(who, before, after.status)) {
    out.push_back(std::move(*refusal));
    return out;  // nothing else about the change matters
  }
  check_rights(who, before, after, out);
  if (!out.empty()) return out;
  check_fields(before, after, context, out);
  return out;
}

}  // namespace marquee::newsroom
