// The story editor's part for galleries: the photos as rows of the form (reading order, the
// gallery's words for each, the people in it with the linker's suggestions to confirm or reject)
// and the rows read back into the gallery's photos for the newsroom. Works as a plain form: the
// position fields order the rows, a select adds a photo and a box removes one; the media
// picker's script adds photos from the library and moves rows with buttons.
#include <algorithm>
#include <charconv>

#include "admin/media_pages.h"
#include "admin/pages.h"
#include "core/ascii.h"
#include "core/slug.h"

namespace marquee::admin {
namespace {

using nlohmann::json;

constexpr const char* kStates[] = {"suggested", "confirmed", "rejected"};
constexpr const char* kStateLabels[] = {"Suggested", "In the photo", "Not in the photo"};

std::optional<int> to_position(std::string_view text) {
  int value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < 1) return std::nullopt;
  return value;
}

}  // namespace

json Admin::Impl::gallery_rows_view(const Article& story,
                                    const std::map<std::string, std::string>& errors) {
  auto graph = knowledge.graph();
  json rows = json::array();
  for (std::size_t i = 0; i < story.photos.size(); ++i) {
    const GalleryPhoto& photo = story.photos[i];
    const std::string prefix = "photos." + std::to_string(i + 1) + ".";
    std::string error;
    for (const auto& [name, text] : errors) {
      if (name.starts_with(prefix)) error += (error.empty() ? "" : " ") + text;
    }
    auto media = store.media().find(photo.media_id);
    json people = json::array();
    for (const auto& person : photo.people) {
      const Entity* entity = graph->entity(person.entity_id);
      json states = json::array();
      for (std::size_t s = 0; s < std::size(kStates); ++s) {
        std::string label = kStateLabels[s];
        if (s == 0)
          label +=
              " (" + std::to_string(static_cast<int>(person.confidence * 100 + 0.5)) + "% sure)";
        states.push_back({{"value", std::to_string(person.entity_id) + ":" + kStates[s]},
                          {"label", label},
                          {"selected", to_string(person.state) == std::string_view(kStates[s])}});
      }
      people.push_back({{"entity_id", person.entity_id},
                        {"name", entity ? entity->name : id_label(person.entity_id)},
                        {"state", to_string(person.state)},
                        {"states", states}});
    }
    rows.push_back({{"number", i + 1},
                    {"media_id", photo.media_id},
                    {"thumbnail", media ? media_thumbnail(*media) : ""},
                    {"caption", photo.caption},
                    {"credit", photo.credit},
                    {"alt", photo.alt},
                    {"people", people},
                    {"has_people", !people.empty()},
                    {"error", error}});
  }
  return rows;
}

std::vector<GalleryPhoto> Admin::Impl::gallery_from_form(
    const Form& form, std::map<std::string, std::string>& errors) {
  const auto media = fields(form, "photo_media");
  const auto captions = fields(form, "photo_caption");
  const auto credits = fields(form, "photo_credit");
  const auto alts = fields(form, "photo_alt");
  const auto orders = fields(form, "photo_order");
  const auto removed = fields(form, "photo_remove");
  if (captions.size() != media.size() || credits.size() != media.size() ||
      alts.size() != media.size() || orders.size() != media.size()) {
    errors["photos"] = "The gallery's photos did not come through whole: load the editor again.";
    return {};
  }
  struct Row {
    int order;
    std::size_t index;
    GalleryPhoto photo;
  };
  std::vector<Row> rows;
  for (std::size_t i = 0; i < media.size(); ++i) {
    if (std::find(removed.begin(), removed.end(), media[i]) != removed.end()) continue;
    auto id = to_id(media[i]);
    if (!id) {
      errors["photos"] = "Choose the gallery's photos from the library.";
      continue;
    }
    GalleryPhoto photo;
    photo.media_id = *id;
    photo.caption = std::string(ascii_trim(captions[i]));
    photo.credit = std::string(ascii_trim(credits[i]));
    photo.alt = std::string(ascii_trim(alts[i]));
    // Each person's select says "<entity id>:<state>"; suggestions are made again on save.
    for (const auto& value : fields(form, "people_" + media[i])) {
      const auto colon = value.find(':');
      auto entity = to_id(std::string_view(value).substr(0, colon));
      auto state = colon == std::string::npos
                       ? std::nullopt
                       : parse_link_state(std::string_view(value).substr(colon + 1));
      if (!entity || !state) {
        errors["photos"] = "Say for each person whether they are in the photo.";
        continue;
      }
      if (*state != LinkState::suggested) photo.people.push_back({*entity, *state, 0});
    }
    const std::string added(ascii_trim(field(form, "add_person_" + media[i])));
    if (!added.empty()) {
      auto entity = store.graph().entity_by_slug(slugify(added));
      if (!entity || entity->kind != EntityKind::person) {
        errors["photos." + std::to_string(rows.size() + 1) + ".people"] =
            "There is no person called \"" + added + "\" in the knowledge graph.";
      } else if (std::none_of(photo.people.begin(), photo.people.end(),
                              [&](const PhotoPerson& p) { return p.entity_id == entity->id; })) {
        photo.people.push_back({entity->id, LinkState::confirmed, 0});
      }
    }
    const int order = to_position(orders[i]).value_or(static_cast<int>(i) + 1);
    rows.push_back({order, i, std::move(photo)});
  }
  // The positions as the editor typed them; rows with the same number keep their order.
  std::stable_sort(rows.begin(), rows.end(),
                   [](const Row& a, const Row& b) { return a.order < b.order; });
  std::vector<GalleryPhoto> photos;
  for (auto& row : rows) photos.push_back(std::move(row.photo));
  if (auto added = field(form, "photo_add"); !added.empty()) {
    if (auto id = to_id(added)) {
      GalleryPhoto photo;
      photo.media_id = *id;  // the newsroom gives it the library's words
      photos.push_back(std::move(photo));
    } else {
      errors["photos"] = "Choose the photo to add from the library.";
    }
  }
  return photos;
}

}  // namespace marquee::admin
