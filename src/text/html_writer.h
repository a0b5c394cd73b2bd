// Serialises a parsed fragment through the allowlist; private to text/. The sanitiser and the
// mention linker share it, so both emit exactly the same safe subset of HTML.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "text/html_document.h"

namespace marquee::text {

// Appends one text node to `out` as HTML. `text` is decoded; `linkable` is false inside a kept
// a, h2-h6, code, pre or figcaption. The writer must escape what it appends.
using TextWriter = std::function<void(std::string_view text, bool linkable, std::string& out)>;

// Elements whose content is code, embedded foreign markup (svg, math: the classic mutation-XSS
// carriers) or not prose meant for the reader: dropped together with everything inside them.
bool is_dropped_with_content(std::string_view tag_name);

// The allowlisted HTML of `document`, with text nodes written by `write_text`. A document that
// failed to parse (too deeply nested) gives its tag-stripped source as escaped text.
std::string write_allowed_html(const HtmlDocument& document, std::string_view source,
                               const TextWriter& write_text);

}  // namespace marquee::text
