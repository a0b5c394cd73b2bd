// A whole story as JSON, the form revisions are kept in. Reading is lenient (missing fields take
// their defaults) so that revisions written by older builds stay readable.
#pragma once

#include <string>
#include <string_view>

#include "core/types.h"

namespace marquee {

std::string article_to_json(const Article& article);
// Throws StoreError when the text is not JSON or a field has the wrong type.
Article article_from_json(std::string_view json);

}  // namespace marquee
