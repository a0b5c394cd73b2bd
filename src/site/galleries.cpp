// Galleries on the public site: a gallery's page (its photos in a grid) and one page per photo
// (/<story>/photos/<n>, each a whole server-rendered page with its own canonical address,
// og:image and ImageGallery JSON-LD naming it), the strip a story shows where its Markdown
// names a gallery, the galleries of a topic page and the "Photos of" page of a person (keyset
// pages over the photos in which an editor confirmed them).
#include <algorithm>
#include <map>

#include "core/urls.h"
#include "site/site.h"
#include "store/errors.h"
#include "text/embeds.h"

namespace marquee::site {
namespace {

using nlohmann::json;

// A photo's page shows it across the 60rem gallery column (the whole width on a phone); the
// grid of a gallery has four columns on a wide screen, three on a tablet, two on a phone.
constexpr const char* kGalleryPhotoSizes = "(min-width: 62rem) 60rem, 100vw";
constexpr const char* kGalleryGridSizes = "(min-width: 72rem) 17rem, (min-width: 40rem) 30vw, 45vw";
constexpr const char* kStripSizes = "8rem";
// How many grid photos load at once (the first screen); the rest are lazy.
constexpr std::size_t kEagerGridPhotos = 4;
constexpr std::size_t kStripPhotos = 5;
constexpr int kTopicGalleries = 6;

std::string photo_path(const std::string& gallery_path, std::size_t number) {
  return gallery_path + "/photos/" + std::to_string(number);
}

// The gallery's own words for a library photo's view.
void use_gallery_words(json& view, const GalleryPhoto& photo) {
  view["alt"] = photo.alt;
  view["caption"] = photo.caption;
  view["credit"] = photo.credit;
}

}  // namespace

json Site::gallery_photo_view(const Article& gallery, std::size_t index,
                              const KnowledgeGraph& graph, std::vector<std::string>& tags) {
  const GalleryPhoto& photo = gallery.photos[index];
  tags.push_back("media:" + std::to_string(photo.media_id));
  auto media = store_.media().find(photo.media_id);
  if (!media || media->kind != MediaKind::image) return nullptr;
  json view = photo_view(*media);
  if (view.is_null()) return view;
  use_gallery_words(view, photo);
  view["sizes"] = kGalleryPhotoSizes;
  json people = json::array();
  for (const auto& person : photo.people) {
    if (person.state != LinkState::confirmed) continue;
    const Entity* entity = graph.entity(person.entity_id);
    if (!entity) continue;
    people.push_back({{"name", entity->name},
                      {"url", entity_path(*entity)},
                      {"photos_url", entity_path(*entity) + "/photos"}});
  }
  for (std::size_t i = 0; i < people.size(); ++i) {
    people[i]["separator"] = i + 1 == people.size() ? "" : i + 2 == people.size() ? " and " : ", ";
  }
  view["people"] = people;
  view["has_people"] = !people.empty();
  return view;
}

Site::Rendered Site::gallery_page(const Article& gallery, int photo) {
  if (photo < 0 || static_cast<std::size_t>(photo) > gallery.photos.size()) {
    return direct(error_page(404, "Photo not found", "This gallery has no such photo."));
  }
  std::vector<std::string> tags;
  json view = story_view(gallery, tags);
  auto graph = knowledge_.graph();
  const std::string path = story_path(gallery);
  const std::size_t count = gallery.photos.size();

  json grid = json::array();
  std::vector<json> shown(count);
  for (std::size_t i = 0; i < count; ++i) {
    shown[i] = gallery_photo_view(gallery, i, *graph, tags);
    if (shown[i].is_null()) continue;
    auto media = store_.media().find(gallery.photos[i].media_id);
    json thumb = card_photo_view(*media, CardSlot::list);
    use_gallery_words(thumb, gallery.photos[i]);
    thumb["sizes"] = kGalleryGridSizes;
    thumb["lazy"] = photo > 0 || i >= kEagerGridPhotos;
    grid.push_back({{"number", i + 1},
                    {"url", photo_path(path, i + 1)},
                    {"current", static_cast<std::size_t>(photo) == i + 1},
                    {"photo", std::move(thumb)}});
  }
  json g = {{"count", count},
            {"count_label", std::to_string(count) + (count == 1 ? " photo" : " photos")},
            {"url", path},
            {"grid", grid},
            {"has_grid", !grid.empty()}};
  if (count > 0) g["first_url"] = photo_path(path, 1);
  if (photo > 0) {
    const std::size_t index = static_cast<std::size_t>(photo) - 1;
    json current = shown[index];
    if (current.is_null()) current = json::object();
    current["number"] = photo;
    current["priority"] = true;
    g["photo"] = current;
    g["position_label"] = "Photo " + std::to_string(photo) + " of " + std::to_string(count);
    g["prev_url"] = photo == 1 ? path : photo_path(path, index);
    g["prev_label"] = photo == 1 ? "All photos" : "Previous photo";
    if (index + 1 < count) g["next_url"] = photo_path(path, index + 2);
  }
  view["gallery"] = std::move(g);
  add_gallery_head(view, gallery, photo > 0 ? std::optional<std::size_t>(photo - 1) : std::nullopt,
                   *graph);
  return {theme_.render_page("gallery", view), tags, std::nullopt};
}

void Site::add_gallery_head(json& view, const Article& gallery, std::optional<std::size_t> photo,
                            const KnowledgeGraph& graph) {
  json& page = view["page"];
  feeds::LdArticle ld = story_head(page, gallery);
  const std::string path = story_path(gallery);
  std::vector<feeds::LdGalleryPhoto> photos;
  std::optional<std::size_t> primary;
  for (std::size_t i = 0; i < gallery.photos.size(); ++i) {
    const GalleryPhoto& p = gallery.photos[i];
    auto media = store_.media().find(p.media_id);
    auto file = media && media->kind == MediaKind::image ? public_photo(*media) : std::nullopt;
    if (!file) continue;
    feeds::LdGalleryPhoto item;
    item.image = {media_url(file->file), file->width, file->height, p.caption};
    item.credit = p.credit;
    item.page_url = config_.base_url + photo_path(path, i + 1);
    for (const auto& person : p.people) {
      const Entity* entity =
          person.state == LinkState::confirmed ? graph.entity(person.entity_id) : nullptr;
      if (entity) {
        item.about.push_back({entity->kind, entity->name, config_.base_url + entity_path(*entity)});
      }
    }
    if (photo && *photo == i) {
      primary = photos.size();
      // A photo's page is shared as that photo: its own address, title and preview image.
      const std::string number = std::to_string(i + 1);
      const std::string of =
          " (photo " + number + " of " + std::to_string(gallery.photos.size()) + ")";
      page["canonical"] = item.page_url;
      page["title"] = gallery.headline + of + " | " + config_.title;
      page["share_title"] = gallery.headline + of;
      if (!p.caption.empty()) page["description"] = p.caption;
      page["image"] = {{"url", item.image.url},
                       {"width", item.image.width},
                       {"height", item.image.height},
                       {"alt", p.alt}};
      page["twitter_card"] = "summary_large_image";
    }
    photos.push_back(std::move(item));
  }
  page["jsonld"] = feeds::ld_script(feeds::image_gallery_ld(ld, photos, primary));
}

std::string Site::fill_gallery_embeds(const std::string& body_html,
                                      std::vector<std::string>& tags) {
  if (body_html.find("gallery-embed") == std::string::npos) return body_html;
  return text::fill_gallery_embeds(body_html, [&](const std::string& slug) -> std::string {
    auto gallery = store_.articles().find_by_slug(slug);
    if (!gallery || gallery->kind != ArticleKind::gallery) return "";
    // Its changes (publishing it too) drop the page that shows its strip.
    tags.push_back("article:" + std::to_string(gallery->id));
    if (!gallery->is_published() || gallery->photos.empty()) return "";
    const std::string path = story_path(*gallery);
    json photos = json::array();
    for (std::size_t i = 0; i < gallery->photos.size() && photos.size() < kStripPhotos; ++i) {
      const GalleryPhoto& p = gallery->photos[i];
      tags.push_back("media:" + std::to_string(p.media_id));
      auto media = store_.media().find(p.media_id);
      if (!media || media->kind != MediaKind::image) continue;
      json thumb = card_photo_view(*media, CardSlot::thumbnail);
      if (thumb.is_null()) continue;
      use_gallery_words(thumb, p);
      thumb["sizes"] = kStripSizes;
      thumb["lazy"] = true;
      photos.push_back({{"url", photo_path(path, i + 1)}, {"photo", std::move(thumb)}});
    }
    const std::size_t count = gallery->photos.size();
    return theme_.render("gallery_strip", {{"headline", gallery->headline},
                                           {"url", path},
                                           {"count_label", std::to_string(count) +
                                                               (count == 1 ? " photo" : " photos")},
                                           {"photos", photos}});
  });
}

void Site::add_topic_galleries(json& view, const Entity& entity, std::vector<std::string>& tags) {
  ArticleQuery q;
  q.kind = ArticleKind::gallery;
  q.entity_id = entity.id;
  q.limit = kTopicGalleries;
  auto cards = card_views(store_.articles().list(q), tags);
  for (auto& card : cards) {
    if (card.contains("photo")) card["photo"]["lazy"] = true;
  }
  view["galleries"] = cards;
  view["has_galleries"] = !cards.empty();
  // One index seek: whether any published photo shows the person.
  if (entity.kind == EntityKind::person &&
      !store_.galleries().photos_of(entity.id, "", 1).photos.empty()) {
    view["photos_url"] = entity_path(entity) + "/photos";
  }
}

Site::Rendered Site::photos_of_page(const Route& route) {
  if (route.page > 1) return direct(error_page(404, "Page not found", "There is no such page."));
  auto graph = knowledge_.graph();
  const Entity* found = graph->entity_by_slug(route.slug);
  if (!found || found->kind != EntityKind::person) {
    return direct(error_page(404, "Page not found", "We have no photos of that person."));
  }
  const Entity entity = *found;
  PhotoOfPage photos;
  try {
    photos = store_.galleries().photos_of(entity.id, route.after, config_.page_size);
  } catch (const ConstraintError&) {
    return direct(error_page(400, "Bad page address", "That is not a page of this list."));
  }
  if (!route.after.empty() && photos.photos.empty()) {
    return direct(error_page(404, "Page not found", "There are no more photos here."));
  }
  const std::string path = entity_path(entity) + "/photos";
  const std::string canonical = route.after.empty() ? path : path + "?after=" + route.after;
  json view = layout_view("Photos of " + entity.name,
                          "Photos of " + entity.name + " from " + config_.title + "'s galleries",
                          canonical, "");
  std::vector<std::string> tags = {"entity:" + std::to_string(entity.id)};
  std::vector<Id> ids;
  for (const auto& p : photos.photos) ids.push_back(p.article_id);
  std::map<Id, ArticleSummary> galleries;
  for (auto& s : store_.articles().summaries(ids)) galleries.emplace(s.id, std::move(s));
  json list = json::array();
  for (const auto& p : photos.photos) {
    auto gallery = galleries.find(p.article_id);
    auto media = store_.media().find(p.photo.media_id);
    tags.push_back("article:" + std::to_string(p.article_id));
    tags.push_back("media:" + std::to_string(p.photo.media_id));
    if (gallery == galleries.end() || !media || media->kind != MediaKind::image) continue;
    json thumb = card_photo_view(*media, CardSlot::list);
    if (thumb.is_null()) continue;
    use_gallery_words(thumb, p.photo);
    thumb["sizes"] = kGalleryGridSizes;
    thumb["lazy"] = list.size() >= kEagerGridPhotos;
    const std::string gallery_path = story_path(gallery->second);
    list.push_back({{"url", photo_path(gallery_path, static_cast<std::size_t>(p.number))},
                    {"caption", p.photo.caption},
                    {"gallery_headline", gallery->second.headline},
                    {"gallery_url", gallery_path},
                    {"photo", std::move(thumb)}});
  }
  json of = {
      {"name", entity.name},         {"topic_url", entity_path(entity)}, {"photos", list},
      {"has_photos", !list.empty()}, {"is_first", route.after.empty()},  {"first_url", path}};
  if (!photos.next.empty()) of["next_url"] = path + "?after=" + photos.next;
  view["photos_of"] = std::move(of);
  return {theme_.render_page("photos_of", view), tags, std::nullopt};
}

}  // namespace marquee::site
