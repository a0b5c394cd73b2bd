// Entities' photos in graph files: resolved before any entity is saved, so that a bad photo
// refuses the whole import, as a bad line does.
#include "cli/entity_images.h"

#include <map>
#include <memory>
#include <stdexcept>
#include <variant>

namespace marquee::cli {

void attach_entity_images(GraphFile& graph, Store& store, const StoreImage& store_image) {
  for (auto& entity : graph.entities) {
    auto found = graph.images.find(entity.slug);
    if (found == graph.images.end()) continue;
    const GraphImage& image = found->second;
    if (!image.media.empty()) {
      auto photo = store.media().find_by_file(image.media);
      if (!photo || photo->kind != MediaKind::image) {
        throw std::runtime_error("entity " + entity.slug + ": no photo named " + image.media +
                                 " in the media library");
      }
      entity.image_media_id = photo->id;
    } else if (store_image) {
      entity.image_media_id = store_image(image);
    } else {
      throw std::runtime_error("entity " + entity.slug +
                               ": photos can only be added with a media "
                               "folder");
    }
  }
}

StoreImage upload_through(admin::MediaLibrary& library, std::filesystem::path base_dir) {
  auto stored = std::make_shared<std::map<std::filesystem::path, Id>>();
  return [&library, base_dir = std::move(base_dir), stored](const GraphImage& image) -> Id {
    const auto path = (base_dir / image.file).lexically_normal();
    if (auto it = stored->find(path); it != stored->end()) return it->second;
    auto outcome = library.upload_file(path, {image.caption, image.credit, image.alt}, 0);
    if (auto* problem = std::get_if<admin::MediaProblem>(&outcome)) {
      throw std::runtime_error(path.string() + ": " + problem->message);
    }
    const Media& photo = std::get<Media>(outcome);
    if (photo.kind != MediaKind::image) {
      library.remove(photo.id);
      throw std::runtime_error(path.string() + ": an entity's image must be a photo");
    }
    return (*stored)[path] = photo.id;
  };
}

ImageOf image_names(Store& store) {
  return [&store](Id media_id) -> std::optional<GraphImage> {
    auto photo = store.media().find(media_id);
    if (!photo) return std::nullopt;
    GraphImage image;
    image.media = photo->file;
    image.caption = photo->caption;
    image.credit = photo->credit;
    image.alt = photo->alt;
    return image;
  };
}

}  // namespace marquee::cli
