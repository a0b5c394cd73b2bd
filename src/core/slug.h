// URL slugs: lower-case ASCII words joined by hyphens, made from any UTF-8 title.
#pragma once

#include <string>
#include <string_view>

namespace marquee {

// "Kristen Stewart's 'Runaways' Clip!" -> "kristen-stewarts-runaways-clip". Latin letters with
// accents lose them (é -> e); other scripts are dropped. Never longer than max_length and never
// ends in a hyphen; may be empty when the title has no usable characters.
std::string slugify(std::string_view title, std::size_t max_length = 80);

// True for a non-empty string of [a-z0-9] words separated by single hyphens.
bool is_valid_slug(std::string_view slug);

}  // namespace marquee
