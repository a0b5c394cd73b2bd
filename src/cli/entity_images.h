// The photos a knowledge-graph file gives its entities, turned into media ids: one already in
// the library by its stored name, or a new one stored through the media library.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>

#include "admin/media_library.h"
#include "importers/graph_jsonl.h"
#include "store/store.h"

namespace marquee::cli {

// Stores a graph file's new photo (`image.file`, relative to the file's folder) and returns its
// id; throws std::runtime_error when it cannot.
using StoreImage = std::function<Id(const GraphImage& image)>;

// Sets image_media_id on every entity of `graph` the file gives a photo. A `media` name must be
// in the library; a `file` goes to `store_image` (none: the file is refused). Throws
// std::runtime_error naming the entity when a photo cannot be had, before anything is saved.
void attach_entity_images(GraphFile& graph, Store& store, const StoreImage& store_image);

// A StoreImage that uploads through `library` with the image's caption, credit and alt text,
// each path once.
StoreImage upload_through(admin::MediaLibrary& library, std::filesystem::path base_dir);

// The photo of an entity as a graph file names it (for export).
ImageOf image_names(Store& store);

}  // namespace marquee::cli
