// multipart/form-data bodies (RFC 7578), as browsers send file uploads. Parts are views into the
// request body, so a large upload is never copied; they live as long as that body.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace marquee::web {

struct FormPart {
  std::string name;                     // the form field's name
  std::optional<std::string> filename;  // set for file fields (may be empty: no file chosen)
  std::string content_type;             // "text/plain" when the part does not say
  std::string_view data;                // the part's bytes, inside the request body
};

// Splits a multipart/form-data body by the boundary named in content_type. Returns nullopt when
// the type is not multipart/form-data, the boundary is missing or invalid, the body is truncated
// or malformed, a part has no form-data name, or there are more than max_parts parts.
std::optional<std::vector<FormPart>> parse_multipart(std::string_view content_type,
                                                     std::string_view body,
                                                     std::size_t max_parts = 1000);

// The first part named `name`, or null. Forms send each field once; a repeated field is the
// client's mistake, and the first one wins so that a later part cannot override it unseen.
const FormPart* find_part(const std::vector<FormPart>& parts, std::string_view name);
// The text of the first part named `name`, or empty when there is none.
std::string_view part_text(const std::vector<FormPart>& parts, std::string_view name);

}  // namespace marquee::web
