// Where a page (ArticleKind::page) may live: the rules every door (newsroom, API, import) asks
// before a page is saved, so that a page never shadows a section, one of the site's own routes
// or another page. The path's syntax is core/page_paths.h; this adds what only the site knows.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/types.h"
#include "store/store.h"

namespace marquee::newsroom {

// True when the first segment of a path belongs to the site itself (/admin, /api, /search,
// /feeds, /feed, /media, /static, the topic prefixes...), so that no page may start there.
bool is_reserved_page_segment(std::string_view segment);

// Why the page with id page_id (0: a new one) cannot have this normalised path, or nothing when
// it can: bad syntax, a reserved first segment, a section's slug as first segment, a missing
// parent page, another page or story already there, or (for a page being moved) child pages
// that would be left behind.
std::optional<std::string> page_path_refusal(Store& store, std::string_view path, Id page_id);

}  // namespace marquee::newsroom
