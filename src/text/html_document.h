// A parsed HTML fragment (gumbo, in a <body> context) owned for its lifetime; private to text/.
// Parsing refuses markup nested deeper than browsers render, since gumbo's time grows with the
// square of the nesting depth.
#pragma once

#include <gumbo.h>

#include <memory>
#include <string>
#include <string_view>

namespace marquee::text {

class HtmlDocument {
 public:
  // Parses `html` (repaired to valid UTF-8 first). ok() is false when the markup is nested too
  // deeply to parse cheaply; root() is then null.
  explicit HtmlDocument(std::string_view html);

  bool ok() const { return output_ != nullptr; }
  // The element whose children are the fragment's top-level nodes.
  const GumboNode* root() const { return output_ ? output_->root : nullptr; }

 private:
  struct Destroy {
    void operator()(GumboOutput* output) const;
  };
  std::string source_;  // gumbo's nodes point into this buffer
  std::unique_ptr<GumboOutput, Destroy> output_;
};

// An upper estimate of the element nesting depth of `html`, from a scan of its tags that counts
// start tags not yet closed by an end tag of the same name. Elements that close themselves
// (void elements) or are closed by their next sibling (p, li, td, ...) are not counted.
std::size_t estimated_nesting_depth(std::string_view html);

// The deepest nesting parsed; beyond it the text is kept but all markup is dropped.
inline constexpr std::size_t kMaxNestingDepth = 512;

// All of `html` with anything that looks like a tag removed: the fallback for unparseable input.
std::string strip_tags(std::string_view html);

// Children of an element or template node (empty for other nodes).
const GumboVector& children_of(const GumboNode& node);

// The lower-case tag name of an element, including unknown ones ("foo" for <foo>).
std::string tag_name_of(const GumboNode& element);

}  // namespace marquee::text
